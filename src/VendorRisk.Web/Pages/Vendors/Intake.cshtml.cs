using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using VendorRisk.Application.Vendors;
using VendorRisk.Infrastructure.Tenancy;
using VendorRisk.Web.Authorization;
using VendorRisk.Web.Forms;
using VendorRisk.Web.Pages.Shared;

namespace VendorRisk.Web.Pages.Vendors;

/// <summary>
/// The inherent-risk intake for one vendor: the shipped <c>ai-inherent-risk-intake</c> questionnaire as a plain server-side form.
/// <see cref="VendorOperations.RecordIntakeAsync"/> scores a complete, valid submission and records it in one save; anything invalid
/// is shown per question and nothing is saved.
/// </summary>
[Authorize(Policy = Policies.ManageVendors)]
public sealed class IntakeModel(VendorQueries vendors, VendorOperations operations, TenantContext tenant) : PageModel
{
    public const string TemplateKey = VendorOperations.IntakeTemplateKey;

    public string VendorName { get; private set; } = "";
    public Guid VendorId { get; private set; }
    public QuestionnaireFormModel Form { get; private set; } = null!;
    public string Slug => tenant.Slug!;

    public async Task<IActionResult> OnGetAsync(Guid vendorId, CancellationToken cancellationToken)
    {
        var vendor = await vendors.FindAsync(vendorId, cancellationToken);
        if (!vendor.Succeeded) return this.Failure(vendor) ?? NotFound();
        (VendorId, VendorName) = (vendor.Value!.Id, vendor.Value.LegalName);
        if (operations.IntakeDefinition() is not { } definition) return NotFound();
        Form = new QuestionnaireFormModel(definition, null, new Dictionary<string, IReadOnlyList<string>>(), new Dictionary<string, string>());
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid vendorId, CancellationToken cancellationToken)
    {
        var vendor = await vendors.FindAsync(vendorId, cancellationToken);
        if (!vendor.Succeeded) return this.Failure(vendor) ?? NotFound();
        (VendorId, VendorName) = (vendor.Value!.Id, vendor.Value.LegalName);
        if (operations.IntakeDefinition() is not { } definition) return NotFound();
        var recorded = await operations.RecordIntakeAsync(vendorId, QuestionnaireFormModel.RawValues(definition, Request.Form), cancellationToken);
        if (!recorded.Succeeded) return this.Failure(recorded) ?? NotFound();
        var submission = recorded.Value!;
        if (submission.Tier is not { } tier)
        {
            Form = new QuestionnaireFormModel(submission.Definition, submission.Evaluation, submission.Values, submission.Errors);
            var count = submission.Errors.Count;
            ModelState.AddModelError(string.Empty, $"Please correct the {count} answer{(count == 1 ? "" : "s")} marked below.");
            return Page();
        }
        TempData["Status"] = $"Intake complete: inherent risk {tier.RiskScore:0.##}/100, tier {tier.Tier}."
            + (tier.AppliedFloorReasons.IsEmpty ? "" : " At least this tier because: " + string.Join(" ", tier.AppliedFloorReasons));
        return Redirect($"/t/{Slug}/vendors/details/{vendorId}");
    }
}
