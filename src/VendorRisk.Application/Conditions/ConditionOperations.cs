using Microsoft.EntityFrameworkCore;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using VendorRisk.Application.Common;
using VendorRisk.Application.Evidence;
using VendorRisk.Domain.Evidence;
using VendorRisk.Domain.Tenancy;
using VendorRisk.Infrastructure.Email;
using VendorRisk.Infrastructure.Files;
using VendorRisk.Infrastructure.Links;
using VendorRisk.Domain.Common;
using VendorRisk.Domain.Reviews;
using VendorRisk.Infrastructure.Audit;
using VendorRisk.Infrastructure.Persistence;
using VendorRisk.Infrastructure.Tenancy;

namespace VendorRisk.Application.Conditions;

/// <summary>
/// The moves of a condition of approval (ADR-027): its owner submits the evidence of closure (a vendor contact in the portal for a
/// vendor-owned one), a verifier closes it or sends it back open with a reason. Each carries the version the person saw: a newer one is a
/// conflict. Illegal moves are refused by <see cref="DecisionCondition"/>; messages go beside the field.
/// </summary>
public sealed class ConditionOperations(AppDbContext db, TenantContext tenant, Access access, AuditLog audit, TimeProvider clock, IEvidenceStorage storage,
    IConfiguration configuration, EmailOutbox outbox, PublicLinks links)
{
    public const string FieldFile = "File";
    public const string FieldEvidence = "Evidence";
    public const string FieldNote = "Note";

    /// <summary>
    /// The owner (a vendor contact in the portal for a vendor-owned condition, else the internal owner or a manager on their behalf) submits the
    /// evidence that the condition is met: a note, and optionally a file, stored as an evidence record of the vendor (ADR-025) that the verifiers
    /// download. Every verifier (<see cref="ConditionPermissions.Verify"/>) is mailed, through the outbox, in the same transaction. Invalid on
    /// <c>Evidence</c> or <c>File</c>; nothing is stored then.
    /// </summary>
    public async Task<Outcome> SubmitClosureAsync(Guid id, string? evidence, int expectedVersion, CancellationToken cancellationToken, IFormFile? file = null)
    {
        var condition = await db.DecisionConditions.SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (condition is null) return Fail.NotFound("There is no such condition.");
        if (await access.DemandAsync(SubmitConditionClosure.Requirement, condition) is { } forbidden) return forbidden;
        var errors = new List<FieldError>();
        if (string.IsNullOrWhiteSpace(evidence)) errors.Add(new(FieldEvidence, "Describe the evidence that the condition is met."));
        else if (evidence.Trim().Length > DecisionCondition.NoteMaxLength) errors.Add(new(FieldEvidence, $"Use at most {DecisionCondition.NoteMaxLength} characters."));
        if (file is not null && await EvidenceUpload.RefusalAsync(file, configuration, cancellationToken) is { } refusal) errors.Add(new(FieldFile, refusal));
        if (errors.Count > 0) return Fail.Invalid(errors);
        if (condition.Version != expectedVersion) return MovedMeanwhile(condition.Status);

        StoredEvidenceFile? stored = null;
        EvidenceRecord? record = null;
        var now = clock.GetUtcNow();
        var by = tenant.UserId!.Value;
        if (file is not null)
        {
            (stored, var error) = await EvidenceUpload.StoreAsync(file, storage, configuration, cancellationToken);
            if (error is not null) return Fail.Invalid(FieldFile, error);
            record = EvidenceRecord.Create(condition.VendorId, EvidenceKind.Other, stored!.FileName, stored.ContentType, stored.Length, stored.Sha256,
                stored.StorageKey, DateOnly.FromDateTime(now.UtcDateTime), null, null, $"Evidence of closure of a condition of approval: {Clip(condition.Text)}",
                by, byVendor: tenant.HasAnyRole(TenantRoles.VendorContact), now);
            db.EvidenceRecords.Add(record);
        }
        var saved = false;
        try
        {
            var outcome = await MoveAsync(condition, expectedVersion, FieldEvidence, "condition.closure-submitted",
                c => c.SubmitClosure(evidence, by, now, record?.Id), cancellationToken, beforeSave: () => MailVerifiersAsync(condition, record, cancellationToken),
                file: record is null ? null : new { recordId = record.Id, record.FileName, record.Sha256, record.Length });
            saved = outcome.Succeeded;
            if (saved) outbox.NudgeDelivery();
            return outcome;
        }
        finally
        {
            // Nothing half-written: a file whose record was not saved is removed from storage.
            if (!saved) await EvidenceUpload.DiscardAsync(storage, stored);
        }
    }

    private static string Clip(string text) => text.Length > 200 ? text[..200] + "…" : text;

    /// <summary>Queues the "ready to verify" mail to every active tenant admin and committee member (never a vendor contact).</summary>
    private async Task MailVerifiersAsync(DecisionCondition condition, EvidenceRecord? record, CancellationToken cancellationToken)
    {
        const TenantRoles verifiers = TenantRoles.TenantAdmin | TenantRoles.CommitteeMember;
        var context = await db.Assessments.AsNoTracking().Where(a => a.Id == condition.AssessmentId)
            .Join(db.Vendors, a => a.VendorId, v => v.Id, (a, v) => new { a.Title, Vendor = v.LegalName })
            .FirstOrDefaultAsync(cancellationToken);
        if (context is null || tenant.Slug is not { } slug) return;
        var submitter = await db.Users.Where(u => u.Id == tenant.UserId).Select(u => u.DisplayName != "" ? u.DisplayName : u.Email ?? "").FirstOrDefaultAsync(cancellationToken)
            ?? "The owner";
        var recipients = await db.Memberships.Where(m => !m.IsDisabled && (m.Roles & verifiers) != 0 && (m.Roles & TenantRoles.VendorContact) == 0)
            .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => new { u.Id, u.Email, u.DisplayName }).ToListAsync(cancellationToken);
        var content = ConditionMails.ClosureSubmitted(tenant.TenantName ?? "", context.Vendor, context.Title, condition.Text, submitter, record?.FileName, links.ConditionDetails(slug, condition.Id));
        foreach (var r in recipients.Where(r => !string.IsNullOrEmpty(r.Email) && r.Id != tenant.UserId))
        {
            outbox.Enqueue(content, r.Email!, r.DisplayName, ConditionMails.KindClosureSubmitted, tenant.TenantId,
                $"condition:{condition.Id:N}:closure-submitted:v{condition.Version}:{r.Id:N}");
        }
    }

    public async Task<Outcome> CloseAsync(Guid id, string? note, int expectedVersion, CancellationToken cancellationToken)
    {
        if (await access.DemandAsync(ConditionPermissions.Verify) is { } forbidden) return forbidden;
        var condition = await db.DecisionConditions.SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (condition is null) return Fail.NotFound("There is no such condition.");
        if (note is { Length: > DecisionCondition.NoteMaxLength }) return Fail.Invalid(FieldNote, $"Use at most {DecisionCondition.NoteMaxLength} characters.");
        return await MoveAsync(condition, expectedVersion, "", "condition.closed", c => c.Close(note, tenant.UserId!.Value, clock.GetUtcNow()), cancellationToken);
    }

    public async Task<Outcome> RejectClosureAsync(Guid id, string? reason, int expectedVersion, CancellationToken cancellationToken)
    {
        if (await access.DemandAsync(ConditionPermissions.Verify) is { } forbidden) return forbidden;
        var condition = await db.DecisionConditions.SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (condition is null) return Fail.NotFound("There is no such condition.");
        if (string.IsNullOrWhiteSpace(reason)) return Fail.Invalid(FieldNote, "Say why the evidence does not close the condition.");
        if (reason.Trim().Length > DecisionCondition.NoteMaxLength) return Fail.Invalid(FieldNote, $"Use at most {DecisionCondition.NoteMaxLength} characters.");
        return await MoveAsync(condition, expectedVersion, "", "condition.closure-rejected",
            c => c.RejectClosure(reason, tenant.UserId!.Value, clock.GetUtcNow()), cancellationToken);
    }

    private async Task<Outcome> MoveAsync(DecisionCondition condition, int expectedVersion, string field, string action, Action<DecisionCondition> move,
        CancellationToken cancellationToken, Func<Task>? beforeSave = null, object? file = null)
    {
        if (condition.Version != expectedVersion) return MovedMeanwhile(condition.Status);
        db.Entry(condition).Property(c => c.Version).OriginalValue = expectedVersion;
        var from = condition.Status;
        try
        {
            move(condition);
        }
        catch (DomainException e)
        {
            return Fail.Invalid(field, e.Message);
        }
        audit.Record(action, nameof(DecisionCondition), condition.Id, new
        {
            condition.AssessmentId, from = DecisionCondition.Describe(from), to = DecisionCondition.Describe(condition.Status),
            evidence = condition.ClosureEvidence, note = condition.VerifierNote, file,
        });
        if (beforeSave is not null) await beforeSave();
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            var status = await db.DecisionConditions.AsNoTracking().Where(c => c.Id == condition.Id).Select(c => c.Status).SingleAsync(cancellationToken);
            return MovedMeanwhile(status);
        }
        return Outcome.Ok();
    }

    private static Failure MovedMeanwhile(ConditionStatus status) => Fail.Conflict(
        $"This condition changed while you were looking at it: it is now {DecisionCondition.Describe(status)}. Check it and choose again.");
}
