using System.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using VendorRisk.Domain.Common;
using VendorRisk.Domain.Tenancy;
using VendorRisk.Infrastructure.Audit;
using VendorRisk.Infrastructure.Identity;
using VendorRisk.Infrastructure.Persistence;
using VendorRisk.Infrastructure.Tenancy;

namespace VendorRisk.Web.Pages.Admin;

/// <summary>
/// One member of the tenant: their roles, and whether their access is enabled. The membership's version
/// travels with each form, so two admins editing the same person see a conflict instead of a lost update.
/// Every change also renews the person's security stamp, which ends their other sessions within a minute.
/// </summary>
public sealed class EditUserModel(
    AppDbContext db, TenantContext tenant, UserManager<AppUser> users, SignInManager<AppUser> signIn,
    AuditLog audit) : PageModel
{
    public const string ConflictMessage =
        "Someone else changed this user while you were editing. The page now shows the current state; review it and try again.";
    public const string LastAdminMessage =
        "This organisation needs at least one active tenant admin. Make someone else a tenant admin first.";

    public sealed record MemberView(Guid MembershipId, Guid UserId, string DisplayName, string Email, TenantRoles Roles,
        bool IsDisabled, bool TwoFactorEnabled, int Version, ReviewerSpecialisms Specialisms = ReviewerSpecialisms.None);

    [BindProperty]
    public RolesInput Input { get; set; } = new();

    public sealed class RolesInput
    {
        public List<TenantRoles> Roles { get; set; } = [];
        public int Version { get; set; }
    }

    /// <summary>The reviewer specialisms form (its own handler, so it never touches roles).</summary>
    [BindProperty]
    public SpecialismsInput Specialisms { get; set; } = new();

    public sealed class SpecialismsInput
    {
        public List<ReviewerSpecialisms> Selected { get; set; } = [];
        public int Version { get; set; }
    }

    public MemberView Member { get; private set; } = null!;
    public string Slug => tenant.Slug ?? "";
    public bool IsSelf => Member.UserId == tenant.UserId;

    public async Task<IActionResult> OnGetAsync(Guid id)
    {
        if (!await LoadAsync(id)) return NotFound();
        Input = new RolesInput { Roles = Member.Roles.Each().ToList(), Version = Member.Version };
        return Page();
    }

    /// <summary>Sets the member's reviewer specialisms (security, privacy, AI governance): who review workflows assign specialist tasks to.</summary>
    public async Task<IActionResult> OnPostSpecialismsAsync(Guid id)
    {
        var membership = await db.Memberships.SingleOrDefaultAsync(m => m.Id == id);
        if (membership is null) return NotFound();
        var selected = Specialisms.Selected ?? [];
        if (selected.Any(s => s == ReviewerSpecialisms.None || (s & ~ReviewerSpecialismsExtensions.All) != 0 || s.Each().Count() != 1))
            ModelState.AddModelError("Specialisms.Selected", "Choose among the listed specialisms.");
        if (!ModelState.IsValid) return await RedisplayAsync(id, keepInput: false);

        var requested = selected.Aggregate(ReviewerSpecialisms.None, (all, s) => all | s);
        var before = membership.Specialisms;
        if (requested == before && membership.Version == Specialisms.Version)
        {
            TempData["Status"] = "Nothing changed.";
            return RedirectToPage(new { id });
        }
        if (membership.Version != Specialisms.Version) return await ConflictAsync(id);
        try
        {
            membership.ChangeSpecialisms(requested);
        }
        catch (DomainException e)
        {
            ModelState.AddModelError("Specialisms.Selected", e.Message);
            return await RedisplayAsync(id, keepInput: false);
        }

        audit.Record(AuditActions.SpecialismsChanged, "Membership", membership.Id, new
        {
            userId = membership.UserId,
            before = before.ToString(),
            after = requested.ToString(),
        });
        if (!await TrySaveAsync(membership, null, Specialisms.Version, renewStamp: false)) return await ConflictAsync(id);
        TempData["Status"] = requested == ReviewerSpecialisms.None
            ? "Specialisms cleared."
            : $"Specialisms changed to {requested.DisplayName()}.";
        return RedirectToPage(new { id });
    }

    public async Task<IActionResult> OnPostAsync(Guid id)
    {
        var membership = await db.Memberships.SingleOrDefaultAsync(m => m.Id == id);
        if (membership is null) return NotFound();

        var requested = (Input.Roles ?? []).Aggregate(TenantRoles.None, (all, r) => all | r);
        if (Input.Roles?.Any(r => !InvitationSender.InternalRoles.Contains(r)) == true && membership.VendorId is null)
            ModelState.AddModelError("Input.Roles", "Choose among the listed roles.");
        else if (requested == TenantRoles.None)
            ModelState.AddModelError("Input.Roles", "Choose at least one role. To remove someone's access, disable them instead.");
        if (!ModelState.IsValid) return await RedisplayAsync(id, keepInput: true);

        var before = membership.Roles;
        if (requested == before && membership.Version == Input.Version)
        {
            TempData["Status"] = "Nothing changed.";
            return RedirectToPage(new { id });
        }

        await using var transaction = await db.Database.BeginTransactionAsync(IsolationLevel.Serializable);
        if (membership.Version != Input.Version) return await ConflictAsync(id);
        try
        {
            membership.ChangeRoles(requested);
        }
        catch (DomainException e)
        {
            ModelState.AddModelError("Input.Roles", e.Message);
            return await RedisplayAsync(id, keepInput: true);
        }
        if (!await StillHasAnActiveAdminAsync(membership))
        {
            ModelState.AddModelError("Input.Roles", membership.UserId == tenant.UserId
                ? "You are the last active tenant admin, so you cannot remove your own tenant admin role. Make someone else a tenant admin first."
                : LastAdminMessage);
            return await RedisplayAsync(id, keepInput: true);
        }

        var user = await users.FindByIdAsync(membership.UserId.ToString());
        audit.Record(AuditActions.RolesChanged, "Membership", membership.Id, new
        {
            userId = membership.UserId,
            email = user?.Email,
            before = before.ToString(),
            after = membership.Roles.ToString(),
        });
        if (!await TrySaveAsync(membership, user, Input.Version)) return await ConflictAsync(id);
        await transaction.CommitAsync();

        TempData["Status"] = $"Roles changed to {string.Join(", ", membership.Roles.Each().Select(r => r.DisplayName()))}.";
        // Admins who gave up their own admin role can no longer see this page.
        if (membership.UserId == tenant.UserId && !membership.Roles.HasFlag(TenantRoles.TenantAdmin))
            return Redirect($"/t/{Slug}/dashboard");
        return RedirectToPage(new { id });
    }

    public async Task<IActionResult> OnPostDisableAsync(Guid id)
    {
        var membership = await db.Memberships.SingleOrDefaultAsync(m => m.Id == id);
        if (membership is null) return NotFound();

        await using var transaction = await db.Database.BeginTransactionAsync(IsolationLevel.Serializable);
        if (membership.Version != Input.Version) return await ConflictAsync(id);
        try
        {
            membership.Disable();
        }
        catch (DomainException e)
        {
            ModelState.AddModelError(string.Empty, e.Message);
            return await RedisplayAsync(id, keepInput: false);
        }
        if (!await StillHasAnActiveAdminAsync(membership))
        {
            ModelState.AddModelError(string.Empty, membership.UserId == tenant.UserId
                ? "You are the last active tenant admin, so you cannot disable yourself. Make someone else a tenant admin first."
                : LastAdminMessage);
            return await RedisplayAsync(id, keepInput: false);
        }

        var user = await users.FindByIdAsync(membership.UserId.ToString());
        audit.Record(AuditActions.UserDisabled, "Membership", membership.Id,
            new { userId = membership.UserId, email = user?.Email, roles = membership.Roles.ToString() });
        if (!await TrySaveAsync(membership, user, Input.Version)) return await ConflictAsync(id);
        await transaction.CommitAsync();

        if (membership.UserId == tenant.UserId)
        {
            TempData["Status"] = "You disabled your own access to this organisation.";
            return Redirect("/tenants");
        }
        TempData["Status"] = "The user was disabled. Their sessions in this organisation end now.";
        return RedirectToPage(new { id });
    }

    public async Task<IActionResult> OnPostEnableAsync(Guid id)
    {
        var membership = await db.Memberships.SingleOrDefaultAsync(m => m.Id == id);
        if (membership is null) return NotFound();
        if (membership.Version != Input.Version) return await ConflictAsync(id);
        try
        {
            membership.Enable();
        }
        catch (DomainException e)
        {
            ModelState.AddModelError(string.Empty, e.Message);
            return await RedisplayAsync(id, keepInput: false);
        }
        await using var transaction = await db.Database.BeginTransactionAsync();
        var user = await users.FindByIdAsync(membership.UserId.ToString());
        audit.Record(AuditActions.UserEnabled, "Membership", membership.Id,
            new { userId = membership.UserId, email = user?.Email, roles = membership.Roles.ToString() });
        if (!await TrySaveAsync(membership, user, Input.Version, renewStamp: false)) return await ConflictAsync(id);
        await transaction.CommitAsync();
        TempData["Status"] = "The user was enabled.";
        return RedirectToPage(new { id });
    }

    /// <summary>
    /// Saves the membership (and the audit event already recorded) as of the version the admin saw, then
    /// renews the user's security stamp in the same transaction. False on a concurrency conflict.
    /// </summary>
    private async Task<bool> TrySaveAsync(TenantMembership membership, AppUser? user, int seenVersion, bool renewStamp = true)
    {
        // Compare against the version on the form, not the one just read: a change in between is a conflict.
        db.Entry(membership).Property(m => m.Version).OriginalValue = seenVersion;
        try
        {
            await db.SaveChangesAsync();
        }
        catch (DbUpdateConcurrencyException)
        {
            return false;
        }
        if (renewStamp && user is not null)
        {
            // A concurrent write to the user row (a failed sign-in counting towards lockout) changes its
            // concurrency stamp: read the user again and retry.
            for (var attempt = 1; !(await users.UpdateSecurityStampAsync(user)).Succeeded; attempt++)
            {
                if (attempt == 3) throw new InvalidOperationException("The security stamp could not be renewed.");
                db.Entry(user).State = EntityState.Detached;
                user = await users.FindByIdAsync(membership.UserId.ToString()) ?? throw new InvalidOperationException("The user disappeared.");
            }
            // The admin changing themselves keeps this session; their other sessions end.
            if (user.Id == tenant.UserId) await signIn.RefreshSignInAsync(user);
        }
        return true;
    }

    private async Task<bool> StillHasAnActiveAdminAsync(TenantMembership changed)
    {
        var others = await db.Memberships.CountAsync(m =>
            m.Id != changed.Id && !m.IsDisabled && ((int)m.Roles & (int)TenantRoles.TenantAdmin) != 0);
        var stays = !changed.IsDisabled && changed.Roles.HasFlag(TenantRoles.TenantAdmin);
        return others > 0 || stays;
    }

    private async Task<IActionResult> ConflictAsync(Guid id)
    {
        db.ChangeTracker.Clear();
        ModelState.Clear();
        ModelState.AddModelError(string.Empty, ConflictMessage);
        if (!await LoadAsync(id)) return NotFound();
        Input = new RolesInput { Roles = Member.Roles.Each().ToList(), Version = Member.Version };
        Response.StatusCode = StatusCodes.Status409Conflict;
        return Page();
    }

    private async Task<IActionResult> RedisplayAsync(Guid id, bool keepInput)
    {
        db.ChangeTracker.Clear();
        if (!await LoadAsync(id)) return NotFound();
        if (!keepInput) Input = new RolesInput { Roles = Member.Roles.Each().ToList(), Version = Member.Version };
        return Page();
    }

    private async Task<bool> LoadAsync(Guid id)
    {
        var member = await db.Memberships.Where(m => m.Id == id)
            .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => new { m, u })
            .Select(x => new MemberView(x.m.Id, x.u.Id, x.u.DisplayName, x.u.Email ?? "", x.m.Roles, x.m.IsDisabled,
                x.u.TwoFactorEnabled, x.m.Version, x.m.Specialisms))
            .SingleOrDefaultAsync();
        if (member is null) return false;
        Member = member;
        return true;
    }
}
