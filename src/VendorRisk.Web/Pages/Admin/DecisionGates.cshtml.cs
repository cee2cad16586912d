using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using VendorRisk.Application.Gates;
using VendorRisk.Domain.Questionnaires;
using VendorRisk.Domain.Reviews;
using VendorRisk.Domain.Tenancy;
using VendorRisk.Infrastructure.Tenancy;
using VendorRisk.Web.Forms;

namespace VendorRisk.Web.Pages.Admin;

/// <summary>
/// The tenant's decision gates (tenant admins; ADR-027): which open findings block an approval, which roles may accept the risk of a
/// critical or a high finding, the longest an acceptance may run, and when the owner of a condition is reminded. The defaults are safe
/// and no setting switches the gate off.
/// </summary>
public sealed class DecisionGatesModel(DecisionGateOperations gates, TenantContext tenant) : PageModel
{
    public static readonly TenantRoles[] Acceptors = [TenantRoles.CommitteeMember, TenantRoles.TenantAdmin, TenantRoles.VendorManager, TenantRoles.Reviewer];

    [BindProperty] public InputModel Input { get; set; } = new();
    [BindProperty] public int Version { get; set; }
    public bool IsStored { get; private set; }
    public string Slug => tenant.Slug!;

    /// <summary>The form's fields; the rules live in <see cref="DecisionGateOperations.SaveAsync"/>.</summary>
    public sealed class InputModel
    {
        public FindingSeverity? BlockingSeverity { get; set; }
        public List<TenantRoles> CriticalAcceptanceRoles { get; set; } = [];
        public List<TenantRoles> HighAcceptanceRoles { get; set; } = [];
        public int? MaxAcceptanceDays { get; set; }
        public int? ConditionReminderDays { get; set; }

        public DecisionGateDetails ToDetails() => new(BlockingSeverity, Combine(CriticalAcceptanceRoles), Combine(HighAcceptanceRoles), MaxAcceptanceDays,
            ConditionReminderDays);

        private static TenantRoles Combine(IEnumerable<TenantRoles> roles) => roles.Aggregate(TenantRoles.None, (all, r) => all | r);
    }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var settings = await gates.SettingsAsync(cancellationToken);
        if (!settings.Succeeded) return this.Failure(settings) ?? NotFound();
        var d = settings.Value!.Details;
        (IsStored, Version) = (settings.Value.IsStored, settings.Value.Version);
        Input = new InputModel
        {
            BlockingSeverity = d.BlockingSeverity, CriticalAcceptanceRoles = [.. d.CriticalAcceptanceRoles.Each()], HighAcceptanceRoles = [.. d.HighAcceptanceRoles.Each()],
            MaxAcceptanceDays = d.MaxAcceptanceDays, ConditionReminderDays = d.ConditionReminderDays,
        };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        // Input the browser could not bind (not a number, an unknown role) is refused before any rule is checked.
        if (!ModelState.IsValid) return Page();
        var saved = await gates.SaveAsync(Input.ToDetails(), Version, cancellationToken);
        if (!saved.Succeeded) return this.Failure(saved) ?? Page();
        TempData["Status"] = "The decision gates were saved. They apply to every decision from now on.";
        return Redirect($"/t/{Slug}/admin/decision-gates");
    }

    public static string SeverityLabel(FindingSeverity severity) => severity == FindingSeverity.Critical
        ? "Open critical findings block an approval (recommended)"
        : "Open high and critical findings block an approval (stricter)";
}
