using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using VendorRisk.Domain.Common;
using VendorRisk.Domain.Reassessments;
using VendorRisk.Domain.Tenancy;
using VendorRisk.Infrastructure.Audit;
using VendorRisk.Infrastructure.Email;
using VendorRisk.Infrastructure.Persistence;
using VendorRisk.Application.Reassessments;
using VendorRisk.Infrastructure.Tenancy;

namespace VendorRisk.Web.Pages.Reassessments;

/// <summary>
/// One review proposal. Accepting issues the reassessment (the questionnaire of the vendor's last assessment in its current
/// published version, to that assessment's contacts who still have portal access, answers carried over) and links it; dismissing
/// needs a reason. Tenant admins, vendor managers and the vendor's business owner may decide; anyone internal may read.
/// </summary>
public sealed class ProposalModel(AppDbContext db, TenantContext tenant, ReassessmentIssuer issuer, EmailOutbox outbox, AuditLog audit,
    TimeProvider clock) : PageModel
{
    public sealed record View(Guid Id, Guid VendorId, string VendorName, Guid? OwnerUserId, ProposalTrigger Trigger, string Reason,
        DateTimeOffset CreatedAt, ProposalStatus Status, DateTimeOffset? DecidedAt, string? DecidedBy, string? DismissalReason, Guid? AssessmentId, int Version);

    public View Proposal { get; private set; } = null!;
    [BindProperty] public AcceptInput Accept { get; set; } = new();
    [BindProperty] public DismissInput Dismiss { get; set; } = new();
    [BindProperty] public int Version { get; set; }
    public string Slug => tenant.Slug!;
    public DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
    public bool CanDecide => tenant.HasAnyRole(TenantRoles.TenantAdmin | TenantRoles.VendorManager)
        || (Proposal?.OwnerUserId is { } owner && owner == tenant.UserId && tenant.HasAnyRole(TenantRolesExtensions.Internal & ~TenantRoles.Auditor));

    public sealed class AcceptInput
    {
        [Required(ErrorMessage = "Enter the date by which the vendor must answer.")]
        [Display(Name = "Answer due on")]
        public DateOnly? DueOn { get; set; }
    }

    public sealed class DismissInput
    {
        [Required(ErrorMessage = "Say why no review is needed.")]
        [StringLength(ReviewProposal.DismissalReasonMaxLength, ErrorMessage = "Use at most {1} characters.")]
        public string? Reason { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(Guid id)
    {
        if (!await LoadAsync(id)) return NotFound();
        Accept.DueOn = Today.AddDays(30);
        Version = Proposal.Version;
        return Page();
    }

    public async Task<IActionResult> OnPostAcceptAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id)) return NotFound();
        if (!CanDecide) return Forbid();
        OnlyValidate(Accept, nameof(Accept));
        if (Accept.DueOn is { } due && due <= Today) ModelState.AddModelError("Accept.DueOn", "The due date must be in the future.");
        if (!ModelState.IsValid) return Page();

        var proposal = await db.ReviewProposals.SingleAsync(p => p.Id == id, cancellationToken);
        db.Entry(proposal).Property(p => p.Version).OriginalValue = Version;
        var issued = await issuer.IssueAsync(proposal.VendorId, tenant.UserId, Accept.DueOn!.Value, cancellationToken);
        if (issued.Assessment is not { } assessment) return Refuse(issued.Problem!, "Accept.DueOn");
        try
        {
            proposal.Accept(assessment.Id, tenant.UserId!.Value, clock.GetUtcNow());
        }
        catch (DomainException e)
        {
            return Refuse(e.Message, string.Empty);
        }
        audit.Record("reassessment.proposal-accepted", nameof(ReviewProposal), proposal.Id, new { proposal.VendorId, assessmentId = assessment.Id });
        if (!await SaveAsync(cancellationToken)) return Page();
        outbox.NudgeDelivery();
        TempData["Status"] = $"\"{assessment.Title}\" was issued to the vendor." + (issued.CarriedOver > 0 ? $" {issued.CarriedOver} answers were carried over." : "");
        return Redirect($"/t/{Slug}/assessments/details/{assessment.Id}");
    }

    public async Task<IActionResult> OnPostDismissAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id)) return NotFound();
        if (!CanDecide) return Forbid();
        OnlyValidate(Dismiss, nameof(Dismiss));
        if (!ModelState.IsValid) return Page();

        var proposal = await db.ReviewProposals.SingleAsync(p => p.Id == id, cancellationToken);
        db.Entry(proposal).Property(p => p.Version).OriginalValue = Version;
        try
        {
            proposal.Dismiss(Dismiss.Reason, tenant.UserId!.Value, clock.GetUtcNow());
        }
        catch (DomainException e)
        {
            return Refuse(e.Message, "Dismiss.Reason");
        }
        audit.Record("reassessment.proposal-dismissed", nameof(ReviewProposal), proposal.Id, new { proposal.VendorId, reason = proposal.DismissalReason });
        if (!await SaveAsync(cancellationToken)) return Page();
        TempData["Status"] = "The proposal was dismissed.";
        return Redirect($"/t/{Slug}/reassessments/proposal/{id}");
    }

    /// <summary>
    /// The page has two forms: only the posted one is validated (the other one's model, absent from the post, would otherwise bind
    /// without its prefix and report its own required fields).
    /// </summary>
    private void OnlyValidate(object model, string prefix)
    {
        var attempted = ModelState.Where(e => e.Key.StartsWith(prefix + ".", StringComparison.Ordinal) && e.Value is { AttemptedValue: not null, Errors.Count: > 0 })
            .Select(e => (e.Key, e.Value!.Errors.Select(x => x.ErrorMessage).ToList())).ToList();
        ModelState.Clear();
        TryValidateModel(model, prefix);
        // Keep binding errors (e.g. a date that is not a date), which validation alone would not find again.
        foreach (var (key, messages) in attempted)
        {
            if (ModelState.TryGetValue(key, out var entry) && entry.Errors.Count > 0) continue;
            foreach (var message in messages) ModelState.AddModelError(key, message);
        }
    }

    private async Task<bool> SaveAsync(CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            ModelState.AddModelError(string.Empty, "Someone else decided this proposal while you were looking at it. Reload the page to see what they did.");
            return false;
        }
    }

    private PageResult Refuse(string message, string field)
    {
        db.ChangeTracker.Clear();
        ModelState.AddModelError(field, message);
        return Page();
    }

    private async Task<bool> LoadAsync(Guid id)
    {
        var view = await db.ReviewProposals.AsNoTracking().Where(p => p.Id == id)
            .Join(db.Vendors, p => p.VendorId, v => v.Id, (p, v) => new { p, v.LegalName, v.BusinessOwnerUserId })
            .GroupJoin(db.Users, x => x.p.DecidedByUserId, u => u.Id, (x, u) => new { x, u })
            .SelectMany(x => x.u.DefaultIfEmpty(), (x, u) => new View(x.x.p.Id, x.x.p.VendorId, x.x.LegalName, x.x.BusinessOwnerUserId, x.x.p.Trigger,
                x.x.p.Reason, x.x.p.CreatedAt, x.x.p.Status, x.x.p.DecidedAt, u != null ? u.DisplayName : null, x.x.p.DismissalReason,
                x.x.p.AssessmentId, x.x.p.Version))
            .SingleOrDefaultAsync();
        if (view is null) return false;
        Proposal = view;
        return true;
    }
}
