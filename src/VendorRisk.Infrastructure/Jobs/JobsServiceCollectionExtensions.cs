using Hangfire;
using Hangfire.SqlServer;
using Hangfire.Storage.SQLite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using VendorRisk.Infrastructure.Email;
using VendorRisk.Infrastructure.Persistence;

namespace VendorRisk.Infrastructure.Jobs;

public static class JobsServiceCollectionExtensions
{
    public static IServiceCollection AddVendorRiskJobs(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var options = configuration.GetSection(JobsOptions.Section).Get<JobsOptions>() ?? new JobsOptions();
        var database = configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        services.AddSingleton(options);

        // Registered before AddHangfire, which then keeps it: each host (and each test host) gets its own
        // storage instead of Hangfire's process-wide JobStorage.Current.
        services.AddSingleton<JobStorage>(_ => database.Provider == DatabaseProvider.SqlServer
            ? new SqlServerStorage(
                database.ConnectionString ?? configuration.GetConnectionString("VendorRisk"),
                new SqlServerStorageOptions { PrepareSchemaIfNecessary = true, QueuePollInterval = TimeSpan.FromSeconds(options.PollIntervalSeconds) })
            : new SQLiteStorage(SqlitePath(options, environment.ContentRootPath), new SQLiteStorageOptions
            {
                QueuePollInterval = TimeSpan.FromSeconds(options.PollIntervalSeconds),
            }));

        services.AddHangfire((provider, config) => config
            .UseLogProvider(new ResilientHangfireLogProvider(provider.GetRequiredService<Microsoft.Extensions.Logging.ILoggerFactory>()))
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings());

        if (options.RunServer)
        {
            services.AddHangfireServer((_, server) =>
            {
                server.WorkerCount = options.WorkerCount;
                server.SchedulePollingInterval = TimeSpan.FromSeconds(options.PollIntervalSeconds);
            });
        }
        services.AddHostedService<OutboxDeliverySchedule>();
        return services;
    }

    private static string SqlitePath(JobsOptions options, string contentRoot)
    {
        var path = Path.IsPathRooted(options.SqlitePath) ? options.SqlitePath : Path.Combine(contentRoot, options.SqlitePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return path;
    }
}

/// <summary>Declares the outbox's delivery run at start-up (AddOrUpdate is idempotent); business jobs are declared by the application layer.</summary>
internal sealed class OutboxDeliverySchedule(IRecurringJobManager recurring) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        recurring.AddOrUpdate<OutboxDispatcher>(OutboxDispatcher.RecurringJobId,
            d => d.DeliverDueAsync(CancellationToken.None), Cron.Minutely());
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
