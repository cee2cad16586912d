using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using VendorRisk.Application.Common;
using VendorRisk.Application.Reassessments;
using VendorRisk.Infrastructure.Tenancy;
using VendorRisk.Web.Forms;

namespace VendorRisk.Web.Pages.Reassessments;

/// <summary>
/// One review proposal. Accepting issues the reassessment (the questionnaire of the vendor's last assessment in its current
/// published version, to that assessment's contacts who still have portal access, answers carried over) and links it; dismissing
/// needs a reason. Tenant admins, vendor managers and the vendor's business owner may decide; anyone internal may read.
/// </summary>
public sealed class ProposalModel(ReassessmentOperations operations, ReassessmentQueries reassessments, TenantContext tenant, TimeProvider clock) : PageModel
{
    public ProposalViewDto Proposal { get; private set; } = null!;
    [BindProperty] public AcceptInput Accept { get; set; } = new();
    [BindProperty] public DismissInput Dismiss { get; set; } = new();
    [BindProperty] public int Version { get; set; }
    public string Slug => tenant.Slug!;
    public DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
    public bool CanDecide { get; private set; }

    public sealed class AcceptInput
    {
        [Display(Name = "Answer due on")]
        public DateOnly? DueOn { get; set; }
    }

    public sealed class DismissInput
    {
        public string? Reason { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken) is { } failed) return failed;
        Accept.DueOn = Today.AddDays(30);
        Version = Proposal.Version;
        return Page();
    }

    public async Task<IActionResult> OnPostAcceptAsync(Guid id, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken) is { } failed) return failed;
        if (!CanDecide) return Forbid();
        if (OnlyBindingErrorsOf(nameof(Accept))) return Page();
        var issued = await operations.AcceptAsync(id, Accept.DueOn, Version, cancellationToken);
        if (!issued.Succeeded) return this.Failure(issued, nameof(Accept)) ?? Page();
        var i = issued.Value!;
        TempData["Status"] = $"\"{i.Title}\" was issued to the vendor." + (i.CarriedOver > 0 ? $" {i.CarriedOver} answers were carried over." : "");
        return Redirect($"/t/{Slug}/assessments/details/{i.AssessmentId}");
    }

    public async Task<IActionResult> OnPostDismissAsync(Guid id, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken) is { } failed) return failed;
        if (!CanDecide) return Forbid();
        if (OnlyBindingErrorsOf(nameof(Dismiss))) return Page();
        var dismissed = await operations.DismissAsync(id, Dismiss.Reason, Version, cancellationToken);
        if (!dismissed.Succeeded) return this.Failure(dismissed, nameof(Dismiss)) ?? Page();
        TempData["Status"] = "The proposal was dismissed.";
        return Redirect($"/t/{Slug}/reassessments/proposal/{id}");
    }

    /// <summary>
    /// The page has two forms: only the posted one counts. Keeps the binding errors of its fields (a date that is not a date) and
    /// drops everything else; true when there are such errors.
    /// </summary>
    private bool OnlyBindingErrorsOf(string prefix)
    {
        foreach (var key in ModelState.Keys.Where(k => !k.StartsWith(prefix + ".", StringComparison.Ordinal)).ToList()) ModelState.Remove(key);
        return !ModelState.IsValid;
    }

    /// <summary>Null when loaded; otherwise the result to answer.</summary>
    private async Task<IActionResult?> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        var details = await reassessments.ProposalAsync(id, cancellationToken);
        if (!details.Succeeded) return this.Failure(details) ?? NotFound();
        (Proposal, CanDecide) = (details.Value!.Proposal, details.Value.CanDecide);
        return null;
    }
}
