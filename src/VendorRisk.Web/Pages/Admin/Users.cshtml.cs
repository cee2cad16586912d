using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using VendorRisk.Application.Common;
using VendorRisk.Application.Members;
using VendorRisk.Domain.Tenancy;
using VendorRisk.Infrastructure.Tenancy;
using VendorRisk.Web.Forms;

namespace VendorRisk.Web.Pages.Admin;

/// <summary>The tenant's members and pending invitations, and the form to invite a colleague (<see cref="MemberOperations"/>).</summary>
public sealed class UsersModel(MemberOperations operations, MemberQueries members, TenantContext tenant) : PageModel
{
    [BindProperty]
    public InviteInput Invite { get; set; } = new();

    public sealed class InviteInput
    {
        public string? Email { get; set; }

        /// <summary>A role name; the operation says which are offered.</summary>
        public string? Role { get; set; }
    }

    public IReadOnlyList<MemberRow> Members { get; private set; } = [];
    public IReadOnlyList<PendingInvitationRow> Pending { get; private set; } = [];
    public string Slug => tenant.Slug ?? "";
    public Guid? CurrentMembershipId => tenant.MembershipId;

    /// <summary>Set when the invitation being sent duplicates a pending one: the page offers to send that one again.</summary>
    public Guid? DuplicateInvitationId { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) => await ShowAsync(cancellationToken);

    public async Task<IActionResult> OnPostInviteAsync(CancellationToken cancellationToken)
    {
        var sent = await operations.InviteColleagueAsync(Invite.Email, Invite.Role, cancellationToken);
        if (!sent.Succeeded)
        {
            if (this.Failure(sent, nameof(Invite)) is { } refused) return refused;
            DuplicateInvitationId = await members.PendingInvitationAsync(Invite.Email, Invite.Role, cancellationToken);
            return await ShowAsync(cancellationToken);
        }
        TempData["Status"] = $"Invitation sent to {sent.Value!.Email} as {sent.Value.Role.DisplayName()}.";
        return RedirectToPage();
    }

    /// <summary>Withdraws a pending invitation and sends a fresh link (only the hash of the old one is stored).</summary>
    public async Task<IActionResult> OnPostResendAsync(Guid id, CancellationToken cancellationToken)
    {
        var sent = await operations.ResendInvitationAsync(id, cancellationToken);
        if (sent.Status == OutcomeStatus.Conflict) TempData["Status"] = sent.Message;
        else if (!sent.Succeeded) return this.Failure(sent) ?? RedirectToPage();
        else TempData["Status"] = $"A new invitation was sent to {sent.Value!.Email}; the earlier link no longer works.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostWithdrawAsync(Guid id, CancellationToken cancellationToken)
    {
        var withdrawn = await operations.WithdrawInvitationAsync(id, cancellationToken);
        if (withdrawn.Status == OutcomeStatus.Conflict) TempData["Status"] = withdrawn.Message;
        else if (!withdrawn.Succeeded) return this.Failure(withdrawn) ?? RedirectToPage();
        else TempData["Status"] = $"The invitation to {withdrawn.Value} was withdrawn; its link no longer works.";
        return RedirectToPage();
    }

    private async Task<IActionResult> ShowAsync(CancellationToken cancellationToken)
    {
        var list = await members.ListAsync(cancellationToken);
        if (!list.Succeeded) return this.Failure(list) ?? NotFound();
        (Members, Pending) = (list.Value!.Members, list.Value.Pending);
        return Page();
    }
}
