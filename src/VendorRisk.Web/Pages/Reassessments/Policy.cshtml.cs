using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using VendorRisk.Domain.Reassessments;
using VendorRisk.Infrastructure.Audit;
using VendorRisk.Infrastructure.Persistence;
using VendorRisk.Application.Reassessments;
using VendorRisk.Infrastructure.Tenancy;
using VendorRisk.Web.Authorization;

namespace VendorRisk.Web.Pages.Reassessments;

/// <summary>
/// The tenant's reassessment policy (tenant admins): interval per tier, lead time, issue or propose, and the default incident
/// notification window. A change applies to decisions taken from now on; existing due dates stay as they were set.
/// </summary>
[Authorize(Policy = Policies.TenantAdmin)]
public sealed class PolicyModel(AppDbContext db, TenantContext tenant, AuditLog audit, TimeProvider clock) : PageModel
{
    [BindProperty] public InputModel Input { get; set; } = new();
    [BindProperty] public int Version { get; set; }
    public bool IsStored { get; private set; }
    public string Slug => tenant.Slug!;

    public sealed class InputModel
    {
        private const string Months = "Enter a whole number of months between 1 and 120.";

        [Required(ErrorMessage = Months), Range(1, ReassessmentPolicy.MaxIntervalMonths, ErrorMessage = Months)]
        [Display(Name = "Critical tier (months)")]
        public int? CriticalMonths { get; set; }

        [Required(ErrorMessage = Months), Range(1, ReassessmentPolicy.MaxIntervalMonths, ErrorMessage = Months)]
        [Display(Name = "High tier (months)")]
        public int? HighMonths { get; set; }

        [Required(ErrorMessage = Months), Range(1, ReassessmentPolicy.MaxIntervalMonths, ErrorMessage = Months)]
        [Display(Name = "Medium tier (months)")]
        public int? MediumMonths { get; set; }

        [Required(ErrorMessage = Months), Range(1, ReassessmentPolicy.MaxIntervalMonths, ErrorMessage = Months)]
        [Display(Name = "Low tier (months)")]
        public int? LowMonths { get; set; }

        [Required(ErrorMessage = "Enter the lead time in days (0 to 365).")]
        [Range(0, ReassessmentPolicy.MaxLeadTimeDays, ErrorMessage = "Enter the lead time in days (0 to 365).")]
        [Display(Name = "Lead time (days)")]
        public int? LeadTimeDays { get; set; }

        [Required(ErrorMessage = "Choose what happens when a reassessment comes due.")]
        public ReassessmentMode? Mode { get; set; }

        [Required(ErrorMessage = "Enter the notification window in hours (1 to 2160).")]
        [Range(1, ReassessmentPolicy.MaxNotificationHours, ErrorMessage = "Enter the notification window in hours (1 to 2160).")]
        [Display(Name = "Incident notification window (hours)")]
        public int? IncidentNotificationHours { get; set; }
    }

    public async Task OnGetAsync()
    {
        var stored = await db.ReassessmentPolicies.AsNoTracking().FirstOrDefaultAsync();
        IsStored = stored is not null;
        var policy = stored ?? ReassessmentPolicy.Defaults();
        Version = policy.Version;
        Input = new InputModel
        {
            CriticalMonths = policy.CriticalMonths, HighMonths = policy.HighMonths, MediumMonths = policy.MediumMonths, LowMonths = policy.LowMonths,
            LeadTimeDays = policy.LeadTimeDays, Mode = policy.Mode, IncidentNotificationHours = policy.IncidentNotificationHours,
        };
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (Input.Mode is { } mode && !Enum.IsDefined(mode)) ModelState.AddModelError("Input.Mode", "Choose what happens when a reassessment comes due.");
        if (!ModelState.IsValid) return Page();

        var policy = await db.ReassessmentPolicies.FirstOrDefaultAsync();
        if (policy is null)
        {
            policy = ReassessmentPolicy.Defaults();
            db.ReassessmentPolicies.Add(policy);
        }
        else
        {
            db.Entry(policy).Property(p => p.Version).OriginalValue = Version;
        }
        policy.Update(Input.CriticalMonths!.Value, Input.HighMonths!.Value, Input.MediumMonths!.Value, Input.LowMonths!.Value,
            Input.LeadTimeDays!.Value, Input.Mode!.Value, Input.IncidentNotificationHours!.Value, tenant.UserId, clock.GetUtcNow());
        audit.Record("reassessment.policy-changed", nameof(ReassessmentPolicy), policy.Id, new
        {
            policy.CriticalMonths, policy.HighMonths, policy.MediumMonths, policy.LowMonths, policy.LeadTimeDays, mode = policy.Mode.ToString(),
            policy.IncidentNotificationHours,
        });
        try
        {
            await db.SaveChangesAsync();
        }
        catch (DbUpdateException)
        {
            // A concurrent edit (stale version) or a concurrent first save (unique tenant index).
            ModelState.AddModelError(string.Empty, "Someone else changed the policy while you were editing. Reload the page and apply your changes again.");
            return Page();
        }
        TempData["Status"] = "The reassessment policy was saved. It applies to decisions taken from now on.";
        return Redirect($"/t/{Slug}/reassessments/policy");
    }
}
