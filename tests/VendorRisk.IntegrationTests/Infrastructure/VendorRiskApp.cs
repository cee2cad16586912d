using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using VendorRisk.Domain.Tenancy;
using VendorRisk.Infrastructure.Identity;
using VendorRisk.Infrastructure.Persistence;
using VendorRisk.Infrastructure.Tenancy;

namespace VendorRisk.IntegrationTests.Infrastructure;

/// <summary>
/// The real app on a real SQLite file of its own (one per test class through IClassFixture), with its own
/// Hangfire storage and mail folder. The Hangfire server is off: tests run jobs by calling them, which is
/// how they prove a job is safe to run twice. The clock is a fake that tests can move.
/// </summary>
public class VendorRiskApp : WebApplicationFactory<Program>
{
    public const string Password = "Correct-Horse-Battery-9";

    private readonly bool _ownsDataFolder = true;

    public VendorRiskApp() { }

    /// <summary>
    /// A host on the files of another host (same database, same data-protection keys, same mail folder),
    /// as a second instance of the app would be. It leaves the folder to its owner.
    /// </summary>
    protected VendorRiskApp(string sharedDataFolder)
    {
        DataFolder = sharedDataFolder;
        _ownsDataFolder = false;
    }

    public string DataFolder { get; } = Path.Combine(Path.GetTempPath(), "vendorrisk-tests", Guid.NewGuid().ToString("N"));

    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    /// <summary>Extra settings a derived fixture or test class wants (e.g. SMTP delivery).</summary>
    protected virtual IDictionary<string, string?> Settings => new Dictionary<string, string?>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        Directory.CreateDirectory(DataFolder);
        builder.UseEnvironment("Testing");
        builder.UseSetting("Database:Provider", "Sqlite");
        builder.UseSetting("Database:SqlitePath", Path.Combine(DataFolder, "vendorrisk.db"));
        builder.UseSetting("Jobs:SqlitePath", Path.Combine(DataFolder, "hangfire.db"));
        builder.UseSetting("Jobs:RunServer", "false");
        builder.UseSetting("Email:Delivery", "Pickup");
        builder.UseSetting("Email:PickupFolder", Path.Combine(DataFolder, "mail"));
        builder.UseSetting("Seed:DemoData", "false");
        builder.UseSetting("Storage:EvidencePath", Path.Combine(DataFolder, "evidence"));
        builder.UseSetting("Security:SignInAttemptsPerMinute", "1000");
        foreach (var (key, value) in Settings) builder.UseSetting(key, value);
        builder.ConfigureServices(services => services.Replace(ServiceDescriptor.Singleton<TimeProvider>(Clock)));
    }

    /// <summary>A client that keeps cookies and does not follow redirects, so tests see each 302.</summary>
    public HttpClient CreateBrowserClient() =>
        CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

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

    public async Task<Tenant> CreateTenantAsync(string? slug = null)
    {
        slug ??= "t-" + Guid.NewGuid().ToString("N")[..10];
        return await InDbAsync(async db =>
        {
            var tenant = Tenant.Create(slug, "Tenant " + slug, Clock.GetUtcNow());
            db.Tenants.Add(tenant);
            await db.SaveChangesAsync();
            return tenant;
        });
    }

    /// <summary>A user with a membership in <paramref name="tenant"/> holding <paramref name="roles"/>.</summary>
    public async Task<AppUser> CreateMemberAsync(Tenant tenant, TenantRoles roles, string? email = null, Guid? vendorId = null)
    {
        email ??= $"{roles.ToString().Replace(", ", "-", StringComparison.Ordinal).ToLowerInvariant()}-{Guid.NewGuid():N}@example.test";
        var user = await CreateUserAsync(email);
        await AddMembershipAsync(tenant, user, roles, vendorId);
        return user;
    }

    public Task<AppUser> CreateUserAsync(string email) =>
        InScopeAsync(async sp =>
        {
            var users = sp.GetRequiredService<UserManager<AppUser>>();
            var user = new AppUser { UserName = email, Email = email, DisplayName = email.Split('@')[0], CreatedAt = Clock.GetUtcNow() };
            var result = await users.CreateAsync(user, Password);
            Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Description)));
            return user;
        });

    public Task AddMembershipAsync(Tenant tenant, AppUser user, TenantRoles roles, Guid? vendorId = null) =>
        InDbAsync(async db =>
        {
            db.Memberships.Add(TenantMembership.Create(tenant.Id, user.Id, roles, Clock.GetUtcNow(), vendorId));
            return await db.SaveChangesAsync();
        }, tenant.Id);

    public Task<AppUser?> FindUserAsync(string email) =>
        InScopeAsync(sp => sp.GetRequiredService<UserManager<AppUser>>().FindByEmailAsync(email));

    /// <summary>Row counts across all tenants, to prove a refused request changed nothing.</summary>
    public Task<int> CountAllAsync<TEntity>() where TEntity : class =>
        InDbAsync(db => db.Set<TEntity>().IgnoreQueryFilters().CountAsync());

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (!disposing || !_ownsDataFolder) return;
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(DataFolder, recursive: true); }
        catch (IOException) { /* a file still open on some platforms; the temp folder is cleaned by the OS */ }
    }
}
