using VendorRisk.Domain.Assessments;
using VendorRisk.Domain.Common;
using VendorRisk.Domain.Questionnaires;

namespace VendorRisk.Domain.Tests.Assessments;

public class AssessmentTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly Due = new(2026, 12, 20);

    private static Assessment NewAssessment() =>
        Assessment.Create(Guid.NewGuid(), Guid.NewGuid(), "ai-vendor", "1.0.0", "sha256:abc", "Annual review", Due, Guid.NewGuid(), Now);

    [Fact]
    public void An_assessment_goes_from_draft_to_decided()
    {
        var a = NewAssessment();
        a.Send(Now);
        a.RecordVendorActivity();
        Assert.Equal(AssessmentStatus.InProgress, a.Status);
        a.Submit(82.5m, Now.AddDays(3));
        a.StartReview();
        a.Decide(AssessmentDecision.ApprovedWithConditions, "Pen test report by March", Now.AddDays(5));
        Assert.Equal(AssessmentStatus.ApprovedWithConditions, a.Status);
        Assert.True(a.IsFinal);
        Assert.Equal(82.5m, a.Score);
    }

    [Theory]
    [InlineData(0, 3, "Rate the likelihood from 1 to 5.")]
    [InlineData(6, 3, "Rate the likelihood from 1 to 5.")]
    [InlineData(2, 0, "Rate the impact from 1 to 5.")]
    [InlineData(2, 6, "Rate the impact from 1 to 5.")]
    public void A_residual_rating_outside_one_to_five_is_refused(int likelihood, int impact, string message)
    {
        var a = NewAssessment();
        a.Send(Now);
        a.Submit(70m, Now);
        a.StartReview();
        Assert.Equal(message, Assert.Throws<DomainException>(() => a.RateResidualRisk(likelihood, impact, Now)).Message);
        Assert.Null(a.ResidualLikelihood);
    }

    [Fact]
    public void The_residual_risk_is_rated_during_review_the_latest_rating_wins_and_a_decided_assessment_keeps_its_rating()
    {
        var a = NewAssessment();
        a.Send(Now);
        Assert.Throws<DomainException>(() => a.RateResidualRisk(2, 2, Now));
        a.Submit(70m, Now);
        a.StartReview();
        a.RateResidualRisk(4, 4, Now.AddHours(1));
        a.RateResidualRisk(2, 3, Now.AddHours(2));
        Assert.Equal((2, 3, Now.AddHours(2)), (a.ResidualLikelihood, a.ResidualImpact, a.ResidualRatedAt));
        a.Decide(AssessmentDecision.Approved, null, Now.AddHours(3));
        var error = Assert.Throws<DomainException>(() => a.RateResidualRisk(5, 5, Now.AddHours(4)));
        Assert.Equal("The residual risk of an assessment that is approved cannot be rated.", error.Message);
        Assert.Equal((2, 3), (a.ResidualLikelihood, a.ResidualImpact));
    }

    [Fact]
    public void Illegal_transitions_name_both_states()
    {
        var a = NewAssessment();
        var error = Assert.Throws<DomainException>(() => a.Submit(null, Now));
        Assert.Equal("An assessment that is draft cannot become submitted.", error.Message);
        a.Send(Now);
        Assert.Throws<DomainException>(() => a.Decide(AssessmentDecision.Approved, null, Now));
        a.Cancel(Now);
        Assert.Throws<DomainException>(() => a.Cancel(Now));
    }

    [Fact]
    public void A_clarification_reopens_only_the_chosen_items()
    {
        var a = NewAssessment();
        a.Send(Now);
        Assert.True(a.VendorMayAnswer("anything"));
        a.Submit(50m, Now);
        Assert.False(a.VendorMayAnswer("q1"));
        a.RequestClarification(["q2", "q1", "q2"]);
        Assert.Equal(["q1", "q2"], a.ReopenedItemIds);
        Assert.True(a.VendorMayAnswer("q1"));
        Assert.False(a.VendorMayAnswer("q3"));
        a.Submit(60m, Now);
        Assert.Empty(a.ReopenedItemIds);
        Assert.Equal(1, a.ClarificationRounds);
    }

    [Fact]
    public void A_rejection_needs_a_reason_and_expiry_only_after_the_due_date()
    {
        var a = NewAssessment();
        a.Send(Now);
        Assert.Throws<DomainException>(() => a.Expire(new DateTimeOffset(Due.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero)));
        a.Expire(new DateTimeOffset(Due.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero));
        Assert.Equal(AssessmentStatus.Expired, a.Status);

        var b = NewAssessment();
        b.Send(Now);
        b.Submit(10m, Now);
        b.StartReview();
        Assert.Throws<DomainException>(() => b.Decide(AssessmentDecision.Rejected, " ", Now));
    }

    [Fact]
    public void Only_a_published_version_in_the_future_can_be_issued()
    {
        Assert.Throws<DomainException>(() => Assessment.Create(Guid.NewGuid(), Guid.NewGuid(), "k", "1.0.0", "", "T", Due, Guid.NewGuid(), Now));
        Assert.Throws<DomainException>(() => Assessment.Create(Guid.NewGuid(), Guid.NewGuid(), "k", "1.0.0", "h", "T", DateOnly.FromDateTime(Now.UtcDateTime), Guid.NewGuid(), Now));
    }
}

public class AnswerJsonTests
{
    public static TheoryData<AnswerValue> Values => new()
    {
        AnswerValue.Text("We encrypt \"everything\" at rest"),
        AnswerValue.Number(1234.5678m),
        AnswerValue.True,
        AnswerValue.Date(new DateOnly(2026, 3, 31)),
        AnswerValue.Choices("a", "c"),
        AnswerValue.Files("file-1"),
    };

    [Theory]
    [MemberData(nameof(Values))]
    public void Answers_survive_a_round_trip(AnswerValue value) =>
        Assert.Equal(value, AnswerJson.Deserialize(AnswerJson.Serialize(value)));

    [Theory]
    [InlineData(ItemType.Number, "12,5", "Enter a number")]
    [InlineData(ItemType.Boolean, "maybe", "yes or no")]
    [InlineData(ItemType.Date, "31/03/2026", "YYYY-MM-DD")]
    public void Input_of_the_wrong_type_gets_a_message(ItemType type, string raw, string fragment)
    {
        var (value, error) = AnswerJson.FromInput(type, [raw]);
        Assert.Null(value);
        Assert.Contains(fragment, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Blank_input_is_no_answer()
    {
        Assert.Equal((null, null), AnswerJson.FromInput(ItemType.Text, ["  "]));
        Assert.Equal(AnswerValue.Choices("x", "y"), AnswerJson.FromInput(ItemType.MultipleChoice, ["x", "y", "x"]).Value);
    }
}
