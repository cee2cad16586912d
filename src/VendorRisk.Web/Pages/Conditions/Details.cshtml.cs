using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using VendorRisk.Application.Common;
using VendorRisk.Application.Conditions;
using VendorRisk.Infrastructure.Tenancy;
using VendorRisk.Web.Authorization;
using VendorRisk.Web.Forms;

namespace VendorRisk.Web.Pages.Conditions;

/// <summary>
/// One condition of approval (ADR-027): what must be done, owner, due date, state, the evidence of closure and the verifier's note. Its
/// internal owner (or a tenant admin or vendor manager) submits the evidence; a tenant admin or committee member closes it or sends it
/// back with a reason. Every internal member reads it.
/// </summary>
[Authorize(Policy = Policies.Internal)]
public sealed class DetailsModel(ConditionQueries conditions, ConditionOperations operations, TenantContext tenant) : PageModel
{
    public const string Submit = "submit";
    public const string Close = "close";
    public const string SendBack = "send-back";

    public ConditionView View { get; private set; } = null!;
    public ConditionRow Condition => View.Condition;
    public string Slug => tenant.Slug!;

    [BindProperty] public ActionInput Input { get; set; } = new();

    public sealed class ActionInput
    {
        public string? Action { get; set; }
        public string? Evidence { get; set; }
        public string? Note { get; set; }
        /// <summary>Only to carry the file's message (the file itself binds as <c>file</c>).</summary>
        public string? File { get; set; }
        public int Version { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken) is { } problem) return problem;
        Input = new ActionInput { Version = Condition.Version };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, IFormFile? file, CancellationToken cancellationToken)
    {
        var moved = Input.Action switch
        {
            Submit => await operations.SubmitClosureAsync(id, Input.Evidence, Input.Version, cancellationToken, file),
            Close => await operations.CloseAsync(id, Input.Note, Input.Version, cancellationToken),
            SendBack => await operations.RejectClosureAsync(id, Input.Note, Input.Version, cancellationToken),
            _ => Fail.Invalid("Action", "Choose what to do."),
        };
        if (moved.Succeeded)
        {
            TempData["Status"] = Input.Action switch
            {
                Submit => "The evidence of closure was submitted; a tenant admin or committee member verifies it.",
                Close => "The condition was closed.",
                _ => "The condition was sent back to its owner.",
            };
            return Redirect($"/t/{Slug}/conditions/details/{id}");
        }
        if (moved.Status is OutcomeStatus.NotFound or OutcomeStatus.Forbidden) return this.Refusal(moved);
        if (await LoadAsync(id, cancellationToken) is { } problem) return problem;
        if (moved.Status == OutcomeStatus.Conflict)
        {
            ModelState.Remove("Input.Version");
            Input.Version = Condition.Version;
        }
        this.Failure(moved);
        return Page();
    }

    private async Task<IActionResult?> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        var view = await conditions.FindAsync(id, cancellationToken);
        if (!view.Succeeded) return this.Refusal(view);
        View = view.Value!;
        return null;
    }
}
