using System.Diagnostics;
using System.Globalization;

namespace VendorRisk.Web;

/// <summary>
/// With the environment variable <c>VENDORRISK_STARTUP_PROFILE=1</c>, prints one line per start-up phase to standard error: the
/// wall-clock and CPU milliseconds since the process started, and the CPU the phase itself used (docs/benchmarks.md, "Start-up
/// profile"). CPU time is what a busy machine does not distort. Without the variable every call returns at once.
/// </summary>
internal static class StartupProfile
{
    public const string Variable = "VENDORRISK_STARTUP_PROFILE";

    private static readonly bool Enabled = Environment.GetEnvironmentVariable(Variable) is "1" or "true";
    private static readonly Lock Gate = new();
    private static TimeSpan lastCpu;
    private static int firstResponseSeen;

    public static bool IsEnabled => Enabled;

    public static void Mark(string phase)
    {
        if (!Enabled) return;
        lock (Gate)
        {
            using var process = Process.GetCurrentProcess();
            var cpu = process.TotalProcessorTime;
            var wall = TimeProvider.System.GetLocalNow().DateTime - process.StartTime;
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"startup-profile {phase,-34} wall {wall.TotalMilliseconds,6:F0} ms  cpu {cpu.TotalMilliseconds,6:F0} ms  (+{(cpu - lastCpu).TotalMilliseconds,5:F0} ms cpu)"));
            lastCpu = cpu;
        }
    }

    /// <summary>Marks the end of the first response (the first page), once.</summary>
    public static IApplicationBuilder UseStartupProfile(this IApplicationBuilder app) =>
        !Enabled ? app : app.Use(async (context, next) =>
        {
            await next(context);
            if (Interlocked.Exchange(ref firstResponseSeen, 1) == 0) Mark($"first response ({context.Request.Path})");
        });
}
