using VendorRisk.Domain.Common;
using VendorRisk.Domain.Contracts;

namespace VendorRisk.Domain.Tests.Contracts;

public class ObligationTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);

    private static ObligationTerms Terms(Recurrence recurrence = Recurrence.Monthly, string plan = "30,7,1", int? hours = null) =>
        new("Pen test report", "12.3", Guid.NewGuid(), recurrence, plan, true, hours);

    private static Obligation Make(Recurrence recurrence, DateOnly firstDue) =>
        Obligation.Create(Guid.NewGuid(), Guid.NewGuid(), "pen-test-report", firstDue, Terms(recurrence), Now);

    [Fact]
    public void A_contract_that_ends_before_it_starts_is_refused()
    {
        var e = Assert.Throws<DomainException>(() => Contract.Create(Guid.NewGuid(),
            new ContractTerms("MSA", null, new DateOnly(2026, 5, 1), new DateOnly(2026, 4, 30), null, null, null, null), Guid.NewGuid(), Now));
        Assert.Equal("The end date must be after the start date.", e.Message);
    }

    [Fact]
    public void Monthly_due_dates_keep_the_first_day_of_the_month_or_the_last_day_of_a_shorter_month()
    {
        var obligation = Make(Recurrence.Monthly, new DateOnly(2027, 1, 31));
        var dues = new List<DateOnly> { obligation.FirstDueOn };
        for (var i = 0; i < 4; i++) dues.Add(obligation.NextDueAfter(dues[^1])!.Value);
        Assert.Equal([new(2027, 1, 31), new(2027, 2, 28), new(2027, 3, 31), new(2027, 4, 30), new(2027, 5, 31)], dues);
        Assert.Null(Make(Recurrence.OneOff, new DateOnly(2027, 1, 31)).NextDueAfter(new DateOnly(2027, 1, 31)));
        var leap = Make(Recurrence.Yearly, new DateOnly(2028, 2, 29));
        Assert.Equal(new DateOnly(2029, 2, 28), leap.NextDueAfter(new DateOnly(2028, 2, 29)));
        Assert.Equal(new DateOnly(2032, 2, 29), leap.NextDueAfter(new DateOnly(2031, 2, 28)));
    }

    [Fact]
    public void Closing_an_occurrence_schedules_the_next_but_not_past_the_contract_end_and_an_open_or_closed_one_cannot_be_closed_twice()
    {
        var obligation = Make(Recurrence.Quarterly, new DateOnly(2027, 1, 15));
        var first = obligation.FirstOccurrence(Now);
        Assert.Throws<DomainException>(() => obligation.NextAfter(first, null, Now));
        first.Meet("Received", null, Guid.NewGuid(), false, Now);
        var next = obligation.NextAfter(first, null, Now)!;
        Assert.Equal((2, new DateOnly(2027, 4, 15)), (next.Sequence, next.DueOn));
        Assert.Null(obligation.NextAfter(first, new DateOnly(2027, 4, 14), Now));
        Assert.Equal("This occurrence was already met.", Assert.Throws<DomainException>(() => first.Waive("Changed my mind entirely", Guid.NewGuid(), Now)).Message);
        Assert.Throws<DomainException>(() => next.Meet(" ", null, Guid.NewGuid(), false, Now));
        Assert.Throws<DomainException>(() => next.Waive("short", Guid.NewGuid(), Now));
    }

    [Theory]
    [InlineData("30, 7,1", "30,7,1")]
    [InlineData("1,7,30,7", "30,7,1")]
    [InlineData("", "")]
    [InlineData("0", "0")]
    [InlineData("400", null)]
    [InlineData("-1", null)]
    [InlineData("7;1", null)]
    [InlineData("1,2,3,4,5,6,7", null)]
    public void Reminder_plans_are_normalised_or_refused(string text, string? expected) =>
        Assert.Equal(expected, Obligation.NormalisePlan(text));

    [Fact]
    public void Unknown_recurrence_and_negative_hours_are_refused()
    {
        Assert.Equal(RecurrenceText.Choices, Assert.Throws<DomainException>(() => Make((Recurrence)42, new DateOnly(2027, 1, 1))).Message);
        Assert.Equal("The notification period cannot be negative.", Assert.Throws<DomainException>(() =>
            Obligation.Create(Guid.NewGuid(), Guid.NewGuid(), "incident-notification", new DateOnly(2027, 1, 1), Terms(hours: -1), Now)).Message);
        Assert.False(RecurrenceText.TryParse("2", out _));
        Assert.False(RecurrenceText.TryParse("Fortnightly", out _));
        Assert.True(RecurrenceText.TryParse("quarterly", out var q) && q == Recurrence.Quarterly);
    }

    [Theory]
    [InlineData(40, null)]
    [InlineData(30, "30d")]
    [InlineData(8, "30d")]
    [InlineData(7, "7d")]
    [InlineData(2, "7d")]
    [InlineData(1, "1d")]
    [InlineData(0, "1d")]
    [InlineData(-1, "overdue")]
    public void The_reminder_step_is_the_closest_planned_day_not_yet_passed(int daysLeft, string? step)
    {
        var today = new DateOnly(2027, 6, 1);
        Assert.Equal(step, ObligationReminder.StepFor([30, 7, 1], today.AddDays(daysLeft), today));
    }

    [Fact]
    public void A_feed_token_is_stored_only_as_its_hash_and_cannot_be_revoked_twice()
    {
        var (token, secret) = CalendarFeedToken.Issue(Guid.NewGuid(), Now);
        Assert.Equal(CalendarFeedToken.Hash(secret), token.TokenHash);
        Assert.Equal(64, token.TokenHash.Length);
        Assert.True(secret.Length >= 43);
        token.Revoke(Now);
        Assert.Throws<DomainException>(() => token.Revoke(Now));
    }
}
