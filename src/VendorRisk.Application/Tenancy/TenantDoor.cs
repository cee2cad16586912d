using Microsoft.EntityFrameworkCore;
using VendorRisk.Domain.Contracts;
using VendorRisk.Domain.Tenancy;
using VendorRisk.Infrastructure.Persistence;
using VendorRisk.Infrastructure.Tenancy;

namespace VendorRisk.Application.Tenancy;

/// <summary>The signed-in user's own active membership of a tenant, for the tenant switcher and the vendor portal's home.</summary>
public sealed record MembershipLink(Guid TenantId, string Slug, string TenantName, TenantRoles Roles, Guid? VendorId);

/// <summary>The owner of a calendar feed secret and the name of its tenant.</summary>
public sealed record CalendarFeedEntry(Guid UserId, string TenantName);

/// <summary>A personal access token that let its request in, with its user's membership.</summary>
public sealed record ApiTokenEntry(Guid TokenId, string Scope, Guid UserId, string? UserName, DateTimeOffset? LastUsedAt);

/// <summary>
/// What the security policies of a person's organisations ask of their sign-in (ADR-035): the organisations that require them to
/// use two-factor sign-in, and the shortest session lifetime any of them sets (null: none sets one).
/// </summary>
public sealed record SignInRequirements(IReadOnlyList<string> MfaRequiredBy, int? SessionLifetimeMinutes)
{
    public bool MfaRequired => MfaRequiredBy.Count > 0;
}

/// <summary>
/// The one door into a tenant. A scope acts for no tenant (and reads no tenant-owned row) until it passes here: a member through
/// the tenant of the route (staff pages, the vendor portal), a personal access token (the REST API), or a system flow that acts
/// for a tenant before any member is signed in (accepting an invitation, creating an organisation, a calendar feed's secret link).
/// Jobs enter through <see cref="TenantJobs"/>. These are the only places that look across tenants, each by the caller's own key
/// (user id, token hash, secret), so no id of another tenant can be guessed through them.
/// </summary>
public sealed class TenantDoor(AppDbContext db, TenantContext tenant)
{
    public TenantContext Tenant => tenant;

    /// <summary>
    /// Enters the tenant of <paramref name="slug"/> as <paramref name="userId"/>'s active membership. False (answer 404) when the
    /// tenant does not exist or the user is not an active member: the two are indistinguishable, so the URL is no oracle.
    /// </summary>
    public async Task<bool> EnterAsMemberAsync(string slug, Guid userId, CancellationToken cancellationToken)
    {
        var membership = await db.Memberships.IgnoreQueryFilters()
            .Where(m => m.UserId == userId && !m.IsDisabled)
            .Join(db.Tenants.Where(t => t.Slug == slug), m => m.TenantId, t => t.Id,
                (m, t) => new { t.Id, t.Slug, t.Name, MembershipId = m.Id, m.Roles, m.VendorId })
            .SingleOrDefaultAsync(cancellationToken);
        if (membership is null) return false;
        tenant.EnterAsMember(membership.Id, membership.Slug, membership.Name, userId, membership.MembershipId, membership.Roles, membership.VendorId);
        return true;
    }

