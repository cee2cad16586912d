using Microsoft.EntityFrameworkCore;
using VendorRisk.Domain.Questionnaires;
using VendorRisk.IntegrationTests.Infrastructure;
using static VendorRisk.IntegrationTests.Reviews.ReviewTestKit;

namespace VendorRisk.IntegrationTests.Reviews;

/// <summary>
/// The one kind of mail no other integration test queued (found by listing the kinds the mail-link check saw): the committee
/// missed its quorum. It goes to the admins and the committee, and its links start at the configured public address.
/// </summary>
public sealed class CommitteeNoQuorumMailTests(VendorRiskApp app) : IClassFixture<VendorRiskApp>
{
    [Fact]
    public async Task A_vote_without_quorum_at_its_deadline_mails_the_admins_and_committee_with_links_at_the_public_address()
    {
        var scene = await SceneAsync(app, RiskTier.High);
        var (instanceId, _) = await CommitteeVoteTests.AtCommitteeAsync(app, scene);

        app.Clock.Advance(TimeSpan.FromHours(169)); // past the vote's 168-hour deadline, with no vote cast
        await SweepAsync(app);

        var mails = await app.InDbAsync(db => db.OutboxMessages.Where(m => m.Kind == "committee-no-quorum").ToListAsync(), scene.Tenant.Id);
        Assert.NotEmpty(mails);
        Assert.Contains(mails, m => m.ToAddress == scene.Admin.Email);
        Assert.All(scene.Committee, member => Assert.Contains(mails, m => m.ToAddress == member.Email));
        foreach (var mail in mails)
        {
            var body = app.BodyOf(mail);
            Assert.Contains(VendorRiskApp.PublicBaseUrl + "/", body.Html, StringComparison.Ordinal);
            Assert.Empty(MailLinks.NotUnder(VendorRiskApp.PublicBaseUrl, body.Html, body.Text));
        }
        Assert.Equal("waiting", (await InstanceAsync(app, scene, instanceId)).Status); // a second round is open
    }
}
