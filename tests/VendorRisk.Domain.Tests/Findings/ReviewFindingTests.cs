using VendorRisk.Domain.Common;
using VendorRisk.Domain.Findings;
using VendorRisk.Domain.Questionnaires;

namespace VendorRisk.Domain.Tests.Findings;

public class ReviewFindingTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly Until = new(2027, 5, 31);
    private static readonly DateOnly Due = new(2026, 12, 31);
    private static readonly Guid Reviewer = Guid.NewGuid();
    private static readonly Guid VendorUser = Guid.NewGuid();
    private static readonly Guid Owner = Guid.NewGuid();

    private static FindingDetails Details(FindingOwnerKind owner = FindingOwnerKind.Vendor, string title = "No MFA for admins",
        DateOnly? dueOn = null, FindingTreatment treatment = FindingTreatment.Mitigate) =>
        new(FindingSeverity.High, title, "Admins sign in with a password only.", ["mfa", "mfa", " "], treatment, "Enforce MFA",
            owner, owner == FindingOwnerKind.Internal ? Owner : null, dueOn ?? Due);

    private static ReviewFinding Raise(FindingOwnerKind owner = FindingOwnerKind.Vendor) =>
        ReviewFinding.Raise(Guid.NewGuid(), null, Details(owner), Reviewer, Now);

    [Fact]
    public void A_vendor_finding_goes_from_open_to_remediation_proposed_to_closed()
    {
        var finding = Raise();
        Assert.Equal((FindingStatus.Open, true), (finding.Status, finding.VendorMayAnswer));
        Assert.Equal(["mfa"], finding.LinkedItemIds);

        finding.ProposeRemediation("  Roll out FIDO2 keys  ", Due.AddDays(-10), VendorUser, Now.AddDays(1));
        Assert.Equal((FindingStatus.RemediationProposed, "Roll out FIDO2 keys", VendorUser), (finding.Status, finding.RemediationPlan, finding.RemediationByUserId));

        finding.Close("Verified the IdP policy", Reviewer, Now.AddDays(2));
        Assert.Equal((FindingStatus.Closed, false, "Verified the IdP policy"), (finding.Status, finding.IsOpen, finding.ResolutionNote));
    }

    [Fact]
    public void A_vendor_finding_cannot_be_closed_before_the_vendor_answered()
    {
        var finding = Raise();
        var error = Assert.Throws<DomainException>(() => finding.Close(null, Reviewer, Now));
        Assert.Contains("has not proposed a remediation", error.Message, StringComparison.Ordinal);
        Assert.Equal(FindingStatus.Open, finding.Status);
    }

    [Fact]
    public void An_internal_finding_can_be_closed_while_open_but_takes_no_vendor_plan()
    {
        var finding = Raise(FindingOwnerKind.Internal);
        Assert.False(finding.VendorMayAnswer);
        Assert.Throws<DomainException>(() => finding.ProposeRemediation("plan", Due, VendorUser, Now));
        finding.Close(null, Reviewer, Now);
        Assert.Equal(FindingStatus.Closed, finding.Status);
    }

    [Fact]
    public void Accepting_the_risk_needs_a_rationale_and_sets_the_treatment_to_accept()
    {
        var finding = Raise();
        Assert.Throws<DomainException>(() => finding.AcceptRisk(" ", Until, Reviewer, Now));
        Assert.Equal((FindingStatus.Open, FindingTreatment.Mitigate), (finding.Status, finding.Treatment));

        Assert.Equal("Give the date the acceptance expires.",
            Assert.Throws<DomainException>(() => finding.AcceptRisk("Compensating control", null, Reviewer, Now)).Message);
        Assert.Equal("The acceptance must expire after today.",
            Assert.Throws<DomainException>(() => finding.AcceptRisk("Compensating control", DateOnly.FromDateTime(Now.UtcDateTime), Reviewer, Now)).Message);
        Assert.Contains("between 1900-01-01 and 2200-12-31",
            Assert.Throws<DomainException>(() => finding.AcceptRisk("Compensating control", new DateOnly(9999, 12, 31), Reviewer, Now)).Message, StringComparison.Ordinal);
        Assert.Equal(FindingStatus.Open, finding.Status);

        finding.AcceptRisk("Compensating control: VPN with client certificates", Until, Reviewer, Now);
        Assert.Equal(Until, finding.RiskAcceptedUntil);
        Assert.True(finding.RiskAcceptedOn(Until));
        Assert.False(finding.StandsOn(Until));
        // The day after the expiry the finding stands against an approval again.
        Assert.True(finding.StandsOn(Until.AddDays(1)));
        Assert.Equal((FindingStatus.RiskAccepted, FindingTreatment.Accept), (finding.Status, finding.Treatment));
    }

    [Fact]
    public void Resolved_findings_refuse_edits_answers_and_second_resolutions_until_reopened()
    {
        var finding = Raise(FindingOwnerKind.Internal);
        finding.Close(null, Reviewer, Now);

        Assert.Equal("A finding that is closed cannot become risk accepted.",
            Assert.Throws<DomainException>(() => finding.AcceptRisk("why", Until, Reviewer, Now)).Message);
        Assert.Throws<DomainException>(() => finding.Close(null, Reviewer, Now));
        Assert.Throws<DomainException>(() => finding.Edit(Details(FindingOwnerKind.Internal, "Changed"), Reviewer, Now));
        Assert.Throws<DomainException>(() => finding.Reopen("", Reviewer, Now));

        finding.Reopen("The control regressed", Reviewer, Now.AddDays(5));
        Assert.Equal((FindingStatus.Open, "The control regressed"), (finding.Status, finding.ResolutionNote));
        finding.Edit(Details(FindingOwnerKind.Vendor, "Changed"), Reviewer, Now.AddDays(5));
        Assert.Equal(("Changed", FindingOwnerKind.Vendor, (Guid?)null), (finding.Title, finding.OwnerKind, finding.OwnerUserId));
    }

    [Fact]
    public void A_reviewer_sends_a_remediation_plan_back_and_the_vendor_answers_again()
    {
        var finding = Raise();
        finding.ProposeRemediation("Later", Due, VendorUser, Now);
        finding.Reopen("Give a date before the renewal", Reviewer, Now);
        Assert.True(finding.VendorMayAnswer);
        finding.ProposeRemediation("By March", Due, VendorUser, Now);
        Assert.Equal(FindingStatus.RemediationProposed, finding.Status);
        Assert.Throws<DomainException>(() => Raise().Reopen("not resolved", Reviewer, Now));
    }

    [Fact]
    public void Open_is_not_reopened_and_a_resolved_finding_takes_no_remediation_plan()
    {
        var finding = Raise();
        Assert.Equal("A finding that is open cannot become open.", Assert.Throws<DomainException>(() => finding.Reopen("again", Reviewer, Now)).Message);
        finding.AcceptRisk("Low exposure", Until, Reviewer, Now);
        Assert.Throws<DomainException>(() => finding.ProposeRemediation("plan", Due, VendorUser, Now));
    }

    [Fact]
    public void Invalid_details_are_refused_with_a_message()
    {
        Assert.Contains("title", Assert.Throws<DomainException>(() => ReviewFinding.Raise(Guid.NewGuid(), null, Details(title: " "), Reviewer, Now)).Message,
            StringComparison.Ordinal);
        Assert.Contains("past", Assert.Throws<DomainException>(() =>
            ReviewFinding.Raise(Guid.NewGuid(), null, Details(dueOn: new DateOnly(2026, 11, 25)), Reviewer, Now)).Message, StringComparison.Ordinal);
        Assert.Throws<DomainException>(() => ReviewFinding.Raise(Guid.NewGuid(), null, Details(treatment: (FindingTreatment)42), Reviewer, Now));
        Assert.Throws<DomainException>(() => ReviewFinding.Raise(Guid.NewGuid(), null,
            Details(FindingOwnerKind.Internal) with { OwnerUserId = null }, Reviewer, Now));
        Assert.Throws<DomainException>(() => ReviewFinding.Raise(Guid.NewGuid(), null, Details() with { OwnerUserId = Owner }, Reviewer, Now));
        Assert.Throws<DomainException>(() => Raise().ProposeRemediation("plan", new DateOnly(2026, 11, 25), VendorUser, Now));
        Assert.Throws<DomainException>(() => Raise().ProposeRemediation(" ", Due, VendorUser, Now));
    }

    [Fact]
    public void An_overdue_finding_can_be_edited_while_its_due_date_stays_but_not_moved_into_the_past()
    {
        var finding = Raise();
        var later = Now.AddDays(60); // past the due date
        finding.Edit(Details(title: "Still no MFA"), Reviewer, later);
        Assert.Equal(("Still no MFA", Due), (finding.Title, finding.DueOn));
        Assert.Throws<DomainException>(() => finding.Edit(Details(dueOn: Due.AddDays(1)), Reviewer, later));
        Assert.Equal(Due, finding.DueOn);
    }
}
