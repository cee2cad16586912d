using System.Globalization;
using Microsoft.EntityFrameworkCore;
using VendorRisk.Domain.Assessments;
using VendorRisk.Domain.Contracts;
using VendorRisk.Domain.Coverage;
using VendorRisk.Domain.Findings;
using VendorRisk.Domain.Incidents;
using VendorRisk.Domain.Questionnaires;
using VendorRisk.Domain.Reviews;
using VendorRisk.Domain.Vendors;
using VendorRisk.Infrastructure.Persistence;
using VendorRisk.Infrastructure.Reports;
using VendorRisk.Infrastructure.Tenancy;
using VendorRisk.Application.Common;
using VendorRisk.Application.Reports;
using VendorRisk.Application.Assessments;

namespace VendorRisk.Application.RiskProfile;

/// <summary>
/// A vendor's risk on one page: tier (computed and override), the latest submitted assessment's score, decision and
/// residual risk, the findings its answers raise, committee conditions, AI systems with their material changes,
/// documents and their expiry, and a paged timeline of everything that happened (audit trail and review journal),
/// newest first. Read-only, for internal members (folder policy, auditors included); another tenant's vendor is
/// not found. Each block is its own section, so contracts, obligations and incidents can join as sections.
/// </summary>
public sealed class RiskProfileView
{
    private readonly AppDbContext db;
    private readonly TenantContext tenant;
    private readonly TimeProvider clock;

    internal RiskProfileView(AppDbContext db, TenantContext tenant, TimeProvider clock, int timelinePage)
    {
        (this.db, this.tenant, this.clock) = (db, tenant, clock);
        TimelinePage = timelinePage;
    }

    public const int TimelinePageSize = 25;
    public const int ExpiryWarningDays = 60;

    public sealed record VendorView(Guid Id, string LegalName, VendorStatus Status, BusinessCriticality Criticality, RiskTier? Tier,
        RiskTier? ComputedTier, string? OverrideJustification, DateTimeOffset? TieredAt, string? OwnerName);
    public sealed record AssessmentView(Guid Id, string Title, string TemplateKey, string TemplateVersion, AssessmentStatus Status,
        DateTimeOffset SubmittedAt, DateTimeOffset? DecidedAt, decimal? Score, string? DecisionNote, string? ResidualRisk, string? WorkflowStatus);
    public sealed record FindingRow(string ItemId, FindingSeverity Severity, string Title, string Controls);
    /// <summary>A condition of an approval of the vendor (ADR-027), as the PDF, the exports and the API give it.</summary>
    public sealed record ConditionRow(Guid AssessmentId, string AssessmentTitle, Assessments.ConditionFactDto Condition);
    /// <summary>A finding of the vendor whose risk was accepted, until when and by whom.</summary>
    public sealed record AcceptedRiskRow(Guid AssessmentId, string AssessmentTitle, Assessments.AcceptedRiskDto Risk);
    public sealed record ChangeRow(int Revision, DateTimeOffset At, string? By, IReadOnlyList<ProfileChange> Changes);
    public sealed record AiSystemView(Guid Id, string Name, int Revision, DateTimeOffset UpdatedAt, IReadOnlyList<string> Dependencies,
        IReadOnlyList<ChangeRow> MaterialChanges);
    /// <summary>A document of the vendor (an evidence record not rejected: uploaded by the vendor or on the vendor record), by its own dates.</summary>
    public sealed record DocumentRow(Guid Id, Domain.Evidence.EvidenceKind Kind, string Title, DateOnly IssuedOn, DateOnly? ExpiresOn,
        Domain.Evidence.EvidenceReview Review, bool ByVendor);
    public sealed record ReviewFindingRow(Guid Id, FindingSeverity Severity, string Title, FindingStatus Status, DateOnly DueOn, string AssessmentTitle);
    public sealed record ObligationRow(Guid Id, string Title, Recurrence Recurrence, Guid? NextOccurrenceId, DateOnly? NextDueOn, int Overdue);
    public sealed record ContractRow(Guid Id, string Title, string? Reference, DateOnly StartsOn, DateOnly? EndsOn, DateOnly? NoticeDeadline,
        IReadOnlyList<ObligationRow> Obligations);
    public sealed record IncidentRow(Guid Id, IncidentType Type, string Title, IncidentStatus Status, DateTimeOffset DetectedAt, DateTimeOffset ReportedAt);
    public sealed record CoverageCounts(int Supported, int Weak, int Missing, DateTimeOffset ComputedAt);
    public sealed record TimelineRow(DateTimeOffset At, string Actor, string Event, string Subject);

