using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using VendorRisk.Domain.Common;
using VendorRisk.Domain.Findings;
using VendorRisk.Infrastructure.Audit;
using VendorRisk.Infrastructure.Persistence;
using VendorRisk.Infrastructure.Tenancy;
using VendorRisk.Web.Authorization;

namespace VendorRisk.Web.Pages.Findings;

/// <summary>
/// One finding: its fields, the vendor's remediation answer, the last resolution, and (for a reviewer who may act on the
/// review) the moves its status allows: close as verified, accept the risk, reopen. Auditors read it.
/// </summary>
[Authorize(Policy = Policies.Internal)]
public sealed class DetailsModel(AppDbContext db, TenantContext tenant, AuditLog audit, TimeProvider clock) : PageModel
{
    public const string Close = "close";
    public const string AcceptRisk = "accept-risk";
    public const string Reopen = "reopen";

    public FindingScope Scope { get; private set; } = null!;
    public FindingRow Finding { get; private set; } = null!;
    public IReadOnlyDictionary<string, string> Questions { get; private set; } = new Dictionary<string, string>();
    public IReadOnlyList<string> Actions { get; private set; } = [];
    public string Slug => tenant.Slug!;
    public DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    [BindProperty] public ActionInput Input { get; set; } = new();

    public sealed class ActionInput
    {
        [Required(ErrorMessage = "Choose what to do.")]
        public string? Action { get; set; }
        [StringLength(ReviewFinding.NoteMaxLength, ErrorMessage = "Use at most {1} characters.")]
        public string? Note { get; set; }
        public int Version { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!FindingAccess.MayRead(tenant)) return StatusCode(StatusCodes.Status403Forbidden);
        if (await LoadAsync(id, cancellationToken) is { } problem) return problem;
        Input = new ActionInput { Version = Finding.Version };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken) is { } problem) return problem;
        if (!Scope.MayAct) return StatusCode(StatusCodes.Status403Forbidden);
        if (Input.Action is not null && !Actions.Contains(Input.Action))
            ModelState.AddModelError("Input.Action", $"A finding that is {ReviewFinding.Describe(Finding.Status)} cannot be changed that way; reload the page.");
        if (Input.Action is AcceptRisk && string.IsNullOrWhiteSpace(Input.Note))
            ModelState.AddModelError("Input.Note", "Give the rationale for accepting the risk.");
        if (Input.Action is Reopen && string.IsNullOrWhiteSpace(Input.Note))
            ModelState.AddModelError("Input.Note", "Give the reason for reopening the finding.");
        if (!ModelState.IsValid) return Page();
        if (Input.Version != Finding.Version) return Conflict();

        var finding = await db.ReviewFindings.SingleAsync(f => f.Id == id, cancellationToken);
        db.Entry(finding).Property(f => f.Version).OriginalValue = Input.Version;
        var me = tenant.UserId!.Value;
        var now = clock.GetUtcNow();
        var from = finding.Status;
        try
        {
            switch (Input.Action)
            {
                case Close: finding.Close(Input.Note, me, now); break;
                case AcceptRisk: finding.AcceptRisk(Input.Note, me, now); break;
                default: finding.Reopen(Input.Note, me, now); break;
            }
        }
        catch (DomainException e)
        {
            ModelState.AddModelError(string.Empty, e.Message);
            return Page();
        }
        audit.Record(Input.Action switch { Close => AuditActions.FindingClosed, AcceptRisk => AuditActions.FindingRiskAccepted, _ => AuditActions.FindingReopened },
            nameof(ReviewFinding), finding.Id, new
            {
                finding.AssessmentId, from = ReviewFinding.Describe(from), to = ReviewFinding.Describe(finding.Status), note = finding.ResolutionNote,
                treatment = ReviewFinding.Describe(finding.Treatment),
            });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            await LoadAsync(id, cancellationToken);
            return Conflict();
        }
        TempData["Status"] = Input.Action switch
        {
            Close => "The finding was closed as verified.",
            AcceptRisk => "The risk was accepted.",
            _ => "The finding was reopened.",
        };
        return Redirect($"/t/{Slug}/findings/details/{id}");
    }

    private PageResult Conflict()
    {
        ModelState.Remove("Input.Version");
        Input.Version = Finding.Version;
        ModelState.AddModelError(string.Empty,
            $"This finding changed while you were looking at it: it is now {ReviewFinding.Describe(Finding.Status)}. Check it and choose again.");
        return Page();
    }

    private async Task<IActionResult?> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        var assessmentId = await db.ReviewFindings.AsNoTracking().Where(f => f.Id == id).Select(f => (Guid?)f.AssessmentId).SingleOrDefaultAsync(cancellationToken);
        if (assessmentId is null || await FindingAccess.LoadAsync(db, tenant, assessmentId.Value, cancellationToken) is not { } scope) return NotFound();
        Scope = scope;
        Finding = (await FindingRows.ForAssessmentAsync(db, scope.AssessmentId, scope.VendorName, id, cancellationToken)).Single();
        Questions = (await FindingAccess.QuestionsAsync(db, tenant, scope, cancellationToken)).ToDictionary(q => q.Id, q => q.Text, StringComparer.Ordinal);
        Actions = !scope.MayAct ? [] : Finding.Status switch
        {
            FindingStatus.Open when Finding.OwnerKind == FindingOwnerKind.Vendor => [AcceptRisk],
            FindingStatus.Open => [Close, AcceptRisk],
            FindingStatus.RemediationProposed => [Close, AcceptRisk, Reopen],
            _ => [Reopen],
        };
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
