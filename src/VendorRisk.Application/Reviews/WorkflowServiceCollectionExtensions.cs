using Hangfire;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using VendorRisk.Domain.Workflows;

namespace VendorRisk.Application.Reviews;

public static class WorkflowServiceCollectionExtensions
{
    /// <summary>
    /// Loads the review workflow definitions once (from <c>Workflows:Folder</c>, else <paramref name="defaultFolder"/>)
    /// and registers the catalog. Invalid definitions stop start-up: the exception lists the loader's messages, each
    /// naming its file.
    /// </summary>
    public static IServiceCollection AddVendorRiskWorkflows(this IServiceCollection services, IConfiguration configuration, string defaultFolder)
    {
        var folder = configuration["Workflows:Folder"] is { Length: > 0 } configured ? configured : defaultFolder;
        var loaded = WorkflowLoader.LoadFolder(folder);
        if (!loaded.IsSuccess)
        {
            throw new InvalidOperationException(
                $"The review workflows in {folder} are invalid:{Environment.NewLine}{string.Join(Environment.NewLine, loaded.Errors)}");
        }

        services.AddSingleton(loaded.Catalog!);
        services.AddSingleton<WorkflowRunnerHooks>();
        services.AddScoped<WorkflowRunner>();
        services.AddScoped<WorkflowEffects>();
        services.AddScoped<ReviewNotifications>();
        services.AddScoped<ReviewHandOvers>();
        services.AddScoped<ReviewerProfiles>();
        services.AddScoped<WorkflowTimerJob>();
        services.AddScoped<ReviewHandOverJob>();
        services.AddHostedService<WorkflowRecurringJobs>();
        return services;
    }
}

/// <summary>Declares the timer sweeper, which fires every due timer (AddOrUpdate is idempotent).</summary>
internal sealed class WorkflowRecurringJobs(IRecurringJobManager recurring) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        recurring.AddOrUpdate<WorkflowTimerJob>(WorkflowTimerJob.SweeperJobId, j => j.SweepAsync(CancellationToken.None), WorkflowTimerJob.SweepCron);
        recurring.AddOrUpdate<ReviewHandOverJob>(ReviewHandOverJob.RecurringJobId, j => j.RunAsync(CancellationToken.None), Cron.Minutely());
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>Test seam: runs before each command is applied (a test makes it throw to prove a step is all-or-nothing).</summary>
public sealed class WorkflowRunnerHooks
{
    public Action<Domain.Workflows.Runtime.WorkflowCommand>? BeforeCommand { get; set; }
}
