using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Hangfire.SqlServer;
using Hangfire.Storage.SQLite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using VendorRisk.Infrastructure.Email;
using VendorRisk.Infrastructure.Nodes;
using VendorRisk.Infrastructure.Persistence;

namespace VendorRisk.Infrastructure.Jobs;

public static class JobsServiceCollectionExtensions
{
    public static IServiceCollection AddVendorRiskJobs(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var options = configuration.GetSection(JobsOptions.Section).Get<JobsOptions>() ?? new JobsOptions();
        var database = configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        var node = NodeOptionsFrom(configuration);
        services.AddSingleton(options);
        services.AddSingleton(node);

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

        if (RunsJobServer(node, options))
        {
            services.AddHangfireServer((_, server) =>
            {
                server.WorkerCount = options.WorkerCount;
                server.SchedulePollingInterval = TimeSpan.FromSeconds(Math.Max(1, options.SchedulePollIntervalSeconds));
                server.ServerName = node.NodeName;
            });
            services.AddHostedService<OutboxClaimWatch>();
        }
        services.AddHostedService<OutboxDeliverySchedule>();
        return services;
    }

    /// <summary>Whether this node runs a Hangfire server: not on a web node, nor with <c>Jobs:RunServer=false</c>.</summary>
    public static bool RunsJobServer(NodeOptions node, JobsOptions jobs) => node.Role != NodeRole.Web && jobs.RunServer;

    /// <summary>Section <c>Node</c>; an unknown role, or a worker without a job server, stops start-up with one message.</summary>
    public static NodeOptions NodeOptionsFrom(IConfiguration configuration)
    {
        var section = configuration.GetSection(NodeOptions.Section);
        var role = section["Role"];
        if (!string.IsNullOrWhiteSpace(role) && !Enum.TryParse<NodeRole>(role.Trim(), ignoreCase: true, out _))
            throw new InvalidConfigurationException(
                $"Node:Role is \"{role}\": it must be All (pages and jobs, the default), Web (pages only) or Worker (jobs only).");
        var node = new NodeOptions
        {
            Name = section["Name"],
            Role = string.IsNullOrWhiteSpace(role) ? NodeRole.All : Enum.Parse<NodeRole>(role.Trim(), ignoreCase: true),
        };
        if (node.Role == NodeRole.Worker && !configuration.GetValue(JobsOptions.Section + ":" + nameof(JobsOptions.RunServer), true))
            throw new InvalidConfigurationException(
                "Node:Role is Worker but Jobs:RunServer is false: a worker node with no job server would do nothing. Remove one of the two settings.");
        return node;
    }

    private static PostgreSqlStorage PostgreSqlJobStorage(string connectionString, TimeSpan poll)
    {
        // Schema "hangfire" in the app's database, created (and upgraded) by the storage itself on first use.
        // Several nodes (ADR-030): a job fetched by a node that dies is visible again one invisibility timeout after the node's
        // last heartbeat on it (sliding: a live node keeps it while it runs), and a distributed lock a dead node held (the
        // recurring-job scheduler takes one) is freed after DistributedLockTimeout instead of the storage's default 10 minutes.
        var storageOptions = new PostgreSqlStorageOptions
        {
            SchemaName = "hangfire",
            PrepareSchemaIfNecessary = true,
            QueuePollInterval = poll,
            UseSlidingInvisibilityTimeout = true,
            InvisibilityTimeout = TimeSpan.FromMinutes(2),
            DistributedLockTimeout = TimeSpan.FromMinutes(2),
        };
        return new PostgreSqlStorage(new NpgsqlConnectionFactory(connectionString, storageOptions), storageOptions);
    }

    private static string SqlitePath(JobsOptions options, string contentRoot)
    {
        var path = Path.IsPathRooted(options.SqlitePath) ? options.SqlitePath : Path.Combine(contentRoot, options.SqlitePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return path;
    }
}

/// <summary>Declares the outbox's delivery run and daily retention run at start-up (AddOrUpdate is idempotent); business jobs are declared by the application layer.</summary>
internal sealed class OutboxDeliverySchedule(IRecurringJobManager recurring) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        recurring.AddOrUpdate<OutboxDispatcher>(OutboxDispatcher.RecurringJobId,
            d => d.DeliverDueAsync(CancellationToken.None), Cron.Minutely());
        recurring.AddOrUpdate<OutboxRetentionJob>(OutboxRetentionJob.RecurringJobId,
            j => j.RunAsync(CancellationToken.None), Cron.Daily(3));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
