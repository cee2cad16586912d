using System.Collections.Immutable;
using Microsoft.EntityFrameworkCore;
using VendorRisk.Domain.Assessments;
using VendorRisk.Domain.Questionnaires;
using VendorRisk.Domain.Reviews;
using VendorRisk.Domain.Workflows;
using VendorRisk.Domain.Workflows.Runtime;
using VendorRisk.Infrastructure.Identity;
using VendorRisk.Application.Reviews;
using VendorRisk.IntegrationTests.Infrastructure;
using static VendorRisk.IntegrationTests.Reviews.ReviewTestKit;

namespace VendorRisk.IntegrationTests.Reviews;

public sealed class CommitteeVoteTests(VendorRiskApp app) : IClassFixture<VendorRiskApp>
{
    /// <summary>Runs the enhanced review's three specialist reviews (approve) and returns the open committee vote.</summary>
    internal static async Task<(Guid InstanceId, WorkflowTask Ballot)> AtCommitteeAsync(VendorRiskApp app, ReviewScene scene)
    {
        var instanceId = await StartedReviewAsync(app, scene);
        var residual = ImmutableDictionary<string, WorkflowValue>.Empty.Add("residualRisk", WorkflowValue.OfString("medium"));
        for (var i = 0; i < 3; i++)
        {
            var task = await ReviewTaskAsync(app, scene, instanceId);
            var result = await DecideAsync(app, scene, instanceId, task.TaskId, "approve", scene.Reviewer, variables: i == 2 ? residual : null);
            Assert.True(result.Applied, result.Message);
        }
        var ballot = Assert.Single(await OpenTasksAsync(app, scene, instanceId));
        Assert.Equal(WorkflowRunner.KindVote, ballot.Kind);
        return (instanceId, ballot);
    }

    internal static Task<WorkflowRunResult> VoteAsync(VendorRiskApp app, ReviewScene scene, Guid instanceId, WorkflowTask ballot, AppUser voter,
        VoteChoice choice = VoteChoice.Approve) =>
        RunAsync(app, scene, r => r.HandleAsync(instanceId, new VoteCast(ballot.TaskId, voter.Id.ToString(), choice), voter.Id,
            new VoteDetails(null, null, null, choice == VoteChoice.Reject ? "not convinced" : null)));

    [Fact]
    public async Task Concurrent_final_votes_are_all_counted_once_and_the_outcome_is_decided_exactly_once()
    {
        var scene = await SceneAsync(app, RiskTier.High);
        for (var round = 0; round < 8; round++)
        {
            var (instanceId, ballot) = await AtCommitteeAsync(app, scene);
            Assert.True((await VoteAsync(app, scene, instanceId, ballot, scene.Committee[0])).Applied);

            var attempts = new[] { scene.Committee[1], scene.Committee[2], scene.Committee[2], scene.Committee[1] };
            var results = await Task.WhenAll(attempts.Select(v => Task.Run(() => VoteAsync(app, scene, instanceId, ballot, v))));

            Assert.Equal(2, results.Count(r => r.Applied));
            Assert.All(results.Where(r => !r.Applied), r => Assert.Equal(StepStatus.Refused, r.Status));
            var votes = await app.InDbAsync(db => db.Set<WorkflowVote>().Where(v => v.WorkflowTaskId == ballot.Id).Select(v => v.VoterUserId).ToListAsync(), scene.Tenant.Id);
            Assert.Equal(3, votes.Count);
            Assert.Equal(3, votes.Distinct().Count());
            var decisions = await app.InDbAsync(db => db.Set<WorkflowJournalEntry>().CountAsync(j => j.InstanceId == instanceId && j.FromActivityId == "committee"), scene.Tenant.Id);
            Assert.Equal(1, decisions);
            Assert.Equal(AssessmentStatus.Approved, (await AssessmentOfAsync(app, scene, instanceId)).Status);
        }
    }

    [Fact]
    public async Task Each_committee_member_votes_once_and_votes_after_the_outcome_are_refused()
    {
        var scene = await SceneAsync(app, RiskTier.Critical, committeeSize: 4);
        var (instanceId, ballot) = await AtCommitteeAsync(app, scene);

        Assert.True((await VoteAsync(app, scene, instanceId, ballot, scene.Committee[0])).Applied);
        var twice = await VoteAsync(app, scene, instanceId, ballot, scene.Committee[0], VoteChoice.Reject);
        Assert.Equal(StepStatus.Refused, twice.Status);
        Assert.Contains("already voted", twice.Message, StringComparison.Ordinal);
        Assert.True((await VoteAsync(app, scene, instanceId, ballot, scene.Committee[1])).Applied);
        Assert.True((await VoteAsync(app, scene, instanceId, ballot, scene.Committee[2], VoteChoice.Reject)).Applied);

        // Three of four voted: the vote stays open until the deadline, then the quorum rule decides (2 of 3 approve).
        app.Clock.Advance(TimeSpan.FromHours(169));
        await SweepAsync(app);
        var closed = await app.InDbAsync(db => db.Set<WorkflowTask>().SingleAsync(t => t.Id == ballot.Id), scene.Tenant.Id);
        Assert.Equal("approve", closed.Outcome);

        var late = await VoteAsync(app, scene, instanceId, ballot, scene.Committee[3]);
        Assert.Equal(StepStatus.Refused, late.Status);
        Assert.Contains("voting has closed", late.Message, StringComparison.Ordinal);
        Assert.Equal(3, await app.InDbAsync(db => db.Set<WorkflowVote>().CountAsync(v => v.WorkflowTaskId == ballot.Id), scene.Tenant.Id));
    }
}
