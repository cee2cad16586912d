using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using VendorRisk.Application.Common;
using VendorRisk.Domain.Audit;
using VendorRisk.Domain.Tenancy;
using VendorRisk.Infrastructure.Audit;
using VendorRisk.Infrastructure.Exports;
using VendorRisk.Infrastructure.Persistence;

namespace VendorRisk.Application.AuditTrail;

/// <summary>Filters of the trail; they combine with AND. <paramref name="From"/> and <paramref name="To"/> are UTC days, inclusive.</summary>
public sealed record AuditFilter(string? Actor = null, string? Action = null, string? EntityType = null, string? EntityId = null,
    DateOnly? From = null, DateOnly? To = null);

public sealed record AuditRow(long Sequence, DateTimeOffset OccurredAt, string? ActorName, Guid? ActorUserId, string? IpAddress,
    string Action, string? EntityType, string? EntityId, string DetailsJson)
{
    public string Actor => ActorName ?? ActorUserId?.ToString() ?? "system";
    public string Entity => EntityType is null ? "" : EntityId is null ? EntityType : $"{EntityType} {EntityId}";
    public string Details => DetailsJson == "{}" ? "" : DetailsJson;
}

/// <summary>
/// One page of the trail, newest first, with the choices of the action and entity-type filters and the result of verifying the hash
/// chain. <paramref name="IgnoredFilters"/>: filters that break a rule, each with its message; the page was read without them.
/// </summary>
public sealed record AuditTrailPage(PageOf<AuditRow> Events, IReadOnlyList<string> Actions, IReadOnlyList<string> EntityTypes,
    AuditChainVerification Verification, IReadOnlyList<FieldError> IgnoredFilters);

/// <summary>A download of the trail.</summary>
public sealed record AuditExport(string FileName, byte[] Content, string ContentType);

/// <summary>
/// The tenant's audit trail for its admins and auditors: filtered and paged, exported as CSV (formula-safe cells), and its hash chain
/// verified. The query filter keeps every read to the chain of the tenant entered.
/// </summary>
public sealed class AuditTrailQueries(AppDbContext db, Access access, AuditVerifier verifier, AuditAnchors anchors, AuditKeyRing keys, TimeProvider clock)
{
    public static readonly RolePermission Read = new("audit.read", TenantRoles.TenantAdmin | TenantRoles.Auditor);

    public const int ActorFilterMaxLength = 200;

    public async Task<Outcome<AuditTrailPage>> TrailAsync(AuditFilter filter, int page, int pageSize, CancellationToken cancellationToken)
    {
        if (await access.DemandAsync(Read) is { } forbidden) return forbidden;
        var problems = Check(filter);
        var query = Filtered(filter, problems);
        var total = await query.CountAsync(cancellationToken);
        page = Math.Clamp(page, 1, Math.Max(1, (total + pageSize - 1) / pageSize));
        var rows = await Project(query.OrderByDescending(e => e.Sequence).Skip((page - 1) * pageSize).Take(pageSize)).ToListAsync(cancellationToken);
        var actions = await db.AuditEvents.Select(e => e.Action).Distinct().OrderBy(a => a).ToListAsync(cancellationToken);
        var entityTypes = await db.AuditEvents.Where(e => e.EntityType != null).Select(e => e.EntityType!).Distinct()
            .OrderBy(t => t).ToListAsync(cancellationToken);
        var verification = await verifier.VerifyCurrentChainAsync(cancellationToken);
        return new AuditTrailPage(new PageOf<AuditRow>(rows, page, pageSize, total), actions, entityTypes, verification, problems);
    }

    /// <summary>Every event the filter selects, oldest first, as CSV; Invalid when a filter breaks a rule.</summary>
    public async Task<Outcome<AuditExport>> ExportCsvAsync(AuditFilter filter, CancellationToken cancellationToken)
    {
        if (await access.DemandAsync(Read) is { } forbidden) return forbidden;
        if (Check(filter) is { Count: > 0 } problems) return Fail.Invalid(problems);

        var csv = new StringBuilder();
        SpreadsheetSafe.AppendCsvRow(csv, "Sequence", "Time (UTC)", "Actor", "Actor id", "IP address", "Action", "Entity type", "Entity id", "Details");
        await foreach (var r in Project(Filtered(filter, []).OrderBy(e => e.Sequence)).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            SpreadsheetSafe.AppendCsvRow(csv, r.Sequence.ToString(CultureInfo.InvariantCulture),
                r.OccurredAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                r.ActorName, r.ActorUserId?.ToString(), r.IpAddress, r.Action, r.EntityType, r.EntityId, r.DetailsJson);
        }
        var fileName = $"audit-{access.Tenant.Slug}-{clock.GetUtcNow():yyyyMMdd-HHmmss}.csv";
        return new AuditExport(fileName, SpreadsheetSafe.Utf8WithBom(csv), "text/csv; charset=utf-8");
    }

