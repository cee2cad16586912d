using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using VendorRisk.Domain.Tenancy;
using VendorRisk.Infrastructure.Audit;
using VendorRisk.Infrastructure.Identity;
using VendorRisk.Infrastructure.Persistence;
using VendorRisk.Infrastructure.Tenancy;

namespace VendorRisk.Web.Pages.Account;

/// <summary>Sign-up of a new organisation: the tenant, its first admin account and membership, in one transaction.</summary>
public sealed class RegisterModel(
    AppDbContext db, UserManager<AppUser> users, SignInManager<AppUser> signIn, TenantContext tenantContext,
    AuditLog audit, TimeProvider clock) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Enter the name of your organisation.")]
        [StringLength(Tenant.NameMaxLength, ErrorMessage = "Use at most {1} characters.")]
        public string OrganisationName { get; set; } = "";

        [Required(ErrorMessage = "Choose a short name for the address of your organisation.")]
        public string Slug { get; set; } = "";

        [Required(ErrorMessage = "Enter your name.")]
        [StringLength(AppUser.DisplayNameMaxLength, ErrorMessage = "Use at most {1} characters.")]
        public string DisplayName { get; set; } = "";

        [Required(ErrorMessage = "Enter your e-mail address.")]
        [EmailAddress(ErrorMessage = "Enter a valid e-mail address, such as name@example.com.")]
        [StringLength(256)]
        public string Email { get; set; } = "";

        [Required(ErrorMessage = "Choose a password.")]
        [DataType(DataType.Password)]
        [StringLength(200, ErrorMessage = "Use at most {1} characters.")]
        public string Password { get; set; } = "";
    }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync()
    {
        Input.Slug = Input.Slug?.Trim().ToLowerInvariant() ?? "";
        if (Tenant.ValidateSlug(Input.Slug) is { } slugError)
            ModelState.AddModelError("Input.Slug", slugError);
        if (!ModelState.IsValid) return Page();

        if (await db.Tenants.AnyAsync(t => t.Slug == Input.Slug))
            ModelState.AddModelError("Input.Slug", "This short name is taken. Choose another.");
        if (await users.FindByEmailAsync(Input.Email) is not null)
            ModelState.AddModelError("Input.Email", "Sign in with this e-mail first; you can then belong to several organisations.");

        var user = new AppUser
        {
            UserName = Input.Email.Trim(), Email = Input.Email.Trim(), DisplayName = Input.DisplayName.Trim(),
            CreatedAt = clock.GetUtcNow(),
        };
        foreach (var validator in users.PasswordValidators)
        {
            var check = await validator.ValidateAsync(users, user, Input.Password);
            foreach (var error in check.Errors) ModelState.AddModelError("Input.Password", error.Description);
        }
        if (!ModelState.IsValid) return Page();

        await using var transaction = await db.Database.BeginTransactionAsync();
        var created = await users.CreateAsync(user, Input.Password);
        if (!created.Succeeded)
        {
            foreach (var error in created.Errors) ModelState.AddModelError(string.Empty, error.Description);
            return Page();
        }
        var tenant = Tenant.Create(Input.Slug, Input.OrganisationName, clock.GetUtcNow());
        db.Tenants.Add(tenant);
        tenantContext.EnterAsSystem(tenant.Id);
        db.Memberships.Add(TenantMembership.Create(tenant.Id, user.Id, TenantRoles.TenantAdmin, clock.GetUtcNow()));
        audit.Record(AuditActions.TenantCreated, "Tenant", tenant.Id, new { tenant.Slug, tenant.Name }, user.Id, user.Email);
        try
        {
            await db.SaveChangesAsync();
        }
        catch (DbUpdateException)
        {
            // Another sign-up took the slug between our check and this insert.
            ModelState.AddModelError("Input.Slug", "This short name is taken. Choose another.");
            return Page();
        }
        await transaction.CommitAsync();

        await signIn.SignInAsync(user, isPersistent: false);
        return Redirect($"/t/{tenant.Slug}/dashboard");
    }
}
