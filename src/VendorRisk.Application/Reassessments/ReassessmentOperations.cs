using Microsoft.EntityFrameworkCore;
using VendorRisk.Application.Common;
using VendorRisk.Domain.Common;
using VendorRisk.Domain.Reassessments;
using VendorRisk.Domain.Tenancy;
using VendorRisk.Infrastructure.Audit;
using VendorRisk.Infrastructure.Email;
using VendorRisk.Infrastructure.Persistence;

namespace VendorRisk.Application.Reassessments;

/// <summary>The reassessment policy as a person gives it.</summary>
public sealed record ReassessmentPolicyDetails(int? CriticalMonths, int? HighMonths, int? MediumMonths, int? LowMonths, int? LeadTimeDays,
    ReassessmentMode? Mode, int? IncidentNotificationHours);

/// <summary>A reassessment issued by accepting a proposal.</summary>
public sealed record IssuedReassessment(Guid AssessmentId, string Title, int CarriedOver);

/// <summary>Setting the tenant's reassessment policy, and accepting (issuing the reassessment) or dismissing review proposals.</summary>
public sealed class ReassessmentOperations(AppDbContext db, Access access, ReassessmentIssuer issuer, EmailOutbox outbox, AuditLog audit, TimeProvider clock)
{
    public static readonly RolePermission ManagePolicy = new("reassessments.policy", TenantRoles.TenantAdmin);
    public static readonly DecideProposalRequirement Decide = new();

    private const string Months = "Enter a whole number of months between 1 and 120.";
    private const string Decided = "Someone else decided this proposal while you were looking at it. Reload the page to see what they did.";

