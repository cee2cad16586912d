using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using VendorRisk.Application.Reassessments;
using VendorRisk.Domain.Reassessments;
using VendorRisk.Infrastructure.Tenancy;
using VendorRisk.Web.Authorization;
using VendorRisk.Web.Forms;

namespace VendorRisk.Web.Pages.Reassessments;

/// <summary>
/// The tenant's reassessment policy (tenant admins): interval per tier, lead time, issue or propose, and the default incident
/// notification window. A change applies to decisions taken from now on; existing due dates stay as they were set.
/// </summary>
[Authorize(Policy = Policies.TenantAdmin)]
public sealed class PolicyModel(ReassessmentOperations operations, ReassessmentQueries reassessments, TenantContext tenant) : PageModel
{
    [BindProperty] public InputModel Input { get; set; } = new();
    [BindProperty] public int Version { get; set; }
    public bool IsStored { get; private set; }
    public string Slug => tenant.Slug!;

    /// <summary>The form's fields; the rules live in <see cref="ReassessmentOperations.SavePolicyAsync"/>.</summary>
    public sealed class InputModel
    {
        [Display(Name = "Critical tier (months)")] public int? CriticalMonths { get; set; }
        [Display(Name = "High tier (months)")] public int? HighMonths { get; set; }
        [Display(Name = "Medium tier (months)")] public int? MediumMonths { get; set; }
        [Display(Name = "Low tier (months)")] public int? LowMonths { get; set; }
        [Display(Name = "Lead time (days)")] public int? LeadTimeDays { get; set; }
        public ReassessmentMode? Mode { get; set; }
        [Display(Name = "Incident notification window (hours)")] public int? IncidentNotificationHours { get; set; }

        public ReassessmentPolicyDetails ToDetails() =>
            new(CriticalMonths, HighMonths, MediumMonths, LowMonths, LeadTimeDays, Mode, IncidentNotificationHours);
    }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var policy = await reassessments.PolicyAsync(cancellationToken);
        if (!policy.Succeeded) return this.Failure(policy) ?? NotFound();
        var d = policy.Value!.Details;
        (IsStored, Version) = (policy.Value.IsStored, policy.Value.Version);
        Input = new InputModel
        {
            CriticalMonths = d.CriticalMonths, HighMonths = d.HighMonths, MediumMonths = d.MediumMonths, LowMonths = d.LowMonths,
            LeadTimeDays = d.LeadTimeDays, Mode = d.Mode, IncidentNotificationHours = d.IncidentNotificationHours,
        };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        // Input the browser could not bind (not a number) is refused before any rule is checked.
        if (!ModelState.IsValid) return Page();
        var saved = await operations.SavePolicyAsync(Input.ToDetails(), Version, cancellationToken);
        if (!saved.Succeeded) return this.Failure(saved) ?? Page();
        TempData["Status"] = "The reassessment policy was saved. It applies to decisions taken from now on.";
        return Redirect($"/t/{Slug}/reassessments/policy");
    }
}
