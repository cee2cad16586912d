using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using VendorRisk.Application.Common;
using VendorRisk.Application.Members;
using VendorRisk.Domain.Tenancy;
using VendorRisk.Infrastructure.Identity;
using VendorRisk.Infrastructure.Tenancy;
using VendorRisk.Web.Forms;
using VendorRisk.Web.Security;

namespace VendorRisk.Web.Pages.Admin;

/// <summary>
/// One member of the tenant: their roles, reviewer specialisms, and whether their access is enabled (<see cref="MemberOperations"/>).
/// The membership's version travels with each form, so two admins editing the same person see a conflict instead of a lost update.
/// </summary>
public sealed class EditUserModel(
    MemberOperations operations, MemberQueries members, TenantContext tenant, UserManager<AppUser> users, SignInManager<AppUser> signIn) : PageModel
{
    public const string ConflictMessage = MemberOperations.ConflictMessage;
    public const string LastAdminMessage = MemberOperations.LastAdminMessage;

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

    public MemberDto Member { get; private set; } = null!;
    public string Slug => tenant.Slug ?? "";
    public bool IsSelf => Member.UserId == tenant.UserId;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken) =>
        await ShowAsync(id, keepInput: false, cancellationToken);

    /// <summary>Sets the member's reviewer specialisms (security, privacy, AI governance): who review workflows assign specialist tasks to.</summary>
    public async Task<IActionResult> OnPostSpecialismsAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid) return await ShowAsync(id, keepInput: false, cancellationToken);
        var changed = await operations.ChangeSpecialismsAsync(id, Specialisms.Selected ?? [], Specialisms.Version, cancellationToken);
        if (!changed.Succeeded) return await RefusedAsync(id, changed, nameof(Specialisms), keepInput: false, cancellationToken);
        TempData["Status"] = !changed.Value!.Changed ? "Nothing changed."
            : changed.Value.Specialisms == ReviewerSpecialisms.None ? "Specialisms cleared."
            : $"Specialisms changed to {changed.Value.Specialisms.DisplayName()}.";
        return RedirectToPage(new { id });
    }

    /// <summary>Changing roles needs a recent re-authentication (ADR-035).</summary>
    [RequiresRecentSignIn]
    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid) return await ShowAsync(id, keepInput: true, cancellationToken);
        var changed = await operations.ChangeRolesAsync(id, Input.Roles ?? [], Input.Version, cancellationToken);
        if (!changed.Succeeded) return await RefusedAsync(id, changed, nameof(Input), keepInput: true, cancellationToken);
        if (!changed.Value!.Changed)
        {
            TempData["Status"] = "Nothing changed.";
            return RedirectToPage(new { id });
        }
        await RefreshOwnSessionAsync(changed.Value);
        TempData["Status"] = $"Roles changed to {string.Join(", ", changed.Value.Roles.Each().Select(r => r.DisplayName()))}.";
        // Admins who gave up their own admin role can no longer see this page.
        if (changed.Value.IsSelf && !changed.Value.Roles.HasFlag(TenantRoles.TenantAdmin)) return Redirect($"/t/{Slug}/dashboard");
        return RedirectToPage(new { id });
    }

    public async Task<IActionResult> OnPostDisableAsync(Guid id, CancellationToken cancellationToken)
    {
        var disabled = await operations.DisableAsync(id, Input.Version, cancellationToken);
        if (!disabled.Succeeded) return await RefusedAsync(id, disabled, nameof(Input), keepInput: false, cancellationToken);
        await RefreshOwnSessionAsync(disabled.Value!);
        if (disabled.Value!.IsSelf)
        {
            TempData["Status"] = "You disabled your own access to this organisation.";
            return Redirect("/tenants");
        }
        TempData["Status"] = "The user was disabled. Their sessions in this organisation end now.";
        return RedirectToPage(new { id });
    }

    /// <summary>"Sign out everywhere" for this member (ADR-049): every session ends at once; their access stays.</summary>
    public async Task<IActionResult> OnPostEndSessionsAsync(Guid id, CancellationToken cancellationToken)
    {
        var ended = await operations.EndSessionsAsync(id, cancellationToken);
        if (!ended.Succeeded) return await RefusedAsync(id, ended, "", keepInput: false, cancellationToken);
        TempData["Status"] = ended.Value switch
        {
            0 => "They had no open session. Any copy of an old sign-in is refused from now on.",
            1 => "Their one session was ended. They can sign in again.",
            var n => $"Their {n} sessions were ended. They can sign in again.",
        };
        return RedirectToPage(new { id });
    }

    /// <summary>Assisted recovery of a lost authenticator (ADR-049); like changing roles, it needs a recent re-authentication.</summary>
    [RequiresRecentSignIn]
    public async Task<IActionResult> OnPostResetAuthenticatorAsync(Guid id, CancellationToken cancellationToken)
    {
        var reset = await operations.ResetAuthenticatorAsync(id, cancellationToken);
        if (!reset.Succeeded) return await RefusedAsync(id, reset, "", keepInput: false, cancellationToken);
        TempData["Status"] = "Their authenticator was reset and their sessions ended. At their next sign-in they set up an authenticator app again.";
        return RedirectToPage(new { id });
    }

    public async Task<IActionResult> OnPostEnableAsync(Guid id, CancellationToken cancellationToken)
    {
        var enabled = await operations.EnableAsync(id, Input.Version, cancellationToken);
        if (!enabled.Succeeded) return await RefusedAsync(id, enabled, nameof(Input), keepInput: false, cancellationToken);
        TempData["Status"] = "The user was enabled.";
        return RedirectToPage(new { id });
    }

    /// <summary>The admin changing themselves keeps this session (their security stamp changed); their other sessions end.</summary>
    private async Task RefreshOwnSessionAsync(MemberChange change)
    {
        if (change.IsSelf && await users.FindByIdAsync(change.UserId.ToString()) is { } self) await signIn.RefreshSignInAsync(self);
    }

    /// <summary>
    /// A conflict shows the member as they now are, answered 409, ready for a deliberate second try; other refusals put their messages
    /// beside the form (or answer 404/403).
    /// </summary>
    private async Task<IActionResult> RefusedAsync(Guid id, Outcome refused, string prefix, bool keepInput, CancellationToken cancellationToken)
    {
        if (refused.Status == OutcomeStatus.Conflict)
        {
            ModelState.Clear();
            ModelState.AddModelError(string.Empty, refused.Message!);
            var shown = await ShowAsync(id, keepInput: false, cancellationToken);
            Response.StatusCode = StatusCodes.Status409Conflict;
            return shown;
        }
        return this.Failure(refused, prefix) ?? await ShowAsync(id, keepInput, cancellationToken);
    }

    private async Task<IActionResult> ShowAsync(Guid id, bool keepInput, CancellationToken cancellationToken)
    {
        var member = await members.FindAsync(id, cancellationToken);
        if (!member.Succeeded) return this.Failure(member) ?? NotFound();
        Member = member.Value!;
        if (!keepInput) Input = new RolesInput { Roles = [.. Member.Roles.Each()], Version = Member.Version };
        return Page();
    }
}
