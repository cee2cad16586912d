using VendorRisk.Domain.Common;
using VendorRisk.Domain.Messaging;

namespace VendorRisk.Domain.Tests.Messaging;

public class OutboxMessageTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);

    private static OutboxMessage NewMessage() =>
        OutboxMessage.Create("a@example.com", "A", "Subject", "<p>Hi</p>", "Hi", "test", Now, "vendorrisk.test");

    [Fact]
    public void A_new_message_is_due_and_has_a_stable_message_id()
    {
        var m = NewMessage();
        Assert.True(m.IsDue(Now));
        Assert.EndsWith("@vendorrisk.test", m.MessageId, StringComparison.Ordinal);
        Assert.Equal(OutboxStatus.Pending, m.Status);
    }

    [Fact]
    public void A_claimed_message_is_not_due_until_its_lease_expires()
    {
        var m = NewMessage();
        m.Claim(Now, TimeSpan.FromMinutes(5));
        Assert.False(m.IsDue(Now.AddMinutes(4)));
        Assert.Throws<DomainException>(() => m.Claim(Now.AddMinutes(4), TimeSpan.FromMinutes(5)));
        Assert.True(m.IsDue(Now.AddMinutes(5)));
    }

    [Fact]
    public void A_claim_renewed_in_time_never_stalls_and_one_left_alone_stalls_when_its_lease_ends()
    {
        var lease = TimeSpan.FromSeconds(30);
        var m = NewMessage();
        m.Claim(Now, lease, "node-a");
        Assert.Equal("node-a", m.ClaimedBy);
        for (var s = 10; s <= 120; s += 10)
        {
            Assert.False(m.IsStalled(Now.AddSeconds(s)));
            m.RenewClaim(Now.AddSeconds(s), lease);
        }
        Assert.False(m.IsDue(Now.AddSeconds(149)));
        Assert.True(m.IsStalled(Now.AddSeconds(150)));
        Assert.True(m.IsDue(Now.AddSeconds(150)));

        m.Claim(Now.AddSeconds(150), lease, "node-b");
        Assert.Equal("node-b", m.ClaimedBy);
        Assert.Equal(2, m.Attempts);
        m.MarkSent(Now.AddSeconds(151));
        Assert.False(m.IsStalled(Now.AddYears(1)));
        Assert.Throws<DomainException>(() => m.RenewClaim(Now.AddSeconds(152), lease));
    }

    [Fact]
    public void A_sent_message_is_never_due_again()
    {
        var m = NewMessage();
        m.Claim(Now, TimeSpan.FromMinutes(5));
        m.MarkSent(Now);
        Assert.False(m.IsDue(Now.AddYears(1)));
        Assert.Throws<DomainException>(() => m.MarkSent(Now));
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 4)]
    [InlineData(7, 60)]
    public void Transient_failures_back_off_exponentially_up_to_an_hour(int attempts, int expectedMinutes)
    {
        var m = NewMessage();
        var now = Now;
        for (var i = 1; i <= attempts; i++)
        {
            now = m.NextAttemptAt;
            m.Claim(now, TimeSpan.FromMinutes(5));
            m.MarkFailed("421 try later", permanent: false, now);
        }
        Assert.Equal(OutboxStatus.Pending, m.Status);
        Assert.Equal(now.AddMinutes(expectedMinutes), m.NextAttemptAt);
    }

    [Fact]
    public void A_permanent_failure_or_the_last_attempt_makes_the_message_dead_and_an_admin_can_retry()
    {
        var permanent = NewMessage();
        permanent.Claim(Now, TimeSpan.FromMinutes(5));
        permanent.MarkFailed("550 no such mailbox", permanent: true, Now);
        Assert.Equal(OutboxStatus.Dead, permanent.Status);
        Assert.False(permanent.IsDue(Now.AddDays(1)));

        var exhausted = NewMessage();
        for (var i = 0; i < OutboxMessage.MaxAttempts; i++)
        {
            exhausted.Claim(exhausted.NextAttemptAt, TimeSpan.FromMinutes(5));
            exhausted.MarkFailed("timeout", permanent: false, exhausted.NextAttemptAt);
        }
        Assert.Equal(OutboxStatus.Dead, exhausted.Status);

        exhausted.Retry(Now);
        Assert.Equal(OutboxStatus.Pending, exhausted.Status);
        Assert.Equal(0, exhausted.Attempts);
        Assert.Throws<DomainException>(() => exhausted.Retry(Now));
    }

    [Fact]
    public void A_dead_message_can_lose_its_body_and_then_cannot_be_retried_but_a_waiting_one_keeps_it()
    {
        var waiting = NewMessage();
        Assert.Throws<DomainException>(waiting.DropBody);
        Assert.True(waiting.HasBody);

        var dead = NewMessage();
        dead.Claim(Now, TimeSpan.FromMinutes(5));
        dead.MarkFailed("550 no such mailbox", permanent: true, Now);
        dead.DropBody();
        Assert.False(dead.HasBody);
        var refused = Assert.Throws<DomainException>(() => dead.Retry(Now));
        Assert.Contains("cannot be sent again", refused.Message, StringComparison.Ordinal);
        Assert.Equal(OutboxStatus.Dead, dead.Status);
    }
}