    public VendorView Vendor { get; private set; } = null!;

    /// <summary>The latest assessment's claimed and verified score and rating (ADR-026); null without one or when it cannot be scored.</summary>
    public Domain.Evidence.AssuranceVerdict? Verdict { get; private set; }
    public AssessmentView? Latest { get; private set; }
    /// <summary>An assessment newer than <see cref="Latest"/> that is still open (sent, answered or in review).</summary>
    public (Guid Id, string Title, AssessmentStatus Status)? Open { get; private set; }
    public IReadOnlyList<FindingRow>? Findings { get; private set; }
    public IReadOnlyList<ConditionRow> Conditions { get; private set; } = [];
    public IReadOnlyList<AcceptedRiskRow> AcceptedRisks { get; private set; } = [];
    public IReadOnlyList<AiSystemView> AiSystems { get; private set; } = [];
    public IReadOnlyList<DocumentRow> Documents { get; private set; } = [];
    public IReadOnlyList<TimelineRow> Timeline { get; private set; } = [];
    public IReadOnlyList<ReviewFindingRow> ReviewFindings { get; private set; } = [];
    public IReadOnlyList<ContractRow> Contracts { get; private set; } = [];
    public IReadOnlyList<IncidentRow> Incidents { get; private set; } = [];
    /// <summary>The stored coverage counts (ADR-016), when the portfolio has computed them.</summary>
    public CoverageCounts? Coverage { get; private set; }
    public int TimelineCount { get; private set; }
    public int TimelinePages => Math.Max(1, (TimelineCount + TimelinePageSize - 1) / TimelinePageSize);

    /// <summary>The timeline page shown, from 1 (clamped to the pages there are).</summary>
    public int TimelinePage { get; private set; } = 1;

    public string Slug => tenant.Slug!;
    public DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    public bool IsExpired(DocumentRow d) => d.ExpiresOn is { } e && e < Today;

    public bool ExpiresSoon(DocumentRow d) => d.ExpiresOn is { } e && e >= Today && e <= Today.AddDays(ExpiryWarningDays);

    internal async Task<bool> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        var vendor = await db.Vendors.AsNoTracking().Where(v => v.Id == id)
            .Select(v => new VendorView(v.Id, v.LegalName, v.Status, v.Criticality, v.InherentTier, v.ComputedTier, v.TierOverrideJustification,
                v.TieredAt, db.Users.Where(u => u.Id == v.BusinessOwnerUserId).Select(u => u.DisplayName).FirstOrDefault()))
            .SingleOrDefaultAsync(cancellationToken);
        if (vendor is null) return false;
        Vendor = vendor;

