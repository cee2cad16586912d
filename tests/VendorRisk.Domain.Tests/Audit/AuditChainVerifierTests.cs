using System.Reflection;
using VendorRisk.Domain.Audit;

namespace VendorRisk.Domain.Tests.Audit;

public class AuditChainVerifierTests
{
    private static readonly Guid Tenant = Guid.NewGuid();

    private static List<AuditEvent> Chain(int count)
    {
        var events = new List<AuditEvent>();
        var previous = "";
        for (var i = 1; i <= count; i++)
        {
            var e = AuditEvent.Create(Tenant, new DateTimeOffset(2026, 11, 26, 9, 0, i, TimeSpan.Zero), Guid.NewGuid(), "ada",
                "127.0.0.1", "vendor.created", "Vendor", i.ToString(System.Globalization.CultureInfo.InvariantCulture), $"{{\"n\":{i}}}");
            e.Chain(i, previous);
            previous = e.Hash;
            events.Add(e);
        }
        return events;
    }

    private static AuditChainHead HeadOf(List<AuditEvent> events) =>
        new() { TenantId = Tenant, Sequence = events[^1].Sequence, Hash = events[^1].Hash };

    [Fact]
    public void An_untouched_chain_is_intact()
    {
        var events = Chain(5);
        var result = AuditChainVerifier.Verify(events, HeadOf(events));
        Assert.True(result.IsIntact, result.Message);
        Assert.Equal(5, result.CheckedEvents);
    }

    [Fact]
    public void A_changed_row_is_reported_by_its_sequence()
    {
        var events = Chain(5);
        typeof(AuditEvent).GetProperty(nameof(AuditEvent.DetailsJson))!.SetValue(events[2], "{\"n\":999}");
        var result = AuditChainVerifier.Verify(events, HeadOf(events));
        Assert.False(result.IsIntact);
        Assert.Equal(3, result.FirstBadSequence);
        Assert.Contains("changed", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_removed_row_in_the_middle_is_reported()
    {
        var events = Chain(5);
        var head = HeadOf(events);
        events.RemoveAt(1);
        var result = AuditChainVerifier.Verify(events, head);
        Assert.False(result.IsIntact);
        Assert.Equal(2, result.FirstBadSequence);
    }

    [Fact]
    public void Removing_the_newest_rows_is_caught_by_the_chain_head()
    {
        var events = Chain(5);
        var head = HeadOf(events);
        events.RemoveRange(3, 2);
        var result = AuditChainVerifier.Verify(events, head);
        Assert.False(result.IsIntact);
        Assert.Equal(4, result.FirstBadSequence);
        Assert.Contains("removed", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_recomputed_hash_without_relinking_breaks_the_next_link()
    {
        var events = Chain(4);
        var e = events[1];
        typeof(AuditEvent).GetProperty(nameof(AuditEvent.Action))!.SetValue(e, "vendor.deleted");
        typeof(AuditEvent).GetProperty(nameof(AuditEvent.Hash))!.SetValue(e, e.ComputeHash());
        var result = AuditChainVerifier.Verify(events, HeadOf(events));
        Assert.False(result.IsIntact);
        Assert.Equal(3, result.FirstBadSequence);
    }

    [Fact]
    public void Hashes_differ_when_field_boundaries_move()
    {
        var a = AuditEvent.Create(Tenant, DateTimeOffset.UnixEpoch, null, "ab", null, "x", "c", null, "{}");
        var b = AuditEvent.Create(Tenant, DateTimeOffset.UnixEpoch, null, "a", null, "x", "bc", null, "{}");
        a.Chain(1, "");
        b.Chain(1, "");
        Assert.NotEqual(a.Hash, b.Hash);
    }
}
