using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using VendorRisk.Domain.Contracts;
using VendorRisk.Infrastructure.Persistence;
using VendorRisk.Infrastructure.Tenancy;
using VendorRisk.Application.Contracts;

namespace VendorRisk.Web.Pages.Obligations;

/// <summary>
/// Upcoming deadlines: a list of open occurrences (overdue first, then the next 90 days) or a month calendar
/// (<c>?view=calendar&amp;month=2026-12</c>); <c>mine=true</c> keeps the user's own obligations. Internal members read.
/// </summary>
public sealed class IndexModel(AppDbContext db, TenantContext tenant, TimeProvider clock) : PageModel
{
    public const int ListDays = 90;

    /// <summary>
    /// One row: an obligation occurrence (<see cref="ContractKind"/> null, <see cref="OccurrenceId"/> set), or a date of a
    /// contract's term (notice deadline, end, renewal) that links to the contract.
    /// </summary>
    public sealed record Item(Guid? OccurrenceId, DateOnly DueOn, OccurrenceStatus Status, string Title, string VendorName, string ContractTitle,
        string? OwnerName, bool NeedsVendorEvidence, Guid ContractId, ContractDeadlineKind? ContractKind = null)
    {
        public string Href(string basePath) => OccurrenceId is { } id
            ? $"{basePath}/obligations/occurrence/{id}"
            : $"{basePath}/contracts/details/{ContractId}";
    }

    public IReadOnlyList<Item> Items { get; private set; } = [];
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
        var userId = tenant.UserId;
        var occurrences = db.Set<ObligationOccurrence>().AsQueryable();
        if (Calendar)
        {
            var end = Month.AddMonths(1);
            occurrences = occurrences.Where(o => o.DueOn >= Month && o.DueOn < end);
        }
        else
        {
            var horizon = today.AddDays(ListDays);
            occurrences = occurrences.Where(o => o.Status == OccurrenceStatus.Open && o.DueOn <= horizon);
        }
        Items = await (
                from o in occurrences
                join ob in db.Set<Obligation>() on o.ObligationId equals ob.Id
                where !mine || ob.OwnerUserId == userId
                join c in db.Set<Contract>() on ob.ContractId equals c.Id
                join v in db.Vendors on c.VendorId equals v.Id
                orderby o.DueOn, ob.Title
                select new Item(o.Id, o.DueOn, o.Status, ob.Title, v.LegalName, c.Title,
                    db.Users.Where(u => u.Id == ob.OwnerUserId).Select(u => u.DisplayName).FirstOrDefault(), ob.NeedsVendorEvidence, c.Id, null))
            .ToListAsync(cancellationToken);
        var (first, last) = Calendar ? (Month, Month.AddMonths(1).AddDays(-1)) : (today, today.AddDays(ListDays));
        var contractDates = await ContractDatesAsync(db, first, last, mine ? userId : null, cancellationToken);
        Items = [.. Items.Concat(contractDates).OrderBy(i => i.DueOn).ThenBy(i => i.ContractKind is null ? 1 : 0).ThenBy(i => i.Title, StringComparer.Ordinal)];
        if (Calendar) Weeks = WeeksOf(Month);
        return Page();
    }

    /// <summary>
    /// The notice deadlines, ends and renewals of the tenant's contracts between <paramref name="first"/> and <paramref name="last"/>
    /// (of contracts <paramref name="ownerUserId"/> owns, when given), computed from each contract's term.
    /// </summary>
    public static async Task<List<Item>> ContractDatesAsync(AppDbContext db, DateOnly first, DateOnly last, Guid? ownerUserId,
        CancellationToken cancellationToken)
    {
        var contracts = await (
                from c in db.Set<Contract>()
                where c.EndsOn != null && (ownerUserId == null || c.OwnerUserId == ownerUserId)
                      && (c.RenewalPeriodMonths != null || c.EndsOn >= first)
                join v in db.Vendors on c.VendorId equals v.Id
                select new
                {
                    c.Id, c.Title, c.EndsOn, c.RenewalPeriodMonths, c.NoticePeriodDays, Vendor = v.LegalName,
                    Owner = db.Users.Where(u => u.Id == c.OwnerUserId).Select(u => u.DisplayName).FirstOrDefault(),
                })
            .AsNoTracking().ToListAsync(cancellationToken);
        return contracts
            .SelectMany(c => Contract.DeadlinesBetween(c.EndsOn, c.RenewalPeriodMonths, c.NoticePeriodDays, first, last)
                .Select(d => new Item(null, d.On, OccurrenceStatus.Open, d.Describe(), c.Vendor, c.Title, c.Owner, false, c.Id, d.Kind)))
            .ToList();
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
