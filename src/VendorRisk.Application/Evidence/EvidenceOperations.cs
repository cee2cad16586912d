using System.Globalization;
using Microsoft.EntityFrameworkCore;
using VendorRisk.Application.Assessments;
using VendorRisk.Application.Common;
using VendorRisk.Domain.Assessments;
using VendorRisk.Domain.Common;
using VendorRisk.Domain.Evidence;
using VendorRisk.Domain.Tenancy;
using VendorRisk.Infrastructure.Audit;
using VendorRisk.Infrastructure.Email;
using VendorRisk.Infrastructure.Files;
using VendorRisk.Infrastructure.Links;
using VendorRisk.Infrastructure.Persistence;
using VendorRisk.Infrastructure.Tenancy;

namespace VendorRisk.Application.Evidence;

/// <summary>Audit action names of evidence records; auditors filter by them, so they never change.</summary>
public static class EvidenceAuditActions
{
    public const string Accepted = "evidence.accepted";
    public const string Rejected = "evidence.rejected";
    /// <summary>The vendor linked a document it had already uploaded to another question.</summary>
    public const string Reused = "evidence.reused";
    /// <summary>A tenant admin deleted a document and its stored file (ADR-039).</summary>
    public const string Deleted = "evidence.deleted";
    /// <summary>A vendor contact took a document off a question it may still answer (ADR-039).</summary>
    public const string Removed = "evidence.removed";
}

/// <summary>A reviewer's verdict on a document, and the questions it reopened for the vendor (a rejection's).</summary>
public sealed record EvidenceReviewed(Guid RecordId, string FileName, EvidenceReview Review, int ReopenedQuestions);

/// <summary>A deleted evidence document: its name and vendor, and how many question links went with it.</summary>
public sealed record EvidenceDeleted(Guid RecordId, Guid VendorId, string FileName, int Links);

