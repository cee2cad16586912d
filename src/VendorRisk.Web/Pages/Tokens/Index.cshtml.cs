using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using VendorRisk.Domain.Api;
using VendorRisk.Domain.Common;
using VendorRisk.Infrastructure.Audit;
using VendorRisk.Infrastructure.Persistence;
using VendorRisk.Infrastructure.Tenancy;

namespace VendorRisk.Web.Pages.Tokens;

/// <summary>
/// The signed-in member's own API tokens in this organisation: the new secret once, right after creation, and a
/// revoke button per active token. Nobody sees anyone else's tokens here.
/// </summary>
public sealed class IndexModel(AppDbContext db, AuditLog audit, TenantContext tenant, TimeProvider clock) : PageModel
{
    public const string NewSecretKey = "NewApiToken";

    public sealed record Row(Guid Id, string Name, string DisplayPrefix, ApiTokenScope Scope, DateTimeOffset CreatedAt,
        DateTimeOffset? ExpiresAt, DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt)
    {
        public string State(DateTimeOffset now) => RevokedAt is not null ? "Revoked" : ExpiresAt <= now ? "Expired" : "Active";
    }

    public IReadOnlyList<Row> Tokens { get; private set; } = [];
    /// <summary>The secret of the token just created, shown once (it travels in the encrypted TempData cookie).</summary>
    public string? NewSecret { get; private set; }
    public DateTimeOffset Now { get; private set; }

    public async Task OnGetAsync()
    {
        NewSecret = TempData[NewSecretKey] as string;
        await LoadAsync();
    }

    public async Task<IActionResult> OnPostRevokeAsync(Guid id)
    {
        var token = await db.PersonalAccessTokens.SingleOrDefaultAsync(t => t.Id == id && t.UserId == tenant.UserId);
        if (token is null) return NotFound();
        try
        {
            token.Revoke(clock.GetUtcNow());
        }
        catch (DomainException e)
        {
            ModelState.AddModelError(string.Empty, e.Message);
            await LoadAsync();
            return Page();
        }
        audit.Record(AuditActions.ApiTokenRevoked, nameof(PersonalAccessToken), token.Id, new { token.Name, token.DisplayPrefix });
        await db.SaveChangesAsync();
        TempData["Status"] = $"The token \"{token.Name}\" was revoked. Requests that use it are refused from now on.";
        return Redirect($"/t/{tenant.Slug}/tokens");
    }

    private async Task LoadAsync()
    {
        Now = clock.GetUtcNow();
        Tokens = await db.PersonalAccessTokens.AsNoTracking().Where(t => t.UserId == tenant.UserId)
            .OrderByDescending(t => t.CreatedAt)
            .Select(t => new Row(t.Id, t.Name, t.DisplayPrefix, t.Scope, t.CreatedAt, t.ExpiresAt, t.LastUsedAt, t.RevokedAt))
            .ToListAsync();
    }

    public static string Utc(DateTimeOffset? when) =>
        when is { } w ? w.UtcDateTime.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture) + " UTC" : "";
}
