using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
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
        // Registered before AddHangfire, which then keeps it: each host (and each test host) gets its own
        // storage instead of Hangfire's process-wide JobStorage.Current. On a server database the jobs live in the app's
        // database (their own schema or tables), so every node of a deployment shares them.
        var poll = TimeSpan.FromSeconds(options.PollIntervalSeconds);
        services.AddSingleton<JobStorage>(_ => database.Provider switch
        {
            DatabaseProvider.SqlServer => new SqlServerStorage(
                PersistenceServiceCollectionExtensions.ServerConnectionString(database, configuration),
                new SqlServerStorageOptions { PrepareSchemaIfNecessary = true, QueuePollInterval = poll }),
            DatabaseProvider.PostgreSql => PostgreSqlJobStorage(PersistenceServiceCollectionExtensions.ServerConnectionString(database, configuration), poll),
            _ => new SQLiteStorage(SqlitePath(options, environment.ContentRootPath), new SQLiteStorageOptions { QueuePollInterval = poll }),
        });

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

    private static PostgreSqlStorage PostgreSqlJobStorage(string connectionString, TimeSpan poll)
    {
        // Schema "hangfire" in the app's database, created (and upgraded) by the storage itself on first use.
        var storageOptions = new PostgreSqlStorageOptions { SchemaName = "hangfire", PrepareSchemaIfNecessary = true, QueuePollInterval = poll };
        return new PostgreSqlStorage(new NpgsqlConnectionFactory(connectionString, storageOptions), storageOptions);
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
