using Microsoft.EntityFrameworkCore;
using VendorRisk.Domain.Assessments;
using VendorRisk.Domain.Questionnaires;
using VendorRisk.Domain.Reassessments;
using VendorRisk.Domain.Evidence;
using VendorRisk.Domain.Vendors;
using VendorRisk.Application.Assessments;
using VendorRisk.Application.Reassessments;
using VendorRisk.IntegrationTests.Infrastructure;

namespace VendorRisk.IntegrationTests.Reassessments;

/// <summary>A year of daily runs on a fake clock, stepped from event to event (this class owns its clock: no other test moves it).</summary>
public sealed class ReassessmentYearTests(VendorRiskApp app) : IClassFixture<VendorRiskApp>
{
    [Fact]
    public async Task Over_a_simulated_year_every_due_reassessment_is_issued_or_proposed_exactly_once_with_its_emails()
    {
        var tiers = new[] { RiskTier.Critical, RiskTier.High, RiskTier.Medium, RiskTier.Low };
        var issuing = await app.ReassessmentWorldAsync(ReassessmentMode.IssueAutomatically, tiers);
        var proposing = await app.ReassessmentWorldAsync(ReassessmentMode.ProposeToOwner, tiers);
        var d0 = app.Today();
        foreach (var v in issuing.Vendors.Values) await app.DecidedAssessmentAsync(issuing, v);
        foreach (var tier in new[] { RiskTier.Critical, RiskTier.High, RiskTier.Medium })
            await app.DecidedAssessmentAsync(proposing, proposing.Vendors[tier]);
        // The committee accepted the low-tier vendor's risk only until day 200: that wins over the 36-month cadence.
        await app.DecidedAssessmentAsync(proposing, proposing.Vendors[RiskTier.Low], acceptanceExpiresOn: d0.AddDays(200));
        // The medium-tier vendor's ISO certificate on the vendor record (ADR-025) holds until day 99, is never reviewed nor replaced.
        var certificate = await app.InDbAsync(async db =>
        {
            var doc = EvidenceRecord.Create(proposing.Vendors[RiskTier.Medium].Vendor.Id, EvidenceKind.Iso27001Certificate, "iso-27001.pdf", "application/pdf",
                10, new string('0', 64), "year-" + Guid.NewGuid().ToString("N"), d0.AddDays(-200), d0.AddDays(99), null, null, proposing.Owner.Id,
                byVendor: false, app.Clock.GetUtcNow());
            db.EvidenceRecords.Add(doc);
            await db.SaveChangesAsync();
            return doc;
        }, proposing.Tenant.Id);

        var critical = issuing.Vendors[RiskTier.Critical].Vendor.Id;
        var firstCriticalActs = d0.AddMonths(6).AddDays(-30);
        var secondDecision = firstCriticalActs.AddDays(10);
        // Day by day for a year (both ends included), stopping where a reassessment can come due and the day before.
        await Simulation.RunAsync(app.Clock, 366, async today =>
        {
            if (today == secondDecision)
            {
                // The vendor answered the automatically issued reassessment; it is approved, which schedules the next one.
                var open = await app.InDbAsync(db => db.Assessments.Where(a => a.VendorId == critical && a.Status == AssessmentStatus.Sent)
                    .Select(a => a.Id).SingleAsync(), issuing.Tenant.Id);
                await app.DecideAsync(issuing.Tenant.Id, open);
            }
            await app.RunReassessmentsAsync();
            await app.RunReassessmentsAsync();
        }, async () => (await app.ReassessmentMomentsAsync()).Append(secondDecision));

        var issued = await OccurrencesAsync(issuing);
        Assert.Equal(
            [
                ("Critical", d0.AddMonths(6), ReassessmentOutcome.Issued, firstCriticalActs),
                ("Critical", secondDecision.AddMonths(6), ReassessmentOutcome.Issued, secondDecision.AddMonths(6).AddDays(-30)),
                ("High", d0.AddMonths(12), ReassessmentOutcome.Issued, d0.AddMonths(12).AddDays(-30)),
            ],
            issued.OrderBy(o => o.Item4).ToList());
        var reissued = await app.InDbAsync(db => db.Assessments.Where(a => a.Title.Contains("reassessment")).OrderBy(a => a.CreatedAt).ToListAsync(), issuing.Tenant.Id);
        Assert.Equal(3, reissued.Count);
        Assert.All(reissued, a => Assert.Equal(issuing.Template.Id, a.TemplateId));
        // Answer reuse: the previous answers come back as carried over, to be confirmed.
        var carried = await app.InDbAsync(db => db.AssessmentAnswers.Where(x => x.AssessmentId == reissued[0].Id).OrderBy(x => x.ItemId)
            .Select(x => new { x.ItemId, x.CarriedOver }).ToListAsync(), issuing.Tenant.Id);
        Assert.Equal(["has_policy", "policy_owner"], carried.Select(c => c.ItemId));
        Assert.All(carried, c => Assert.True(c.CarriedOver));
        var contacts = await app.InDbAsync(db => db.AssessmentContacts.Where(c => c.AssessmentId == reissued[0].Id).Select(c => c.UserId).ToListAsync(), issuing.Tenant.Id);
        Assert.Equal([issuing.Vendors[RiskTier.Critical].Contact.Id], contacts);

        var proposed = await OccurrencesAsync(proposing);
        var acceptanceDue = d0.AddDays(200);
        Assert.Equal(
            [
                ("Critical", d0.AddMonths(6), ReassessmentOutcome.Proposed, d0.AddMonths(6).AddDays(-30)),
                ("Low", acceptanceDue, ReassessmentOutcome.Proposed, acceptanceDue.AddDays(-30)),
                ("High", d0.AddMonths(12), ReassessmentOutcome.Proposed, d0.AddMonths(12).AddDays(-30)),
            ],
            proposed.OrderBy(o => o.Item4).ToList());
        var proposals = await app.InDbAsync(db => db.ReviewProposals.OrderBy(p => p.CreatedAt)
            .Select(p => new { p.Trigger, p.SourceId, p.CreatedAt, p.Status }).ToListAsync(), proposing.Tenant.Id);
        Assert.Equal(
            [
                (ProposalTrigger.DocumentExpired, d0.AddDays(100)),
                (ProposalTrigger.Cadence, d0.AddMonths(6).AddDays(-30)),
                (ProposalTrigger.Cadence, acceptanceDue.AddDays(-30)),
                (ProposalTrigger.AcceptanceExpired, acceptanceDue),
                (ProposalTrigger.Cadence, d0.AddMonths(12).AddDays(-30)),
            ],
            proposals.Select(p => (p.Trigger, DateOnly.FromDateTime(p.CreatedAt.UtcDateTime))).OrderBy(p => p.Item2).ToList());
        Assert.Contains(proposals, p => p.Trigger == ProposalTrigger.DocumentExpired && p.SourceId == certificate.Id);
        Assert.Equal(0, await app.InDbAsync(db => db.ReviewProposals.CountAsync(), issuing.Tenant.Id));
        Assert.Equal(0, await app.InDbAsync(db => db.Assessments.CountAsync(a => a.Title.Contains("reassessment")), proposing.Tenant.Id));

        var issuingMails = await app.MailsAsync(issuing.Tenant.Id);
        Assert.Equal(3, issuingMails.Count(m => m.Kind == AssessmentMails.KindWaiting));
        Assert.Equal(3, issuingMails.Count(m => m.Kind == ReassessmentMails.KindIssued && m.To == issuing.Owner.Email));
        Assert.Equal(6, issuingMails.Count);
        var proposingMails = await app.MailsAsync(proposing.Tenant.Id);
        Assert.Equal(5, proposingMails.Count);
        Assert.All(proposingMails, m => Assert.Equal((ReassessmentMails.KindProposal, proposing.Owner.Email!), (m.Kind, m.To)));
        var keys = issuingMails.Concat(proposingMails).Select(m => m.Key).ToList();
        Assert.DoesNotContain(null, keys);
        Assert.Equal(keys.Count, keys.Distinct().Count());
    }

    private Task<List<(string, DateOnly, ReassessmentOutcome, DateOnly)>> OccurrencesAsync(ReassessmentWorld w) =>
        app.InDbAsync(async db =>
        {
            var rows = await db.ReassessmentOccurrences.Select(o => new { o.VendorId, o.DueOn, o.Outcome, o.CreatedAt }).ToListAsync();
            return rows.Select(o => (w.Vendors.Single(v => v.Value.Vendor.Id == o.VendorId).Key.ToString(), o.DueOn, o.Outcome,
                DateOnly.FromDateTime(o.CreatedAt.UtcDateTime))).ToList();
        }, w.Tenant.Id);
}
