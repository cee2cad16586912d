using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using VendorRisk.Application.Assessments;
using VendorRisk.Infrastructure.Tenancy;
using VendorRisk.Web.Authorization;
using VendorRisk.Web.Forms;

namespace VendorRisk.Web.Pages.Assessments;

/// <summary>
/// Issues a questionnaire to a vendor (<see cref="AssessmentOperations.SendAsync"/>): one published template version, a title,
/// a due date and the vendor contacts who answer.
/// </summary>
[Authorize(Policy = Policies.ManageVendors)]
public sealed class NewModel(AssessmentOperations operations, AssessmentQueries queries, TenantContext tenant) : PageModel
{
    [BindProperty(SupportsGet = true)] public Guid VendorId { get; set; }
    [BindProperty] public InputModel Input { get; set; } = new();

    public string VendorName { get; private set; } = "";
    public IReadOnlyList<TemplateOption> Templates { get; private set; } = [];
    public IReadOnlyList<ContactOption> KnownContacts { get; private set; } = [];
    public string Slug => tenant.Slug!;
    public DateOnly Today { get; private set; }

    public sealed class InputModel
    {
        public Guid? TemplateId { get; set; }
        public string? Title { get; set; }
        public DateOnly? DueOn { get; set; }
        /// <summary>Addresses ticked from the vendor's known contacts.</summary>
        public List<string> Contacts { get; set; } = [];
        /// <summary>More addresses, separated by commas, semicolons or new lines.</summary>
        public string? OtherEmails { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (await LoadAsync(cancellationToken) is { } failure) return failure;
        Input.DueOn = Today.AddDays(30);
        Input.TemplateId = Templates.Count == 1 ? Templates[0].Id : null;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (await LoadAsync(cancellationToken) is { } failure) return failure;
        var sent = await operations.SendAsync(VendorId,
            new SendAssessment(Input.TemplateId, Input.Title, Input.DueOn, Input.Contacts, Input.OtherEmails), cancellationToken);
        if (!sent.Succeeded) return this.Failure(sent) ?? Page();
        var result = sent.Value!;
        TempData["Status"] = $"\"{result.Title}\" was sent to {string.Join(", ", result.Contacts)}."
            + (result.CarriedOverAnswers > 0 ? $" {result.CarriedOverAnswers} answers were carried over from the previous assessment." : "");
        return Redirect($"/t/{Slug}/assessments/details/{result.Id}");
    }

    private async Task<IActionResult?> LoadAsync(CancellationToken cancellationToken)
    {
        var form = await queries.SendFormAsync(VendorId, cancellationToken);
        if (!form.Succeeded) return this.Failure(form) ?? NotFound();
        (VendorName, Templates, KnownContacts, Today) = (form.Value!.VendorName, form.Value.Templates, form.Value.KnownContacts, form.Value.Today);
        return null;
    }
}
