using Microsoft.EntityFrameworkCore;
using VendorRisk.Domain.Assessments;
using VendorRisk.Domain.Contracts;
using VendorRisk.Domain.Evidence;
using VendorRisk.Domain.Reports;
using VendorRisk.Domain.Reviews;
using VendorRisk.Infrastructure.Persistence;
using VendorRisk.Infrastructure.Reports;
using VendorRisk.Infrastructure.Tenancy;
using VendorRisk.Infrastructure.Exports;
using VendorRisk.Application.Reports;
using VendorRisk.Application.Assessments;

namespace VendorRisk.Application.Exports;

/// <summary>
/// The rows of each export kind, read from the current tenant (query filters) in chunks, written to a sink, with
/// progress reported as a share of the source rows done. The same code serves a direct download and a job.
/// </summary>
public sealed class ExportBuilder(AppDbContext db, TenantContext tenant, TimeProvider clock)
{
    private const int Chunk = 500;

    public static readonly IReadOnlyList<string> VendorColumns =
        ["Vendor", "Status", "Criticality", "Tier", "Computed tier", "Tier override justification", "Country", "Website", "Business owner", "Created (UTC)"];

    public static readonly IReadOnlyList<string> FindingColumns =
        ["Vendor", "Assessment", "Questionnaire", "Version", "Assessment status", "Submitted (UTC)", "Finding id", "Severity", "Finding", "Controls",
            "Source", "Finding status", "Treatment", "Due date", "Risk accepted until"];

    public static readonly IReadOnlyList<string> DecisionColumns =
        ["Vendor", "Assessment", "Questionnaire", "Version", "Outcome", "Decided (UTC)", "Residual risk", "Committee votes", "Score", "Decision note",
            "Residual rating", "Likelihood", "Impact", "Reviewer decisions", "Votes", "Conditions", "Review findings", "Open review findings", "Accepted risks",
            "Claimed score", "Verified score", "Rating", "Unverified"];

    public static readonly IReadOnlyList<string> ObligationColumns =
        ["Vendor", "Contract", "Contract reference", "Obligation", "Type", "Clause", "Recurrence", "Due date", "Status", "Overdue", "Closed (UTC)",
            "Note", "Owner"];

    public static string Title(ExportKind kind) => kind switch
    {
        ExportKind.Vendors => "Vendors",
        ExportKind.Findings => "Findings of latest assessments",
        ExportKind.Obligations => "Obligations",
        _ => "Decisions",
    };

    public static string FileName(ExportKind kind, ExportFormat format, string tenantSlug, DateTimeOffset at) =>
        $"{kind.ToString().ToLowerInvariant()}-{tenantSlug}-{at.UtcDateTime:yyyyMMdd-HHmmss}.{(format == ExportFormat.Csv ? "csv" : "xlsx")}";

    public static string ContentType(ExportFormat format) => format == ExportFormat.Csv
        ? "text/csv; charset=utf-8"
        : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static IExportSink Sink(ExportFormat format, Stream output, ExportKind kind) => format == ExportFormat.Csv
        ? new CsvExportSink(output)
        : new XlsxExportSink(output, kind.ToString());

    /// <summary>
    /// How much work an export is, in source rows: vendors, latest assessments to evaluate, or decided
    /// assessments. Compared with the direct-download limit (ADR-012).
    /// </summary>
    public async Task<int> CountSourceRowsAsync(ExportKind kind, CancellationToken cancellationToken) => kind switch
    {
        ExportKind.Vendors => await db.Vendors.CountAsync(cancellationToken),
        ExportKind.Findings => await db.Assessments.Where(a => a.SubmittedAt != null && a.Status != AssessmentStatus.Cancelled)
            .Select(a => a.VendorId).Distinct().CountAsync(cancellationToken),
        ExportKind.Obligations => await db.Set<ObligationOccurrence>().CountAsync(cancellationToken),
        _ => await Decided().CountAsync(cancellationToken),
    };

    /// <summary>Writes the header and every row; returns the number of data rows.</summary>
    public async Task<int> WriteAsync(ExportKind kind, IExportSink sink, Func<int, Task>? progress, CancellationToken cancellationToken)
    {
        var rows = kind switch
        {
            ExportKind.Vendors => await WriteVendorsAsync(sink, progress, cancellationToken),
            ExportKind.Findings => await WriteFindingsAsync(sink, progress, cancellationToken),
            ExportKind.Obligations => await WriteObligationsAsync(sink, progress, cancellationToken),
            _ => await WriteDecisionsAsync(sink, progress, cancellationToken),
        };
        await sink.CompleteAsync(cancellationToken);
        return rows;
    }

    private static async Task ReportAsync(Func<int, Task>? progress, int done, int total)
    {
        if (progress is not null && total > 0) await progress((int)(done * 100L / total));
    }

