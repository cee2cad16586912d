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

    /// <summary>How often each worker looks for a job enqueued to run now (the storage's queue poll).</summary>
    public int PollIntervalSeconds { get; set; } = 5;

    /// <summary>
    /// How often the server looks for scheduled jobs that came due and recurring jobs to trigger (ADR-047). Each look takes a
    /// distributed lock on the job storage (a write on SQLite); what is scheduled here (workflow timers, evidence sweeps, the
    /// minutely mail run) does not need second precision. Hangfire's own default.
    /// </summary>
    public int SchedulePollIntervalSeconds { get; set; } = 15;

    /// <summary>
    /// The job server and the recurring-job declarations start after the node's first response, or this many seconds after the
    /// host has started (Kestrel listening) if no request comes first (ADR-047); 0 starts them with the host, before the first request is served.
    /// </summary>
    public int StartDelaySeconds { get; set; } = 5;
}
