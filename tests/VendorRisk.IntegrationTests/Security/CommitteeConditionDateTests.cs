using Microsoft.EntityFrameworkCore;
using VendorRisk.Application.Reviews;
using VendorRisk.Domain.Questionnaires;
using VendorRisk.Domain.Reviews;
using VendorRisk.Domain.Workflows;
using VendorRisk.Domain.Workflows.Runtime;
using VendorRisk.IntegrationTests.Infrastructure;
using VendorRisk.IntegrationTests.Reviews;
using static VendorRisk.IntegrationTests.Reviews.ReviewTestKit;

namespace VendorRisk.IntegrationTests.Security;

/// <summary>
/// Issue 16, bad input: a committee condition due 0001-01-01 was accepted (any past date was), and the acceptance it set broke the
/// organisation's whole Reassessments page. Condition due dates must lie between today and 2200-12-31.
/// </summary>
public sealed class CommitteeConditionDateTests(VendorRiskApp app) : IClassFixture<VendorRiskApp>
{
    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(2000, 1, 1)]
    [InlineData(9999, 12, 31)]
    public async Task A_condition_due_in_the_past_or_beyond_2200_is_refused_with_a_message_and_records_no_vote(int year, int month, int day)
    {
        var scene = await SceneAsync(app, RiskTier.High);
        var (instanceId, ballot) = await CommitteeVoteTests.AtCommitteeAsync(app, scene);
        var voter = scene.Committee[0];

        var result = await RunAsync(app, scene, r => r.HandleAsync(instanceId, new VoteCast(ballot.TaskId, voter.Id.ToString(), VoteChoice.ApproveWithConditions),
            voter.Id, new VoteDetails("Fix the backups", "CISO", new DateOnly(year, month, day), null)));

        // Before the fix: applied, and the date became the acceptance's expiry.
        Assert.Equal(StepStatus.Refused, result.Status);
        Assert.Contains("between today and 2200-12-31", result.Message, StringComparison.Ordinal);
        Assert.Equal(0, await app.InDbAsync(db => db.Set<WorkflowVote>().CountAsync(v => v.WorkflowTaskId == ballot.Id), scene.Tenant.Id));
    }
}
