using VendorRisk.Domain.Common;

namespace VendorRisk.Domain.Tenancy;

/// <summary>Who in an organisation must sign in with a second factor.</summary>
public enum MfaRequirement
{
    /// <summary>Nobody is made to; anyone may turn it on.</summary>
    Optional = 0,
    /// <summary>Every internal member (vendor contacts are not staff: <see cref="TenantSecurityPolicy.MfaForVendorContacts"/> covers them).</summary>
    AllStaff = 1,
    /// <summary>Members holding any of <see cref="TenantSecurityPolicy.MfaRoles"/>.</summary>
    ChosenRoles = 2,
}

/// <summary>
/// A tenant's security policy (issue 16, V6; ADR-035): whether its staff must use two-factor sign-in (all of them or chosen roles),
/// how long a sign-in of its members lasts at most, and which e-mail domains colleagues may be invited from. Not stored until a tenant
/// admin first saves it; <see cref="Defaults"/> describes a tenant that never did.
/// </summary>
public sealed class TenantSecurityPolicy : ITenantOwned, IVersioned
{
    /// <summary>The shortest and longest session an organisation may set, in minutes (15 minutes .. 12 hours).</summary>
    public const int MinSessionMinutes = 15;
    public const int MaxSessionMinutes = 12 * 60;
    public const int MaxDomains = 20;
    public const int DomainMaxLength = 253;
    public const int DomainsMaxLength = MaxDomains * (DomainMaxLength + 1);

    private TenantSecurityPolicy() { }

    public Guid Id { get; private set; }
    public Guid TenantId { get; private set; }
    public MfaRequirement Mfa { get; private set; }
    /// <summary>
    /// The internal roles whose holders must use two-factor sign-in (meaningful for <see cref="MfaRequirement.ChosenRoles"/> only),
    /// plus <see cref="TenantRoles.VendorContact"/> when vendor contacts must, whatever <see cref="Mfa"/> says of staff (ADR-050).
    /// </summary>
    public TenantRoles MfaRoles { get; private set; }

    /// <summary>Whether this organisation's vendor contacts must sign in with a second factor (ADR-050).</summary>
    public bool MfaForVendorContacts => MfaRoles.HasFlag(TenantRoles.VendorContact);
    /// <summary>The longest a sign-in of a member lasts, whatever the activity; null: the platform's setting.</summary>
    public int? SessionLifetimeMinutes { get; private set; }
    /// <summary>Lower-case domains, one per line; empty: colleagues may be invited from any domain.</summary>
    public string AllowedInvitationDomains { get; private set; } = "";
    public DateTimeOffset? UpdatedAt { get; private set; }
    public Guid? UpdatedByUserId { get; private set; }
    public int Version { get; set; }

    /// <summary>Whether <paramref name="mfaRoles"/> names at least one staff role and nothing but staff roles and the vendor contact.</summary>
    public static bool StaffRolesChosen(TenantRoles mfaRoles) =>
        (mfaRoles & TenantRolesExtensions.Internal) != TenantRoles.None && (mfaRoles & ~(TenantRolesExtensions.Internal | TenantRoles.VendorContact)) == 0;

    public static TenantSecurityPolicy Defaults() => new() { Id = Ids.New() };

    public IReadOnlyList<string> Domains => AllowedInvitationDomains.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Whether a member holding <paramref name="roles"/> here must sign in with a second factor.</summary>
    public bool RequiresMfaFor(TenantRoles roles) => RequiresMfa(Mfa, MfaRoles, roles);

    /// <summary>The rule of <see cref="RequiresMfaFor"/> on stored values, for a query that reads them without the entity.</summary>
    public static bool RequiresMfa(MfaRequirement mfa, TenantRoles mfaRoles, TenantRoles roles) => mfa switch
    {
        MfaRequirement.AllStaff => roles.HasAny(TenantRolesExtensions.Internal),
        MfaRequirement.ChosenRoles => roles.HasAny(mfaRoles & TenantRolesExtensions.Internal),
        _ => false,
    } || (roles.HasAny(TenantRoles.VendorContact) && mfaRoles.HasAny(TenantRoles.VendorContact));

