using System.Globalization;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using VendorRisk.Domain.Coverage;
using VendorRisk.Domain.Findings;
using VendorRisk.Domain.Questionnaires;
using VendorRisk.Domain.Questionnaires.Evaluation;
using VendorRisk.Application.Assessments;
using VendorRisk.Infrastructure.Persistence;
using VendorRisk.Infrastructure.Reports;
using VendorRisk.Infrastructure.Tenancy;
using VendorRisk.Application.Reports;
using VendorRisk.Application.Tenancy;

namespace VendorRisk.Application.Coverage;

/// <summary>A vendor's coverage computed now, or why there is none.</summary>
public sealed record VendorCoverage(LatestAssessment? Assessment, IReadOnlyList<ControlCoverage>? Controls, string? Problem);

/// <summary>
/// Control coverage of the current tenant (ADR-016). A vendor's coverage rests on its latest submitted assessment
/// (<see cref="AssessmentFindings.LatestAsync"/>) evaluated by the questionnaire engine against the pinned version, with
/// its evidence and open review findings. The vendor page computes it live; the portfolio reads the stored
/// <see cref="CoverageEntry"/> rows, which <see cref="RefreshAsync"/> brings up to date for vendors whose latest
/// assessment or its inputs changed (the stamp).
/// </summary>
public sealed class CoverageService(AppDbContext db, TenantContext tenant, ControlCatalogue catalogue, TimeProvider clock)
{
    public ControlCatalogue Catalogue => catalogue;

    /// <summary>What the stored coverage of an assessment depends on besides its (frozen at submission) answers and evidence.</summary>
    public static string StampOf(DateTimeOffset submittedAt, int reviewFindings, int openReviewFindings) =>
        string.Create(CultureInfo.InvariantCulture, $"{submittedAt.UtcTicks}:{reviewFindings}:{openReviewFindings}");

    public async Task<VendorCoverage> ComputeAsync(Guid vendorId, CancellationToken cancellationToken)
    {
        var latest = (await AssessmentFindings.LatestAsync(db, vendorId, cancellationToken)).SingleOrDefault();
        if (latest is null) return new VendorCoverage(null, null, null);
        var (controls, problem) = await EvaluateAsync(latest, cancellationToken);
        return new VendorCoverage(latest, controls, problem);
    }

