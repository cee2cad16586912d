namespace VendorRisk.E2ETests.Infrastructure;

/// <summary>
/// The test host's clock: the machine's time plus an offset the test moves forward. It exists only in this test project
/// and only <see cref="PortalServer"/> registers it (replacing the app's <see cref="TimeProvider"/>); the product has no
/// time control of any kind, no endpoint and no setting. Until a test advances it, it is the system clock, so other tests
/// on the same kind of host see real time.
/// </summary>
public sealed class AdjustableClock : TimeProvider
{
    private long _offsetTicks;

    public TimeSpan Offset => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + Offset;

    /// <summary>Moves the app's "now" forward (never back: tokens and schedules assume time does not run backwards).</summary>
    public void Advance(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        Interlocked.Add(ref _offsetTicks, by.Ticks);
    }

    /// <summary>
    /// Moves to the first instant of the next <paramref name="step"/> of Unix time (e.g. a 30-second TOTP step): a code computed
    /// right after is typed and posted well inside its step, which the app accepts alone (ADR-048).
    /// </summary>
    public void AdvanceToNextStep(TimeSpan step)
    {
        var now = GetUtcNow();
        Advance(TimeSpan.FromTicks(step.Ticks - now.UtcTicks % step.Ticks));
    }

    public DateOnly Today => DateOnly.FromDateTime(GetUtcNow().UtcDateTime);
}