        await LoadAssessmentAsync(id, cancellationToken);
        await LoadAiSystemsAsync(id, cancellationToken);
        Documents = await db.EvidenceRecords.AsNoTracking().Where(d => d.VendorId == id && d.Review != Domain.Evidence.EvidenceReview.Rejected)
            .OrderBy(d => d.ValidUntil == null).ThenBy(d => d.ValidUntil).ThenBy(d => d.FileName)
            .Select(d => new DocumentRow(d.Id, d.Kind, d.FileName, d.DocumentDate, d.ValidUntil, d.Review, d.ByVendor)).ToListAsync(cancellationToken);
        await LoadReviewFindingsAsync(id, cancellationToken);
        await LoadContractsAsync(id, cancellationToken);
        Incidents = await db.Incidents.AsNoTracking().Where(i => i.VendorId == id).OrderByDescending(i => i.DetectedAt)
            .Select(i => new IncidentRow(i.Id, i.Type, i.Title, i.Status, i.DetectedAt, i.ReportedAt)).ToListAsync(cancellationToken);
        Coverage = await db.Set<CoverageSnapshot>().AsNoTracking().Where(s => s.VendorId == id)
            .Select(s => new CoverageCounts(s.Supported, s.Weak, s.Missing, s.ComputedAt)).SingleOrDefaultAsync(cancellationToken);
        await LoadTimelineAsync(id, cancellationToken);
        return true;
    }

    private async Task LoadAssessmentAsync(Guid vendorId, CancellationToken cancellationToken)
    {
        var latest = (await AssessmentFindings.LatestAsync(db, vendorId, cancellationToken)).SingleOrDefault();
        if (latest is not null)
        {
            Latest = await db.Assessments.AsNoTracking().Where(a => a.Id == latest.Id)
                .Select(a => new AssessmentView(a.Id, a.Title, a.TemplateKey, a.TemplateVersion, a.Status, a.SubmittedAt!.Value, a.DecidedAt, a.Score,
                    a.DecisionNote,
                    a.ResidualLikelihood != null && a.ResidualImpact != null
                        ? "r:" + a.ResidualLikelihood + ":" + a.ResidualImpact
                        : db.Set<WorkflowInstance>().Where(i => i.AssessmentId == a.Id).Select(i => i.ResidualRisk).FirstOrDefault(),
                    db.Set<WorkflowInstance>().Where(i => i.AssessmentId == a.Id).Select(i => i.Status).FirstOrDefault()))
                .SingleAsync(cancellationToken);
            var raised = await AssessmentFindings.EvaluateAsync(db, tenant.TenantId!.Value, latest.Id, latest.TemplateId, latest.ContentHash, Today,
                cancellationToken);
            Findings = raised?.Select(f => new FindingRow(f.ItemId, f.Severity, f.Title, string.Join(", ", f.Controls))).ToList();
            var assessment = await db.Assessments.AsNoTracking().SingleAsync(a => a.Id == latest.Id, cancellationToken);
            Verdict = await AssessmentVerdicts.LoadAsync(db, assessment, cancellationToken);
        }

        var open = await db.Assessments.AsNoTracking()
            .Where(a => a.VendorId == vendorId && (a.Status == AssessmentStatus.Sent || a.Status == AssessmentStatus.InProgress
                || a.Status == AssessmentStatus.Submitted || a.Status == AssessmentStatus.InReview || a.Status == AssessmentStatus.ClarificationRequested)
                && a.Id != (latest != null ? latest.Id : Guid.Empty))
            .OrderByDescending(a => a.CreatedAt).Select(a => new { a.Id, a.Title, a.Status }).FirstOrDefaultAsync(cancellationToken);
        if (open is not null) Open = (open.Id, open.Title, open.Status);

        // Conditions and accepted risks from the same source as the PDF report, the exports and the API (DecisionRecords).
        var decided = await db.Assessments.AsNoTracking().Where(a => a.VendorId == vendorId && a.DecidedAt != null)
            .OrderByDescending(a => a.DecidedAt).Select(a => new { a.Id, a.Title }).ToListAsync(cancellationToken);
        var facts = await Assessments.DecisionRecords.LoadAsync(db, [.. decided.Select(a => a.Id)], Today, cancellationToken);
        Conditions = [.. decided.SelectMany(a => facts.GetValueOrDefault(a.Id)?.Conditions.Select(c => new ConditionRow(a.Id, a.Title, c)) ?? [])
            .OrderBy(c => c.Condition.State is "Closed" or "Not tracked" ? 1 : 0).ThenBy(c => c.Condition.DueOn)];
        AcceptedRisks = [.. decided.SelectMany(a => facts.GetValueOrDefault(a.Id)?.AcceptedRisks.Select(r => new AcceptedRiskRow(a.Id, a.Title, r)) ?? [])];
    }

    /// <summary>Findings reviewers raised on any of the vendor's assessments that are still open, most severe first.</summary>
    private async Task LoadReviewFindingsAsync(Guid vendorId, CancellationToken cancellationToken)
    {
        var rows = await db.ReviewFindings.AsNoTracking()
            .Where(f => f.Status == FindingStatus.Open || f.Status == FindingStatus.RemediationProposed)
            .Join(db.Assessments.Where(a => a.VendorId == vendorId), f => f.AssessmentId, a => a.Id,
                (f, a) => new ReviewFindingRow(f.Id, f.Severity, f.Title, f.Status, f.DueOn, a.Title))
            .ToListAsync(cancellationToken);
        ReviewFindings = rows.OrderByDescending(f => f.Severity).ThenBy(f => f.DueOn).ToList();
    }

    /// <summary>Contracts with their obligations: each obligation's next open due date and how many of its occurrences are overdue.</summary>
    private async Task LoadContractsAsync(Guid vendorId, CancellationToken cancellationToken)
    {
        var contracts = await db.Set<Contract>().AsNoTracking().Where(c => c.VendorId == vendorId).OrderBy(c => c.StartsOn)
            .Select(c => new { c.Id, c.Title, c.Reference, c.StartsOn, c.EndsOn, c.NoticePeriodDays }).ToListAsync(cancellationToken);
        var obligations = await db.Set<Obligation>().AsNoTracking().Where(o => o.VendorId == vendorId)
            .Select(o => new { o.Id, o.ContractId, o.Title, o.Recurrence }).ToListAsync(cancellationToken);
        var ids = obligations.Select(o => o.Id).ToList();
        var open = await db.Set<ObligationOccurrence>().AsNoTracking().Where(o => ids.Contains(o.ObligationId) && o.Status == OccurrenceStatus.Open)
            .Select(o => new { o.Id, o.ObligationId, o.DueOn }).ToListAsync(cancellationToken);
        var today = Today;
        Contracts = contracts.Select(c => new ContractRow(c.Id, c.Title, c.Reference, c.StartsOn, c.EndsOn,
                c.EndsOn is { } end && c.NoticePeriodDays is { } days ? end.AddDays(-days) : null,
                obligations.Where(o => o.ContractId == c.Id).Select(o =>
                {
                    var next = open.Where(x => x.ObligationId == o.Id).OrderBy(x => x.DueOn).FirstOrDefault();
                    return new ObligationRow(o.Id, o.Title, o.Recurrence, next?.Id, next?.DueOn, open.Count(x => x.ObligationId == o.Id && x.DueOn < today));
                }).OrderBy(o => o.NextDueOn ?? DateOnly.MaxValue).ThenBy(o => o.Title, StringComparer.OrdinalIgnoreCase).ToList()))
            .ToList();
    }

    private async Task LoadAiSystemsAsync(Guid vendorId, CancellationToken cancellationToken)
    {
        var systems = await db.AiSystems.AsNoTracking().Where(s => s.VendorId == vendorId).OrderBy(s => s.Name)
            .Select(s => new { s.Id, s.Name, s.RevisionNumber, s.UpdatedAt }).ToListAsync(cancellationToken);
        var ids = systems.Select(s => s.Id).ToList();
        var dependencies = await db.AiSystemDependencies.AsNoTracking().Where(d => ids.Contains(d.AiSystemId))
            .Select(d => new { d.AiSystemId, d.Kind, d.Name }).ToListAsync(cancellationToken);
        var revisions = await db.AiSystemRevisions.AsNoTracking().Where(r => ids.Contains(r.AiSystemId) && r.IsMaterial)
            .OrderByDescending(r => r.Number)
            .Select(r => new
            {
                r.AiSystemId, r.Number, r.ChangedAt, r.ChangesJson,
                By = db.Users.Where(u => u.Id == r.ChangedByUserId).Select(u => u.DisplayName).FirstOrDefault(),
            })
            .ToListAsync(cancellationToken);
        AiSystems = systems.Select(s => new AiSystemView(s.Id, s.Name, s.RevisionNumber, s.UpdatedAt,
                dependencies.Where(d => d.AiSystemId == s.Id).OrderBy(d => d.Kind).ThenBy(d => d.Name, StringComparer.OrdinalIgnoreCase)
                    .Select(d => d.Kind == DependencyKind.FoundationModelProvider ? $"{d.Name} (foundation model)" : $"{d.Name} (subprocessor)").ToList(),
                revisions.Where(r => r.AiSystemId == s.Id)
                    .Select(r => new ChangeRow(r.Number, r.ChangedAt, r.By,
                        (System.Text.Json.JsonSerializer.Deserialize<List<ProfileChange>>(r.ChangesJson) ?? []).Where(c => c.IsMaterial).ToList()))
                    .ToList()))
            .ToList();
    }

    private async Task LoadTimelineAsync(Guid vendorId, CancellationToken cancellationToken)
    {
        // Everything the trail knows about the vendor and what belongs to it, by entity id.
        var assessmentIds = await db.Assessments.Where(a => a.VendorId == vendorId).Select(a => a.Id).ToListAsync(cancellationToken);
        var instanceIds = await db.Set<WorkflowInstance>().Where(i => assessmentIds.Contains(i.AssessmentId)).Select(i => i.Id).ToListAsync(cancellationToken);
        var entityIds = new List<Guid> { vendorId };
        entityIds.AddRange(assessmentIds);
        entityIds.AddRange(instanceIds);
        entityIds.AddRange(await db.AiSystems.Where(s => s.VendorId == vendorId).Select(s => s.Id).ToListAsync(cancellationToken));
        entityIds.AddRange(await db.VendorContacts.Where(c => c.VendorId == vendorId).Select(c => c.Id).ToListAsync(cancellationToken));
        entityIds.AddRange(await db.EvidenceFiles.Where(e => assessmentIds.Contains(e.AssessmentId)).Select(e => e.Id).ToListAsync(cancellationToken));
        entityIds.AddRange(await db.EvidenceRecords.Where(e => e.VendorId == vendorId).Select(e => e.Id).ToListAsync(cancellationToken));
        entityIds.AddRange(await db.ReviewFindings.Where(f => assessmentIds.Contains(f.AssessmentId)).Select(f => f.Id).ToListAsync(cancellationToken));
        entityIds.AddRange(await db.Set<Contract>().Where(c => c.VendorId == vendorId).Select(c => c.Id).ToListAsync(cancellationToken));
        var obligationIds = await db.Set<Obligation>().Where(o => o.VendorId == vendorId).Select(o => o.Id).ToListAsync(cancellationToken);
        entityIds.AddRange(obligationIds);
        entityIds.AddRange(await db.Set<ObligationOccurrence>().Where(o => obligationIds.Contains(o.ObligationId)).Select(o => o.Id).ToListAsync(cancellationToken));
        entityIds.AddRange(await db.Incidents.Where(i => i.VendorId == vendorId).Select(i => i.Id).ToListAsync(cancellationToken));
        var keys = entityIds.Select(i => i.ToString()).ToList();

        var audit = db.AuditEvents.AsNoTracking().Where(e => e.EntityId != null && keys.Contains(e.EntityId));
        var journal = db.Set<WorkflowJournalEntry>().AsNoTracking().Where(j => instanceIds.Contains(j.InstanceId));
        TimelineCount = await audit.CountAsync(cancellationToken) + await journal.CountAsync(cancellationToken);
        TimelinePage = Math.Clamp(TimelinePage, 1, TimelinePages);
        var needed = TimelinePage * TimelinePageSize;

        // Newest first across both sources: the first page*size of each, merged, then the page's slice.
        var auditRows = await audit.OrderByDescending(e => e.Sequence).Take(needed)
            .Select(e => new { e.OccurredAt, e.ActorName, e.Action, e.EntityType, e.Sequence }).ToListAsync(cancellationToken);
        var journalRows = await journal.OrderByDescending(j => j.At).ThenByDescending(j => j.Sequence).Take(needed)
            .Select(j => new
            {
                j.At, j.FromActivityId, j.ToActivityId, j.Outcome,
                By = db.Users.Where(u => u.Id == j.ByUserId).Select(u => u.DisplayName).FirstOrDefault(),
            })
            .ToListAsync(cancellationToken);
        Timeline = auditRows.Select(e => (Order: 1, Row: new TimelineRow(e.OccurredAt, e.ActorName ?? "system", Describe(e.Action), Subject(e.EntityType))))
            .Concat(journalRows.Select(j => (Order: 0, Row: new TimelineRow(j.At, j.By ?? "system",
                $"Review workflow: {Words(j.FromActivityId ?? "start")} to {Words(j.ToActivityId ?? "end")} ({Words(j.Outcome)})", "Review"))))
            .OrderByDescending(x => x.Row.At).ThenByDescending(x => x.Order)
            .Skip((TimelinePage - 1) * TimelinePageSize).Take(TimelinePageSize)
            .Select(x => x.Row).ToList();
    }

    /// <summary>"review.vote-cast" reads "Review: vote cast".</summary>
    public static string Describe(string action)
    {
        var dot = action.IndexOf('.', StringComparison.Ordinal);
        if (dot < 0) return Words(action);
        var area = Words(action[..dot]);
        // "ai-system" reads "AI system", not "Ai system".
        area = area.StartsWith("ai ", StringComparison.Ordinal) ? "AI" + area[2..] : $"{char.ToUpper(area[0], CultureInfo.InvariantCulture)}{area[1..]}";
        return $"{area}: {Words(action[(dot + 1)..]).ToLowerInvariant()}";
    }

    private static string Subject(string? entityType) => entityType switch
    {
        "Vendor" => "Vendor",
        "Assessment" => "Assessment",
        "WorkflowInstance" => "Review",
        "AiSystem" => "AI system",
        "VendorContact" => "Contact",
        "EvidenceFile" or "EvidenceRecord" => "Evidence",
        "ReviewFinding" => "Finding",
        "Contract" => "Contract",
        "Obligation" or "ObligationOccurrence" => "Obligation",
        "Incident" => "Incident",
        null => "",
        _ => Words(entityType),
    };

    /// <summary>"ai-governance-review" and "approveWithConditions" read as words.</summary>
    public static string Words(string value)
    {
        var spaced = System.Text.RegularExpressions.Regex.Replace(value.Replace('-', ' ').Replace('_', ' ').Replace('.', ' '),
            "([a-z])([A-Z])", "$1 $2", System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromMilliseconds(100));
        return spaced.ToLowerInvariant();
    }

    /// <summary>The reviewers' rating ("High, likelihood 3 x impact 4") when stored on the assessment, else the workflow's level.</summary>
    public static string DescribeResidual(string residual)
    {
        if (residual.StartsWith("r:", StringComparison.Ordinal) && residual.Split(':') is [_, var l, var i]
            && int.TryParse(l, CultureInfo.InvariantCulture, out var likelihood) && int.TryParse(i, CultureInfo.InvariantCulture, out var impact))
        {
            var level = Domain.Reviews.ResidualRisk.Level(likelihood, impact);
            return $"{char.ToUpperInvariant(level[0])}{level[1..]}, likelihood {likelihood} x impact {impact}";
        }
        return residual.Length == 0 ? residual : char.ToUpperInvariant(residual[0]) + residual[1..];
    }

    public string PageLink(int page) => $"/t/{Slug}/risk-profile/{Vendor.Id}?timelinePage={page}#timeline-heading";

    public static string Utc(DateTimeOffset when) => when.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC";
}

/// <summary>A vendor's risk profile page, for any internal member (auditors included).</summary>
public sealed class RiskProfileQueries(AppDbContext db, TenantContext tenant, TimeProvider clock, Access access)
{
    public static readonly RolePermission Read = new("risk-profile.read", Domain.Tenancy.TenantRolesExtensions.Internal);

    /// <summary>The profile of a vendor of this tenant with timeline page <paramref name="timelinePage"/>; another tenant's is not found.</summary>
    public async Task<Outcome<RiskProfileView>> ProfileAsync(Guid vendorId, int timelinePage, CancellationToken cancellationToken)
    {
        if (await access.DemandAsync(Read) is { } forbidden) return forbidden;
        var view = new RiskProfileView(db, tenant, clock, timelinePage);
        return await view.LoadAsync(vendorId, cancellationToken) ? view : Fail.NotFound("There is no such vendor.");
    }
}