    /// <summary>
    /// Enters the tenant of the token whose hash is <paramref name="tokenHash"/>, as its user's membership; null when the token is
    /// unknown, revoked or expired, or its user's membership is disabled. Records the last use at most once a minute.
    /// </summary>
    public async Task<ApiTokenEntry?> EnterWithApiTokenAsync(string tokenHash, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var found = await db.PersonalAccessTokens.IgnoreQueryFilters().AsNoTracking()
            .Where(t => t.TokenHash == tokenHash)
            .Join(db.Memberships.IgnoreQueryFilters(), t => new { t.TenantId, t.UserId }, m => new { m.TenantId, m.UserId },
                (t, m) => new { Token = t, Membership = m })
            .Join(db.Tenants, x => x.Token.TenantId, t => t.Id, (x, t) => new { x.Token, x.Membership, Tenant = t })
            .Join(db.Users, x => x.Token.UserId, u => u.Id, (x, u) => new
            {
                TokenId = x.Token.Id, x.Token.Scope, x.Token.ExpiresAt, x.Token.RevokedAt, x.Token.LastUsedAt,
                TenantId = x.Tenant.Id, x.Tenant.Slug, TenantName = x.Tenant.Name,
                MembershipId = x.Membership.Id, x.Membership.Roles, x.Membership.VendorId, x.Membership.IsDisabled,
                UserId = u.Id, u.UserName,
            })
            .SingleOrDefaultAsync(cancellationToken);
        // A token without expiry (minted before expiry was required, ADR-037) is refused like an expired one.
        if (found is null || found.RevokedAt is not null || found.ExpiresAt is not { } expiresAt || expiresAt <= now || found.IsDisabled) return null;

        if (found.LastUsedAt is null || now - found.LastUsedAt >= LastUsedResolution)
        {
            await db.PersonalAccessTokens.IgnoreQueryFilters().Where(t => t.Id == found.TokenId)
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.LastUsedAt, now), cancellationToken);
        }
        tenant.EnterAsMember(found.TenantId, found.Slug, found.TenantName, found.UserId, found.MembershipId, found.Roles, found.VendorId);
        return new ApiTokenEntry(found.TokenId, found.Scope.ToString(), found.UserId, found.UserName, found.LastUsedAt);
    }

    /// <summary>
    /// The organisation of the API token whose hash is <paramref name="tokenHash"/>, whatever its state: where a rate-limit refusal
    /// of that token is recorded (ADR-049). Enters nothing.
    /// </summary>
    public Task<Guid?> TenantOfApiTokenAsync(string tokenHash, CancellationToken cancellationToken) =>
        db.PersonalAccessTokens.IgnoreQueryFilters().Where(t => t.TokenHash == tokenHash).Select(t => (Guid?)t.TenantId).SingleOrDefaultAsync(cancellationToken);

    /// <summary>Last-used times are written at most this often per token, not on every request.</summary>
    private static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    /// <summary>
    /// For a system flow that has already proven its right to act for <paramref name="tenantId"/> by a secret of its own (an
    /// invitation token, a calendar feed secret) or that just created the tenant: no person, no roles.
    /// </summary>
    public void EnterAsSystem(Guid tenantId) => tenant.EnterAsSystem(tenantId);

    /// <summary>
    /// Enters the tenant of <paramref name="slug"/> for the calendar feed whose secret hashes to <paramref name="tokenHash"/>, as the
    /// system: the secret proves the right to read its owner's deadlines. Null (answer 404) for an unknown or revoked secret, one of
    /// another tenant, a disabled member, or a scope already in another tenant.
    /// </summary>
    public async Task<CalendarFeedEntry?> EnterWithCalendarFeedAsync(string slug, string tokenHash, CancellationToken cancellationToken)
    {
        // No tenant is known before the token is: this lookup alone reads across tenants, by the token's hash.
        var owner = await db.Set<CalendarFeedToken>().IgnoreQueryFilters()
            .Where(t => t.TokenHash == tokenHash && t.RevokedAt == null)
            .Join(db.Tenants.Where(x => x.Slug == slug), t => t.TenantId, x => x.Id, (t, x) => new { t.TenantId, t.UserId, x.Name })
            .SingleOrDefaultAsync(cancellationToken);
        if (owner is null) return null;
        var active = await db.Memberships.IgnoreQueryFilters()
            .AnyAsync(m => m.TenantId == owner.TenantId && m.UserId == owner.UserId && !m.IsDisabled && m.VendorId == null, cancellationToken);
        if (!active) return null;
        if (tenant.TenantId is { } current && current != owner.TenantId) return null;
        if (!tenant.IsSet) tenant.EnterAsSystem(owner.TenantId);
        return new CalendarFeedEntry(owner.UserId, owner.Name);
    }

    /// <summary>The tenant an invitation token (by its hash) belongs to, without entering it; null for an unknown token.</summary>
    public Task<Guid?> TenantOfInvitationAsync(string tokenHash, CancellationToken cancellationToken) =>
        db.Invitations.IgnoreQueryFilters().Where(i => i.TokenHash == tokenHash).Select(i => (Guid?)i.TenantId).SingleOrDefaultAsync(cancellationToken);

    /// <summary>
    /// For links of the vendor portal from before it moved under <c>/t/{tenant}/</c>: the slug of the tenant in which
    /// <paramref name="userId"/> is an active vendor contact of the vendor that <paramref name="assessmentId"/> belongs to; null
    /// otherwise (another vendor's or organisation's id reads the same as an unknown one).
    /// </summary>
    public Task<string?> PortalTenantOfAssessmentAsync(Guid userId, Guid assessmentId, CancellationToken cancellationToken) =>
        (from a in db.Assessments.IgnoreQueryFilters()
         where a.Id == assessmentId
         from m in db.Memberships.IgnoreQueryFilters()
         where m.UserId == userId && !m.IsDisabled && m.Roles == TenantRoles.VendorContact && m.TenantId == a.TenantId && m.VendorId == a.VendorId
         from t in db.Tenants
         where t.Id == a.TenantId
         select t.Slug).FirstOrDefaultAsync(cancellationToken);

    /// <summary>As <see cref="PortalTenantOfAssessmentAsync"/>, for the assessment an evidence file belongs to.</summary>
    public async Task<(string Slug, Guid AssessmentId)?> PortalTenantOfEvidenceAsync(Guid userId, Guid fileId, CancellationToken cancellationToken)
    {
        var assessmentId = await db.EvidenceFiles.IgnoreQueryFilters().Where(f => f.Id == fileId).Select(f => (Guid?)f.AssessmentId)
            .SingleOrDefaultAsync(cancellationToken);
        return assessmentId is { } id && await PortalTenantOfAssessmentAsync(userId, id, cancellationToken) is { } slug ? (slug, id) : null;
    }

    /// <summary>
    /// The security policies of <paramref name="userId"/>'s active memberships, across their organisations (a sign-in is not in one
    /// organisation): read by the person's own id at sign-in, without entering any tenant.
    /// </summary>
    public async Task<SignInRequirements> SignInRequirementsOfAsync(Guid userId, CancellationToken cancellationToken)
    {
        var policies = await db.Memberships.IgnoreQueryFilters()
            .Where(m => m.UserId == userId && !m.IsDisabled)
            .Join(db.TenantSecurityPolicies.IgnoreQueryFilters(), m => m.TenantId, p => p.TenantId,
                (m, p) => new { m.Roles, p.Mfa, p.MfaRoles, p.SessionLifetimeMinutes, p.TenantId })
            .Join(db.Tenants, x => x.TenantId, t => t.Id, (x, t) => new { x.Roles, x.Mfa, x.MfaRoles, x.SessionLifetimeMinutes, t.Name })
            .ToListAsync(cancellationToken);
        var mfa = policies.Where(p => TenantSecurityPolicy.RequiresMfa(p.Mfa, p.MfaRoles, p.Roles)).Select(p => p.Name).Order(StringComparer.Ordinal).ToList();
        var lifetime = policies.Select(p => p.SessionLifetimeMinutes).Where(m => m is not null).Min();
        return new SignInRequirements(mfa, lifetime);
    }

    /// <summary>The user's own active memberships across tenants, by organisation name.</summary>
    public Task<List<MembershipLink>> MembershipsOfAsync(Guid userId, CancellationToken cancellationToken) =>
        db.Memberships.IgnoreQueryFilters()
            .Where(m => m.UserId == userId && !m.IsDisabled)
            .Join(db.Tenants, m => m.TenantId, t => t.Id, (m, t) => new { t.Id, t.Slug, t.Name, m.Roles, m.VendorId })
            .OrderBy(l => l.Name)
            .Select(l => new MembershipLink(l.Id, l.Slug, l.Name, l.Roles, l.VendorId))
            .ToListAsync(cancellationToken);
}