    /// <summary>Whether a colleague at <paramref name="email"/> may be invited (any address when no domain is listed).</summary>
    public bool AllowsInvitationTo(string email)
    {
        var domains = Domains;
        if (domains.Count == 0) return true;
        var at = email.LastIndexOf('@');
        var domain = at < 0 ? "" : email[(at + 1)..].Trim().ToLowerInvariant();
        return domains.Contains(domain, StringComparer.Ordinal);
    }

    /// <summary>
    /// Domains as an admin types them (commas, spaces or lines; a leading @ allowed), lower-cased and without repeats; the
    /// first problem as a message, or null.
    /// </summary>
    public static (IReadOnlyList<string> Domains, string? Problem) ParseDomains(string? text)
    {
        var parts = (text ?? "").Split([',', ';', ' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries)
            .Select(d => d.TrimStart('@').ToLowerInvariant()).Where(d => d.Length > 0).Distinct().ToList();
        if (parts.Count > MaxDomains) return (parts, $"List at most {MaxDomains} domains.");
        foreach (var d in parts)
        {
            if (!IsDomain(d)) return (parts, $"\"{Shorten(d)}\" is not a domain. Write domains such as example.com, separated by commas or lines.");
        }
        return (parts, null);
    }

    private static string Shorten(string s) => s.Length <= 40 ? s : s[..40] + "…";

    private static bool IsDomain(string d) =>
        d.Length <= DomainMaxLength && d.Contains('.', StringComparison.Ordinal)
        && d.Split('.').All(label => label.Length is >= 1 and <= 63 && label[0] != '-' && label[^1] != '-'
            && label.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'));

    /// <summary>The first invalid value as (field, message), or null.</summary>
    public static (string Field, string Message)? Validate(MfaRequirement mfa, TenantRoles mfaRoles, int? sessionMinutes, IReadOnlyList<string> domains)
    {
        if (!Enum.IsDefined(mfa)) return (nameof(Mfa), "Choose who must use two-factor sign-in.");
        if (mfa == MfaRequirement.ChosenRoles && !StaffRolesChosen(mfaRoles))
            return (nameof(MfaRoles), "Choose at least one role whose members must use two-factor sign-in.");
        if ((mfaRoles & ~(TenantRolesExtensions.Internal | TenantRoles.VendorContact)) != 0)
            return (nameof(MfaRoles), "Choose roles of this organisation.");
        if (sessionMinutes is { } m && (m < MinSessionMinutes || m > MaxSessionMinutes))
            return (nameof(SessionLifetimeMinutes), $"A sign-in may last from {MinSessionMinutes} minutes to {MaxSessionMinutes / 60} hours.");
        if (domains.Count > MaxDomains) return (nameof(AllowedInvitationDomains), $"List at most {MaxDomains} domains.");
        if (domains.Any(d => !IsDomain(d))) return (nameof(AllowedInvitationDomains), "Write domains such as example.com.");
        return null;
    }

    public void Update(MfaRequirement mfa, TenantRoles mfaRoles, int? sessionMinutes, IReadOnlyList<string> domains, Guid? by, DateTimeOffset now)
    {
        if (Validate(mfa, mfaRoles, sessionMinutes, domains) is { } problem) throw new DomainException(problem.Message);
        Mfa = mfa;
        MfaRoles = (mfa == MfaRequirement.ChosenRoles ? mfaRoles & TenantRolesExtensions.Internal : TenantRoles.None)
            | (mfaRoles & TenantRoles.VendorContact);
        SessionLifetimeMinutes = sessionMinutes;
        AllowedInvitationDomains = string.Join('\n', domains);
        UpdatedAt = now;
        UpdatedByUserId = by;
    }
}
