using Microsoft.EntityFrameworkCore;
using VendorRisk.Application.Common;
using VendorRisk.Domain.Common;
using VendorRisk.Domain.Tenancy;
using VendorRisk.Infrastructure.Audit;
using VendorRisk.Infrastructure.Persistence;

namespace VendorRisk.Application.Security;

/// <summary>
/// The security policy as a tenant admin gives it; <see cref="AllowedInvitationDomains"/> as typed (commas or lines); <see cref="MfaRoles"/>
/// the staff roles chosen; <see cref="VendorContactsMfa"/> whether vendor contacts must use two-factor sign-in too (ADR-050).
/// </summary>
public sealed record SecurityPolicyDetails(MfaRequirement? Mfa, TenantRoles MfaRoles, int? SessionLifetimeMinutes, string? AllowedInvitationDomains,
    bool VendorContactsMfa = false);

/// <summary>
/// The policy as the settings page shows it (<c>MfaRoles</c>: staff roles only); <c>IsStored</c> false while the organisation runs on the
/// defaults.
/// </summary>
public sealed record SecurityPolicySettings(MfaRequirement Mfa, TenantRoles MfaRoles, int? SessionLifetimeMinutes, IReadOnlyList<string> AllowedInvitationDomains,
    int Version, bool IsStored, bool VendorContactsMfa = false);

/// <summary>
/// The organisation's security policy (issue 16, V6; ADR-035), one operation to change it: who must use two-factor sign-in (enforced
/// at their next sign-in), the longest a sign-in lasts, and which e-mail domains colleagues may be invited from. Tenant admins only;
/// the page asks for a recent re-authentication before the change. Every change is audited with the before and after.
/// </summary>
public sealed class SecurityPolicyOperations(AppDbContext db, Access access, AuditLog audit, TimeProvider clock)
{
    public static readonly RolePermission Manage = new("security-policy.manage", TenantRoles.TenantAdmin);

    public const string ConflictMessage =
        "Someone else changed the security policy while you were editing. The page now shows the current policy; apply your changes again.";

    public async Task<Outcome<SecurityPolicySettings>> SettingsAsync(CancellationToken cancellationToken)
    {
        if (await access.DemandAsync(Manage) is { } forbidden) return forbidden;
        var stored = await db.TenantSecurityPolicies.AsNoTracking().FirstOrDefaultAsync(cancellationToken);
        var p = stored ?? TenantSecurityPolicy.Defaults();
        return new SecurityPolicySettings(p.Mfa, p.MfaRoles & TenantRolesExtensions.Internal, p.SessionLifetimeMinutes, p.Domains, stored?.Version ?? 0,
            stored is not null, p.MfaForVendorContacts);
    }

    public async Task<Outcome> SaveAsync(SecurityPolicyDetails d, int expectedVersion, CancellationToken cancellationToken)
    {
        if (await access.DemandAsync(Manage) is { } forbidden) return forbidden;
        var errors = new List<FieldError>();
        if (d.Mfa is not { } mfa || !Enum.IsDefined(mfa)) errors.Add(new(nameof(d.Mfa), "Choose who must use two-factor sign-in."));
        else if (mfa == MfaRequirement.ChosenRoles && (d.MfaRoles == TenantRoles.None || (d.MfaRoles & ~TenantRolesExtensions.Internal) != 0))
            errors.Add(new(nameof(d.MfaRoles), "Choose at least one role whose members must use two-factor sign-in."));
        else if ((d.MfaRoles & ~TenantRolesExtensions.Internal) != 0)
            errors.Add(new(nameof(d.MfaRoles), "Choose staff roles here; vendor contacts have their own box."));
        if (d.SessionLifetimeMinutes is { } minutes && (minutes < TenantSecurityPolicy.MinSessionMinutes || minutes > TenantSecurityPolicy.MaxSessionMinutes))
            errors.Add(new(nameof(d.SessionLifetimeMinutes),
                $"Enter a whole number of minutes from {TenantSecurityPolicy.MinSessionMinutes} to {TenantSecurityPolicy.MaxSessionMinutes} ({TenantSecurityPolicy.MaxSessionMinutes / 60} hours), or leave it empty for the platform's limit."));
        if ((d.AllowedInvitationDomains?.Length ?? 0) > TenantSecurityPolicy.DomainsMaxLength)
            errors.Add(new(nameof(d.AllowedInvitationDomains), $"List at most {TenantSecurityPolicy.MaxDomains} domains."));
        var (domains, domainProblem) = TenantSecurityPolicy.ParseDomains(d.AllowedInvitationDomains?.Length > TenantSecurityPolicy.DomainsMaxLength ? "" : d.AllowedInvitationDomains);
        if (domainProblem is not null) errors.Add(new(nameof(d.AllowedInvitationDomains), domainProblem));
        if (errors.Count > 0) return Fail.Invalid(errors);

        var policy = await db.TenantSecurityPolicies.FirstOrDefaultAsync(cancellationToken);
        var before = policy is null ? null : Describe(policy);
        if (policy is null)
        {
            policy = TenantSecurityPolicy.Defaults();
            db.TenantSecurityPolicies.Add(policy);
            if (expectedVersion != 0) return Fail.Conflict(ConflictMessage);
        }
        else
        {
            db.Entry(policy).Property(p => p.Version).OriginalValue = expectedVersion;
        }
        try
        {
            var roles = d.MfaRoles | (d.VendorContactsMfa ? TenantRoles.VendorContact : TenantRoles.None);
            policy.Update(d.Mfa!.Value, roles, d.SessionLifetimeMinutes, domains, access.Tenant.UserId, clock.GetUtcNow());
        }
        catch (DomainException e)
        {
            return Fail.Invalid("", e.Message);
        }
        audit.Record(AuditActions.SecurityPolicyChanged, nameof(TenantSecurityPolicy), policy.Id, new { before, after = Describe(policy) });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            return Fail.Conflict(ConflictMessage);
        }
        return Outcome.Ok();
    }

    private static object Describe(TenantSecurityPolicy p) => new
    {
        mfa = p.Mfa.ToString(), mfaRoles = (p.MfaRoles & TenantRolesExtensions.Internal).ToString(), vendorContacts = p.MfaForVendorContacts,
        sessionLifetimeMinutes = p.SessionLifetimeMinutes, allowedInvitationDomains = p.Domains,
    };
}
