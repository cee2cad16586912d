using VendorRisk.Domain.Evidence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using VendorRisk.Domain.Reassessments;
using VendorRisk.Domain.Vendors;
using VendorRisk.Infrastructure.Audit;
using VendorRisk.Infrastructure.Email;
using VendorRisk.Infrastructure.Persistence;
using VendorRisk.Infrastructure.Tenancy;
using VendorRisk.Infrastructure.Links;
using VendorRisk.Application.Tenancy;

namespace VendorRisk.Application.Reassessments;

/// <summary>What one run did.</summary>
public sealed record ReassessmentRunSummary(int Issued, int Proposed, int Skipped)
{
    public static readonly ReassessmentRunSummary None = new(0, 0, 0);

    public ReassessmentRunSummary Plus(ReassessmentRunSummary other) => new(Issued + other.Issued, Proposed + other.Proposed, Skipped + other.Skipped);
}

/// <summary>
/// Daily, per tenant (each in a DI scope of its own, entered as the system; the job itself carries no tenant):
/// <list type="number">
/// <item>every vendor whose reassessment is due within the policy's lead time gets it issued (issue mode) or proposed to its
/// owner (propose mode) exactly once per (vendor, due date): a <see cref="ReassessmentOccurrence"/> with that unique key is
/// written in the same transaction, so a second or concurrent run finds it or fails on it and changes nothing;</item>
/// <item>a committee acceptance that has ended, with no assessment started since, is proposed for review once;</item>
/// <item>a certificate or report that has expired and was not replaced by a current one of the same kind is proposed once.</item>
/// </list>
/// Offboarded vendors are left alone. An automatic issue that cannot be made (no published version, no contact with portal
/// access) becomes a proposal saying why.
/// </summary>
public sealed class ReassessmentJob(TenantJobs jobs, TimeProvider clock, ILogger<ReassessmentJob> logger)
{
    public const string RecurringJobId = "reassessments";

    public async Task<ReassessmentRunSummary> RunAsync(CancellationToken cancellationToken)
    {
        // One tenant's failure must not starve the others (TenantJobs logs it); the next run retries it.
        var total = ReassessmentRunSummary.None;
        await jobs.ForEachTenantAsync("The reassessment run", async (services, tenant, ct) =>
        {
            total = total.Plus(await RunInTenantAsync(services, tenant.Id, ct));
            return 0;
        }, cancellationToken);
        return total;
    }

    /// <summary>One tenant's run. An id that is no tenant touches nothing.</summary>
    public async Task<ReassessmentRunSummary> RunForTenantAsync(Guid tenantId, CancellationToken cancellationToken)
    {
        if ((await jobs.TenantsAsync(cancellationToken)).All(t => t.Id != tenantId)) return ReassessmentRunSummary.None;
        return await jobs.InTenantAsync(tenantId, services => RunInTenantAsync(services, tenantId, cancellationToken));
    }

    private Task<ReassessmentRunSummary> RunInTenantAsync(IServiceProvider services, Guid tenantId, CancellationToken cancellationToken)
    {
        var run = new TenantRun(tenantId, services.GetRequiredService<AppDbContext>(), services.GetRequiredService<ReassessmentIssuer>(),
            services.GetRequiredService<ReviewProposals>(), services.GetRequiredService<EmailOutbox>(), services.GetRequiredService<AuditLog>(),
            services.GetRequiredService<PublicLinks>(), clock, logger);
        return run.ExecuteAsync(cancellationToken);
    }

