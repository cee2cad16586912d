using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using VendorRisk.Application.ApiTokens;
using VendorRisk.Infrastructure.Tenancy;
using VendorRisk.Web.Forms;

namespace VendorRisk.Web.Pages.Tokens;

/// <summary>
/// The signed-in member's own API tokens in this organisation (<see cref="ApiTokenQueries"/>): the new secret once, right after creation,
/// and a revoke button per active token. Nobody sees anyone else's tokens here.
/// </summary>
public sealed class IndexModel(ApiTokenQueries tokens, ApiTokenOperations operations, TenantContext tenant, TimeProvider clock) : PageModel
{
    public const string NewSecretKey = "NewApiToken";

    public IReadOnlyList<ApiTokenRow> Tokens { get; private set; } = [];
    /// <summary>The secret of the token just created, shown once (it travels in the encrypted TempData cookie).</summary>
    public string? NewSecret { get; private set; }
    public DateTimeOffset Now { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        NewSecret = TempData[NewSecretKey] as string;
        return await ShowAsync(cancellationToken);
    }

    [VendorRisk.Web.Authorization.AuditorMayPost]
    public async Task<IActionResult> OnPostRevokeAsync(Guid id, CancellationToken cancellationToken)
    {
        var revoked = await operations.RevokeAsync(id, cancellationToken);
        if (!revoked.Succeeded) return this.Failure(revoked) ?? await ShowAsync(cancellationToken);
        TempData["Status"] = $"The token \"{revoked.Value}\" was revoked. Requests that use it are refused from now on.";
        return Redirect($"/t/{tenant.Slug}/tokens");
    }

    private async Task<IActionResult> ShowAsync(CancellationToken cancellationToken)
    {
        Now = clock.GetUtcNow();
        var mine = await tokens.MineAsync(cancellationToken);
        if (!mine.Succeeded) return this.Failure(mine) ?? NotFound();
        Tokens = mine.Value!;
        return Page();
    }

    public static string Utc(DateTimeOffset? when) =>
        when is { } w ? w.UtcDateTime.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture) + " UTC" : "";
}
