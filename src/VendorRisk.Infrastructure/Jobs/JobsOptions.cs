namespace VendorRisk.Infrastructure.Jobs;

/// <summary>Configuration section <c>Jobs</c>.</summary>
public sealed class JobsOptions
{
    public const string Section = "Jobs";

    /// <summary>Run a Hangfire server in this process. Off for hosts that only enqueue (and some tests).</summary>
    public bool RunServer { get; set; } = true;

    /// <summary>Hangfire's own SQLite file (kept apart from the app database so job polling never blocks app writes).</summary>
    public string SqlitePath { get; set; } = "App_Data/hangfire.db";

    /// <summary>SQLite allows one writer at a time; more workers would only wait on each other.</summary>
    public int WorkerCount { get; set; } = 1;

    /// <summary>How often the server looks for new jobs.</summary>
    public int PollIntervalSeconds { get; set; } = 5;
}
