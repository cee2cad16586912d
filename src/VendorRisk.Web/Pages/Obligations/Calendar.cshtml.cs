using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using VendorRisk.Domain.Contracts;
using VendorRisk.Infrastructure.Audit;
using VendorRisk.Infrastructure.Persistence;
using VendorRisk.Infrastructure.Tenancy;
using VendorRisk.Application.Contracts;
using VendorRisk.Infrastructure.Links;

namespace VendorRisk.Web.Pages.Obligations;

/// <summary>
/// The signed-in member's calendar feed address: create (or rotate, which revokes the old address) and revoke. The
/// address is shown once, right after it is made; only the token's hash is kept.
/// </summary>
public sealed class CalendarModel(AppDbContext db, TenantContext tenant, TimeProvider clock, AuditLog audit, PublicLinks links) : PageModel
{
    public const string ActionCreated = "calendar-feed.created";
    public const string ActionRevoked = "calendar-feed.revoked";
    private const string SecretKey = "CalendarFeedUrl";

    public DateTimeOffset? ActiveSince { get; private set; }
    /// <summary>The new address, only on the page view right after creating it.</summary>
    public string? NewUrl { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        NewUrl = TempData[SecretKey] as string;
        ActiveSince = await ActiveTokens().OrderByDescending(t => t.CreatedAt).Select(t => (DateTimeOffset?)t.CreatedAt).FirstOrDefaultAsync(cancellationToken);
    }

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken cancellationToken)
    {
        var userId = tenant.UserId!.Value;
        var now = clock.GetUtcNow();
        var revoked = await RevokeAllAsync(now, cancellationToken);
        var (token, secret) = CalendarFeedToken.Issue(userId, now);
        db.Set<CalendarFeedToken>().Add(token);
        audit.Record(ActionCreated, nameof(CalendarFeedToken), token.Id, new { rotated = revoked > 0 });
        await db.SaveChangesAsync(cancellationToken);
        TempData[SecretKey] = links.ObligationFeed(tenant.Slug!, secret);
        TempData["Status"] = revoked > 0 ? "A new address was made; the old one no longer works." : "Your calendar address was made.";
        return Redirect($"/t/{tenant.Slug}/obligations/calendar");
    }

    public async Task<IActionResult> OnPostRevokeAsync(CancellationToken cancellationToken)
    {
        var revoked = await RevokeAllAsync(clock.GetUtcNow(), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        TempData["Status"] = revoked > 0 ? "Your calendar address was revoked; calendars that use it stop updating." : "You had no calendar address.";
        return Redirect($"/t/{tenant.Slug}/obligations/calendar");
    }

    private IQueryable<CalendarFeedToken> ActiveTokens()
    {
        var userId = tenant.UserId;
        return db.Set<CalendarFeedToken>().Where(t => t.UserId == userId && t.RevokedAt == null);
    }

    private async Task<int> RevokeAllAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var active = await ActiveTokens().ToListAsync(cancellationToken);
        foreach (var token in active)
        {
            token.Revoke(now);
            audit.Record(ActionRevoked, nameof(CalendarFeedToken), token.Id);
        }
        return active.Count;
    }
}
