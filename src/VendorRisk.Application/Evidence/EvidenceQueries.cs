using Microsoft.EntityFrameworkCore;
using VendorRisk.Application.Assessments;
using VendorRisk.Application.Common;
using VendorRisk.Domain.Evidence;
using VendorRisk.Domain.Tenancy;
using VendorRisk.Infrastructure.Persistence;
using VendorRisk.Infrastructure.Tenancy;

namespace VendorRisk.Application.Evidence;

/// <summary>
/// One evidence document linked to a question of an assessment, as reviewers see it: what it is, the dates it speaks for, whether it is
/// valid on the assessment's reference date (<see cref="ValidOnReference"/>, with the question's validity days), and the verdict.
/// <see cref="LinkId"/> is what the audited download takes.
/// </summary>
public sealed record EvidenceDocumentRow(Guid LinkId, Guid RecordId, string ItemId, string Question, string FileName, long Length, EvidenceKind Kind,
    DateOnly DocumentDate, DateOnly? ValidUntil, DateOnly? LastValidDay, bool ValidOnReference, string? Issuer, string? Scope, EvidenceReview Review,
    string? RejectionReason, bool IssuerChecked, string? ReviewedBy, DateTimeOffset? ReviewedAt, DateTimeOffset LinkedAt, bool CarriedOver,
    bool ByVendor, int Version)
{
    /// <summary>A document of the vendor record that no question links (downloaded by record, not by link).</summary>
    public bool Unlinked => LinkId == Guid.Empty;

    public bool MayCheckIssuer => EvidenceRecord.IsIndependentAttestation(Kind);
}

/// <summary>An assessment's evidence documents, the day they are judged on, and whether the reader may accept or reject them.</summary>
public sealed record AssessmentEvidence(Guid AssessmentId, DateOnly ReferenceDate, IReadOnlyList<EvidenceDocumentRow> Documents, bool MayReview)
{
    /// <summary>The documents the reader (a tenant admin) may delete (ADR-039); empty for everyone else.</summary>
    public IReadOnlySet<Guid> Deletable { get; init; } = new HashSet<Guid>();
}

/// <summary>What reviewers read about evidence records: the documents of one assessment, or one document.</summary>
public sealed class EvidenceQueries(AppDbContext db, Access access, TenantContext tenant, TimeProvider clock)
{
    public static readonly RolePermission Read = new("evidence.read", TenantRolesExtensions.Internal);

    public async Task<Outcome<AssessmentEvidence>> ForAssessmentAsync(Guid assessmentId, CancellationToken cancellationToken)
    {
        if (await access.DemandAsync(Read) is { } forbidden) return forbidden;
        var assessment = await db.Assessments.AsNoTracking().SingleOrDefaultAsync(a => a.Id == assessmentId, cancellationToken);
        if (assessment is null) return Fail.NotFound("There is no such assessment.");
        var rows = await db.EvidenceFiles.AsNoTracking().Where(f => f.AssessmentId == assessmentId)
            .Join(db.EvidenceRecords, f => f.RecordId, r => r.Id, (f, r) => new { f, r })
            .GroupJoin(db.Users, x => x.r.ReviewedByUserId, u => u.Id, (x, u) => new { x.f, x.r, u })
            .SelectMany(x => x.u.DefaultIfEmpty(), (x, u) => new
            {
                LinkId = x.f.Id, x.f.ItemId, LinkedAt = x.f.UploadedAt, x.f.CarriedOver, RecordId = x.r.Id, x.r.FileName, x.r.Length, x.r.Kind,
                x.r.DocumentDate, x.r.ValidUntil, x.r.Issuer, x.r.Scope, x.r.Review, x.r.RejectionReason, x.r.IssuerChecked,
                ReviewedBy = u == null ? null : u.DisplayName, x.r.ReviewedAt, x.r.ByVendor, x.r.Version,
            })
            .ToListAsync(cancellationToken);
        var (questionnaire, _) = await PinnedQuestionnaire.LoadAsync(db, assessment, cancellationToken);
        var items = questionnaire?.Definition.AllItems().ToDictionary(i => i.Id, StringComparer.Ordinal);
        var day = AnswerAssurance.ReferenceDate(assessment, rows.Count == 0 ? null : rows.Max(r => r.LinkedAt));
        var order = questionnaire?.Definition.AllItems().Select((item, index) => (item.Id, index)).ToDictionary(p => p.Id, p => p.index, StringComparer.Ordinal);
        var documents = rows
            .OrderBy(r => order?.GetValueOrDefault(r.ItemId, int.MaxValue) ?? 0).ThenBy(r => r.LinkedAt)
            .Select(r =>
            {
                var item = items?.GetValueOrDefault(r.ItemId);
                var days = item?.Evidence?.ValidityDays;
                return new EvidenceDocumentRow(r.LinkId, r.RecordId, r.ItemId, item?.Text ?? r.ItemId, r.FileName, r.Length, r.Kind, r.DocumentDate,
                    r.ValidUntil, EvidenceRecord.LastValidDay(r.DocumentDate, r.ValidUntil, days),
                    EvidenceRecord.IsValidOn(r.Review, r.DocumentDate, r.ValidUntil, day, days), r.Issuer, r.Scope, r.Review, r.RejectionReason,
                    r.IssuerChecked, r.ReviewedBy, r.ReviewedAt, r.LinkedAt, r.CarriedOver, r.ByVendor, r.Version);
            }).ToList();
        return new AssessmentEvidence(assessmentId, day, documents, tenant.HasAnyRole(EvidenceOperations.ReviewerRoles));
    }

