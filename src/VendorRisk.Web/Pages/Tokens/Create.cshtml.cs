using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using VendorRisk.Domain.Api;
using VendorRisk.Domain.Common;
using VendorRisk.Domain.Tenancy;
using VendorRisk.Infrastructure.Api;
using VendorRisk.Infrastructure.Audit;
using VendorRisk.Infrastructure.Persistence;
using VendorRisk.Infrastructure.Tenancy;

namespace VendorRisk.Web.Pages.Tokens;

/// <summary>
/// Creates a personal access token for the signed-in internal member (vendor contacts never reach tenant pages).
/// The secret goes to the list page once, through TempData; only its hash is stored.
/// </summary>
public sealed class CreateModel(AppDbContext db, AuditLog audit, TenantContext tenant, TimeProvider clock) : PageModel
{
    public const int MaxActiveTokens = 20;
    public const int DefaultLifetimeDays = 90;

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Name the token after what will use it, such as \"Nightly risk export\".")]
        [StringLength(PersonalAccessToken.NameMaxLength, ErrorMessage = "Use at most {1} characters.")]
        [Display(Name = "Name")]
        public string Name { get; set; } = "";

        [Display(Name = "Access")]
        public ApiTokenScope Scope { get; set; } = ApiTokenScope.Read;

        /// <summary>The last day (UTC) the token works; empty for no expiry.</summary>
        [Display(Name = "Expires after")]
        public DateOnly? ExpiresOn { get; set; }
    }

    [BindProperty] public InputModel Input { get; set; } = new();

    public DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
    public DateOnly LatestExpiry => Today.AddDays(365);
    public bool CanWrite => tenant.HasAnyRole(TenantRoles.TenantAdmin | TenantRoles.VendorManager);

    public void OnGet() => Input.ExpiresOn = Today.AddDays(DefaultLifetimeDays);

    public async Task<IActionResult> OnPostAsync()
    {
        if (!Enum.IsDefined(Input.Scope)) ModelState.AddModelError("Input.Scope", "Choose read only or read and write.");
        if (Input.ExpiresOn is { } on && (on <= Today || on > LatestExpiry))
            ModelState.AddModelError("Input.ExpiresOn", $"Choose a day after today and no later than {LatestExpiry:yyyy-MM-dd}.");
        if (!ModelState.IsValid) return Page();
        var now = clock.GetUtcNow();
        var active = await db.PersonalAccessTokens.CountAsync(t => t.UserId == tenant.UserId && t.RevokedAt == null
            && (t.ExpiresAt == null || t.ExpiresAt > now));
        if (active >= MaxActiveTokens)
        {
            ModelState.AddModelError(string.Empty, $"You already have {MaxActiveTokens} active tokens here. Revoke one you no longer use first.");
            return Page();
        }

        var secret = ApiTokenSecrets.NewSecret();
        DateTimeOffset? expiresAt = Input.ExpiresOn is { } day
            ? new DateTimeOffset(day.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) : null;
        PersonalAccessToken token;
        try
        {
            token = PersonalAccessToken.Create(tenant.UserId!.Value, Input.Name, Input.Scope, ApiTokenSecrets.Hash(secret),
                secret[..PersonalAccessToken.DisplayPrefixLength], now, expiresAt);
        }
        catch (DomainException e)
        {
            ModelState.AddModelError(string.Empty, e.Message);
            return Page();
        }
        db.PersonalAccessTokens.Add(token);
        audit.Record(AuditActions.ApiTokenCreated, nameof(PersonalAccessToken), token.Id,
            new { token.Name, scope = token.Scope.ToString(), token.ExpiresAt, token.DisplayPrefix });
        await db.SaveChangesAsync();
        TempData[IndexModel.NewSecretKey] = secret;
        TempData["Status"] = $"The token \"{token.Name}\" was created.";
        return Redirect($"/t/{tenant.Slug}/tokens");
    }
}
