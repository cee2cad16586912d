using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using VendorRisk.Application.Seeding;
using VendorRisk.Infrastructure.Persistence;

namespace VendorRisk.Application.Seeding;

/// <summary>Start-up work on the database: migrations (if configured), counters a migration asked to recount, recovery codes still in clear, then demo data (if asked for).</summary>
public static class DatabaseInitializer
{
    public static async Task InitializeAsync(IServiceProvider services, bool seedDemoData, string seedDataFolder,
        string operatorRole, CancellationToken cancellationToken = default)
    {
        var options = services.GetRequiredService<DatabaseOptions>();
        if (options.MigrateOnStartup)
        {
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            // Most starts find nothing to apply. Asking first reads the history table only; MigrateAsync itself would also rebuild
            // the migrations' model snapshot and compare it with the current model (about 0.4 s of a start's CPU, ADR-043), a
            // check the build already makes (the migrations tests fail on pending model changes). With migrations to apply,
            // MigrateAsync runs as before, under its lock, and looks again.
            if ((await db.Database.GetPendingMigrationsAsync(cancellationToken)).Any())
                await db.Database.MigrateAsync(cancellationToken);
        }
        {
            // Whoever applied the migrations (this start-up or a deployment script), counters they introduced are recounted
            // before the first request reads them.
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            if (await Infrastructure.Portfolio.PortfolioCounters.RebuildIfRequestedAsync(db, cancellationToken))
                scope.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DatabaseInitializer))
                    .LogInformation("Portfolio counters recounted");
        }
        {
            // Recovery codes an earlier version stored in clear are hashed before the first request (ADR-048).
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            if (await Infrastructure.Persistence.HashedRecoveryCodeUserStore.HashLegacyCodesAsync(db, cancellationToken) is > 0 and var hashed)
                scope.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DatabaseInitializer))
                    .LogInformation("Recovery codes of {Accounts} accounts hashed", hashed);
        }
        if (seedDemoData)
        {
            await using var scope = services.CreateAsyncScope();
            var seeder = scope.ServiceProvider.GetRequiredService<DemoSeeder>();
            await seeder.SeedAsync(DemoSeeder.Load(seedDataFolder), operatorRole, seedDataFolder, cancellationToken);
            scope.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DatabaseInitializer))
                .LogInformation("Demo data is present");
        }
    }
}
