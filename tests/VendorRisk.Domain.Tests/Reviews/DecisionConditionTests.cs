using VendorRisk.Domain.Common;
using VendorRisk.Domain.Questionnaires;
using VendorRisk.Domain.Reviews;
using VendorRisk.Domain.Tenancy;

namespace VendorRisk.Domain.Tests.Reviews;

/// <summary>Issue 14 item 4: a condition of approval is open, then closure submitted, then closed; every other move is refused with a message.</summary>
public sealed class DecisionConditionTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly Today = DateOnly.FromDateTime(Now.UtcDateTime);
    private static readonly Guid Owner = Guid.NewGuid();
    private static readonly Guid Verifier = Guid.NewGuid();

    private static DecisionCondition Vendor() =>
        DecisionCondition.Create(Guid.NewGuid(), Guid.NewGuid(), "Deliver the bias testing report", ConditionOwnerKind.Vendor, null, Today.AddDays(30), Verifier, Now);

    [Fact]
    public void Open_then_closure_submitted_then_closed()
    {
        var condition = Vendor();
        Assert.Equal(("Open", ConditionStatus.Open), (DecisionCondition.Label(condition.Status, condition.DueOn, Today), condition.Status));

        condition.SubmitClosure("Report v1.2 uploaded to the data room", Owner, Now);
        Assert.Equal(ConditionStatus.ClosureSubmitted, condition.Status);
        Assert.Equal("Closure submitted", DecisionCondition.Label(condition.Status, condition.DueOn, Today));

        condition.Close("Read and accepted", Verifier, Now);
        Assert.Equal((ConditionStatus.Closed, "Read and accepted"), (condition.Status, condition.VerifierNote));
        Assert.Equal("Closed", DecisionCondition.Label(condition.Status, condition.DueOn, Today.AddDays(90)));
    }

    [Fact]
    public void A_submitted_closure_sent_back_is_open_again_and_takes_new_evidence()
    {
        var condition = Vendor();
        condition.SubmitClosure("Draft report", Owner, Now);
        Assert.Equal("Say why the evidence does not close the condition.",
            Assert.Throws<DomainException>(() => condition.RejectClosure(" ", Verifier, Now)).Message);
        condition.RejectClosure("The report covers only one model", Verifier, Now);
        Assert.Equal((ConditionStatus.Open, "The report covers only one model"), (condition.Status, condition.VerifierNote));
        condition.SubmitClosure("Report covering both models", Owner, Now);
        Assert.Equal(ConditionStatus.ClosureSubmitted, condition.Status);
    }

    [Fact]
    public void Illegal_moves_are_refused_naming_the_state()
    {
        var condition = Vendor();
        Assert.Equal("A condition that is open cannot be closed: its owner submits the evidence of closure first.",
            Assert.Throws<DomainException>(() => condition.Close(null, Verifier, Now)).Message);
        Assert.Equal("A condition that is open has no submitted closure to send back.",
            Assert.Throws<DomainException>(() => condition.RejectClosure("no", Verifier, Now)).Message);
        Assert.Equal("Describe the evidence that the condition is met.",
            Assert.Throws<DomainException>(() => condition.SubmitClosure("  ", Owner, Now)).Message);
        Assert.Equal(ConditionStatus.Open, condition.Status);

        condition.SubmitClosure("Evidence", Owner, Now);
        Assert.Equal("A condition that is closure submitted cannot have its closure submitted.",
            Assert.Throws<DomainException>(() => condition.SubmitClosure("Again", Owner, Now)).Message);
        condition.Close(null, Verifier, Now);
        Assert.Equal("A condition that is closed cannot have its closure submitted.",
            Assert.Throws<DomainException>(() => condition.SubmitClosure("Again", Owner, Now)).Message);
        Assert.Throws<DomainException>(() => condition.Close(null, Verifier, Now));
        Assert.Throws<DomainException>(() => condition.RejectClosure("no", Verifier, Now));
    }

    [Fact]
    public void An_unclosed_condition_past_its_due_date_shows_as_overdue()
    {
        var condition = Vendor();
        var after = condition.DueOn.AddDays(1);
        Assert.True(condition.IsOverdue(after));
        Assert.Equal("Overdue", DecisionCondition.Label(condition.Status, condition.DueOn, after));
        condition.SubmitClosure("Evidence", Owner, Now);
        Assert.Equal("Closure submitted (overdue)", DecisionCondition.Label(condition.Status, condition.DueOn, after));
        condition.Close(null, Verifier, Now);
        Assert.False(condition.IsOverdue(after));
    }

    [Theory]
    [InlineData(-1, "The due date cannot be in the past.")]
    [InlineData(100000, "The due date must be between 1900-01-01 and 2200-12-31.")]
    public void A_due_date_in_the_past_or_out_of_range_is_refused(int days, string message) =>
        Assert.Equal(message, Assert.Throws<DomainException>(() => DecisionCondition.Create(Guid.NewGuid(), Guid.NewGuid(), "Text", ConditionOwnerKind.Vendor,
            null, Today.AddDays(days), Verifier, Now)).Message);

    [Fact]
    public void The_owner_is_the_vendor_or_a_person()
    {
        Assert.Throws<DomainException>(() => DecisionCondition.Create(Guid.NewGuid(), Guid.NewGuid(), "Text", ConditionOwnerKind.Internal, null, Today, Verifier, Now));
        Assert.Throws<DomainException>(() => DecisionCondition.Create(Guid.NewGuid(), Guid.NewGuid(), "Text", ConditionOwnerKind.Vendor, Owner, Today, Verifier, Now));
        Assert.Throws<DomainException>(() => DecisionCondition.Create(Guid.NewGuid(), Guid.NewGuid(), " ", ConditionOwnerKind.Vendor, null, Today, Verifier, Now));
        var internalOwned = DecisionCondition.Create(Guid.NewGuid(), Guid.NewGuid(), "Text", ConditionOwnerKind.Internal, Owner, Today, Verifier, Now);
        Assert.Equal(Owner, internalOwned.OwnerUserId);
    }

    [Fact]
    public void The_gates_default_to_the_committee_for_critical_and_never_switch_off()
    {
        var gates = DecisionGatePolicy.Defaults();
        Assert.True(gates.Blocks(FindingSeverity.Critical));
        Assert.False(gates.Blocks(FindingSeverity.High));
        Assert.Equal(TenantRoles.CommitteeMember, gates.AcceptanceRolesFor(FindingSeverity.Critical));
        Assert.Null(gates.AcceptanceRolesFor(FindingSeverity.Medium));
        Assert.Throws<DomainException>(() => gates.Update(FindingSeverity.Low, TenantRoles.CommitteeMember, TenantRoles.TenantAdmin, 365, 7, null, Now));
        Assert.Throws<DomainException>(() => gates.Update(FindingSeverity.Critical, TenantRoles.None, TenantRoles.TenantAdmin, 365, 7, null, Now));
        Assert.Throws<DomainException>(() => gates.Update(FindingSeverity.Critical, TenantRoles.Auditor, TenantRoles.TenantAdmin, 365, 7, null, Now));
        gates.Update(FindingSeverity.High, TenantRoles.CommitteeMember, TenantRoles.TenantAdmin, 90, 14, null, Now);
        Assert.True(gates.Blocks(FindingSeverity.High));
    }
}