    private async Task<int> WriteVendorsAsync(IExportSink sink, Func<int, Task>? progress, CancellationToken cancellationToken)
    {
        await sink.WriteHeaderAsync(VendorColumns, cancellationToken);
        var total = await db.Vendors.CountAsync(cancellationToken);
        var written = 0;
        for (var skip = 0; skip < total; skip += Chunk)
        {
            var chunk = await db.Vendors.AsNoTracking().OrderBy(v => v.LegalName).ThenBy(v => v.Id).Skip(skip).Take(Chunk)
                .Select(v => new
                {
                    v.LegalName, v.Status, v.Criticality, v.InherentTier, v.ComputedTier, v.TierOverrideJustification, v.Country, v.Website,
                    Owner = db.Users.Where(u => u.Id == v.BusinessOwnerUserId).Select(u => u.DisplayName).FirstOrDefault(),
                    v.CreatedAt,
                })
                .ToListAsync(cancellationToken);
            foreach (var v in chunk)
            {
                await sink.WriteRowAsync([v.LegalName, v.Status.ToString(), v.Criticality.ToString(), v.InherentTier?.ToString(),
                    v.ComputedTier?.ToString(), v.TierOverrideJustification, v.Country, v.Website, v.Owner, v.CreatedAt], cancellationToken);
                written++;
            }
            await ReportAsync(progress, Math.Min(skip + Chunk, total), total);
        }
        return written;
    }

    private async Task<int> WriteFindingsAsync(IExportSink sink, Func<int, Task>? progress, CancellationToken cancellationToken)
    {
        await sink.WriteHeaderAsync(FindingColumns, cancellationToken);
        var latest = await AssessmentFindings.LatestAsync(db, null, cancellationToken);
        var vendorNames = await db.Vendors.AsNoTracking().Select(v => new { v.Id, v.LegalName }).ToDictionaryAsync(v => v.Id, v => v.LegalName, cancellationToken);
        var ordered = latest.OrderBy(a => vendorNames.GetValueOrDefault(a.VendorId), StringComparer.OrdinalIgnoreCase).ThenBy(a => a.Id).ToList();
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var written = 0;
        IReadOnlyDictionary<Guid, DecisionFacts> facts = new Dictionary<Guid, DecisionFacts>();
        for (var i = 0; i < ordered.Count; i++)
        {
            var a = ordered[i];
            // The reviewers' findings, loaded a chunk of assessments at a time (one set of queries per chunk, not per vendor).
            if (i % Chunk == 0) facts = await DecisionRecords.LoadAsync(db, [.. ordered.Skip(i).Take(Chunk).Select(x => x.Id)], today, cancellationToken);
            var findings = await AssessmentFindings.EvaluateAsync(db, tenant.TenantId!.Value, a.Id, a.TemplateId, a.ContentHash, today, cancellationToken);
            foreach (var f in findings ?? [])
            {
                await sink.WriteRowAsync([vendorNames.GetValueOrDefault(a.VendorId), a.Title, a.TemplateKey, a.TemplateVersion,
                    Assessment.Describe(a.Status), a.SubmittedAt, f.ItemId, f.Severity.ToString(), f.Title, string.Join(" ", f.Controls),
                    "Questionnaire", (string?)null, (string?)null, (DateOnly?)null, (DateOnly?)null], cancellationToken);
                written++;
            }
            // The findings reviewers raised, open and resolved, as the API's decision and the PDF report list them.
            foreach (var f in facts.GetValueOrDefault(a.Id)?.Findings ?? [])
            {
                await sink.WriteRowAsync([vendorNames.GetValueOrDefault(a.VendorId), a.Title, a.TemplateKey, a.TemplateVersion,
                    Assessment.Describe(a.Status), a.SubmittedAt, f.Id.ToString(), f.Severity.ToString(), f.Title, (string?)null,
                    "Review", DecisionRecords.StatusLabel(f.Status), f.Treatment.ToString(), f.DueOn, f.RiskAcceptedUntil], cancellationToken);
                written++;
            }
            if ((i + 1) % 20 == 0 || i + 1 == ordered.Count) await ReportAsync(progress, i + 1, ordered.Count);
        }
        return written;
    }

    private IQueryable<Assessment> Decided() => db.Assessments.Where(a => a.DecidedAt != null
        && (a.Status == AssessmentStatus.Approved || a.Status == AssessmentStatus.ApprovedWithConditions || a.Status == AssessmentStatus.Rejected));