    private sealed class TenantRun(Guid tenantId, AppDbContext db, ReassessmentIssuer issuer, ReviewProposals proposals, EmailOutbox outbox,
        AuditLog audit, PublicLinks links, TimeProvider clock, ILogger logger)
    {
        private int _issued, _proposed, _skipped;

        public async Task<ReassessmentRunSummary> ExecuteAsync(CancellationToken cancellationToken)
        {
            var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
            var policy = await ReassessmentScheduling.PolicyAsync(db, cancellationToken);

            var horizon = today.AddDays(policy.LeadTimeDays);
            var due = await db.ReassessmentSchedules.AsNoTracking()
                .Where(s => s.DueOn <= horizon
                    && !db.ReassessmentOccurrences.Any(o => o.VendorId == s.VendorId && o.DueOn == s.DueOn))
                .OrderBy(s => s.DueOn).ThenBy(s => s.VendorId)
                .ToListAsync(cancellationToken);
            foreach (var schedule in due)
                await OnceAsync(() => CadenceAsync(schedule, policy, today, cancellationToken), cancellationToken);

            var lapsed = await db.ReassessmentSchedules.AsNoTracking()
                .Where(s => s.AcceptanceExpiresOn != null && s.AcceptanceExpiresOn <= today
                    && !db.ReviewProposals.Any(p => p.VendorId == s.VendorId && p.Trigger == ProposalTrigger.AcceptanceExpired && p.SourceId == s.BasedOnAssessmentId))
                .OrderBy(s => s.AcceptanceExpiresOn).ThenBy(s => s.VendorId)
                .ToListAsync(cancellationToken);
            foreach (var schedule in lapsed)
                await OnceAsync(() => AcceptanceExpiredAsync(schedule, cancellationToken), cancellationToken);

            // A document the organisation added on the vendor record (ADR-025) that expired while no reviewer had accepted or rejected it (an
            // accepted one is proposed for refresh before it expires, below), with no current one of its kind recorded: once per document.
            var expired = await db.EvidenceRecords.AsNoTracking()
                .Where(d => !d.ByVendor && d.Review == EvidenceReview.Pending && d.ValidUntil != null && d.ValidUntil < today
                    && !db.ReviewProposals.Any(p => p.VendorId == d.VendorId && (p.Trigger == ProposalTrigger.DocumentExpired || p.Trigger == ProposalTrigger.EvidenceExpiring)
                        && p.SourceId == d.Id)
                    && !db.EvidenceRecords.Any(n => n.VendorId == d.VendorId && n.Kind == d.Kind && n.Id != d.Id && n.Review != EvidenceReview.Rejected
                        && n.DocumentDate >= d.DocumentDate && (n.ValidUntil == null || n.ValidUntil >= today)))
                .OrderBy(d => d.ValidUntil).ThenBy(d => d.Id)
                .Select(d => new { d.Id, d.VendorId, Title = d.FileName, ExpiresOn = d.ValidUntil!.Value })
                .ToListAsync(cancellationToken);
            foreach (var document in expired)
            {
                await OnceAsync(async () =>
                {
                    if (await OffboardedAsync(document.VendorId, cancellationToken)) return null;
                    var proposal = await proposals.ProposeAsync(document.VendorId, ProposalTrigger.DocumentExpired, $"{document.Id:N}", document.Id,
                        $"\"{document.Title}\" expired on {document.ExpiresOn:yyyy-MM-dd} and no current replacement has been recorded.",
                        cancellationToken);
                    return proposal is null ? null : ReassessmentOutcome.Proposed;
                }, cancellationToken);
            }
            // Accepted evidence whose own expiry or period end falls within the lead time, with no newer document of its kind sent: a
            // refresh is proposed (ADR-025), once per document.
            var expiring = await db.EvidenceRecords.AsNoTracking()
                .Where(r => r.Review == EvidenceReview.Accepted && r.ValidUntil != null && r.ValidUntil <= horizon
                    && !db.ReviewProposals.Any(p => p.VendorId == r.VendorId && p.Trigger == ProposalTrigger.EvidenceExpiring && p.SourceId == r.Id)
                    && !db.EvidenceRecords.Any(n => n.VendorId == r.VendorId && n.Kind == r.Kind && n.Id != r.Id && n.Review != EvidenceReview.Rejected
                        && n.DocumentDate >= r.DocumentDate && (n.ValidUntil == null || n.ValidUntil > r.ValidUntil)))
                .OrderBy(r => r.ValidUntil).ThenBy(r => r.Id)
                .Select(r => new { r.Id, r.VendorId, r.FileName, r.Kind, ValidUntil = r.ValidUntil!.Value })
                .ToListAsync(cancellationToken);
            foreach (var evidence in expiring)
            {
                await OnceAsync(async () =>
                {
                    if (await OffboardedAsync(evidence.VendorId, cancellationToken)) return null;
                    var when = evidence.ValidUntil < today ? "expired on" : "expires on";
                    var proposal = await proposals.ProposeAsync(evidence.VendorId, ProposalTrigger.EvidenceExpiring, $"evidence:{evidence.Id:N}", evidence.Id,
                        $"The accepted {evidence.Kind.Label()} \"{evidence.FileName}\" {when} {evidence.ValidUntil:yyyy-MM-dd} and no newer one has been sent.",
                        cancellationToken);
                    return proposal is null ? null : ReassessmentOutcome.Proposed;
                }, cancellationToken);
            }
            // ADR-027: a finding whose accepted risk expired, and a condition of approval not closed by its due date, come back as proposals.
            var acceptances = await db.ReviewFindings.AsNoTracking()
                .Where(f => f.Status == Domain.Findings.FindingStatus.RiskAccepted && f.RiskAcceptedUntil != null && f.RiskAcceptedUntil < today)
                .Join(db.Assessments, f => f.AssessmentId, a => a.Id, (f, a) => new { f.Id, a.VendorId, f.Title, f.Severity, Until = f.RiskAcceptedUntil!.Value, Assessment = a.Title })
                .OrderBy(f => f.Until).ThenBy(f => f.Id)
                .ToListAsync(cancellationToken);
            foreach (var finding in acceptances)
            {
                var key = $"{finding.Id:N}:{finding.Until:yyyy-MM-dd}";
                if (await db.ReviewProposals.AnyAsync(p => p.VendorId == finding.VendorId && p.Trigger == ProposalTrigger.RiskAcceptanceExpired && p.SourceKey == key,
                        cancellationToken)) continue;
                await OnceAsync(async () =>
                {
                    if (await OffboardedAsync(finding.VendorId, cancellationToken)) return null;
                    var proposal = await proposals.ProposeAsync(finding.VendorId, ProposalTrigger.RiskAcceptanceExpired, key, finding.Id,
                        $"The accepted risk of the {finding.Severity.ToString().ToLowerInvariant()} finding \"{finding.Title}\" (\"{finding.Assessment}\") expired on {finding.Until:yyyy-MM-dd}.",
                        cancellationToken);
                    return proposal is null ? null : ReassessmentOutcome.Proposed;
                }, cancellationToken);
            }

            var overdue = await db.DecisionConditions.AsNoTracking()
                .Where(c => c.Status != Domain.Reviews.ConditionStatus.Closed && c.DueOn < today
                    && !db.ReviewProposals.Any(p => p.VendorId == c.VendorId && p.Trigger == ProposalTrigger.ConditionOverdue && p.SourceId == c.Id))
                .OrderBy(c => c.DueOn).ThenBy(c => c.Id)
                .Select(c => new { c.Id, c.VendorId, c.Text, c.DueOn })
                .ToListAsync(cancellationToken);
            foreach (var condition in overdue)
            {
                await OnceAsync(async () =>
                {
                    if (await OffboardedAsync(condition.VendorId, cancellationToken)) return null;
                    var proposal = await proposals.ProposeAsync(condition.VendorId, ProposalTrigger.ConditionOverdue, $"{condition.Id:N}", condition.Id,
                        $"The condition of approval \"{condition.Text}\" was due on {condition.DueOn:yyyy-MM-dd} and is not closed.", cancellationToken);
                    return proposal is null ? null : ReassessmentOutcome.Proposed;
                }, cancellationToken);
            }
            return new(_issued, _proposed, _skipped);
        }

        private async Task<ReassessmentOutcome?> CadenceAsync(ReassessmentSchedule schedule, ReassessmentPolicy policy, DateOnly today,
            CancellationToken cancellationToken)
        {
            var tier = schedule.Tier.ToString().ToLowerInvariant();
            var reasonDue = schedule.DueToAcceptanceExpiry
                ? $"The committee's risk acceptance ends on {schedule.DueOn:yyyy-MM-dd}, before the {schedule.IntervalMonths}-month cadence of a {tier}-tier vendor."
                : $"The vendor's reassessment is due on {schedule.DueOn:yyyy-MM-dd} ({schedule.IntervalMonths} months after the decision of {schedule.DecidedOn:yyyy-MM-dd}, {tier} tier).";

            if (await OffboardedAsync(schedule.VendorId, cancellationToken))
                return Record(schedule, ReassessmentOutcome.Skipped, null, null, "The vendor is offboarded.");
            if (await issuer.OpenAssessmentTitleAsync(schedule.VendorId, cancellationToken) is { } open)
                return Record(schedule, ReassessmentOutcome.Skipped, null, null, $"\"{open}\" was still open.");

            string? issueProblem = null;
            if (policy.Mode == ReassessmentMode.IssueAutomatically)
            {
                var issued = await issuer.IssueAsync(schedule.VendorId, null, ReassessmentIssuer.AnswerDueOn(schedule.DueOn, today), cancellationToken);
                if (issued.Assessment is { } assessment)
                {
                    await MailOwnerAsync(schedule.VendorId, assessment, cancellationToken);
                    return Record(schedule, ReassessmentOutcome.Issued, assessment.Id, null, null);
                }
                issueProblem = issued.Problem;
            }
            var reason = issueProblem is null ? reasonDue : $"{reasonDue} It could not be issued automatically: {issueProblem}";
            var proposal = await proposals.ProposeAsync(schedule.VendorId, ProposalTrigger.Cadence, $"{schedule.DueOn:yyyy-MM-dd}",
                schedule.BasedOnAssessmentId, reason, cancellationToken);
            return proposal is null
                ? Record(schedule, ReassessmentOutcome.Skipped, null, null, "Already proposed.")
                : Record(schedule, ReassessmentOutcome.Proposed, null, proposal.Id, issueProblem);
        }

        private ReassessmentOutcome Record(ReassessmentSchedule schedule, ReassessmentOutcome outcome, Guid? assessmentId, Guid? proposalId, string? note)
        {
            db.ReassessmentOccurrences.Add(ReassessmentOccurrence.Record(schedule.VendorId, schedule.DueOn, outcome, assessmentId, proposalId, note,
                clock.GetUtcNow()));
            audit.Record("reassessment." + outcome.ToString().ToLowerInvariant(), "Vendor", schedule.VendorId,
                new { dueOn = schedule.DueOn, assessmentId, proposalId, note });
            return outcome;
        }

        private async Task<ReassessmentOutcome?> AcceptanceExpiredAsync(ReassessmentSchedule schedule, CancellationToken cancellationToken)
        {
            if (await OffboardedAsync(schedule.VendorId, cancellationToken)) return null;
            // A reassessment started since the decision already answers the lapsed acceptance.
            var decidedAt = await db.Assessments.Where(a => a.Id == schedule.BasedOnAssessmentId).Select(a => a.DecidedAt).SingleOrDefaultAsync(cancellationToken);
            if (decidedAt is { } at && await db.Assessments.AnyAsync(a => a.VendorId == schedule.VendorId && a.CreatedAt > at, cancellationToken)) return null;
            var proposal = await proposals.ProposeAsync(schedule.VendorId, ProposalTrigger.AcceptanceExpired, $"{schedule.BasedOnAssessmentId:N}",
                schedule.BasedOnAssessmentId, $"The committee's acceptance of the vendor's risk ended on {schedule.AcceptanceExpiresOn:yyyy-MM-dd}.",
                cancellationToken);
            return proposal is null ? null : ReassessmentOutcome.Proposed;
        }

        private Task<bool> OffboardedAsync(Guid vendorId, CancellationToken cancellationToken) =>
            db.Vendors.AnyAsync(v => v.Id == vendorId && v.Status == VendorStatus.Offboarded, cancellationToken);

        private async Task MailOwnerAsync(Guid vendorId, Domain.Assessments.Assessment assessment, CancellationToken cancellationToken)
        {
            var names = await db.Tenants.Where(t => t.Id == tenantId).Select(t => new { t.Slug, t.Name }).SingleAsync(cancellationToken);
            var vendorName = await db.Vendors.Where(v => v.Id == vendorId).Select(v => v.LegalName).SingleAsync(cancellationToken);
            var link = links.AssessmentDetails(names.Slug, assessment.Id);
            var mail = ReassessmentMails.Issued(names.Name, vendorName, assessment.Title, assessment.DueOn, link);
            foreach (var recipient in await Recipients.ForVendorAsync(db, vendorId, alsoAdmins: false, cancellationToken))
            {
                outbox.Enqueue(mail, recipient.Email, recipient.Name, ReassessmentMails.KindIssued, tenantId,
                    $"reassessment:{assessment.Id:N}:owner:{recipient.UserId:N}");
            }
        }

        /// <summary>
        /// Runs one unit (its writes join the context) and saves it in one transaction. A unique-key failure means a concurrent run did the
        /// same item first: the unit is dropped and the run goes on.
        /// </summary>
        private async Task OnceAsync(Func<Task<ReassessmentOutcome?>> unit, CancellationToken cancellationToken)
        {
            db.ChangeTracker.Clear();
            try
            {
                if (await unit() is not { } outcome) return;
                await db.SaveChangesAsync(cancellationToken);
                _ = outcome switch
                {
                    ReassessmentOutcome.Issued => ++_issued,
                    ReassessmentOutcome.Proposed => ++_proposed,
                    _ => ++_skipped,
                };
                outbox.NudgeDelivery();
            }
            catch (DbUpdateException e)
            {
                logger.LogInformation(e, "A concurrent reassessment run wrote the same item first; this run skips it.");
                db.ChangeTracker.Clear();
            }
        }
    }
}