/// <summary>
/// What the organisation's reviewers do with a vendor's evidence (ADR-025): accept it (optionally as checked with its issuer: independently
/// verified) or reject it with a reason the vendor reads, which reopens every question of an assessment under review that the document
/// backs, through the clarification mechanism. Only reviewers and tenant admins; another tenant's document is not found.
/// </summary>
public sealed class EvidenceOperations(AppDbContext db, Access access, TenantContext tenant, AuditLog audit, EmailOutbox outbox, PublicLinks links,
    TimeProvider clock, IEvidenceStorage storage, EvidenceDeletion deletion)
{
    public const TenantRoles ReviewerRoles = TenantRoles.TenantAdmin | TenantRoles.Reviewer;
    public static readonly RolePermission Review = new("evidence.review", ReviewerRoles);
    public static readonly RolePermission Delete = new("evidence.delete", TenantRoles.TenantAdmin);

    private const string NoSuchDocument = "There is no such evidence document.";

    /// <summary>Accepts the document; <paramref name="issuerChecked"/> records that the reviewer confirmed it with its issuer.</summary>
    public async Task<Outcome<EvidenceReviewed>> AcceptAsync(Guid recordId, bool issuerChecked, CancellationToken cancellationToken)
    {
        if (await access.DemandAsync(Review, message: "Only reviewers and tenant admins accept or reject evidence.") is { } forbidden) return forbidden;
        var record = await db.EvidenceRecords.SingleOrDefaultAsync(r => r.Id == recordId, cancellationToken);
        if (record is null) return Fail.NotFound(NoSuchDocument);
        if (issuerChecked && !EvidenceRecord.IsIndependentAttestation(record.Kind))
            return Fail.Invalid("IssuerChecked", $"A {record.Kind.Label().ToLowerInvariant()} is not issued by an independent party; only certificates and audit reports can be checked with their issuer.");
        var from = record.Review;
        try
        {
            record.Accept(tenant.UserId!.Value, issuerChecked, clock.GetUtcNow());
        }
        catch (DomainException e)
        {
            return Fail.Conflict(e.Message);
        }
        audit.Record(EvidenceAuditActions.Accepted, nameof(EvidenceRecord), record.Id,
            new { record.VendorId, record.FileName, kind = record.Kind.Key(), from = from.ToString(), issuerChecked });
        if (await SaveAsync(cancellationToken) is { } conflict) return conflict;
        return new EvidenceReviewed(record.Id, record.FileName, record.Review, 0);
    }

    /// <summary>
    /// Rejects the document with <paramref name="reason"/> (required, at most <see cref="EvidenceRecord.ReasonMaxLength"/> characters; Invalid on
    /// <c>Reason</c>). Every question it backs in an assessment the reviewers hold is reopened for the vendor, whose contacts are e-mailed.
    /// </summary>
    public async Task<Outcome<EvidenceReviewed>> RejectAsync(Guid recordId, string? reason, CancellationToken cancellationToken)
    {
        if (await access.DemandAsync(Review, message: "Only reviewers and tenant admins accept or reject evidence.") is { } forbidden) return forbidden;
        var record = await db.EvidenceRecords.SingleOrDefaultAsync(r => r.Id == recordId, cancellationToken);
        if (record is null) return Fail.NotFound(NoSuchDocument);
        if (string.IsNullOrWhiteSpace(reason))
            return Fail.Invalid("Reason", "Give the reason for rejecting this document: the vendor reads it to know what to send instead.");
        if (reason.Trim().Length > EvidenceRecord.ReasonMaxLength)
            return Fail.Invalid("Reason", string.Create(CultureInfo.InvariantCulture, $"Use at most {EvidenceRecord.ReasonMaxLength} characters."));
        var now = clock.GetUtcNow();
        try
        {
            record.Reject(tenant.UserId!.Value, reason, now);
        }
        catch (DomainException e)
        {
            return Fail.Conflict(e.Message);
        }

        var linked = await db.EvidenceFiles.Where(f => f.RecordId == recordId).Select(f => new { f.AssessmentId, f.ItemId }).ToListAsync(cancellationToken);
        var assessmentIds = linked.Select(l => l.AssessmentId).Distinct().ToList();
        var assessments = await db.Assessments.Where(a => assessmentIds.Contains(a.Id)).OrderBy(a => a.CreatedAt).ToListAsync(cancellationToken);
        var reopened = new List<object>();
        var questions = 0;
        foreach (var assessment in assessments)
        {
            var items = linked.Where(l => l.AssessmentId == assessment.Id).Select(l => l.ItemId).Distinct(StringComparer.Ordinal).ToList();
            // Only an assessment the reviewers hold is reopened; before submission the vendor can still change every answer.
            if (items.Count == 0 || assessment.Status is not (AssessmentStatus.Submitted or AssessmentStatus.InReview or AssessmentStatus.ClarificationRequested))
                continue;
            var why = $"The reviewers did not accept your document \"{record.FileName}\": {record.RejectionReason} Replace it or explain.";
            var rows = await Reopening.ReopenAsync(db, assessment, [.. items.Select(i => new ReopenRequest(i, why))], ReopenedItem.SourceEvidence,
                tenant.UserId, clock.GetUtcNow(), cancellationToken);
            questions += items.Count;
            reopened.Add(new { assessmentId = assessment.Id, itemIds = items, round = assessment.ClarificationRounds });
            await Reopening.MailContactsAsync(db, links, outbox, tenant, assessment, rows,
                email => $"evidence:{record.Id:N}:rejected:{assessment.Id:N}:{email}", cancellationToken);
        }
        audit.Record(EvidenceAuditActions.Rejected, nameof(EvidenceRecord), record.Id,
            new { record.VendorId, record.FileName, kind = record.Kind.Key(), reason = record.RejectionReason, reopened });
        if (await SaveAsync(cancellationToken) is { } conflict) return conflict;
        if (reopened.Count > 0) outbox.NudgeDelivery();
        return new EvidenceReviewed(record.Id, record.FileName, record.Review, questions);
    }

    /// <summary>
    /// One evidence record's file for an internal member of the tenant, whichever way it came (a question's upload, the vendor record, a
    /// condition's closure), audited (<see cref="AuditActions.EvidenceDownloaded"/>). Another tenant's record is not found, like a missing one.
    /// </summary>
    public async Task<Outcome<EvidenceDownload>> DownloadAsync(Guid recordId, CancellationToken cancellationToken)
    {
        if (await access.DemandAsync(AssessmentOperations.DownloadEvidence) is { } forbidden) return forbidden;
        var record = await db.EvidenceRecords.AsNoTracking().Where(r => r.Id == recordId)
            .Select(r => new { r.Id, r.VendorId, r.FileName, r.ContentType, r.StorageKey, r.ByVendor }).SingleOrDefaultAsync(cancellationToken);
        if (record is null) return Fail.NotFound(NoSuchDocument);
        var stream = await storage.OpenReadAsync(record.StorageKey, cancellationToken);
        if (stream is null) return Fail.NotFound("The file is no longer stored.");
        audit.Record(AuditActions.EvidenceDownloaded, nameof(EvidenceRecord), record.Id,
            new { vendorId = record.VendorId, fileName = record.FileName, uploadedByVendor = record.ByVendor, byVendor = false });
        await db.SaveChangesAsync(cancellationToken);
        return new EvidenceDownload(stream, record.FileName, record.ContentType);
    }

    /// <summary>
    /// A tenant admin deletes a document with its stored file (ADR-039): a document of the vendor record or one uploaded for an assessment that
    /// was never submitted or was withdrawn (draft, cancelled, expired). Refused (Conflict, with the reason) while an assessment the vendor is
    /// answering, the reviewers hold or a decision rests on links it, or when it is a condition's evidence of closure: those are the record of a
    /// review. Its links go, file answers stop listing them, the deletion is audited with the file's hash, and the stored file is deleted after the
    /// commit (<see cref="EvidenceDeletion"/>).
    /// </summary>
    public async Task<Outcome<EvidenceDeleted>> DeleteAsync(Guid recordId, CancellationToken cancellationToken)
    {
        if (await access.DemandAsync(Delete, message: "Only tenant admins delete evidence documents.") is { } notAdmin) return notAdmin;
        var record = await db.EvidenceRecords.SingleOrDefaultAsync(r => r.Id == recordId, cancellationToken);
        if (record is null) return Fail.NotFound(NoSuchDocument);
        if (await access.DemandAsync(DeleteEvidence.Requirement, record, "Only tenant admins delete evidence documents.") is { } forbidden) return forbidden;
        var links = await db.EvidenceFiles.Where(f => f.RecordId == recordId).ToListAsync(cancellationToken);
        var assessmentIds = links.Select(l => l.AssessmentId).Distinct().ToList();
        var holding = await db.Assessments.Where(a => assessmentIds.Contains(a.Id) && !EvidenceDeletion.Unrelied.Contains(a.Status))
            .OrderBy(a => a.CreatedAt).Select(a => new { a.Title, a.Status }).FirstOrDefaultAsync(cancellationToken);
        if (holding is not null)
        {
            var why = holding.Status is AssessmentStatus.Sent or AssessmentStatus.InProgress
                ? "the vendor is answering it and can remove the document itself"
                : holding.Status is AssessmentStatus.Approved or AssessmentStatus.ApprovedWithConditions or AssessmentStatus.Rejected
                    ? "its decision rests on it" : "its review rests on it";
            return Fail.Conflict($"\"{record.FileName}\" backs the assessment \"{holding.Title}\" ({Assessment.Describe(holding.Status)}): {why}. It cannot be deleted.");
        }
        if (await db.DecisionConditions.AnyAsync(c => c.ClosureEvidenceRecordId == recordId, cancellationToken))
            return Fail.Conflict($"\"{record.FileName}\" is the evidence that closed a condition of a decision. It cannot be deleted.");

        var now = clock.GetUtcNow();
        await EvidenceDeletion.UnlistAsync(db, links, tenant.UserId, now, cancellationToken);
        db.EvidenceFiles.RemoveRange(links);
        db.EvidenceRecords.Remove(record);
        deletion.ScheduleSweep(record.TenantId, record.StorageKey);
        audit.Record(EvidenceAuditActions.Deleted, nameof(EvidenceRecord), record.Id, new
        {
            record.VendorId, record.FileName, record.Sha256, record.Length, kind = record.Kind.Key(), review = record.Review.ToString(), record.ByVendor,
            links = links.Select(l => new { l.AssessmentId, l.ItemId }),
        });
        if (await SaveAsync(cancellationToken) is { } conflict) return conflict;
        await deletion.DeleteStoredAsync(record.StorageKey);
        return new EvidenceDeleted(record.Id, record.VendorId, record.FileName, links.Count);
    }

    private async Task<Failure?> SaveAsync(CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return null;
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return Fail.Conflict("Someone reviewed this document or changed its assessment at the same moment. The page shows the current state; try again if still needed.");
        }
    }
}
