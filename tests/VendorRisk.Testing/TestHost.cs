using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using VendorRisk.Domain.Messaging;
using VendorRisk.Infrastructure.Email;
using VendorRisk.Infrastructure.Persistence;
using VendorRisk.Infrastructure.Tenancy;

namespace VendorRisk.Testing;

/// <summary>
/// The real app in a test: <see cref="WebApplicationFactory{Program}"/> in the Testing environment on files of its own
/// (SQLite database, Hangfire's SQLite file, mail pickup and evidence folders) in a temp folder, with the Hangfire server
/// off, the test's clock, and cheap password hashing. The database starts as a copy of the run's
/// <see cref="TemplateDatabase"/>, made when the host is constructed. With <see cref="TestDatabase.IsPostgres"/>, the
/// database (app tables and Hangfire's) is instead a PostgreSQL database of its own, named after the data folder, created
/// from the template database and dropped with the host.
/// </summary>
/// <remarks>
/// Password hashing: Identity's PBKDF2 runs 100,000 iterations by default, tens of milliseconds of CPU for every user a
/// test creates and every sign-in. The test hosts (and only they: the product keeps Identity's default) hash with one
/// iteration. A hash records its iteration count, so verification stays what the product does.
/// </remarks>
public abstract class TestHost<TClock> : WebApplicationFactory<Program> where TClock : TimeProvider
{
    private readonly bool _ownsDataFolder;

    static TestHost() => TestProcessSettings.Apply();

    /// <param name="clock">The app's clock (replaces its <see cref="TimeProvider"/>).</param>
    /// <param name="template">The database to start from; null starts from an empty file (start-up then migrates it).</param>
    /// <param name="folderName">The folder under the temp folder that holds the data folders of this kind of host.</param>
    protected TestHost(TClock clock, TemplateDatabase? template, string folderName)
    {
        Clock = clock;
        DataFolder = Path.Combine(Path.GetTempPath(), folderName, Guid.NewGuid().ToString("N"));
        _ownsDataFolder = true;
        Directory.CreateDirectory(DataFolder);
        if (!TestDatabase.IsPostgres) template?.CopyTo(DatabasePath);
        else if (template is not null) template.CopyTo(this);
        else Task.Run(() => TestDatabase.CreateAsync(DatabaseName)).GetAwaiter().GetResult();
    }

    /// <summary>A host on the files of another host (same database, data-protection keys and mail folder), as a second instance of the app.</summary>
    protected TestHost(TClock clock, string sharedDataFolder)
    {
        Clock = clock;
        DataFolder = sharedDataFolder;
        _ownsDataFolder = false;
    }

    public string DataFolder { get; }

    public string DatabasePath => Path.Combine(DataFolder, "vendorrisk.db");

    /// <summary>The host's PostgreSQL database (with <see cref="TestDatabase.IsPostgres"/>): one per data folder, so hosts sharing a folder share it.</summary>
    public string DatabaseName => "vr_" + Path.GetFileName(DataFolder.TrimEnd(Path.DirectorySeparatorChar)).ToLowerInvariant();

    /// <summary>Whether disposing the host drops its PostgreSQL database (a template builder keeps it).</summary>
    protected virtual bool DropsDatabase => true;

    public string MailFolder => Path.Combine(DataFolder, "mail");

    /// <summary>The app's clock.</summary>
    public TClock Clock { get; }

    /// <summary>Settings of this kind of host or of a derived fixture (e.g. SMTP delivery), applied after the common ones.</summary>
    protected virtual IDictionary<string, string?> Settings => new Dictionary<string, string?>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        Directory.CreateDirectory(DataFolder);
        builder.UseEnvironment("Testing");
        builder.UseSetting("Database:Provider", TestDatabase.Provider);
        builder.UseSetting("Database:SqlitePath", DatabasePath);
        if (TestDatabase.IsPostgres) builder.UseSetting("Database:ConnectionString", TestDatabase.ConnectionString(DatabaseName));
        builder.UseSetting("Jobs:SqlitePath", Path.Combine(DataFolder, "hangfire.db"));
        builder.UseSetting("Jobs:RunServer", "false");
        builder.UseSetting("Email:Delivery", "Pickup");
        builder.UseSetting("Email:PickupFolder", MailFolder);
        builder.UseSetting("Seed:DemoData", "false");
        builder.UseSetting("Storage:EvidencePath", Path.Combine(DataFolder, "evidence"));
        builder.UseSetting("Audit:CheckpointPath", Path.Combine(DataFolder, "audit-checkpoints.jsonl"));
        builder.UseSetting("Audit:KeyFolder", Path.Combine(DataFolder, "audit-keys"));
        // Every simulated person signs in from 127.0.0.1: the per-address limit would otherwise trip.
        builder.UseSetting("Security:SignInAttemptsPerMinute", "1000");
        builder.UseSetting("Api:InvalidTokensPerMinute", "1000");
        foreach (var (key, value) in Settings) builder.UseSetting(key, value);
        builder.ConfigureServices(services =>
        {
            services.Replace(ServiceDescriptor.Singleton<TimeProvider>(Clock));
            services.PostConfigure<PasswordHasherOptions>(o => o.IterationCount = 1);
        });
    }

    /// <summary>Runs work in a fresh DI scope, optionally inside one tenant.</summary>
    public async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> work, Guid? tenantId = null)
    {
        await using var scope = Services.CreateAsyncScope();
        if (tenantId is { } id) scope.ServiceProvider.GetRequiredService<TenantContext>().EnterAsSystem(id);
        return await work(scope.ServiceProvider);
    }

    public Task InScopeAsync(Func<IServiceProvider, Task> work, Guid? tenantId = null) =>
        InScopeAsync<bool>(async sp => { await work(sp); return true; }, tenantId);

    public Task<T> InDbAsync<T>(Func<AppDbContext, Task<T>> work, Guid? tenantId = null) =>
        InScopeAsync(sp => work(sp.GetRequiredService<AppDbContext>()), tenantId);

    /// <summary>
    /// The readable bodies of a queued mail, decrypted with this host's keys as the delivery job does: the outbox row holds them
    /// encrypted (ADR-040), so a test that reads a link from a queued mail reads it through here.
    /// </summary>
    public MailBody BodyOf(OutboxMessage message) => Services.GetRequiredService<OutboxBodyProtection>().Unprotect(message);

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (!disposing || !_ownsDataFolder) return;
        if (TestDatabase.IsPostgres && DropsDatabase) Task.Run(() => TestDatabase.DropAsync(DatabaseName)).GetAwaiter().GetResult();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(DataFolder, recursive: true); }
        catch (IOException) { /* a file still open on some platforms; the OS cleans its temp folder */ }
        catch (UnauthorizedAccessException) { }
    }
}