    /// <summary>
    /// The whole chain with its signed checkpoints and the checkpoint key's public half, as JSON lines to keep and verify offline with
    /// <c>tools/verify-audit.cs</c> (ADR-036). Checkpoints from before ADR-036 (HMAC, verifiable by the portal only) are left out.
    /// </summary>
    public async Task<Outcome<AuditExport>> ChainDownloadAsync(CancellationToken cancellationToken)
    {
        if (await access.DemandAsync(Read) is { } forbidden) return forbidden;
        var chain = access.Tenant.TenantId!.Value;
        var events = await verifier.EventsAsync(cancellationToken);
        var checkpoints = (await anchors.ReadAsync(chain, cancellationToken)).Checkpoints.Where(c => c.Signature is not null).ToList();
        var now = clock.GetUtcNow();
        var content = AuditChainBundle.Write(chain, access.Tenant.Slug ?? "", events, checkpoints, keys.PublicKeyPem, keys.SignerId, keys.Signers, now);
        return new AuditExport($"audit-chain-{access.Tenant.Slug}-{now:yyyyMMdd-HHmmss}.jsonl", content, "application/x-ndjson");
    }

    /// <summary>The public key that checkpoints are signed with (PEM), to keep apart from the downloads it verifies.</summary>
    public async Task<Outcome<AuditExport>> SigningKeyAsync()
    {
        if (await access.DemandAsync(Read) is { } forbidden) return forbidden;
        return new AuditExport($"vendorrisk-audit-signing-key-{keys.SignerId}.pem", Encoding.ASCII.GetBytes(keys.PublicKeyPem), "application/x-pem-file");
    }

    /// <summary>The fingerprint of the checkpoint signing key, shown on the page and in the checkpoint e-mails.</summary>
    public string SignerId => keys.SignerId;

    private static List<FieldError> Check(AuditFilter filter)
    {
        var problems = new List<FieldError>();
        void Limit(string field, string? value, int max)
        {
            if (value?.Length > max) problems.Add(new(field, $"Use at most {max} characters."));
        }
        Limit(nameof(filter.Actor), filter.Actor, ActorFilterMaxLength);
        Limit(nameof(filter.Action), filter.Action, AuditEvent.ActionMaxLength);
        Limit(nameof(filter.EntityType), filter.EntityType, AuditEvent.EntityTypeMaxLength);
        Limit(nameof(filter.EntityId), filter.EntityId, AuditEvent.EntityIdMaxLength);
        if (filter.From is { } from && filter.To is { } to && from > to) problems.Add(new(nameof(filter.To), "The end date must be on or after the start date."));
        return problems;
    }

    /// <summary>The filters that keep their rules; one that breaks its rule (in <paramref name="problems"/>) is left out.</summary>
    private IQueryable<AuditEvent> Filtered(AuditFilter filter, List<FieldError> problems)
    {
        var query = db.AuditEvents.AsNoTracking();
        bool Valid(string field) => problems.All(p => p.Field != field);

        if (!string.IsNullOrWhiteSpace(filter.Actor) && Valid(nameof(filter.Actor)))
        {
            var pattern = "%" + Like.Escape(filter.Actor.Trim()) + "%";
            query = query.Where(e => e.ActorName != null && EF.Functions.Like(e.ActorName, pattern, Like.EscapeCharacter));
        }
        if (!string.IsNullOrWhiteSpace(filter.Action) && Valid(nameof(filter.Action)))
            query = query.Where(e => e.Action == filter.Action);
        if (!string.IsNullOrWhiteSpace(filter.EntityType) && Valid(nameof(filter.EntityType)))
            query = query.Where(e => e.EntityType == filter.EntityType);
        if (!string.IsNullOrWhiteSpace(filter.EntityId) && Valid(nameof(filter.EntityId)))
        {
            var entityId = filter.EntityId.Trim();
            query = query.Where(e => e.EntityId == entityId);
        }
        if (Valid(nameof(filter.To)))
        {
            if (filter.From is { } from)
            {
                var start = new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
                query = query.Where(e => e.OccurredAt >= start);
            }
            // The last day of the calendar has no next day: no upper bound then (9999-12-31 answered 500, issue 16 item 9).
            if (filter.To is { } to && to < DateOnly.MaxValue)
            {
                var end = new DateTimeOffset(to.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
                query = query.Where(e => e.OccurredAt < end);
            }
        }
        return query;
    }

    private static IQueryable<AuditRow> Project(IQueryable<AuditEvent> query) =>
        query.Select(e => new AuditRow(e.Sequence, e.OccurredAt, e.ActorName, e.ActorUserId, e.IpAddress, e.Action, e.EntityType, e.EntityId, e.DetailsJson));
}
