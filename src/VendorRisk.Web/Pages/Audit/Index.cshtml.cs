using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using VendorRisk.Domain.Audit;
using VendorRisk.Infrastructure.Audit;
using VendorRisk.Infrastructure.Exports;
using VendorRisk.Infrastructure.Persistence;
using VendorRisk.Infrastructure.Tenancy;
using VendorRisk.Web.Authorization;

namespace VendorRisk.Web.Pages.Audit;

/// <summary>
/// The tenant's audit trail for admins and auditors: filterable, paged, exportable as CSV, with the result
/// of verifying the hash chain. The query filter keeps it to the current tenant's chain.
/// </summary>
[Authorize(Policy = Policies.AuditRead)]
public sealed class IndexModel(AppDbContext db, AuditVerifier verifier, TenantContext tenant, TimeProvider clock) : PageModel
{
    public const int PageSize = 50;
    private const int FilterMaxLength = 200;

    public sealed record Row(long Sequence, DateTimeOffset OccurredAt, string? ActorName, Guid? ActorUserId, string? IpAddress,
        string Action, string? EntityType, string? EntityId, string DetailsJson)
    {
        public string Actor => ActorName ?? ActorUserId?.ToString() ?? "system";
        public string Entity => EntityType is null ? "" : EntityId is null ? EntityType : $"{EntityType} {EntityId}";
        public string Details => DetailsJson == "{}" ? "" : DetailsJson;
    }

    [BindProperty(SupportsGet = true)]
    [StringLength(FilterMaxLength, ErrorMessage = "Use at most {1} characters.")]
    [Display(Name = "Actor")]
    public string? Actor { get; set; }

    [BindProperty(SupportsGet = true, Name = "action")]
    [StringLength(AuditEvent.ActionMaxLength, ErrorMessage = "Use at most {1} characters.")]
    [Display(Name = "Action")]
    public string? ActionName { get; set; }

    [BindProperty(SupportsGet = true)]
    [StringLength(AuditEvent.EntityTypeMaxLength, ErrorMessage = "Use at most {1} characters.")]
    [Display(Name = "Entity type")]
    public string? EntityType { get; set; }

    [BindProperty(SupportsGet = true)]
    [StringLength(AuditEvent.EntityIdMaxLength, ErrorMessage = "Use at most {1} characters.")]
    [Display(Name = "Entity id")]
    public string? EntityId { get; set; }

    /// <summary>First day shown (UTC), inclusive.</summary>
    [BindProperty(SupportsGet = true)]
    [Display(Name = "From (UTC)")]
    public DateOnly? From { get; set; }

    /// <summary>Last day shown (UTC), inclusive.</summary>
    [BindProperty(SupportsGet = true)]
    [Display(Name = "To (UTC)")]
    public DateOnly? To { get; set; }

    [BindProperty(SupportsGet = true)]
    public int PageNumber { get; set; } = 1;

    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public int TotalCount { get; private set; }
    public int PageCount => Math.Max(1, (TotalCount + PageSize - 1) / PageSize);
    public IReadOnlyList<string> Actions { get; private set; } = [];
    public IReadOnlyList<string> EntityTypes { get; private set; } = [];
    public AuditChainVerification Verification { get; private set; } = null!;

    /// <summary>The filters in use, for paging links and the CSV link.</summary>
    public Dictionary<string, string> FilterRoute
    {
        get
        {
            var route = new Dictionary<string, string>();
            void Add(string key, string? value)
            {
                if (!string.IsNullOrWhiteSpace(value)) route[key] = value;
            }
            Add("actor", Actor);
            Add("action", ActionName);
            Add("entityType", EntityType);
            Add("entityId", EntityId);
            Add("from", From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            Add("to", To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            return route;
        }
    }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        Validate();
        var query = Filtered();
        TotalCount = await query.CountAsync(cancellationToken);
        PageNumber = Math.Clamp(PageNumber, 1, PageCount);
        Rows = await Project(query.OrderByDescending(e => e.Sequence).Skip((PageNumber - 1) * PageSize).Take(PageSize))
            .ToListAsync(cancellationToken);
        Actions = await db.AuditEvents.Select(e => e.Action).Distinct().OrderBy(a => a).ToListAsync(cancellationToken);
        EntityTypes = await db.AuditEvents.Where(e => e.EntityType != null).Select(e => e.EntityType!).Distinct()
            .OrderBy(t => t).ToListAsync(cancellationToken);
        Verification = await verifier.VerifyCurrentChainAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnGetCsvAsync(CancellationToken cancellationToken)
    {
        Validate();
        if (!ModelState.IsValid) return await OnGetAsync(cancellationToken);

        var csv = new StringBuilder();
        SpreadsheetSafe.AppendCsvRow(csv, "Sequence", "Time (UTC)", "Actor", "Actor id", "IP address", "Action", "Entity type", "Entity id", "Details");
        await foreach (var r in Project(Filtered().OrderBy(e => e.Sequence)).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            SpreadsheetSafe.AppendCsvRow(csv, r.Sequence.ToString(CultureInfo.InvariantCulture),
                r.OccurredAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                r.ActorName, r.ActorUserId?.ToString(), r.IpAddress, r.Action, r.EntityType, r.EntityId, r.DetailsJson);
        }
        var fileName = $"audit-{tenant.Slug}-{clock.GetUtcNow():yyyyMMdd-HHmmss}.csv";
        return File(SpreadsheetSafe.Utf8WithBom(csv), "text/csv; charset=utf-8", fileName);
    }

    private void Validate()
    {
        if (From is { } from && To is { } to && from > to)
            ModelState.AddModelError(nameof(To), "The end date must be on or after the start date.");
    }

    /// <summary>The filters that are valid; an invalid one is reported next to its field and ignored.</summary>
    private IQueryable<AuditEvent> Filtered()
    {
        var query = db.AuditEvents.AsNoTracking();
        bool Valid(string key) => ModelState.GetFieldValidationState(key) != Microsoft.AspNetCore.Mvc.ModelBinding.ModelValidationState.Invalid;

        if (!string.IsNullOrWhiteSpace(Actor) && Valid(nameof(Actor)))
        {
            var pattern = "%" + EscapeLike(Actor.Trim()) + "%";
            query = query.Where(e => e.ActorName != null && EF.Functions.Like(e.ActorName, pattern, "\\"));
        }
        if (!string.IsNullOrWhiteSpace(ActionName) && Valid("action"))
            query = query.Where(e => e.Action == ActionName);
        if (!string.IsNullOrWhiteSpace(EntityType) && Valid(nameof(EntityType)))
            query = query.Where(e => e.EntityType == EntityType);
        if (!string.IsNullOrWhiteSpace(EntityId) && Valid(nameof(EntityId)))
        {
            var entityId = EntityId.Trim();
            query = query.Where(e => e.EntityId == entityId);
        }
        if (Valid(nameof(To)))
        {
            if (From is { } from && Valid(nameof(From)))
            {
                var start = new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
                query = query.Where(e => e.OccurredAt >= start);
            }
            if (To is { } to)
            {
                var end = new DateTimeOffset(to.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
                query = query.Where(e => e.OccurredAt < end);
            }
        }
        return query;
    }

    private static IQueryable<Row> Project(IQueryable<AuditEvent> query) =>
        query.Select(e => new Row(e.Sequence, e.OccurredAt, e.ActorName, e.ActorUserId, e.IpAddress, e.Action, e.EntityType, e.EntityId, e.DetailsJson));

    private static string EscapeLike(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);

    public static string Utc(DateTimeOffset when) =>
        when.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " UTC";
}
