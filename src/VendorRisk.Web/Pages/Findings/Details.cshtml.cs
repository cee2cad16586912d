using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using VendorRisk.Application.Common;
using VendorRisk.Application.Findings;
using VendorRisk.Application.Reviews;
using VendorRisk.Infrastructure.Tenancy;
using VendorRisk.Web.Authorization;
using VendorRisk.Web.Forms;

namespace VendorRisk.Web.Pages.Findings;

/// <summary>
/// One finding: its fields, the vendor's remediation answer, the last resolution, and (for a reviewer who may act on the
/// review) the moves its status allows: close as verified, accept the risk, reopen. Auditors read it.
/// </summary>
[Authorize(Policy = Policies.Internal)]
public sealed class DetailsModel(FindingQueries findings, FindingOperations operations, TenantContext tenant, TimeProvider clock) : PageModel
{
    public const string Close = FindingMoves.Close;
    public const string AcceptRisk = FindingMoves.AcceptRisk;
    public const string Reopen = FindingMoves.Reopen;

    public FindingScope Scope { get; private set; } = null!;
    public FindingRow Finding { get; private set; } = null!;
    public IReadOnlyDictionary<string, string> Questions { get; private set; } = new Dictionary<string, string>();
    public IReadOnlyList<string> Actions { get; private set; } = [];
    public string AcceptanceRule { get; private set; } = "";
    public DateOnly LatestAcceptance { get; private set; }
    public string Slug => tenant.Slug!;
    public DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    [BindProperty] public ActionInput Input { get; set; } = new();

    public sealed class ActionInput
    {
        public string? Action { get; set; }
        public string? Note { get; set; }
        /// <summary>The last day the accepted risk stays accepted (required to accept the risk).</summary>
        public DateOnly? AcceptedUntil { get; set; }
        public int Version { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken) is { } problem) return problem;
        Input = new ActionInput { Version = Finding.Version };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken cancellationToken)
    {
        var moved = await operations.MoveAsync(id, Input.Action, Input.Note, Input.Version, cancellationToken, Input.AcceptedUntil);
        if (moved.Succeeded)
        {
            TempData["Status"] = Input.Action switch
            {
                Close => "The finding was closed as verified.",
                AcceptRisk => $"The risk was accepted until {Input.AcceptedUntil:d MMM yyyy}.",
                _ => "The finding was reopened.",
            };
            return Redirect($"/t/{Slug}/findings/details/{id}");
        }
        if (moved.Status is OutcomeStatus.NotFound or OutcomeStatus.Forbidden) return this.Refusal(moved);
        if (await LoadAsync(id, cancellationToken) is { } problem) return problem;
        if (moved.Status == OutcomeStatus.Conflict)
        {
            // Show the finding as it is now; choosing again acts on this version.
            ModelState.Remove("Input.Version");
            Input.Version = Finding.Version;
        }
        this.Failure(moved);
        return Page();
    }

    private async Task<IActionResult?> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        var view = await findings.FindAsync(id, cancellationToken);
        if (!view.Succeeded) return this.Refusal(view);
        (Scope, Finding, Questions, Actions) = (view.Value!.Scope, view.Value.Finding, view.Value.Questions, view.Value.Moves);
        (AcceptanceRule, LatestAcceptance) = (view.Value.AcceptanceRule, view.Value.LatestAcceptance);
        return null;
    }

    public static string Label(string action) => action switch
    {
        Close => "Close as verified",
        AcceptRisk => "Accept the risk",
        Reopen => "Reopen",
        _ => action,
    };
}
