using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using VendorRisk.Application.Security;
using VendorRisk.Domain.Tenancy;
using VendorRisk.Infrastructure.Tenancy;
using VendorRisk.Web.Forms;
using VendorRisk.Web.Security;

namespace VendorRisk.Web.Pages.Admin;

/// <summary>
/// The organisation's security policy (tenant admins; issue 16, V6; ADR-035, ADR-050): who must use two-factor sign-in (staff, and vendor
/// contacts on their own box), the longest a sign-in
/// lasts, the domains colleagues may be invited from. Changing it needs a recent re-authentication.
/// </summary>
[RequiresRecentSignIn]
public sealed class SecurityModel(SecurityPolicyOperations policies, TenantContext tenant) : PageModel
{
    public static readonly TenantRoles[] StaffRoles = [TenantRoles.TenantAdmin, TenantRoles.VendorManager, TenantRoles.Reviewer, TenantRoles.CommitteeMember, TenantRoles.Auditor];

    [BindProperty] public InputModel Input { get; set; } = new();
    [BindProperty] public int Version { get; set; }
    public bool IsStored { get; private set; }
    public string Slug => tenant.Slug!;

    /// <summary>The form's fields; the rules live in <see cref="SecurityPolicyOperations.SaveAsync"/>.</summary>
    public sealed class InputModel
    {
        public MfaRequirement? Mfa { get; set; }
        public List<TenantRoles> MfaRoles { get; set; } = [];
        public int? SessionLifetimeMinutes { get; set; }
        public string? AllowedInvitationDomains { get; set; }
        public bool VendorContactsMfa { get; set; }

        public SecurityPolicyDetails ToDetails() =>
            new(Mfa, MfaRoles.Aggregate(TenantRoles.None, (all, r) => all | r), SessionLifetimeMinutes, AllowedInvitationDomains, VendorContactsMfa);
    }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var settings = await policies.SettingsAsync(cancellationToken);
        if (!settings.Succeeded) return this.Failure(settings) ?? NotFound();
        var p = settings.Value!;
        (IsStored, Version) = (p.IsStored, p.Version);
        Input = new InputModel
        {
            Mfa = p.Mfa, MfaRoles = [.. p.MfaRoles.Each()], SessionLifetimeMinutes = p.SessionLifetimeMinutes,
            AllowedInvitationDomains = string.Join(Environment.NewLine, p.AllowedInvitationDomains), VendorContactsMfa = p.VendorContactsMfa,
        };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid) return Page();
        var saved = await policies.SaveAsync(Input.ToDetails(), Version, cancellationToken);
        if (!saved.Succeeded) return this.Failure(saved) ?? Page();
        TempData["Status"] = "The security policy was saved. Two-factor sign-in and the session lifetime apply from each member's next sign-in; the domains apply to the next invitation.";
        return Redirect($"/t/{Slug}/admin/security");
    }

    public static string MfaLabel(MfaRequirement mfa) => mfa switch
    {
        MfaRequirement.AllStaff => "Everyone on the staff",
        MfaRequirement.ChosenRoles => "Staff members holding one of the roles chosen below",
        _ => "No one on the staff is required to (anyone may turn it on)",
    };
}
