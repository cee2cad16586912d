using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using VendorRisk.Domain.Common;
using VendorRisk.Domain.Findings;
using VendorRisk.Domain.Questionnaires;
using VendorRisk.Infrastructure.Audit;
using VendorRisk.Infrastructure.Email;
using VendorRisk.Infrastructure.Persistence;
using VendorRisk.Infrastructure.Tenancy;
using ReviewFinding = VendorRisk.Domain.Findings.ReviewFinding;
using ReviewSummaryReader = VendorRisk.Application.Reviews.ReviewSummaryReader;
using VendorRisk.Web.Authorization;

namespace VendorRisk.Web.Pages.Findings;

/// <summary>
/// Raises a finding on an assessment (<c>/findings/edit/{assessmentId}</c>, optionally pre-filled from an engine finding
/// with <c>?item=</c>) or edits one (<c>/findings/edit/{assessmentId}/{id}</c>). Only a reviewer who may act on the
/// assessment's review; an edit carries the version it started from, and a newer one is a conflict, not an overwrite.
/// Assigning a finding to the vendor e-mails the assessment's vendor contacts.
/// </summary>
[Authorize(Policy = Policies.Review)]
public sealed class EditModel(AppDbContext db, TenantContext tenant, AuditLog audit, EmailOutbox outbox, TimeProvider clock,
    IConfiguration configuration) : PageModel
{
    public const string VendorOwner = "vendor";

    public FindingScope Scope { get; private set; } = null!;
    public Guid? FindingId { get; private set; }
    public IReadOnlyList<(string Id, string Text)> Questions { get; private set; } = [];
    public IReadOnlyList<FindingAccess.Person> Owners { get; private set; } = [];
    public string Slug => tenant.Slug!;

    [BindProperty] public FindingInput Input { get; set; } = new();

    public sealed class FindingInput
    {
        [Required(ErrorMessage = "Choose a severity.")]
        public string? Severity { get; set; }
        [Required(ErrorMessage = "Give the finding a title.")]
        [StringLength(ReviewFinding.TitleMaxLength, ErrorMessage = "Use at most {1} characters.")]
        public string? Title { get; set; }
        [StringLength(ReviewFinding.TextMaxLength, ErrorMessage = "Use at most {1} characters.")]
        public string? Description { get; set; }
        public List<string> ItemIds { get; set; } = [];
        [Required(ErrorMessage = "Choose a treatment.")]
        public string? Treatment { get; set; }
        [StringLength(ReviewFinding.TextMaxLength, ErrorMessage = "Use at most {1} characters.")]
        [Display(Name = "Treatment plan")]
        public string? TreatmentPlan { get; set; }
        [Required(ErrorMessage = "Choose who owns the finding.")]
        public string? Owner { get; set; }
        [Required(ErrorMessage = "Give the due date.")]
        [Display(Name = "Due on")]
        public DateOnly? DueOn { get; set; }
        /// <summary>The version the reviewer started editing from.</summary>
        public int Version { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(Guid assessmentId, Guid? id, string? item, CancellationToken cancellationToken)
    {
        if (await LoadAsync(assessmentId, id, cancellationToken) is { } problem) return problem;
        if (id is { } findingId)
        {
            var f = await db.ReviewFindings.AsNoTracking().SingleAsync(x => x.Id == findingId, cancellationToken);
            Input = new FindingInput
            {
                Severity = Name(f.Severity), Title = f.Title, Description = f.Description, ItemIds = [.. f.LinkedItemIds], Treatment = Name(f.Treatment),
                TreatmentPlan = f.TreatmentPlan, Owner = f.OwnedByVendor ? VendorOwner : f.OwnerUserId.ToString(), DueOn = f.DueOn, Version = f.Version,
            };
            return Page();
        }
        Input = new FindingInput
        {
            Severity = Name(FindingSeverity.Medium), Treatment = Name(FindingTreatment.Mitigate), Owner = VendorOwner,
            DueOn = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime).AddDays(30),
        };
        // "Raise as finding" from an engine-computed finding: its severity, title and question, as the engine sees them now.
        if (!string.IsNullOrEmpty(item) && await ReviewSummaryReader.LoadAsync(db, assessmentId, cancellationToken) is { } summary
            && summary.Findings.FirstOrDefault(f => f.ItemId == item) is { } computed)
        {
            Input.Severity = Name(computed.Severity);
            Input.Title = computed.Title.Length > ReviewFinding.TitleMaxLength ? computed.Title[..ReviewFinding.TitleMaxLength] : computed.Title;
            Input.ItemIds = [computed.ItemId];
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid assessmentId, Guid? id, CancellationToken cancellationToken)
    {
        if (await LoadAsync(assessmentId, id, cancellationToken) is { } problem) return problem;
        var severity = Parse<FindingSeverity>(Input.Severity);
        var treatment = Parse<FindingTreatment>(Input.Treatment);
        if (Input.Severity is not null && severity is null) ModelState.AddModelError("Input.Severity", "Choose a severity: low, medium, high or critical.");
        if (Input.Treatment is not null && treatment is null) ModelState.AddModelError("Input.Treatment", "Choose a treatment: mitigate, accept, transfer or avoid.");
        Guid? ownerUserId = null;
        if (Input.Owner is not null && Input.Owner != VendorOwner)
        {
            if (Guid.TryParse(Input.Owner, out var owner) && Owners.Any(o => o.Id == owner)) ownerUserId = owner;
            else ModelState.AddModelError("Input.Owner", "Choose the vendor or a person of this organisation.");
        }
        var known = Questions.Select(q => q.Id).ToHashSet(StringComparer.Ordinal);
        if (Input.ItemIds.Any(i => !known.Contains(i))) ModelState.AddModelError("Input.ItemIds", "Choose questions of this assessment.");

        var finding = id is { } findingId ? await db.ReviewFindings.SingleAsync(f => f.Id == findingId, cancellationToken) : null;
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        if (Input.DueOn is { } due && due < today && due != finding?.DueOn)
            ModelState.AddModelError("Input.DueOn", "The due date cannot be in the past.");
        if (!ModelState.IsValid) return Page();
        if (finding is not null && finding.Version != Input.Version) return await ConflictAsync(finding.Id, cancellationToken);

        var details = new FindingDetails(severity!.Value, Input.Title!, Input.Description, Input.ItemIds, treatment!.Value, Input.TreatmentPlan,
            ownerUserId is null ? FindingOwnerKind.Vendor : FindingOwnerKind.Internal, ownerUserId, Input.DueOn!.Value);
        var me = tenant.UserId!.Value;
        var now = clock.GetUtcNow();
        bool assignedToVendor;
        try
        {
            if (finding is null)
            {
                finding = ReviewFinding.Raise(assessmentId, Scope.InstanceId, details, me, now);
                db.ReviewFindings.Add(finding);
                assignedToVendor = finding.OwnedByVendor;
                audit.Record(AuditActions.FindingRaised, nameof(ReviewFinding), finding.Id, Snapshot(finding));
            }
            else
            {
                var before = Snapshot(finding);
                var wasVendor = finding.OwnedByVendor;
                db.Entry(finding).Property(f => f.Version).OriginalValue = Input.Version;
                finding.Edit(details, me, now);
                assignedToVendor = finding.OwnedByVendor && !wasVendor;
                audit.Record(AuditActions.FindingEdited, nameof(ReviewFinding), finding.Id, new { before, after = Snapshot(finding) });
            }
        }
        catch (DomainException e)
        {
            ModelState.AddModelError(string.Empty, e.Message);
            return Page();
        }
        if (assignedToVendor)
            await FindingNotifications.AssignedToVendorAsync(db, outbox, tenant, finding, Scope.AssessmentTitle, FindingNotifications.Origin(configuration, Request),
                cancellationToken);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return await ConflictAsync(finding.Id, cancellationToken);
        }
        if (assignedToVendor) outbox.NudgeDelivery();
        TempData["Status"] = id is null ? "The finding was raised." : "The finding was saved.";
        return Redirect($"/t/{Slug}/findings/{assessmentId}");
    }

    /// <summary>Someone saved the finding after this form was loaded: keep the reviewer's input, say who and what changed.</summary>
    private async Task<IActionResult> ConflictAsync(Guid findingId, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        var current = await db.ReviewFindings.AsNoTracking().SingleAsync(f => f.Id == findingId, cancellationToken);
        var last = new[] { (current.UpdatedAt, current.UpdatedByUserId), (current.RemediationAt, current.RemediationByUserId),
            (current.ResolvedAt, current.ResolvedByUserId) }.Where(x => x.Item1 is not null).OrderByDescending(x => x.Item1).Select(x => x.Item2).FirstOrDefault();
        var by = await db.Users.AsNoTracking().Where(u => u.Id == last).Select(u => u.DisplayName).FirstOrDefaultAsync(cancellationToken);
        Input.Version = current.Version;
        ModelState.Remove("Input.Version");
        ModelState.AddModelError(string.Empty,
            $"{(string.IsNullOrEmpty(by) ? "Someone else" : by)} changed this finding while you were editing it (it is now {ReviewFinding.Describe(current.Status)}, " +
            $"titled \"{current.Title}\"). Your changes are still in the form: check them against the current finding and save again.");
        return Page();
    }

    private async Task<IActionResult?> LoadAsync(Guid assessmentId, Guid? id, CancellationToken cancellationToken)
    {
        if (await FindingAccess.LoadAsync(db, tenant, assessmentId, cancellationToken) is not { } scope) return NotFound();
        if (id is { } findingId && !await db.ReviewFindings.AnyAsync(f => f.Id == findingId && f.AssessmentId == assessmentId, cancellationToken))
            return NotFound();
        if (!scope.MayAct) return StatusCode(StatusCodes.Status403Forbidden);
        Scope = scope;
        FindingId = id;
        Questions = await FindingAccess.QuestionsAsync(db, tenant, scope, cancellationToken);
        Owners = await FindingAccess.OwnersAsync(db, cancellationToken);
        return null;
    }

    private static object Snapshot(ReviewFinding f) => new
    {
        f.AssessmentId, severity = Name(f.Severity), f.Title, f.Description, itemIds = f.LinkedItemIds, treatment = Name(f.Treatment), f.TreatmentPlan,
        owner = f.OwnedByVendor ? VendorOwner : f.OwnerUserId.ToString(), f.DueOn, status = Name(f.Status),
    };

    public static string Name<T>(T value) where T : struct, Enum => value.ToString().ToLowerInvariant();

    /// <summary>A defined member by name (any case); numbers are refused, so "42" is not a treatment.</summary>
    public static T? Parse<T>(string? value) where T : struct, Enum =>
        Enum.GetValues<T>().Cast<T?>().FirstOrDefault(v => string.Equals(v!.Value.ToString(), value?.Trim(), StringComparison.OrdinalIgnoreCase));

    public static readonly IReadOnlyList<FindingSeverity> Severities = Enum.GetValues<FindingSeverity>();
    public static readonly IReadOnlyList<FindingTreatment> Treatments = Enum.GetValues<FindingTreatment>();
}
