using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using VendorRisk.Domain.Common;
using VendorRisk.Domain.Tenancy;
using VendorRisk.Infrastructure.Audit;
using VendorRisk.Infrastructure.Email;
using VendorRisk.Infrastructure.Persistence;
using VendorRisk.Infrastructure.Tenancy;

namespace VendorRisk.Web.Pages.Admin;

/// <summary>The tenant's members and pending invitations, and the form to invite a colleague.</summary>
public sealed class UsersModel(
    AppDbContext db, TenantContext tenant, InvitationSender sender, EmailOutbox outbox, AuditLog audit, TimeProvider clock) : PageModel
{
    public sealed record MemberRow(Guid MembershipId, string DisplayName, string Email, TenantRoles Roles, bool IsDisabled, bool TwoFactorEnabled,
        ReviewerSpecialisms Specialisms);

    public sealed record InvitationRow(Guid Id, string Email, TenantRoles Role, DateTimeOffset ExpiresAt);

    [BindProperty]
    public InviteInput Invite { get; set; } = new();

    public sealed class InviteInput
    {
        [Required(ErrorMessage = "Enter the e-mail address of the person to invite.")]
        [StringLength(256, ErrorMessage = "Use at most {1} characters.")]
        [Display(Name = "E-mail")]
        public string Email { get; set; } = "";

        [Required(ErrorMessage = "Choose a role.")]
        [Display(Name = "Role")]
        public TenantRoles? Role { get; set; }
    }

    public IReadOnlyList<MemberRow> Members { get; private set; } = [];
    public IReadOnlyList<InvitationRow> Pending { get; private set; } = [];
    public string Slug => tenant.Slug ?? "";
    public Guid? CurrentMembershipId => tenant.MembershipId;

    /// <summary>Set when the invitation being sent duplicates a pending one: the page offers to send that one again.</summary>
    public Guid? DuplicateInvitationId { get; private set; }

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostInviteAsync()
    {
        Invite.Email = Invite.Email?.Trim() ?? "";
        if (ModelState.GetFieldValidationState("Invite.Email") != Microsoft.AspNetCore.Mvc.ModelBinding.ModelValidationState.Invalid
            && !InvitationSender.IsWellFormedEmail(Invite.Email))
            ModelState.AddModelError("Invite.Email", "Enter a valid e-mail address, such as name@example.com.");
        if (ModelState["Invite.Role"] is { } roleState && roleState.Errors.Count > 0 && !string.IsNullOrEmpty(roleState.AttemptedValue))
        {
            // Replace the framework's "The value 'x' is not valid" with our own wording.
            roleState.Errors.Clear();
            ModelState.AddModelError("Invite.Role", "Choose one of the listed roles.");
        }
        else if (Invite.Role is { } chosen && !InvitationSender.InternalRoles.Contains(chosen))
        {
            ModelState.AddModelError("Invite.Role", "Choose one of the listed roles.");
        }
        if (!ModelState.IsValid)
        {
            await LoadAsync();
            return Page();
        }

        var role = Invite.Role!.Value;
        if (await sender.CheckAsync(Invite.Email, role, vendorId: null) is { } problem)
        {
            ModelState.AddModelError("Invite.Email", problem.Message);
            DuplicateInvitationId = problem.PendingInvitationId;
            await LoadAsync();
            return Page();
        }

        await sender.AddAsync(Invite.Email, role, vendorId: null, Request);
        await db.SaveChangesAsync();
        outbox.NudgeDelivery();
        TempData["Status"] = $"Invitation sent to {Invite.Email} as {role.DisplayName()}.";
        return RedirectToPage();
    }

    /// <summary>Withdraws a pending invitation and sends a fresh link (only the hash of the old one is stored).</summary>
    public async Task<IActionResult> OnPostResendAsync(Guid id)
    {
        var invitation = await db.Invitations.SingleOrDefaultAsync(i => i.Id == id);
        if (invitation is null) return NotFound();
        var now = clock.GetUtcNow();
        if (invitation.AcceptedAt is not null || invitation.RevokedAt is not null)
        {
            TempData["Status"] = $"The invitation to {invitation.Email} was already used or withdrawn; nothing was sent.";
            return RedirectToPage();
        }
        if (invitation.ExpiresAt > now)
        {
            invitation.Revoke(now);
            audit.Record(AuditActions.InvitationRevoked, nameof(Invitation), invitation.Id,
                new { email = invitation.Email, role = invitation.Role.ToString(), reason = "resent" });
        }

        var fresh = await sender.AddAsync(invitation.Email, invitation.Role, invitation.VendorId, Request, resentFrom: invitation.Id);
        await db.SaveChangesAsync();
        outbox.NudgeDelivery();
        TempData["Status"] = $"A new invitation was sent to {fresh.Email}; the earlier link no longer works.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostWithdrawAsync(Guid id)
    {
        var invitation = await db.Invitations.SingleOrDefaultAsync(i => i.Id == id);
        if (invitation is null) return NotFound();
        if (invitation.RevokedAt is not null)
        {
            TempData["Status"] = $"The invitation to {invitation.Email} was already withdrawn.";
            return RedirectToPage();
        }
        try
        {
            invitation.Revoke(clock.GetUtcNow());
        }
        catch (DomainException e)
        {
            TempData["Status"] = e.Message;
            return RedirectToPage();
        }
        audit.Record(AuditActions.InvitationRevoked, nameof(Invitation), invitation.Id,
            new { email = invitation.Email, role = invitation.Role.ToString() });
        await db.SaveChangesAsync();
        TempData["Status"] = $"The invitation to {invitation.Email} was withdrawn; its link no longer works.";
        return RedirectToPage();
    }

    private async Task LoadAsync()
    {
        Members = await db.Memberships
            .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => new { m, u })
            .OrderBy(x => x.u.DisplayName).ThenBy(x => x.u.Email)
            .Select(x => new MemberRow(x.m.Id, x.u.DisplayName, x.u.Email ?? "", x.m.Roles, x.m.IsDisabled, x.u.TwoFactorEnabled, x.m.Specialisms))
            .ToListAsync();
        var now = clock.GetUtcNow();
        Pending = await db.Invitations
            .Where(i => i.AcceptedAt == null && i.RevokedAt == null && i.ExpiresAt > now)
            .OrderBy(i => i.ExpiresAt)
            .Select(i => new InvitationRow(i.Id, i.Email, i.Role, i.ExpiresAt))
            .ToListAsync();
    }
}
