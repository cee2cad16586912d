using Microsoft.AspNetCore.Mvc.RazorPages;
using VendorRisk.Application.Accounts;

namespace VendorRisk.Web.Pages.Account.Manage;

/// <summary>Shows freshly generated recovery codes once: they arrive through TempData and are gone on reload.</summary>
public sealed class RecoveryCodesModel : PageModel
{
    public IReadOnlyList<string> Codes { get; private set; } = [];

    public void OnGet()
    {
        Codes = TempData[TwoFactorCodes.RecoveryCodesTempDataKey] is string joined
            ? joined.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            : [];
        Response.Headers.CacheControl = "no-store";
    }
}
