using Hangfire;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using VendorRisk.Application.Tenancy;
using VendorRisk.Domain.Assessments;
using VendorRisk.Domain.Evidence;
using VendorRisk.Domain.Questionnaires;
using VendorRisk.Domain.Tenancy;
using VendorRisk.Infrastructure.Files;
using VendorRisk.Infrastructure.Persistence;
using VendorRisk.Infrastructure.Tenancy;

namespace VendorRisk.Application.Evidence;

/// <summary>
/// How a deleted evidence document's stored file goes (ADR-039). The rows go in the operation's transaction; the file can only go after the
/// commit (a store is not part of a database transaction). So, before the commit, <see cref="ScheduleSweep"/> stores a Hangfire job (in the
/// job storage, which survives a crash) that deletes the file a few minutes later if no row names its key any more; after the commit
/// <see cref="DeleteStoredAsync"/> deletes it at once. A failure of the store is logged and left to the job, which Hangfire retries; a commit
/// that failed leaves the rows, so the job finds the key still in use and deletes nothing.
/// </summary>
public sealed class EvidenceDeletion(IBackgroundJobClient jobs, IEvidenceStorage storage, ILogger<EvidenceDeletion> logger)
{
    /// <summary>How long after the operation the sweep job looks again (the immediate delete has normally done it).</summary>
    public static readonly TimeSpan SweepDelay = TimeSpan.FromMinutes(5);

    /// <summary>Stages the sweep of <paramref name="storageKey"/>: call before the transaction commits.</summary>
    public void ScheduleSweep(Guid tenantId, string storageKey) =>
        jobs.Schedule<EvidenceFileSweepJob>(j => j.RunAsync(tenantId, storageKey, CancellationToken.None), SweepDelay);

    /// <summary>Deletes the stored file after the commit; a failure is logged and left to the sweep job.</summary>
    public async Task DeleteStoredAsync(string storageKey)
    {
        try
        {
            await storage.DeleteAsync(storageKey, CancellationToken.None);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "The stored file {StorageKey} of a deleted evidence document could not be deleted now; the sweep job retries it", storageKey);
        }
    }

    /// <summary>The states of an assessment whose evidence nobody relies on: never sent to the vendor, withdrawn, or expired unanswered.</summary>
    public static readonly AssessmentStatus[] Unrelied = [AssessmentStatus.Draft, AssessmentStatus.Cancelled, AssessmentStatus.Expired];

    /// <summary>
    /// Of <paramref name="records"/>, those a tenant admin may delete (ADR-039): linked to no assessment the vendor is answering, the reviewers
    /// hold or a decision rests on, and not the evidence that closed a condition.
    /// </summary>
    public static IQueryable<EvidenceRecord> NothingReliesOn(AppDbContext db, IQueryable<EvidenceRecord> records) =>
        records.Where(r => !db.EvidenceFiles.Any(f => f.RecordId == r.Id && db.Assessments.Any(a => a.Id == f.AssessmentId && !Unrelied.Contains(a.Status)))
            && !db.DecisionConditions.Any(c => c.ClosureEvidenceRecordId == r.Id));

    /// <summary>
    /// Takes the links' ids out of the file answers that list them (a file question's answer is the list of its links); an answer left with no
    /// file is cleared. Staged on <paramref name="db"/>, which the caller saves.
    /// </summary>
    public static async Task UnlistAsync(AppDbContext db, IReadOnlyCollection<EvidenceFile> links, Guid? userId, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        foreach (var group in links.GroupBy(l => (l.AssessmentId, l.ItemId)))
        {
            var answer = await db.AssessmentAnswers.SingleOrDefaultAsync(a => a.AssessmentId == group.Key.AssessmentId && a.ItemId == group.Key.ItemId, cancellationToken);
            if (answer?.ValueJson is not { } json || AnswerJson.Deserialize(json) is not { Kind: AnswerKind.Files } value) continue;
            var gone = group.Select(l => l.Id.ToString()).ToHashSet(StringComparer.Ordinal);
            var files = value.ListValue.Where(id => !gone.Contains(id)).ToList();
            if (files.Count == value.ListValue.Length) continue;
            answer.Change(files.Count == 0 ? null : AnswerJson.Serialize(AnswerValue.Files(files)), userId, now);
        }
    }
}

/// <summary>
/// Deletes a deleted evidence document's stored file (ADR-039) unless a row of the tenant still names its key (the deleting transaction did
/// not commit). A store that fails throws, and Hangfire retries with growing delays.
/// </summary>
public sealed class EvidenceFileSweepJob(TenantJobs tenants, IEvidenceStorage storage, ILogger<EvidenceFileSweepJob> logger)
{
    [AutomaticRetry(Attempts = 10)]
    public async Task RunAsync(Guid tenantId, string storageKey, CancellationToken cancellationToken)
    {
        var inUse = await tenants.InTenantAsync(tenantId, async services =>
        {
            var db = services.GetRequiredService<AppDbContext>();
            return await db.EvidenceRecords.AnyAsync(r => r.StorageKey == storageKey, cancellationToken)
                || await db.EvidenceFiles.AnyAsync(f => f.StorageKey == storageKey, cancellationToken);
        });
        if (inUse)
        {
            logger.LogInformation("The stored file {StorageKey} is still in use (its deletion did not commit); it stays", storageKey);
            return;
        }
        await storage.DeleteAsync(storageKey, cancellationToken);
    }
}

/// <summary>Removing a document from a question as one of the vendor's contacts: a link of an assessment of the contact's own vendor of which the person is a bound contact.</summary>
public sealed record RemoveEvidence : IAuthorizationRequirement
{
    public static readonly RemoveEvidence Requirement = new();
}

public sealed class RemoveEvidenceHandler(AppDbContext db, TenantContext tenant) : AuthorizationHandler<RemoveEvidence, EvidenceFile>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, RemoveEvidence requirement, EvidenceFile resource)
    {
        if (tenant is not { IsSet: true, UserId: { } me, VendorId: { } vendorId } || !tenant.HasAnyRole(TenantRoles.VendorContact)) return;
        if (await db.Assessments.AnyAsync(a => a.Id == resource.AssessmentId && a.VendorId == vendorId
                && db.AssessmentContacts.Any(c => c.AssessmentId == a.Id && c.UserId == me))
            && await db.EvidenceRecords.AnyAsync(r => r.Id == resource.RecordId && r.VendorId == vendorId))
            context.Succeed(requirement);
    }
}

/// <summary>Deleting an evidence document of the organisation's vendors: tenant admins of the document's tenant.</summary>
public sealed record DeleteEvidence : IAuthorizationRequirement
{
    public static readonly DeleteEvidence Requirement = new();
}

public sealed class DeleteEvidenceHandler(TenantContext tenant) : AuthorizationHandler<DeleteEvidence, EvidenceRecord>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, DeleteEvidence requirement, EvidenceRecord resource)
    {
        if (tenant is { IsSet: true, UserId: not null, TenantId: { } tenantId } && tenant.HasAnyRole(TenantRoles.TenantAdmin) && resource.TenantId == tenantId)
            context.Succeed(requirement);
        return Task.CompletedTask;
    }
}
