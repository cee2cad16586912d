using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using VendorRisk.Infrastructure.Tenancy;
using VendorRisk.Application.Contracts;
using VendorRisk.Web.Forms;

namespace VendorRisk.Web.Pages.Obligations;

/// <summary>
/// Upcoming deadlines: a list of open occurrences (overdue first, then the next 90 days) or a month calendar
/// (<c>?view=calendar&amp;month=2026-12</c>); <c>mine=true</c> keeps the user's own obligations. Internal members read.
/// </summary>
public sealed class IndexModel(ObligationQueries obligations, TenantContext tenant, TimeProvider clock) : PageModel
{
    public const int ListDays = 90;

    public IReadOnlyList<DeadlineItem> Items { get; private set; } = [];
    public bool Calendar { get; private set; }
    public bool Mine { get; private set; }
    public DateOnly Month { get; private set; }
    public DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
    public string Slug => tenant.Slug!;

    /// <summary>The weeks (Monday first) that show <see cref="Month"/>; days of other months are null.</summary>
    public IReadOnlyList<DateOnly?[]> Weeks { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string? view, string? month, bool mine, CancellationToken cancellationToken)
    {
        Calendar = string.Equals(view, "calendar", StringComparison.OrdinalIgnoreCase);
        Mine = mine;
        var today = Today;
        Month = new DateOnly(today.Year, today.Month, 1);
        if (!string.IsNullOrEmpty(month))
        {
            if (!DateOnly.TryParseExact(month + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed)
                || parsed.Year is < 1900 or > 9000) return NotFound();
            Month = parsed;
        }
        var (first, last) = Calendar ? (Month, Month.AddMonths(1).AddDays(-1)) : (today, today.AddDays(ListDays));
        var items = await obligations.DeadlinesAsync(Calendar, first, last, mine, cancellationToken);
        if (!items.Succeeded) return this.Failure(items) ?? NotFound();
        Items = items.Value!;
        if (Calendar) Weeks = WeeksOf(Month);
        return Page();
    }

    public static IReadOnlyList<DateOnly?[]> WeeksOf(DateOnly month)
    {
        var weeks = new List<DateOnly?[]>();
        var lead = ((int)month.DayOfWeek + 6) % 7; // Monday = 0
        var day = month.AddDays(-lead);
        var next = month.AddMonths(1);
        while (day < next)
        {
            var week = new DateOnly?[7];
            for (var i = 0; i < 7; i++, day = day.AddDays(1)) week[i] = day.Month == month.Month && day.Year == month.Year ? day : null;
            weeks.Add(week);
        }
        return weeks;
    }

    public string Link(bool calendar, DateOnly? month = null, bool? mine = null)
    {
        var query = new List<string>();
        if (calendar) query.Add("view=calendar");
        if (calendar && month is { } m) query.Add("month=" + m.ToString("yyyy-MM", CultureInfo.InvariantCulture));
        if (mine ?? Mine) query.Add("mine=true");
        return $"/t/{Slug}/obligations" + (query.Count == 0 ? "" : "?" + string.Join('&', query));
    }
}
