using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using VendorRisk.Domain.Contracts;
using VendorRisk.Domain.Tenancy;
using VendorRisk.Infrastructure.Persistence;
using VendorRisk.Infrastructure.Tenancy;
using VendorRisk.Infrastructure.Links;

namespace VendorRisk.Web.Pages.Obligations;

/// <summary>
/// A person's iCalendar feed of the open occurrences of the obligations they own. Calendar apps send no cookie, so
/// the secret in the address is the credential: only its hash is stored, it belongs to one member of this tenant, and
/// an unknown, revoked or foreign token, or a disabled member, is a plain 404.
/// </summary>
[AllowAnonymous]
public sealed class FeedModel(AppDbContext db, TenantContext tenant, TimeProvider clock, PublicLinks links) : PageModel
{
    public async Task<IActionResult> OnGetAsync(string token, CancellationToken cancellationToken)
    {
        var slug = RouteData.Values[Tenancy.TenantResolutionMiddleware.RouteKey] as string;
        if (string.IsNullOrEmpty(token) || token.Length > 100 || slug is null) return NotFound();
        var hash = CalendarFeedToken.Hash(token);
        // No tenant is known before the token is: this lookup alone reads across tenants, by the token's hash.
        var owner = await db.Set<CalendarFeedToken>().IgnoreQueryFilters()
            .Where(t => t.TokenHash == hash && t.RevokedAt == null)
            .Join(db.Tenants.Where(x => x.Slug == slug), t => t.TenantId, x => x.Id, (t, x) => new { t.TenantId, t.UserId, x.Name })
            .SingleOrDefaultAsync(cancellationToken);
        if (owner is null) return NotFound();
        var active = await db.Memberships.IgnoreQueryFilters()
            .AnyAsync(m => m.TenantId == owner.TenantId && m.UserId == owner.UserId && !m.IsDisabled && m.VendorId == null, cancellationToken);
        if (!active) return NotFound();
        if (tenant.TenantId is { } current && current != owner.TenantId) return NotFound();
        if (!tenant.IsSet) tenant.EnterAsSystem(owner.TenantId);

        var items = await (
                from o in db.Set<ObligationOccurrence>()
                where o.Status == OccurrenceStatus.Open
                join ob in db.Set<Obligation>() on o.ObligationId equals ob.Id
                where ob.OwnerUserId == owner.UserId
                join c in db.Set<Contract>() on ob.ContractId equals c.Id
                join v in db.Vendors on c.VendorId equals v.Id
                orderby o.DueOn, ob.Title
                select new { o.Id, o.DueOn, ob.Title, ob.ClauseReference, Contract = c.Title, Vendor = v.LegalName })
            .AsNoTracking().ToListAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var events = items.Select(i => new CalendarEvent(
            $"{i.Id:N}@vendorrisk",
            i.DueOn,
            $"{i.Title} ({i.Vendor})",
            $"Contract: {i.Contract}{(i.ClauseReference is null ? "" : $", clause {i.ClauseReference}")}\nVendor: {i.Vendor}",
            links.ObligationOccurrence(slug, i.Id),
            now)).ToList();
        // The owner's contracts: notice deadlines, ends and renewals from a month back to two years ahead.
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        foreach (var d in await IndexModel.ContractDatesAsync(db, today.AddDays(-30), today.AddYears(2), owner.UserId, cancellationToken))
        {
            events.Add(new CalendarEvent(
                $"contract-{d.ContractId:N}-{d.ContractKind.ToString()!.ToLowerInvariant()}-{d.DueOn:yyyyMMdd}@vendorrisk",
                d.DueOn,
                $"{d.Title}: {d.ContractTitle} ({d.VendorName})",
                d.ContractKind == ContractDeadlineKind.NoticeDeadline
                    ? $"Last day to give notice on the contract {d.ContractTitle}\nVendor: {d.VendorName}"
                    : $"Contract: {d.ContractTitle}\nVendor: {d.VendorName}",
                links.ContractDetails(slug, d.ContractId),
                now));
        }
        events.Sort((a, b) => a.Day.CompareTo(b.Day));
        Response.Headers.CacheControl = "private, no-store";
        Response.Headers["Referrer-Policy"] = "no-referrer";
        Response.Headers["X-Robots-Tag"] = "noindex";
        return Content(ICalendarWriter.Write($"VendorRisk deadlines, {owner.Name}", events), ICalendarWriter.ContentType);
    }
}
