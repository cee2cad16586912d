using Microsoft.Extensions.Time.Testing;

namespace VendorRisk.IntegrationTests.Infrastructure;

/// <summary>
/// A stretch of days on a fake clock, visited from event to event instead of day by day: a daily job acts only on the days
/// something becomes due (a due date, a reminder step, an expiry), so a simulation stops on each such day and on the day
/// before it (where the job must not act yet), and skips the quiet days in between. Events are asked for again after every
/// stop, because what a stop did (an answer, a decision, a met occurrence) makes new ones.
/// </summary>
internal static class Simulation
{
    /// <summary>
    /// Visits the clock's day, then every event day and the day before it up to <paramref name="days"/> - 1 days later, and that
    /// last day itself, running <paramref name="onDay"/> on each; then moves the clock one more day, leaving it where a loop of
    /// <paramref name="days"/> daily steps would have.
    /// </summary>
    /// <param name="events">The days on which anything can happen, as the data stands after a stop (any day; those outside the stretch are ignored).</param>
    public static async Task RunAsync(FakeTimeProvider clock, int days, Func<DateOnly, Task> onDay,
        Func<Task<IEnumerable<DateOnly>>> events)
    {
        var first = Today(clock);
        var last = first.AddDays(days - 1);
        var day = first;
        while (true)
        {
            await onDay(day);
            var next = (await events()).SelectMany(e => new[] { e.AddDays(-1), e }).Append(last)
                .Where(d => d > day && d <= last).DefaultIfEmpty().Min();
            if (next == default) break;
            clock.Advance(TimeSpan.FromDays(next.DayNumber - day.DayNumber));
            day = next;
        }
        clock.Advance(TimeSpan.FromDays(1));
    }

    public static DateOnly Today(FakeTimeProvider clock) => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
}