    private async Task<(IReadOnlyList<ControlCoverage>? Controls, string? Problem)> EvaluateAsync(LatestAssessment latest, CancellationToken cancellationToken)
    {
        var (compiled, problem) = await PinnedQuestionnaire.LoadAsync(db, tenant.TenantId!.Value, latest.TemplateId, latest.ContentHash, cancellationToken);
        if (compiled is null) return (null, problem);
        var answers = await AssessmentAnswers.LoadAsync(db, latest.Id, cancellationToken);
        var evidence = await EvidenceAttachments.LoadAsync(db, latest.Id, cancellationToken);
        var reviewFindings = (await db.ReviewFindings.AsNoTracking()
                .Where(f => f.AssessmentId == latest.Id && (f.Status == FindingStatus.Open || f.Status == FindingStatus.RemediationProposed))
                .Select(f => new { f.Title, f.LinkedItemIdsJson }).ToListAsync(cancellationToken))
            .Select(f => new OpenReviewFinding(f.Title, System.Text.Json.JsonSerializer.Deserialize<List<string>>(f.LinkedItemIdsJson) ?? []))
            .ToList();
        var evaluation = new QuestionnaireEngine().Evaluate(compiled, answers, evidence, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime));
        // With each answer's assurance level, so the verified view tells a vendor's word from accepted evidence (ADR-021, ADR-026).
        var assurance = await AnswerAssurance.LoadAsync(db, latest.Id, cancellationToken);
        return (CoverageCalculator.Calculate(catalogue, compiled, evaluation, reviewFindings, assurance), null);
    }

    /// <summary>
    /// Recomputes the stored coverage of vendors whose latest assessment or its stamp changed, at most
    /// <paramref name="limit"/> of them (all when null), and removes it for vendors that no longer have one.
    /// Each vendor is replaced in one transaction. Returns how many stale vendors remain.
    /// </summary>
    public async Task<int> RefreshAsync(int? limit, CancellationToken cancellationToken)
    {
        var latest = await AssessmentFindings.LatestAsync(db, null, cancellationToken);
        var ids = latest.Select(l => l.Id).ToList();
        var findings = await db.ReviewFindings.AsNoTracking().Where(f => ids.Contains(f.AssessmentId))
            .GroupBy(f => f.AssessmentId)
            .Select(g => new { g.Key, All = g.Count(), Open = g.Count(f => f.Status == FindingStatus.Open || f.Status == FindingStatus.RemediationProposed) })
            .ToDictionaryAsync(g => g.Key, cancellationToken);
        var snapshots = await db.Set<CoverageSnapshot>().AsNoTracking().Select(s => new { s.VendorId, s.AssessmentId, s.Stamp })
            .ToDictionaryAsync(s => s.VendorId, cancellationToken);

        var stale = latest
            .Select(l => (Latest: l, Stamp: StampOf(l.SubmittedAt, findings.GetValueOrDefault(l.Id)?.All ?? 0, findings.GetValueOrDefault(l.Id)?.Open ?? 0)))
            .Where(x => !snapshots.TryGetValue(x.Latest.VendorId, out var s) || s.AssessmentId != x.Latest.Id || s.Stamp != x.Stamp)
            .OrderBy(x => x.Latest.SubmittedAt).ToList();
        var vendorsWithLatest = latest.Select(l => l.VendorId).ToHashSet();
        var orphaned = snapshots.Keys.Where(v => !vendorsWithLatest.Contains(v)).ToList();
        if (orphaned.Count > 0)
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await db.Set<CoverageEntry>().Where(e => orphaned.Contains(e.VendorId)).ExecuteDeleteAsync(cancellationToken);
            await db.Set<CoverageSnapshot>().Where(s => orphaned.Contains(s.VendorId)).ExecuteDeleteAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        var todo = limit is { } max ? stale.Take(max).ToList() : stale;
        foreach (var (assessment, stamp) in todo)
        {
            var (controls, _) = await EvaluateAsync(assessment, cancellationToken);
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await db.Set<CoverageEntry>().Where(e => e.VendorId == assessment.VendorId).ExecuteDeleteAsync(cancellationToken);
            var snapshot = await db.Set<CoverageSnapshot>().SingleOrDefaultAsync(s => s.VendorId == assessment.VendorId, cancellationToken);
            if (snapshot is null)
            {
                snapshot = CoverageSnapshot.Create(assessment.VendorId);
                db.Add(snapshot);
            }
            // A pinned version that is unavailable gives a snapshot without entries: known, and not retried on every request.
            controls ??= [];
            snapshot.Record(assessment.Id, stamp, [.. controls.Select(c => c.Status)], clock.GetUtcNow());
            db.AddRange(controls.Select(c => CoverageEntry.Create(assessment.VendorId, assessment.Id, c.Control, c.Status)));
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            db.ChangeTracker.Clear();
        }
        return stale.Count - todo.Count;
    }
}

/// <summary>
/// Brings a tenant's stored coverage up to date in the background when a page found more stale vendors than it refreshes itself:
/// enters the tenant through <see cref="TenantJobs"/> and calls <see cref="CoverageOperations.RefreshAsync"/>.
/// </summary>
public sealed class CoverageRefreshJob(TenantJobs tenants)
{
    [AutomaticRetry(Attempts = 1)]
    [DisableConcurrentExecution(timeoutInSeconds: 600)]
    public Task RunAsync(Guid tenantId, CancellationToken cancellationToken) =>
        tenants.InTenantAsync(tenantId, services => services.GetRequiredService<CoverageOperations>().RefreshAsync(null, cancellationToken));
}

public static class CoverageServiceCollectionExtensions
{
    /// <summary>The control catalogue (read once from <paramref name="catalogueFile"/>), the coverage service and its refresh job.</summary>
    public static IServiceCollection AddVendorRiskCoverage(this IServiceCollection services, string catalogueFile)
    {
        services.AddSingleton(_ => ControlCatalogue.Parse(File.ReadAllText(catalogueFile)));
        services.AddScoped<CoverageService>();
        services.AddTransient<CoverageRefreshJob>();
        return services;
    }
}
