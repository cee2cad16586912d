using VendorRisk.Domain.Common;
using VendorRisk.Domain.Contracts;

namespace VendorRisk.Domain.Tests.Contracts;

public class ContractDeadlineAndDueCorrectionTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly Today = new(2026, 11, 26);

    private static Contract Make(DateOnly? endsOn, int? renewalMonths, int? noticeDays, DateOnly? startsOn = null) =>
        Contract.Create(Guid.NewGuid(), new ContractTerms("MSA", "C-1", startsOn ?? new DateOnly(2025, 1, 1), endsOn, renewalMonths, noticeDays, null, null), Guid.NewGuid(), Now);

    private static ObligationOccurrence Open(DateOnly due) =>
        Obligation.Create(Guid.NewGuid(), Guid.NewGuid(), "pen-test-report", due,
            new ObligationTerms("Pen test report", "12.3", Guid.NewGuid(), Recurrence.Yearly, "30,7,1", true, null), Now).FirstOccurrence(Now);

    [Fact]
    public void A_renewing_contract_has_a_notice_deadline_and_a_renewal_every_term_counted_from_the_first_end()
    {
        var contract = Make(new DateOnly(2027, 1, 31), 1, 10);
        var dates = contract.DeadlinesBetween(new DateOnly(2027, 1, 1), new DateOnly(2027, 3, 31));
        Assert.Equal(
        [
            new ContractDeadline(new(2027, 1, 21), ContractDeadlineKind.NoticeDeadline, new(2027, 1, 31)),
            new ContractDeadline(new(2027, 1, 31), ContractDeadlineKind.Renewal, new(2027, 1, 31)),
            new ContractDeadline(new(2027, 2, 18), ContractDeadlineKind.NoticeDeadline, new(2027, 2, 28)),
            new ContractDeadline(new(2027, 2, 28), ContractDeadlineKind.Renewal, new(2027, 2, 28)),
            new ContractDeadline(new(2027, 3, 21), ContractDeadlineKind.NoticeDeadline, new(2027, 3, 31)),
            new ContractDeadline(new(2027, 3, 31), ContractDeadlineKind.Renewal, new(2027, 3, 31)),
        ], dates);
    }

    [Fact]
    public void A_long_renewed_contract_finds_its_current_term_and_a_fixed_term_contract_ends_once()
    {
        var renewing = Make(new DateOnly(2000, 6, 30), 12, 90, new DateOnly(1999, 7, 1));
        Assert.Equal(
            [new ContractDeadline(new(2027, 4, 1), ContractDeadlineKind.NoticeDeadline, new(2027, 6, 30)),
             new ContractDeadline(new(2027, 6, 30), ContractDeadlineKind.Renewal, new(2027, 6, 30))],
            renewing.DeadlinesBetween(Today, Today.AddDays(365)));

        var fixedTerm = Make(new DateOnly(2027, 2, 1), null, null);
        Assert.Equal([new ContractDeadline(new(2027, 2, 1), ContractDeadlineKind.End, new(2027, 2, 1))],
            fixedTerm.DeadlinesBetween(Today, Today.AddYears(5)));
        Assert.Empty(Make(null, 12, 30).DeadlinesBetween(Today, Today.AddYears(5)));
    }

    [Fact]
    public void The_next_notice_deadline_moves_to_the_next_term_once_the_current_one_has_passed()
    {
        // Ends 2027-01-31, renews yearly, 60 days' notice: the deadline is 2026-12-02; from 2026-12-03 it is the next term's.
        Assert.Equal(new DateOnly(2026, 12, 2), Contract.NextNoticeDeadline(new DateOnly(2027, 1, 31), 12, 60, Today)!.On);
        var next = Contract.NextNoticeDeadline(new DateOnly(2027, 1, 31), 12, 60, new DateOnly(2026, 12, 3))!;
        Assert.Equal((new DateOnly(2027, 12, 2), new DateOnly(2028, 1, 31)), (next.On, next.TermEndsOn));
        Assert.Null(Contract.NextNoticeDeadline(new DateOnly(2027, 1, 31), null, 60, new DateOnly(2026, 12, 3)));
        Assert.Null(Contract.NextNoticeDeadline(new DateOnly(2027, 1, 31), 12, null, Today));
    }

    [Fact]
    public void A_renewing_contract_stays_in_force_after_its_first_end_and_a_fixed_one_does_not()
    {
        Assert.True(Make(new DateOnly(2026, 1, 31), 12, 30).InForceOn(Today));
        Assert.False(Make(new DateOnly(2026, 1, 31), null, 30).InForceOn(Today));
        Assert.False(Make(new DateOnly(2027, 1, 31), null, 30).InForceOn(new DateOnly(2024, 12, 31)));
    }

    [Fact]
    public void Moving_an_open_due_date_counts_a_revision_and_refuses_past_dates_same_dates_short_reasons_and_closed_occurrences()
    {
        var occurrence = Open(Today.AddDays(5));
        Assert.Equal(ObligationOccurrence.PastDueDateMessage,
            Assert.Throws<DomainException>(() => occurrence.MoveDueDate(Today.AddDays(-1), "Typed the wrong year", Today)).Message);
        Assert.Equal(ObligationOccurrence.MoveReasonMessage,
            Assert.Throws<DomainException>(() => occurrence.MoveDueDate(Today.AddDays(9), " typo ", Today)).Message);
        Assert.Throws<DomainException>(() => occurrence.MoveDueDate(Today.AddDays(5), "Typed the wrong year", Today));
        Assert.Equal((Today.AddDays(5), 0), (occurrence.DueOn, occurrence.DueRevision));

        occurrence.MoveDueDate(Today, "Agreed with the vendor today", Today);
        occurrence.MoveDueDate(Today.AddDays(60), "Agreed again with the vendor", Today);
        Assert.Equal((Today.AddDays(60), 2), (occurrence.DueOn, occurrence.DueRevision));

        occurrence.Meet("Received", null, Guid.NewGuid(), false, Now);
        var e = Assert.Throws<DomainException>(() => occurrence.MoveDueDate(Today.AddDays(70), "Agreed again with the vendor", Today));
        Assert.StartsWith("This occurrence was already met", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Notification_hours_must_be_positive_and_at_most_a_year()
    {
        ObligationTerms Terms(int hours) => new("Incident notification", "12.3", Guid.NewGuid(), Recurrence.Yearly, "30", true, hours);
        Obligation Create(int hours) => Obligation.Create(Guid.NewGuid(), Guid.NewGuid(), "incident-notification", Today, Terms(hours), Now);
        Assert.Equal(Obligation.NegativeHoursMessage, Assert.Throws<DomainException>(() => Create(-1)).Message);
        Assert.Equal(Obligation.ZeroHoursMessage, Assert.Throws<DomainException>(() => Create(0)).Message);
        Assert.Throws<DomainException>(() => Create(Obligation.MaxHours + 1));
        Assert.Equal(24, Create(24).NotificationHours);
    }
}
