using VendorRisk.Domain.Workflows;
using VendorRisk.Domain.Workflows.Runtime;

namespace VendorRisk.Domain.Tests.Workflows;

public class CommitteeTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
    private readonly WorkflowDefinition _enhanced = WorkflowTestData.Shipped().Find("enhanced-review", 1)!;
    private readonly FakeHost _host = new();

    // A approve, C approveWithConditions, R reject.
    [Theory]
    [InlineData(QuorumRule.Majority, 3, "AAR", "approve")]
    [InlineData(QuorumRule.Majority, 3, "ARR", "reject")]
    [InlineData(QuorumRule.Majority, 2, "AR", "reject")] // a tie is not a majority
    [InlineData(QuorumRule.Majority, 3, "ACR", "approveWithConditions")]
    [InlineData(QuorumRule.Majority, 3, "CCC", "approveWithConditions")]
    [InlineData(QuorumRule.Majority, 3, "AA", "noQuorum")]
    [InlineData(QuorumRule.Majority, 1, "", "noQuorum")]
    [InlineData(QuorumRule.TwoThirds, 3, "AAR", "approve")]
    [InlineData(QuorumRule.TwoThirds, 3, "ARR", "reject")]
    [InlineData(QuorumRule.TwoThirds, 4, "AAAR", "approve")]
    [InlineData(QuorumRule.TwoThirds, 5, "AAARR", "reject")] // 3/5 is less than two thirds
    [InlineData(QuorumRule.TwoThirds, 6, "AAAARR", "approve")] // exactly two thirds
    [InlineData(QuorumRule.Unanimous, 3, "AAA", "approve")]
    [InlineData(QuorumRule.Unanimous, 3, "AAR", "reject")]
    [InlineData(QuorumRule.Unanimous, 3, "AAC", "approveWithConditions")]
    [InlineData(QuorumRule.Unanimous, 4, "AAA", "noQuorum")]
    public void Quorum_rules_decide_exactly(QuorumRule rule, int minVotes, string votes, string expected)
    {
        var choices = votes.Select(v => v switch { 'A' => VoteChoice.Approve, 'C' => VoteChoice.ApproveWithConditions, _ => VoteChoice.Reject }).ToList();
        Assert.Equal(expected, CommitteeTally.Decide(new Quorum(minVotes, rule), choices));
    }

    private WorkflowInstanceState AtCommittee()
    {
        var state = WorkflowInterpreter.Start(_enhanced, new StartWorkflow("requester-1"), _host, T0).State;
        foreach (var specialism in new[] { "security-review", "privacy-review", "ai-governance-review" })
        {
            var task = Assert.Single(state.OpenTasks);
            Assert.Equal(specialism, task.ActivityId);
            var step = WorkflowInterpreter.Handle(_enhanced, state, new TaskCompleted(task.Id, "approve", "reviewer-1", specialism), _host, T0.AddHours(1));
            Assert.Equal(StepStatus.Applied, step.Status);
            state = step.State;
        }

        Assert.Equal(["security", "privacy", "aiGovernance"], _host.ReviewerRequests.Select(r => r.Role));
        return state;
    }

    private WorkflowStep Vote(WorkflowInstanceState state, string voter, VoteChoice vote) =>
        WorkflowInterpreter.Handle(_enhanced, state, new VoteCast(state.OpenTasks.Single().Id, voter, vote), _host, T0.AddHours(2));

    [Fact]
    public void Enhanced_review_reaches_a_committee_vote_of_the_members_without_the_requester()
    {
        _host.CommitteeMemberIds.Add("requester-1");
        var state = AtCommittee();
        var vote = Assert.Single(state.OpenTasks);
        Assert.Equal(BookmarkKind.Vote, vote.Kind);
        Assert.Equal(["member-1", "member-2", "member-3"], vote.Electorate.ToArray());
        Assert.Equal(T0.AddHours(1 + 168), vote.DueAt);
    }

    [Fact]
    public void Committee_approves_with_conditions_when_all_members_voted_and_notifies_the_vendor()
    {
        var state = AtCommittee();
        state = Vote(state, "member-1", VoteChoice.Approve).State;
        state = Vote(state, "member-2", VoteChoice.Reject).State;
        Assert.Equal(WorkflowInstanceStatus.Waiting, state.Status);
        var last = Vote(state, "member-3", VoteChoice.ApproveWithConditions);
        Assert.Equal(WorkflowInstanceStatus.Completed, last.State.Status);
        Assert.Equal(WorkflowResult.ApprovedWithConditions, last.State.Result);
        var mail = Assert.Single(last.Commands.OfType<SendNotification>());
        Assert.Equal("review-approved-with-conditions", mail.Template);
        Assert.Contains(Recipient.Vendor, mail.To);
        Assert.Single(last.Commands.OfType<RecordVote>());
    }

    [Fact]
    public void A_member_voting_twice_and_votes_after_the_outcome_are_refused()
    {
        var state = AtCommittee();
        state = Vote(state, "member-1", VoteChoice.Approve).State;
        var twice = Vote(state, "member-1", VoteChoice.Reject);
        Assert.Equal(StepStatus.Refused, twice.Status);
        Assert.Equal("you have already voted", twice.Message);
        Assert.Equal(StepStatus.Refused, Vote(state, "requester-1", VoteChoice.Approve).Status);

        var voteId = state.OpenTasks.Single().Id;
        state = Vote(state, "member-2", VoteChoice.Approve).State;
        state = Vote(state, "member-3", VoteChoice.Approve).State;
        Assert.Equal(WorkflowResult.Approved, state.Result);
        var late = WorkflowInterpreter.Handle(_enhanced, state, new VoteCast(voteId, "member-4", VoteChoice.Reject), _host, T0.AddHours(3));
        Assert.Equal(StepStatus.Refused, late.Status);
    }

    [Fact]
    public void Too_few_votes_at_the_deadline_is_no_quorum_then_one_more_round_then_rejected()
    {
        var state = AtCommittee();
        state = Vote(state, "member-1", VoteChoice.Approve).State;
        var deadline = state.Timers.Single(t => t.Purpose == TimerPurpose.VoteDeadline);
        var noQuorum = WorkflowInterpreter.Handle(_enhanced, state, new TimerFired(deadline.Id), _host, deadline.DueAt!.Value);
        Assert.Contains(noQuorum.Commands.OfType<CloseTask>(), c => c.Outcome == "noQuorum");
        Assert.Equal("committee-no-quorum", noQuorum.Commands.OfType<SendNotification>().First().Template);
        var secondRound = Assert.Single(noQuorum.State.OpenTasks);
        Assert.Equal("committee", secondRound.ActivityId);
        Assert.Empty(secondRound.Votes);
        Assert.Equal(2, noQuorum.State.Rounds["committee"]);

        var secondDeadline = noQuorum.State.Timers.Single();
        var exhausted = WorkflowInterpreter.Handle(_enhanced, noQuorum.State, new TimerFired(secondDeadline.Id), _host, secondDeadline.DueAt!.Value);
        Assert.Equal(WorkflowInstanceStatus.Completed, exhausted.State.Status);
        Assert.Equal(WorkflowResult.Rejected, exhausted.State.Result);
        Assert.Contains(exhausted.Commands.OfType<WriteJournal>(), j => j.FromActivityId == "committee" && j.Outcome == "roundsExhausted");
    }

    [Fact]
    public void A_specialist_rejection_ends_the_enhanced_review_before_the_committee()
    {
        var state = WorkflowInterpreter.Start(_enhanced, new StartWorkflow("requester-1"), _host, T0).State;
        var security = state.OpenTasks.Single();
        var rejected = WorkflowInterpreter.Handle(_enhanced, state, new TaskCompleted(security.Id, "reject", "reviewer-1", "k1"), _host, T0.AddHours(1));
        Assert.Equal(WorkflowResult.Rejected, rejected.State.Result);
        Assert.DoesNotContain(rejected.Commands.OfType<CreateTask>(), c => c.Kind == BookmarkKind.Vote);
    }
}
