using Microsoft.EntityFrameworkCore;
using VendorRisk.Application.Common;
using VendorRisk.Domain.Reviews;
using VendorRisk.Domain.Tenancy;
using VendorRisk.Infrastructure.Persistence;
using VendorRisk.Infrastructure.Tenancy;

namespace VendorRisk.Application.Conditions;

/// <summary>One condition of approval as pages show it: the owner's name, the state in words ("Overdue" when past due and not closed).</summary>
public sealed record ConditionRow(Guid Id, Guid AssessmentId, string AssessmentTitle, Guid VendorId, string VendorName, string Text, ConditionOwnerKind OwnerKind,
    string Owner, DateOnly DueOn, ConditionStatus Status, string State, bool Overdue, string? ClosureEvidence, string? ClosureSubmittedBy,
    DateTimeOffset? ClosureSubmittedAt, string? VerifierNote, string? VerifiedBy, DateTimeOffset? VerifiedAt, DateTimeOffset CreatedAt, int Version)
{
    /// <summary>The file attached to the evidence of closure (an evidence record, downloaded by internal members), if any.</summary>
    public (Guid RecordId, string FileName)? ClosureFile { get; init; }
}

/// <summary>A condition with what this member may do with it now.</summary>
public sealed record ConditionView(ConditionRow Condition, bool MaySubmit, bool MayVerify);

/// <summary>
/// What the pages read about conditions of approval: internal members read them all (<see cref="ConditionPermissions.Read"/>); a vendor
/// contact reads only its own vendor's vendor-owned conditions (<see cref="PortalAsync"/>).
/// </summary>
public sealed class ConditionQueries(AppDbContext db, TenantContext tenant, Access access, TimeProvider clock)
{
    private DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    public async Task<Outcome<ConditionView>> FindAsync(Guid id, CancellationToken cancellationToken)
    {
        if (await access.DemandAsync(ConditionPermissions.Read) is { } forbidden) return forbidden;
        var condition = await db.DecisionConditions.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (condition is null) return Fail.NotFound("There is no such condition.");
        var row = (await RowsAsync(db.DecisionConditions.Where(c => c.Id == id), cancellationToken)).Single();
        return new ConditionView(row, condition.Status == ConditionStatus.Open && await access.AllowsAsync(SubmitConditionClosure.Requirement, condition),
            condition.Status == ConditionStatus.ClosureSubmitted && await access.AllowsAsync(ConditionPermissions.Verify));
    }

    /// <summary>The internal members who can own a condition (the vendor is the other choice), for the forms that set one.</summary>
    public async Task<Outcome<IReadOnlyList<OwnerCandidate>>> OwnersAsync(CancellationToken cancellationToken)
    {
        if (await access.DemandAsync(ConditionPermissions.Read) is { } forbidden) return forbidden;
        return await ConditionOwners.CandidatesAsync(db, cancellationToken);
    }

    /// <summary>The conditions of one vendor (all its assessments), open and overdue first.</summary>
    public async Task<Outcome<IReadOnlyList<ConditionRow>>> ForVendorAsync(Guid vendorId, CancellationToken cancellationToken)
    {
        if (await access.DemandAsync(ConditionPermissions.Read) is { } forbidden) return forbidden;
        return await RowsAsync(db.DecisionConditions.Where(c => c.VendorId == vendorId), cancellationToken);
    }

    /// <summary>Every condition of the tenant that is not closed (for the risk profile), overdue first.</summary>
    public async Task<Outcome<IReadOnlyList<ConditionRow>>> OutstandingAsync(CancellationToken cancellationToken)
    {
        if (await access.DemandAsync(ConditionPermissions.Read) is { } forbidden) return forbidden;
        return await RowsAsync(db.DecisionConditions.Where(c => c.Status != ConditionStatus.Closed), cancellationToken);
    }

    /// <summary>The vendor-owned conditions of the contact's own vendor: what the portal shows. Another vendor's are never read.</summary>
    public async Task<Outcome<IReadOnlyList<ConditionRow>>> PortalAsync(CancellationToken cancellationToken)
    {
        if (tenant is not { UserId: not null, VendorId: { } vendorId } || !tenant.HasAnyRole(TenantRoles.VendorContact))
            return Fail.Forbidden("Only a vendor's contacts see its conditions in the portal.");
        return await RowsAsync(db.DecisionConditions.Where(c => c.VendorId == vendorId && c.OwnerKind == ConditionOwnerKind.Vendor), cancellationToken);
    }

    /// <summary>Rows of <paramref name="query"/> (through the tenant filter), names resolved: not closed first, then by due date.</summary>
    public async Task<List<ConditionRow>> RowsAsync(IQueryable<DecisionCondition> query, CancellationToken cancellationToken)
    {
        var conditions = await query.AsNoTracking()
            .Join(db.Assessments, c => c.AssessmentId, a => a.Id, (c, a) => new { c, a.Title })
            .Join(db.Vendors, x => x.c.VendorId, v => v.Id, (x, v) => new { x.c, x.Title, Vendor = v.LegalName })
            .ToListAsync(cancellationToken);
        var recordIds = conditions.Select(x => x.c.ClosureEvidenceRecordId).OfType<Guid>().ToList();
        var files = await db.EvidenceRecords.AsNoTracking().Where(r => recordIds.Contains(r.Id)).Select(r => new { r.Id, r.FileName })
            .ToDictionaryAsync(r => r.Id, r => r.FileName, cancellationToken);
        var people = conditions.SelectMany(x => new[] { x.c.OwnerUserId, x.c.ClosureSubmittedByUserId, x.c.VerifiedByUserId }).OfType<Guid>().Distinct().ToList();
        var names = await db.Users.AsNoTracking().Where(u => people.Contains(u.Id))
            .Select(u => new { u.Id, Name = u.DisplayName != "" ? u.DisplayName : u.Email ?? "" }).ToDictionaryAsync(u => u.Id, u => u.Name, cancellationToken);
        string Name(Guid? user) => user is { } u && names.TryGetValue(u, out var n) ? n : "a former member";
        var today = Today;
        return [.. conditions
            .OrderBy(x => x.c.Status == ConditionStatus.Closed ? 1 : 0).ThenBy(x => x.c.DueOn).ThenBy(x => x.c.CreatedAt)
            .Select(x => new ConditionRow(x.c.Id, x.c.AssessmentId, x.Title, x.c.VendorId, x.Vendor, x.c.Text, x.c.OwnerKind,
                x.c.OwnedByVendor ? $"{x.Vendor} (vendor)" : Name(x.c.OwnerUserId), x.c.DueOn, x.c.Status,
                DecisionCondition.Label(x.c.Status, x.c.DueOn, today), x.c.IsOverdue(today), x.c.ClosureEvidence,
                x.c.ClosureSubmittedByUserId is null ? null : Name(x.c.ClosureSubmittedByUserId), x.c.ClosureSubmittedAt, x.c.VerifierNote,
                x.c.VerifiedByUserId is null ? null : Name(x.c.VerifiedByUserId), x.c.VerifiedAt, x.c.CreatedAt, x.c.Version)
            {
                ClosureFile = x.c.ClosureEvidenceRecordId is { } file && files.TryGetValue(file, out var fileName) ? (file, fileName) : null,
            })];
    }
}
