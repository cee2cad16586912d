using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using VendorRisk.Domain.Common;
using VendorRisk.Domain.Findings;
using VendorRisk.Application.Assessments;
using VendorRisk.Application.Portal;
using VendorRisk.Infrastructure.Audit;
using VendorRisk.Infrastructure.Email;
using VendorRisk.Infrastructure.Persistence;
using VendorRisk.Infrastructure.Tenancy;
using VendorRisk.Application.Findings;

namespace VendorRisk.Web.Pages.Portal;

/// <summary>
/// The findings a tenant's reviewers assigned to the vendor on one assessment, and the vendor's answer to each: a
/// remediation plan and a target date. Only findings owned by the vendor are shown, only to a contact of that
/// assessment (<see cref="PortalQueries.OpenAssessmentAsync"/>); anything else is a 404. An answer e-mails the
/// finding's internal owner.
/// </summary>
[Authorize]
public sealed class FindingsModel(AppDbContext db, PortalQueries portal, AuditLog audit, EmailOutbox outbox, TimeProvider clock,
    FindingNotifications notifications) : PageModel
{
    public sealed record Row(Guid Id, string Severity, string Title, string? Description, IReadOnlyList<string> Questions, string Treatment,
        string? TreatmentPlan, DateOnly DueOn, FindingStatus Status, string? RemediationPlan, DateOnly? RemediationTargetOn, string? ReviewerNote,
        bool MayAnswer, int Version);

    public PortalGrant Grant { get; private set; } = null!;
    public IReadOnlyList<Row> Findings { get; private set; } = [];
    public DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    [BindProperty] public AnswerInput Input { get; set; } = new();

    public sealed class AnswerInput
    {
        public Guid FindingId { get; set; }
        [Required(ErrorMessage = "Describe your remediation plan.")]
        [StringLength(ReviewFinding.TextMaxLength, ErrorMessage = "Use at most {1} characters.")]
        [Display(Name = "Remediation plan")]
        public string? Plan { get; set; }
        [Required(ErrorMessage = "Give the date the remediation will be done.")]
        [Display(Name = "Target date")]
        public DateOnly? TargetOn { get; set; }
        public int Version { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(Guid assessmentId, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(assessmentId, cancellationToken)) return NotFound();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid assessmentId, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(assessmentId, cancellationToken)) return NotFound();
        var row = Findings.SingleOrDefault(f => f.Id == Input.FindingId);
        if (row is null) return NotFound();
        if (!row.MayAnswer) ModelState.AddModelError(string.Empty, $"This finding is {ReviewFinding.Describe(row.Status)} and takes no remediation plan.");
        if (Input.TargetOn is { } target && target < Today) ModelState.AddModelError("Input.TargetOn", "The target date cannot be in the past.");
        if (!ModelState.IsValid) return Page();
        if (row.Version != Input.Version) return Conflict(row);

        var finding = await db.ReviewFindings.SingleAsync(f => f.Id == row.Id, cancellationToken);
        db.Entry(finding).Property(f => f.Version).OriginalValue = Input.Version;
        try
        {
            finding.ProposeRemediation(Input.Plan!, Input.TargetOn!.Value, Grant.UserId, clock.GetUtcNow());
        }
        catch (DomainException e)
        {
            ModelState.AddModelError(string.Empty, e.Message);
            return Page();
        }
        var notified = await notifications.RemediationProposedAsync(Grant.Membership.TenantId, Grant.Membership.Slug, finding,
            Grant.Membership.VendorName, Grant.Assessment.Title, cancellationToken);
        audit.Record(AuditActions.FindingRemediationProposed, nameof(ReviewFinding), finding.Id, new
        {
            finding.AssessmentId, plan = finding.RemediationPlan, targetOn = finding.RemediationTargetOn, notified,
        });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            await LoadAsync(assessmentId, cancellationToken);
            return Findings.SingleOrDefault(f => f.Id == row.Id) is { } current ? Conflict(current) : NotFound();
        }
        if (notified is not null) outbox.NudgeDelivery();
        TempData["Status"] = $"Your remediation plan for \"{finding.Title}\" was sent to {Grant.Membership.TenantName}.";
        return Redirect($"/t/{Grant.Membership.Slug}/portal/findings/{assessmentId}");
    }

    private PageResult Conflict(Row current)
    {
        ModelState.Remove("Input.Version");
        Input.Version = current.Version;
        ModelState.AddModelError(string.Empty,
            $"\"{current.Title}\" changed while you were answering (it is now {ReviewFinding.Describe(current.Status)}). Your text is still in the form: check the finding and send it again.");
        return Page();
    }

    private async Task<bool> LoadAsync(Guid assessmentId, CancellationToken cancellationToken)
    {
        if (await portal.OpenAssessmentAsync(assessmentId, cancellationToken) is not { } grant) return false;
        Grant = grant;
        var (compiled, _) = await PinnedQuestionnaire.LoadAsync(db, grant.Assessment, cancellationToken);
        var questions = compiled?.Definition.AllItems().ToDictionary(i => i.Id, i => i.Text, StringComparer.Ordinal) ?? [];
        // Inside the assessment's tenant now (the filter applies); only the vendor's own findings of this assessment.
        var findings = await db.ReviewFindings.AsNoTracking()
            .Where(f => f.AssessmentId == assessmentId && f.OwnerKind == FindingOwnerKind.Vendor)
            .OrderByDescending(f => f.RaisedAt).ToListAsync(cancellationToken);
        Findings = [.. findings.OrderBy(f => f.IsOpen ? 0 : 1).ThenByDescending(f => f.Severity).ThenBy(f => f.DueOn)
            .Select(f => new Row(f.Id, f.Severity.ToString().ToLowerInvariant(), f.Title, f.Description,
                [.. f.LinkedItemIds.Select(i => questions.GetValueOrDefault(i) ?? i)], ReviewFinding.Describe(f.Treatment), f.TreatmentPlan, f.DueOn,
                f.Status, f.RemediationPlan, f.RemediationTargetOn,
                // A reviewer's reason for sending a plan back is for the vendor; accept-risk rationales stay internal.
                f.Status == FindingStatus.Open && f.ResolvedAt is not null ? f.ResolutionNote : null,
                f.VendorMayAnswer, f.Version))];
        return true;
    }
}
