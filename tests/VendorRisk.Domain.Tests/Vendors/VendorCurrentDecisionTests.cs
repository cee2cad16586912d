using VendorRisk.Domain.Assessments;
using VendorRisk.Domain.Common;
using VendorRisk.Domain.Vendors;

namespace VendorRisk.Domain.Tests.Vendors;

public sealed class VendorCurrentDecisionTests
{
    private static readonly DateTimeOffset Day1 = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);
    private static Vendor NewVendor() => Vendor.Create("Acme AI", null, null, null, Day1);

    [Fact]
    public void A_decision_with_a_rating_becomes_the_current_decision_and_residual_risk()
    {
        var vendor = NewVendor();
        var assessment = Guid.NewGuid();

        vendor.RecordDecision(assessment, AssessmentStatus.ApprovedWithConditions, Day1, 4, 3);

        Assert.Equal((assessment, AssessmentStatus.ApprovedWithConditions, Day1), (vendor.DecisionAssessmentId!.Value, vendor.DecisionStatus!.Value, vendor.DecidedAt!.Value));
        Assert.Equal((4, 3, assessment, Day1), (vendor.ResidualLikelihood!.Value, vendor.ResidualImpact!.Value, vendor.ResidualAssessmentId!.Value, vendor.ResidualDecidedAt!.Value));
    }

    [Fact]
    public void A_later_decision_without_a_rating_keeps_the_last_rating_there_was()
    {
        var vendor = NewVendor();
        var rated = Guid.NewGuid();
        var unrated = Guid.NewGuid();
        vendor.RecordDecision(rated, AssessmentStatus.Approved, Day1, 2, 2);

        vendor.RecordDecision(unrated, AssessmentStatus.Rejected, Day1.AddDays(30), null, null);

        Assert.Equal((unrated, AssessmentStatus.Rejected), (vendor.DecisionAssessmentId!.Value, vendor.DecisionStatus!.Value));
        Assert.Equal((2, 2, rated), (vendor.ResidualLikelihood!.Value, vendor.ResidualImpact!.Value, vendor.ResidualAssessmentId!.Value));
    }

    [Fact]
    public void An_older_decision_recorded_late_changes_nothing_newer()
    {
        var vendor = NewVendor();
        var newer = Guid.NewGuid();
        vendor.RecordDecision(newer, AssessmentStatus.Approved, Day1.AddDays(10), 1, 2);

        vendor.RecordDecision(Guid.NewGuid(), AssessmentStatus.Rejected, Day1, 5, 5);

        Assert.Equal((newer, AssessmentStatus.Approved, 1, 2),
            (vendor.DecisionAssessmentId!.Value, vendor.DecisionStatus!.Value, vendor.ResidualLikelihood!.Value, vendor.ResidualImpact!.Value));
    }

    [Theory]
    [InlineData(AssessmentStatus.Cancelled, 2, 2)]
    [InlineData(AssessmentStatus.InReview, 2, 2)]
    [InlineData(AssessmentStatus.Approved, 0, 2)]
    [InlineData(AssessmentStatus.Approved, 2, 6)]
    public void Not_a_decision_or_an_out_of_range_rating_is_refused_and_changes_nothing(AssessmentStatus status, int likelihood, int impact)
    {
        var vendor = NewVendor();

        Assert.Throws<DomainException>(() => vendor.RecordDecision(Guid.NewGuid(), status, Day1, likelihood, impact));
        Assert.Throws<DomainException>(() => vendor.RecordDecision(Guid.NewGuid(), AssessmentStatus.Approved, Day1, 3, null));

        Assert.Null(vendor.DecisionAssessmentId);
        Assert.Null(vendor.ResidualLikelihood);
    }
}
