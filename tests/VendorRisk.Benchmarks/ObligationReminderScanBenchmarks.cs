using BenchmarkDotNet.Attributes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using VendorRisk.Domain.Contracts;
using VendorRisk.Domain.Tenancy;
using VendorRisk.Domain.Vendors;
using VendorRisk.Application.Contracts;
using VendorRisk.Infrastructure.Email;
using VendorRisk.Infrastructure.Identity;
using VendorRisk.Infrastructure.Jobs;
using VendorRisk.Infrastructure.Persistence;
using VendorRisk.Infrastructure.Tenancy;

namespace VendorRisk.Benchmarks;

/// <summary>
/// The daily obligation reminder scan over 100,000 obligations (one open occurrence each, due dates spread over the
/// next year, plan 30/7/1 days) across 100 tenants, on a SQLite file (goal: under 5 s). <see cref="FirstRunOfTheDay"/>
/// creates the day's reminders and their outbox mails (about 8 % of the occurrences are inside their 30-day window);
/// <see cref="SecondRunOfTheDay"/> finds them all present and creates nothing.
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 5)]
[MemoryDiagnoser]
public class ObligationReminderScanBenchmarks
{
    public const int Tenants = 100;
    public const int ObligationsPerTenant = 1000;

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "vendorrisk-scan-benchmark");
    private ServiceProvider _services = null!;
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2027, 1, 4, 6, 0, 0, TimeSpan.Zero));

    [GlobalSetup]
    public void Setup()
    {
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
        Directory.CreateDirectory(_folder);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Sqlite",
            ["Database:SqlitePath"] = Path.Combine(_folder, "vendorrisk.db"),
            ["Jobs:RunServer"] = "false",
            ["Jobs:SqlitePath"] = Path.Combine(_folder, "hangfire.db"),
            ["Email:Delivery"] = "Pickup",
            ["Email:PickupFolder"] = Path.Combine(_folder, "mail"),
        }).Build();
        var environment = new BenchmarkEnvironment(_folder);
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddLogging(l => l.SetMinimumLevel(LogLevel.Warning))
            .AddSingleton<TimeProvider>(_clock)
            .AddVendorRiskPersistence(configuration, environment)
            .AddVendorRiskEmail(configuration, environment)
            .AddVendorRiskJobs(configuration, environment);
        _services = services.BuildServiceProvider();
        SeedAsync().GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _services.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }

    private async Task SeedAsync()
    {
        await using (var scope = _services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<AppDbContext>().Database.MigrateAsync();
        var random = new Random(42);
        var now = _clock.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        for (var t = 0; t < Tenants; t++)
        {
            var tenant = Tenant.Create($"bench-{t:000}", $"Benchmark tenant {t}", now);
            var user = new AppUser
            {
                Id = Guid.NewGuid(), UserName = $"owner{t}@bench.example", NormalizedUserName = $"OWNER{t}@BENCH.EXAMPLE",
                Email = $"owner{t}@bench.example", NormalizedEmail = $"OWNER{t}@BENCH.EXAMPLE", DisplayName = $"Owner {t}",
                SecurityStamp = Guid.NewGuid().ToString("N"), CreatedAt = now,
            };
            await using (var scope = _services.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
                db.Tenants.Add(tenant);
                db.Users.Add(user);
                await db.SaveChangesAsync();
            }
            await using (var scope = _services.CreateAsyncScope())
            {
                scope.ServiceProvider.GetRequiredService<TenantContext>().EnterAsSystem(tenant.Id);
                var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
                db.ChangeTracker.AutoDetectChangesEnabled = false;
                db.Memberships.Add(TenantMembership.Create(tenant.Id, user.Id, TenantRoles.TenantAdmin | TenantRoles.VendorManager, now));
                var vendor = Vendor.Create($"Vendor {t}", null, null, null, now);
                db.Vendors.Add(vendor);
                var contracts = Enumerable.Range(0, 10).Select(c => Contract.Create(vendor.Id,
                    new ContractTerms($"Contract {c}", null, today.AddYears(-1), null, null, null, null, null), user.Id, now)).ToList();
                db.Set<Contract>().AddRange(contracts);
                for (var o = 0; o < ObligationsPerTenant; o++)
                {
                    var obligation = Obligation.Create(contracts[o % contracts.Count].Id, vendor.Id, "pen-test-report", today.AddDays(random.Next(-20, 365)),
                        new ObligationTerms($"Obligation {o}", null, user.Id, Recurrence.Yearly, "30,7,1", o % 3 == 0, null), now);
                    db.Set<Obligation>().Add(obligation);
                    db.Set<ObligationOccurrence>().Add(obligation.FirstOccurrence(now));
                }
                await db.SaveChangesAsync();
            }
        }
    }

    [IterationSetup(Target = nameof(FirstRunOfTheDay))]
    public void ForgetTodaysReminders()
    {
        using var scope = _services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        db.Set<ObligationReminder>().IgnoreQueryFilters().ExecuteDelete();
        db.OutboxMessages.Where(m => m.Kind.StartsWith("obligation-")).ExecuteDelete();
    }

    [Benchmark]
    public Task<int> FirstRunOfTheDay() => _services.GetRequiredService<ObligationReminderJob>().RunAsync(CancellationToken.None);

    [IterationSetup(Target = nameof(SecondRunOfTheDay))]
    public void EnsureTodaysReminders() => _services.GetRequiredService<ObligationReminderJob>().RunAsync(CancellationToken.None).GetAwaiter().GetResult();

    [Benchmark]
    public Task<int> SecondRunOfTheDay() => _services.GetRequiredService<ObligationReminderJob>().RunAsync(CancellationToken.None);

    private sealed class BenchmarkEnvironment(string root) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = "Benchmark";
        public string ApplicationName { get; set; } = "VendorRisk.Benchmarks";
        public string ContentRootPath { get; set; } = root;
        public Microsoft.Extensions.FileProviders.IFileProvider ContentRootFileProvider { get; set; } = new Microsoft.Extensions.FileProviders.NullFileProvider();
    }
}