    /// <summary>
    /// Every document of one vendor (the vendor's uploads and those the organisation added on the vendor record), newest first, judged on
    /// <paramref name="today"/> by their own dates (no question's validity days). Rows carry no link (<see cref="EvidenceDocumentRow.LinkId"/> is
    /// empty, the question blank): they download by record. <see cref="AssessmentEvidence.AssessmentId"/> is the vendor's id.
    /// </summary>
    public async Task<Outcome<AssessmentEvidence>> ForVendorAsync(Guid vendorId, DateOnly today, CancellationToken cancellationToken)
    {
        if (await access.DemandAsync(Read) is { } forbidden) return forbidden;
        if (!await db.Vendors.AnyAsync(v => v.Id == vendorId, cancellationToken)) return Fail.NotFound("There is no such vendor.");
        var rows = await RecordRows(db.EvidenceRecords.AsNoTracking().Where(r => r.VendorId == vendorId)).ToListAsync(cancellationToken);
        var deletable = await access.AllowsAsync(EvidenceOperations.Delete)
            ? await EvidenceDeletion.NothingReliesOn(db, db.EvidenceRecords.Where(r => r.VendorId == vendorId)).Select(r => r.Id).ToListAsync(cancellationToken)
            : [];
        return new AssessmentEvidence(vendorId, today,
            [.. rows.OrderByDescending(r => r.LinkedAt).Select(r => r with { ValidOnReference = EvidenceRecord.IsValidOn(r.Review, r.DocumentDate, r.ValidUntil, today, null) })],
            tenant.HasAnyRole(EvidenceOperations.ReviewerRoles)) { Deletable = deletable.ToHashSet() };
    }

    private IQueryable<EvidenceDocumentRow> RecordRows(IQueryable<EvidenceRecord> records) =>
        records.GroupJoin(db.Users, r => r.ReviewedByUserId, u => u.Id, (r, u) => new { r, u })
            .SelectMany(x => x.u.DefaultIfEmpty(), (x, u) => new EvidenceDocumentRow(Guid.Empty, x.r.Id, "", "", x.r.FileName, x.r.Length, x.r.Kind,
                x.r.DocumentDate, x.r.ValidUntil, x.r.ValidUntil, false, x.r.Issuer, x.r.Scope, x.r.Review, x.r.RejectionReason, x.r.IssuerChecked,
                u == null ? null : u.DisplayName, x.r.ReviewedAt, x.r.UploadedAt, false, x.r.ByVendor, x.r.Version));

    /// <summary>
    /// One document of the tenant (for the review form shown again after a refused verdict): with its latest link to a question, or as a
    /// document of the vendor record when no question links it.
    /// </summary>
    public async Task<Outcome<EvidenceDocumentRow>> DocumentAsync(Guid recordId, CancellationToken cancellationToken)
    {
        if (await access.DemandAsync(Read) is { } forbidden) return forbidden;
        var assessmentId = await db.EvidenceFiles.AsNoTracking().Where(f => f.RecordId == recordId).OrderByDescending(f => f.UploadedAt)
            .Select(f => (Guid?)f.AssessmentId).FirstOrDefaultAsync(cancellationToken);
        if (assessmentId is null)
        {
            var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
            var alone = await RecordRows(db.EvidenceRecords.AsNoTracking().Where(r => r.Id == recordId)).SingleOrDefaultAsync(cancellationToken);
            return alone is null ? Fail.NotFound("There is no such evidence document.")
                : alone with { ValidOnReference = EvidenceRecord.IsValidOn(alone.Review, alone.DocumentDate, alone.ValidUntil, today, null) };
        }
        var evidence = await ForAssessmentAsync(assessmentId.Value, cancellationToken);
        if (!evidence.Succeeded) return evidence.AsFailure();
        var row = evidence.Value!.Documents.FirstOrDefault(d => d.RecordId == recordId);
        return row is null ? Fail.NotFound("There is no such evidence document.") : row;
    }
}
