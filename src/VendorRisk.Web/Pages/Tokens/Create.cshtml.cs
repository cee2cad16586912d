using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using VendorRisk.Application.ApiTokens;
using VendorRisk.Domain.Api;
using VendorRisk.Infrastructure.Tenancy;
using VendorRisk.Web.Forms;
using VendorRisk.Web.Security;

namespace VendorRisk.Web.Pages.Tokens;

/// <summary>
/// Mints a personal access token for the signed-in internal member (<see cref="ApiTokenOperations.MintAsync"/>). The secret goes to
/// the list page once, through TempData; only its hash is stored.
/// </summary>
[RequiresRecentSignIn]
public sealed class CreateModel(ApiTokenOperations operations, TenantContext tenant, TimeProvider clock) : PageModel
{
    public sealed class InputModel
    {
        [Display(Name = "Name")]
        public string? Name { get; set; }

        [Display(Name = "Access")]
        public ApiTokenScope Scope { get; set; } = ApiTokenScope.Read;

        /// <summary>The last day (UTC) the token works: required, at most a year ahead.</summary>
        [Display(Name = "Expires after")]
        public DateOnly? ExpiresOn { get; set; }
    }

    [BindProperty] public InputModel Input { get; set; } = new();

    public DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
    public DateOnly LatestExpiry => Today.AddDays(ApiTokenOperations.LatestExpiryDays);
    /// <summary>Whether the member's roles let a read-and-write token change vendors.</summary>
    public bool CanWrite => tenant.HasAnyRole(ApiTokenOperations.WriteRoles);

    public void OnGet() => Input.ExpiresOn = Today.AddDays(ApiTokenOperations.DefaultLifetimeDays);

    // An auditor changes nothing in the organisation, but may mint (read-only) tokens of their own (issue 16, V11).
    [VendorRisk.Web.Authorization.AuditorMayPost]
    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid) return Page();
        var minted = await operations.MintAsync(new ApiTokenRequest(Input.Name, Input.Scope, Input.ExpiresOn), cancellationToken);
        if (!minted.Succeeded) return this.Failure(minted) ?? Page();
        TempData[IndexModel.NewSecretKey] = minted.Value!.Secret;
        TempData["Status"] = $"The token \"{minted.Value.Name}\" was created.";
        return Redirect($"/t/{tenant.Slug}/tokens");
    }
}
