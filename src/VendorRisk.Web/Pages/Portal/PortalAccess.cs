using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using VendorRisk.Domain.Assessments;
using VendorRisk.Domain.Tenancy;
using VendorRisk.Infrastructure.Persistence;
using VendorRisk.Infrastructure.Tenancy;

namespace VendorRisk.Web.Pages.Portal;

/// <summary>One of the signed-in user's own vendor-contact memberships.</summary>
public sealed record PortalMembership(Guid MembershipId, Guid TenantId, string Slug, string TenantName, Guid VendorId, string VendorName);

/// <summary>The assessment a portal request acts on, after every check passed and the request entered its tenant.</summary>
public sealed record PortalGrant(PortalMembership Membership, Guid UserId, Assessment Assessment);

/// <summary>
/// The one door into another organisation's data for a vendor contact. The portal is global (no tenant in the
/// URL), so every lookup starts from the user's OWN active vendor-contact memberships; an assessment is reached
/// only when it belongs to that membership's tenant and vendor and the user is one of its contacts. Anything
/// else is "not found", whatever the reason, so ids are no oracle.
/// </summary>
// ToUpper() runs in SQL (UPPER), where CurrentCulture has no meaning; Identity normalises e-mails to upper case.
#pragma warning disable CA1304, CA1311, CA1862
public sealed class PortalAccess(AppDbContext db, TenantContext tenant)
{
    public static Guid? UserIdOf(ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;

    public Task<List<PortalMembership>> MembershipsAsync(Guid userId, CancellationToken cancellationToken) =>
        db.Memberships.IgnoreQueryFilters()
            .Where(m => m.UserId == userId && !m.IsDisabled && m.Roles == TenantRoles.VendorContact && m.VendorId != null)
            .Join(db.Tenants, m => m.TenantId, t => t.Id, (m, t) => new { m, t })
            .Join(db.Vendors.IgnoreQueryFilters(), x => x.m.VendorId, v => v.Id, (x, v) => new { x.m, x.t, v })
            .Where(x => x.v.TenantId == x.m.TenantId)
            .OrderBy(x => x.t.Name)
            .Select(x => new PortalMembership(x.m.Id, x.t.Id, x.t.Slug, x.t.Name, x.v.Id, x.v.LegalName))
            .ToListAsync(cancellationToken);

    /// <summary>
    /// Checks that the signed-in user may act on <paramref name="assessmentId"/> as a vendor contact, enters its
    /// tenant as that member, binds the user's contact row on first access and loads the assessment (tracked).
    /// Null means 404.
    /// </summary>
    public async Task<PortalGrant?> EnterAssessmentAsync(ClaimsPrincipal principal, Guid assessmentId, CancellationToken cancellationToken)
    {
        if (UserIdOf(principal) is not { } userId) return null;
        // Every autosave passes here: the usual case (a contact already bound to the assessment) is one query that
        // checks the same things as the full path below and loads the assessment with them.
        var known = await BoundContactQuery(db, assessmentId, userId).SingleOrDefaultAsync(cancellationToken);
        if (known is null) return null;
        if (known.Bound)
        {
            tenant.EnterAsMember(known.TenantId, known.Slug, known.TenantName, userId, known.MembershipId, TenantRoles.VendorContact, known.Assessment.VendorId);
            return new PortalGrant(new PortalMembership(known.MembershipId, known.TenantId, known.Slug, known.TenantName, known.Assessment.VendorId, known.VendorName),
                userId, known.Assessment);
        }
        db.Entry(known.Assessment).State = Microsoft.EntityFrameworkCore.EntityState.Detached;
        return await EnterFirstTimeAsync(userId, assessmentId, cancellationToken);
    }

    private sealed record KnownContact(Assessment Assessment, Guid TenantId, string Slug, string TenantName, Guid MembershipId, string VendorName, bool Bound);

    /// <summary>
    /// The assessment (tracked), joined to the user's own active vendor-contact membership of the same tenant and
    /// vendor, with whether the user is already a bound contact of it. No row: not the user's to see (404).
    /// </summary>
    private static IQueryable<KnownContact> BoundContactQuery(AppDbContext db, Guid assessmentId, Guid userId) =>
        from a in db.Assessments.IgnoreQueryFilters()
        where a.Id == assessmentId && a.Status != AssessmentStatus.Draft
        from m in db.Memberships.IgnoreQueryFilters()
        where m.UserId == userId && !m.IsDisabled && m.Roles == TenantRoles.VendorContact && m.TenantId == a.TenantId && m.VendorId == a.VendorId
        from t in db.Tenants
        where t.Id == a.TenantId
        from v in db.Vendors.IgnoreQueryFilters()
        where v.Id == a.VendorId && v.TenantId == a.TenantId
        select new KnownContact(a, t.Id, t.Slug, t.Name, m.Id, v.LegalName,
            db.AssessmentContacts.IgnoreQueryFilters().Any(c => c.AssessmentId == a.Id && c.TenantId == a.TenantId && c.UserId == userId));

    /// <summary>The full path: finds the user's contact row by e-mail address on first access and binds it.</summary>
    private async Task<PortalGrant?> EnterFirstTimeAsync(Guid userId, Guid assessmentId, CancellationToken cancellationToken)
    {
        // Only the tenant and vendor of the id are read before the membership check, and nothing is returned.
        var owner = await db.Assessments.IgnoreQueryFilters()
            .Where(a => a.Id == assessmentId)
            .Select(a => new { a.TenantId, a.VendorId, a.Status })
            .SingleOrDefaultAsync(cancellationToken);
        if (owner is null || owner.Status == AssessmentStatus.Draft) return null;

        var memberships = await MembershipsAsync(userId, cancellationToken);
        var membership = memberships.SingleOrDefault(m => m.TenantId == owner.TenantId && m.VendorId == owner.VendorId);
        if (membership is null) return null;

        var email = await db.Users.Where(u => u.Id == userId).Select(u => u.NormalizedEmail).SingleOrDefaultAsync(cancellationToken);
        tenant.EnterAsMember(membership.TenantId, membership.Slug, membership.TenantName, userId, membership.MembershipId,
            TenantRoles.VendorContact, membership.VendorId);

        var contact = await db.AssessmentContacts
            .Where(c => c.AssessmentId == assessmentId && (c.UserId == userId || (c.UserId == null && email != null && c.Email.ToUpper() == email)))
            .OrderBy(c => c.UserId == null)
            .FirstOrDefaultAsync(cancellationToken);
        if (contact is null) return null;
        if (contact.UserId is null)
        {
            contact.BindUser(userId);
            await db.SaveChangesAsync(cancellationToken);
        }

        var assessment = await db.Assessments.SingleAsync(a => a.Id == assessmentId, cancellationToken);
        return assessment.VendorId == membership.VendorId ? new PortalGrant(membership, userId, assessment) : null;
    }

    /// <summary>The assessments the user is a contact of, per membership, read tenant by tenant through the memberships.</summary>
    public async Task<List<(PortalMembership Membership, List<Assessment> Assessments)>> AssessmentsAsync(Guid userId, CancellationToken cancellationToken)
    {
        var email = await db.Users.Where(u => u.Id == userId).Select(u => u.NormalizedEmail).SingleOrDefaultAsync(cancellationToken);
        var result = new List<(PortalMembership, List<Assessment>)>();
        foreach (var membership in await MembershipsAsync(userId, cancellationToken))
        {
            var contactOf = db.AssessmentContacts.IgnoreQueryFilters()
                .Where(c => c.TenantId == membership.TenantId
                    && (c.UserId == userId || (c.UserId == null && email != null && c.Email.ToUpper() == email)))
                .Select(c => c.AssessmentId);
            var assessments = await db.Assessments.IgnoreQueryFilters().AsNoTracking()
                .Where(a => a.TenantId == membership.TenantId && a.VendorId == membership.VendorId
                    && a.Status != AssessmentStatus.Draft && contactOf.Contains(a.Id))
                .OrderBy(a => a.DueOn).ThenBy(a => a.Title)
                .ToListAsync(cancellationToken);
            result.Add((membership, assessments));
        }
        return result;
    }
}
#pragma warning restore CA1304, CA1311, CA1862
