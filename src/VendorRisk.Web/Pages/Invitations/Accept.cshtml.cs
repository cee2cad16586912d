using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using VendorRisk.Application.Common;
using VendorRisk.Application.Members;
using VendorRisk.Domain.Tenancy;
using VendorRisk.Infrastructure.Identity;
using VendorRisk.Web.Forms;

namespace VendorRisk.Web.Pages.Invitations;

/// <summary>
/// The link in an invitation e-mail (<see cref="InvitationOperations"/>). Whoever holds the token may: create an account for the invited
/// address and join, join with the account they are signed in with (same address), or learn that they should sign in first. Nothing
/// is written until the token has been checked, and the invitation works exactly once.
/// </summary>
public sealed class AcceptModel(InvitationOperations invitations, UserManager<AppUser> users, SignInManager<AppUser> signIn) : PageModel
{
    public const string InvalidLinkMessage = InvitationOperations.InvalidLinkMessage;
    public const string UsedMessage = InvitationOperations.UsedMessage;

    public enum Step
    {
        /// <summary>The token cannot be used; <see cref="Problem"/> says why.</summary>
        Unusable,
        CreateAccount,
        Join,
        SignIn,
        WrongAccount,
    }

    [BindProperty(SupportsGet = true, Name = "token")]
    public string? Token { get; set; }

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public sealed class InputModel
    {
        public string? DisplayName { get; set; }
        public string? Password { get; set; }
    }

    public Step Current { get; private set; }
    public string? Problem { get; private set; }
    public string TenantName { get; private set; } = "";
    public string RoleName { get; private set; } = "";
    public string InvitedEmail { get; private set; } = "";
    public string? SignedInEmail { get; private set; }

    public string ThisPage => "/invitations/accept?token=" + Uri.EscapeDataString(Token ?? "");
    public string SignInUrl => "/account/login?returnUrl=" + Uri.EscapeDataString(ThisPage);

    private Guid? SignedInUserId =>
        User.Identity?.IsAuthenticated == true && Guid.TryParse(User.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        await ShowAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken cancellationToken)
    {
        if (await ShowAsync(cancellationToken) != Step.CreateAccount)
        {
            ModelState.Clear();
            return Page();
        }
        var accepted = await invitations.AcceptWithNewAccountAsync(Token, new NewAccount(Input.DisplayName, Input.Password), cancellationToken);
        if (!accepted.Succeeded) return await RefusedAsync(accepted, cancellationToken);

        var user = await users.FindByIdAsync(accepted.Value!.UserId.ToString()) ?? throw new InvalidOperationException("The new account disappeared.");
        await signIn.SignInAsync(user, isPersistent: false);
        return Welcome(accepted.Value);
    }

    public async Task<IActionResult> OnPostJoinAsync(CancellationToken cancellationToken)
    {
        ModelState.Clear(); // The account form is not part of this step.
        if (await ShowAsync(cancellationToken) != Step.Join) return Page();
        var accepted = await invitations.AcceptAsync(Token, SignedInUserId!.Value, cancellationToken);
        if (!accepted.Succeeded) return await RefusedAsync(accepted, cancellationToken);
        return Welcome(accepted.Value!);
    }

    private RedirectResult Welcome(InvitationAccepted accepted)
    {
        TempData["Status"] = $"Welcome to {accepted.TenantName}. You joined as {accepted.Role.DisplayName()}.";
        return Redirect(accepted.Role == TenantRoles.VendorContact ? "/portal" : $"/t/{accepted.TenantSlug}/dashboard");
    }

    /// <summary>
    /// After a refused acceptance: the form's own problems beside its fields; otherwise the invitation as it now is (used meanwhile,
    /// or an account for the address appeared and the visitor signs in first).
    /// </summary>
    private async Task<IActionResult> RefusedAsync(Outcome refused, CancellationToken cancellationToken)
    {
        switch (refused.Status)
        {
            case OutcomeStatus.Invalid when Current == Step.CreateAccount:
                return this.Failure(refused) ?? Page();
            case OutcomeStatus.Invalid:
                ModelState.Clear();
                return Refuse(StatusCodes.Status409Conflict, refused.Message!);
            case OutcomeStatus.Forbidden:
                return Refuse(StatusCodes.Status403Forbidden, refused.Message!);
            default:
                ModelState.Clear();
                if (await ShowAsync(cancellationToken) is Step.CreateAccount or Step.Join)
                    return Refuse(StatusCodes.Status410Gone, refused.Message!);
                return Page();
        }
    }

    private PageResult Refuse(int status, string message)
    {
        Current = Step.Unusable;
        Problem = message;
        Response.StatusCode = status;
        return Page();
    }

    /// <summary>Reads the invitation for the token and decides which step this visitor is at (and the answer's status).</summary>
    private async Task<Step> ShowAsync(CancellationToken cancellationToken)
    {
        var view = await invitations.OpenAsync(Token, SignedInUserId, cancellationToken);
        (TenantName, RoleName, InvitedEmail, SignedInEmail) = (view.TenantName, view.RoleName, view.InvitedEmail, view.SignedInEmail);
        switch (view.Step)
        {
            case InvitationStep.InvalidLink:
                Refuse(StatusCodes.Status400BadRequest, view.Problem!);
                break;
            case InvitationStep.Unusable:
                Refuse(StatusCodes.Status410Gone, view.Problem!);
                break;
            case InvitationStep.WrongAccount:
                Current = Step.WrongAccount;
                Response.StatusCode = StatusCodes.Status403Forbidden;
                break;
            default:
                Current = view.Step switch
                {
                    InvitationStep.CreateAccount => Step.CreateAccount,
                    InvitationStep.Join => Step.Join,
                    _ => Step.SignIn,
                };
                Response.StatusCode = StatusCodes.Status200OK;
                break;
        }
        return Current;
    }
}
