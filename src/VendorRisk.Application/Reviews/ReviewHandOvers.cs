using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using VendorRisk.Domain.Reviews;
using VendorRisk.Domain.Workflows.Runtime;
using VendorRisk.Infrastructure.Persistence;

namespace VendorRisk.Application.Reviews;

/// <summary>
/// The review workflow's inbox: operations add a <see cref="ReviewHandOver"/> to their own unit of work; after their commit the
/// hand-over is delivered to the engine, whose step marks it delivered in the step's own transaction. What a crash left pending
/// is delivered by <see cref="ReviewHandOverJob"/>. Delivering twice is harmless: the engine answers "already started" or "no
/// open clarification", and the hand-over is closed with that answer.
/// </summary>
public sealed class ReviewHandOvers(AppDbContext db, WorkflowRunner runner, TimeProvider clock, ILogger<ReviewHandOvers> logger)
{
    /// <summary>Adds a hand-over to the caller's unit of work; it is saved by the caller's SaveChanges.</summary>
    public void Enqueue(Guid assessmentId, ReviewHandOverKind kind, Guid? byUserId) =>
        db.Set<ReviewHandOver>().Add(ReviewHandOver.Create(assessmentId, kind, byUserId, clock.GetUtcNow()));

    /// <summary>Delivers the assessment's pending hand-overs, oldest first. <paramref name="knownScore"/>: an evaluation made in this request.</summary>
    /// <returns>How many were delivered.</returns>
    public async Task<int> DeliverAsync(Guid assessmentId, AutoScoreResult? knownScore, CancellationToken cancellationToken)
    {
        var pending = await db.Set<ReviewHandOver>().AsNoTracking()
            .Where(h => h.AssessmentId == assessmentId && h.DeliveredAt == null)
            .OrderBy(h => h.CreatedAt).ThenBy(h => h.Id)
            .Select(h => new { h.Id, h.Kind, h.ByUserId })
            .ToListAsync(cancellationToken);
        foreach (var h in pending)
        {
            var result = h.Kind == ReviewHandOverKind.StartReview
                ? await runner.StartForAssessmentAsync(assessmentId, h.Id, knownScore, cancellationToken)
                : await runner.ClarificationAnsweredAsync(assessmentId, h.ByUserId, h.Id, cancellationToken);
            if (!result.Applied) await CloseUnappliedAsync(h.Id, result, cancellationToken);
        }
        return pending.Count;
    }

    /// <summary>The engine had nothing to do (already started, nothing waiting): the hand-over is closed with its answer.</summary>
    private async Task CloseUnappliedAsync(Guid handOverId, WorkflowRunResult result, CancellationToken cancellationToken)
    {
        logger.LogInformation("Review hand-over {HandOverId} answered {Status}: {Message}", handOverId, result.Status, result.Message);
        db.ChangeTracker.Clear();
        var handOver = await db.Set<ReviewHandOver>().SingleAsync(h => h.Id == handOverId, cancellationToken);
        if (!handOver.IsPending) return;
        handOver.MarkDelivered($"{result.Status}: {result.Message}", clock.GetUtcNow());
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Another node delivered it at the same moment.
            db.ChangeTracker.Clear();
        }
    }

    /// <summary>Delivers every hand-over of the tenant entered in this scope that has waited longer than <paramref name="olderThan"/>.</summary>
    public async Task<int> DeliverStaleAsync(TimeSpan olderThan, CancellationToken cancellationToken)
    {
        var before = clock.GetUtcNow() - olderThan;
        var assessments = await db.Set<ReviewHandOver>().AsNoTracking()
            .Where(h => h.DeliveredAt == null && h.CreatedAt <= before)
            .Select(h => h.AssessmentId).Distinct().ToListAsync(cancellationToken);
        var delivered = 0;
        foreach (var assessmentId in assessments)
        {
            try
            {
                delivered += await DeliverAsync(assessmentId, knownScore: null, cancellationToken);
            }
            catch (Exception e) when (e is DbUpdateException or InvalidOperationException)
            {
                // One broken review must not hold up the others; the next run retries it.
                logger.LogError(e, "Review hand-over for assessment {AssessmentId} failed; the next run retries it.", assessmentId);
                db.ChangeTracker.Clear();
            }
        }
        return delivered;
    }
}

/// <summary>Every minute: delivers hand-overs that a crash left pending (older than 30 seconds, so it never races a live request).</summary>
public sealed class ReviewHandOverJob(Tenancy.TenantJobs tenants)
{
    public const string RecurringJobId = "review-hand-overs";
    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(30);

    public Task<int> RunAsync(CancellationToken cancellationToken) =>
        tenants.ForEachTenantAsync("Review hand-overs",
            (services, _, ct) => services.GetRequiredService<ReviewHandOvers>().DeliverStaleAsync(Grace, ct),
            cancellationToken);
}