    /// <summary>Saves the policy (the defaults until a first save); it applies to decisions taken from now on.</summary>
    public async Task<Outcome> SavePolicyAsync(ReassessmentPolicyDetails d, int expectedVersion, CancellationToken cancellationToken)
    {
        if (await access.DemandAsync(ManagePolicy) is { } forbidden) return forbidden;
        var errors = new List<FieldError>();
        if (d.CriticalMonths is not (>= 1 and <= ReassessmentPolicy.MaxIntervalMonths)) errors.Add(new(nameof(d.CriticalMonths), Months));
        if (d.HighMonths is not (>= 1 and <= ReassessmentPolicy.MaxIntervalMonths)) errors.Add(new(nameof(d.HighMonths), Months));
        if (d.MediumMonths is not (>= 1 and <= ReassessmentPolicy.MaxIntervalMonths)) errors.Add(new(nameof(d.MediumMonths), Months));
        if (d.LowMonths is not (>= 1 and <= ReassessmentPolicy.MaxIntervalMonths)) errors.Add(new(nameof(d.LowMonths), Months));
        if (d.LeadTimeDays is not (>= 0 and <= ReassessmentPolicy.MaxLeadTimeDays)) errors.Add(new(nameof(d.LeadTimeDays), "Enter the lead time in days (0 to 365)."));
        if (d.Mode is not { } mode || !Enum.IsDefined(mode)) errors.Add(new(nameof(d.Mode), "Choose what happens when a reassessment comes due."));
        if (d.IncidentNotificationHours is not (>= 1 and <= ReassessmentPolicy.MaxNotificationHours))
            errors.Add(new(nameof(d.IncidentNotificationHours), "Enter the notification window in hours (1 to 2160)."));
        if (errors.Count > 0) return Fail.Invalid(errors);

        var policy = await db.ReassessmentPolicies.FirstOrDefaultAsync(cancellationToken);
        if (policy is null)
        {
            policy = ReassessmentPolicy.Defaults();
            db.ReassessmentPolicies.Add(policy);
        }
        else
        {
            db.Entry(policy).Property(p => p.Version).OriginalValue = expectedVersion;
        }
        policy.Update(d.CriticalMonths!.Value, d.HighMonths!.Value, d.MediumMonths!.Value, d.LowMonths!.Value, d.LeadTimeDays!.Value, d.Mode!.Value,
            d.IncidentNotificationHours!.Value, access.Tenant.UserId, clock.GetUtcNow());
        audit.Record("reassessment.policy-changed", nameof(ReassessmentPolicy), policy.Id, new
        {
            policy.CriticalMonths, policy.HighMonths, policy.MediumMonths, policy.LowMonths, policy.LeadTimeDays, mode = policy.Mode.ToString(),
            policy.IncidentNotificationHours,
        });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // A concurrent edit (stale version) or a concurrent first save (unique tenant index).
            db.ChangeTracker.Clear();
            return Fail.Conflict("Someone else changed the policy while you were editing. Reload the page and apply your changes again.");
        }
        return Outcome.Ok();
    }

    /// <summary>
    /// Accepts a proposal: issues the reassessment (answers carried over) due on <paramref name="dueOn"/> and links it, in one save.
    /// Invalid on <c>DueOn</c>.
    /// </summary>
    public async Task<Outcome<IssuedReassessment>> AcceptAsync(Guid id, DateOnly? dueOn, int expectedVersion, CancellationToken cancellationToken)
    {
        var (proposal, denied) = await DecidableAsync(id, cancellationToken);
        if (denied is not null) return denied;
        if (dueOn is null) return Fail.Invalid("DueOn", "Enter the date by which the vendor must answer.");
        if (!BusinessDates.InRange(dueOn.Value)) return Fail.Invalid("DueOn", BusinessDates.OutOfRangeMessage("The due date"));
        if (dueOn <= DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime)) return Fail.Invalid("DueOn", "The due date must be in the future.");
        db.Entry(proposal!).Property(p => p.Version).OriginalValue = expectedVersion;
        var issued = await issuer.IssueAsync(proposal!.VendorId, access.Tenant.UserId, dueOn.Value, cancellationToken);
        if (issued.Assessment is not { } assessment)
        {
            db.ChangeTracker.Clear();
            return Fail.Invalid("DueOn", issued.Problem!);
        }
        try
        {
            proposal.Accept(assessment.Id, access.Tenant.UserId!.Value, clock.GetUtcNow());
        }
        catch (DomainException e)
        {
            db.ChangeTracker.Clear();
            return Fail.Invalid("", e.Message);
        }
        audit.Record("reassessment.proposal-accepted", nameof(ReviewProposal), proposal.Id, new { proposal.VendorId, assessmentId = assessment.Id });
        if (await SaveAsync(cancellationToken) is { } conflict) return conflict;
        outbox.NudgeDelivery();
        return new IssuedReassessment(assessment.Id, assessment.Title, issued.CarriedOver);
    }

    /// <summary>Dismisses a proposal with a reason. Invalid on <c>Reason</c>.</summary>
    public async Task<Outcome> DismissAsync(Guid id, string? reason, int expectedVersion, CancellationToken cancellationToken)
    {
        var (proposal, denied) = await DecidableAsync(id, cancellationToken);
        if (denied is not null) return denied;
        if (string.IsNullOrWhiteSpace(reason)) return Fail.Invalid("Reason", "Say why no review is needed.");
        if (reason.Length > ReviewProposal.DismissalReasonMaxLength) return Fail.Invalid("Reason", $"Use at most {ReviewProposal.DismissalReasonMaxLength} characters.");
        db.Entry(proposal!).Property(p => p.Version).OriginalValue = expectedVersion;
        try
        {
            proposal!.Dismiss(reason, access.Tenant.UserId!.Value, clock.GetUtcNow());
        }
        catch (DomainException e)
        {
            db.ChangeTracker.Clear();
            return Fail.Invalid("Reason", e.Message);
        }
        audit.Record("reassessment.proposal-dismissed", nameof(ReviewProposal), proposal.Id, new { proposal.VendorId, reason = proposal.DismissalReason });
        return await SaveAsync(cancellationToken) ?? Outcome.Ok();
    }

    private async Task<(ReviewProposal? Proposal, Failure? Denied)> DecidableAsync(Guid id, CancellationToken cancellationToken)
    {
        var proposal = await db.ReviewProposals.SingleOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (proposal is null) return (null, Fail.NotFound("There is no such proposal."));
        var owner = await db.Vendors.Where(v => v.Id == proposal.VendorId).Select(v => v.BusinessOwnerUserId).SingleOrDefaultAsync(cancellationToken);
        return (proposal, await access.DemandAsync(Decide, new ProposalOwnership(owner)));
    }

    private async Task<Failure?> SaveAsync(CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return null;
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return Fail.Conflict(Decided);
        }
    }
}