    private async Task<int> WriteDecisionsAsync(IExportSink sink, Func<int, Task>? progress, CancellationToken cancellationToken)
    {
        await sink.WriteHeaderAsync(DecisionColumns, cancellationToken);
        var total = await Decided().CountAsync(cancellationToken);
        var written = 0;
        for (var skip = 0; skip < total; skip += Chunk)
        {
            var chunk = await Decided().AsNoTracking().OrderByDescending(a => a.DecidedAt).ThenBy(a => a.Id).Skip(skip).Take(Chunk)
                .Select(a => new
                {
                    a.Id,
                    Vendor = db.Vendors.Where(v => v.Id == a.VendorId).Select(v => v.LegalName).FirstOrDefault(),
                    a.Title, a.TemplateKey, a.TemplateVersion, a.Status, a.DecidedAt, a.Score, a.DecisionNote,
                })
                .ToListAsync(cancellationToken);
            // The residual rating, votes, reviewers and findings from the same source as GET /api/v1/decisions and the PDF report.
            var facts = await DecisionRecords.LoadAsync(db, [.. chunk.Select(a => a.Id)], DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime), cancellationToken);
            // Claimed and verified score and the rating from the same reader as the API, the pages and the PDF report (ADR-026).
            var verdicts = await AssessmentVerdicts.LoadManyAsync(db, [.. chunk.Select(a => a.Id)], cancellationToken);
            foreach (var a in chunk)
            {
                var f = facts.GetValueOrDefault(a.Id);
                await sink.WriteRowAsync([a.Vendor, a.Title, a.TemplateKey, a.TemplateVersion, Assessment.Describe(a.Status), a.DecidedAt,
                    f?.ResidualLevel, f?.Votes.Count ?? 0, a.Score, a.DecisionNote,
                    DecisionRecords.ResidualText(f), f?.Rating?.Likelihood, f?.Rating?.Impact,
                    f is null ? null : string.Join("\n", f.ReviewerDecisions.Select(DecisionRecords.ReviewerLine)),
                    f is null ? null : string.Join("\n", f.Votes.Select(DecisionRecords.VoteLine)),
                    f is null ? null : string.Join("\n", f.Conditions.Select(DecisionRecords.ConditionLine)),
                    f is null ? null : string.Join("\n", f.Findings.Select(DecisionRecords.FindingLine)),
                    f?.Findings.Count(x => x.IsOpen) ?? 0,
                    f is null ? null : string.Join("\n", f.AcceptedRisks.Select(DecisionRecords.AcceptedRiskLine)),
                    .. Assurance(verdicts.GetValueOrDefault(a.Id))], cancellationToken);
                written++;
            }
            await ReportAsync(progress, Math.Min(skip + Chunk, total), total);
        }
        return written;
    }

    /// <summary>The claimed score, verified score, rating and unverified part of a decided assessment, as the PDF report shows them.</summary>
    private static string?[] Assurance(AssuranceVerdict? verdict) => verdict is null
        ? [null, null, null, null]
        : [AssuranceVerdict.Figure(verdict.ClaimedScore), AssuranceVerdict.Figure(verdict.VerifiedScore), verdict.RatingLabel, verdict.UnverifiedText];

    /// <summary>One row per due date, by vendor, then due date; the type is the catalogue or tenant type's name.</summary>
    private async Task<int> WriteObligationsAsync(IExportSink sink, Func<int, Task>? progress, CancellationToken cancellationToken)
    {
        await sink.WriteHeaderAsync(ObligationColumns, cancellationToken);
        var total = await db.Set<ObligationOccurrence>().CountAsync(cancellationToken);
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var customTypes = await db.Set<ObligationType>().AsNoTracking().Select(t => new { t.Key, t.Name })
            .ToDictionaryAsync(t => t.Key, t => t.Name, StringComparer.Ordinal, cancellationToken);
        string TypeName(string key) => ShippedObligationTypes.Find(key)?.Name ?? customTypes.GetValueOrDefault(key) ?? key;
        var written = 0;
        for (var skip = 0; skip < total; skip += Chunk)
        {
            var chunk = await db.Set<ObligationOccurrence>().AsNoTracking()
                .Join(db.Set<Obligation>(), o => o.ObligationId, ob => ob.Id, (o, ob) => new { o, ob })
                .Join(db.Set<Contract>(), x => x.ob.ContractId, c => c.Id, (x, c) => new { x.o, x.ob, c })
                .Join(db.Vendors, x => x.ob.VendorId, v => v.Id, (x, v) => new
                {
                    Vendor = v.LegalName, VendorId = v.Id, Contract = x.c.Title, x.c.Reference, x.ob.Title, x.ob.TypeKey, x.ob.ClauseReference,
                    x.ob.Recurrence, x.o.DueOn, x.o.Status, x.o.ClosedAt, x.o.Note, x.o.Id,
                    Owner = db.Users.Where(u => u.Id == x.ob.OwnerUserId).Select(u => u.DisplayName).FirstOrDefault(),
                })
                .OrderBy(x => x.Vendor).ThenBy(x => x.VendorId).ThenBy(x => x.DueOn).ThenBy(x => x.Id).Skip(skip).Take(Chunk)
                .ToListAsync(cancellationToken);
            foreach (var o in chunk)
            {
                await sink.WriteRowAsync([o.Vendor, o.Contract, o.Reference, o.Title, TypeName(o.TypeKey), o.ClauseReference,
                    RecurrenceText.Describe(o.Recurrence), o.DueOn,
                    o.Status.ToString(), o.Status == OccurrenceStatus.Open && o.DueOn < today ? "Yes" : "No", o.ClosedAt, o.Note, o.Owner], cancellationToken);
                written++;
            }
            await ReportAsync(progress, Math.Min(skip + Chunk, total), total);
        }
        return written;
    }
}
