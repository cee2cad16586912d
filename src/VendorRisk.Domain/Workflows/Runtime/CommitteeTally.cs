namespace VendorRisk.Domain.Workflows.Runtime;

/// <summary>
/// Decides a committee vote from the votes cast. Fewer than <see cref="Quorum.MinVotes"/> votes: <c>noQuorum</c>.
/// Otherwise approvals (approve and approveWithConditions) are compared with all votes cast, in whole numbers:
/// majority needs more than half (a tie rejects), twoThirds at least two thirds, unanimous every vote. An approved
/// vote in which any approving member attached conditions is <c>approveWithConditions</c>.
/// </summary>
public static class CommitteeTally
{
    public static string Decide(Quorum quorum, IReadOnlyCollection<VoteChoice> votes)
    {
        ArgumentNullException.ThrowIfNull(quorum);
        ArgumentNullException.ThrowIfNull(votes);
        var cast = votes.Count;
        if (cast < quorum.MinVotes || cast == 0)
        {
            return WorkflowOutcomes.NoQuorum;
        }

        var approvals = votes.Count(v => v != VoteChoice.Reject);
        var approved = quorum.Rule switch
        {
            QuorumRule.Majority => approvals * 2 > cast,
            QuorumRule.TwoThirds => approvals * 3 >= cast * 2,
            QuorumRule.Unanimous => approvals == cast,
            _ => false,
        };
        if (!approved)
        {
            return WorkflowOutcomes.Reject;
        }

        return votes.Contains(VoteChoice.ApproveWithConditions) ? WorkflowOutcomes.ApproveWithConditions : WorkflowOutcomes.Approve;
    }
}
