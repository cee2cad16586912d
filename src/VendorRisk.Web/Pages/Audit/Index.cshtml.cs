using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using VendorRisk.Application.AuditTrail;
using VendorRisk.Domain.Audit;
using VendorRisk.Web.Authorization;
using VendorRisk.Web.Forms;

namespace VendorRisk.Web.Pages.Audit;

/// <summary>
/// The tenant's audit trail for admins and auditors (<see cref="AuditTrailQueries"/>): filterable, paged, exportable as CSV, with the
/// result of verifying the hash chain. A filter that breaks a rule is reported next to its field and ignored.
/// </summary>
[Authorize(Policy = Policies.AuditRead)]
public sealed class IndexModel(AuditTrailQueries trail) : PageModel
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true)]
    [Display(Name = "Actor")]
    public string? Actor { get; set; }

    [BindProperty(SupportsGet = true, Name = "action")]
    [Display(Name = "Action")]
    public string? ActionName { get; set; }

    [BindProperty(SupportsGet = true)]
    [Display(Name = "Entity type")]
    public string? EntityType { get; set; }

    [BindProperty(SupportsGet = true)]
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

    public IReadOnlyList<AuditRow> Rows { get; private set; } = [];
    public int TotalCount { get; private set; }
    public int PageCount { get; private set; } = 1;
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

    private AuditFilter Filter => new(Actor, ActionName, EntityType, EntityId, From, To);

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var read = await trail.TrailAsync(Filter, PageNumber, PageSize, cancellationToken);
        if (!read.Succeeded) return this.Failure(read) ?? NotFound();
        var shown = read.Value!;
        // The action filter is bound from "action"; its message goes there.
        foreach (var ignored in shown.IgnoredFilters)
            ModelState.AddModelError(ignored.Field == nameof(AuditFilter.Action) ? "action" : ignored.Field, ignored.Message);
        (Rows, TotalCount, PageCount, PageNumber) = (shown.Events.Items, shown.Events.TotalCount, shown.Events.TotalPages, shown.Events.Page);
        (Actions, EntityTypes, Verification) = (shown.Actions, shown.EntityTypes, shown.Verification);
        return Page();
    }

    public async Task<IActionResult> OnGetCsvAsync(CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid) return await OnGetAsync(cancellationToken);
        var export = await trail.ExportCsvAsync(Filter, cancellationToken);
        if (export.Status == Application.Common.OutcomeStatus.Invalid) return await OnGetAsync(cancellationToken);
        if (!export.Succeeded) return this.Failure(export) ?? NotFound();
        return File(export.Value!.Content, export.Value.ContentType, export.Value.FileName);
    }

    /// <summary>The chain with its signed checkpoints, to verify offline (ADR-036).</summary>
    public async Task<IActionResult> OnGetChainAsync(CancellationToken cancellationToken)
    {
        var download = await trail.ChainDownloadAsync(cancellationToken);
        if (!download.Succeeded) return this.Failure(download) ?? NotFound();
        return File(download.Value!.Content, download.Value.ContentType, download.Value.FileName);
    }

    public async Task<IActionResult> OnGetSigningKeyAsync()
    {
        var key = await trail.SigningKeyAsync();
        if (!key.Succeeded) return this.Failure(key) ?? NotFound();
        return File(key.Value!.Content, key.Value.ContentType, key.Value.FileName);
    }

    public string SignerId => trail.SignerId;

    public static string Utc(DateTimeOffset when) =>
        when.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " UTC";
}
