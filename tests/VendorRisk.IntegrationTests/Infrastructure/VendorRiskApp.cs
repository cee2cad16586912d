using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using VendorRisk.Domain.Tenancy;
using VendorRisk.Infrastructure.Identity;
using VendorRisk.Testing;

namespace VendorRisk.IntegrationTests.Infrastructure;

/// <summary>
/// The real app on a real SQLite file of its own (one per test class through IClassFixture), copied from the run's migrated
/// template, with its own Hangfire storage and mail folder. The Hangfire server is off: tests run jobs by calling them, which
/// is how they prove a job is safe to run twice. The clock is a fake that tests can move.
/// </summary>
public class VendorRiskApp : TestHost<FakeTimeProvider>
{
    public const string Password = Scenario.Password;

    public VendorRiskApp() : base(new FakeTimeProvider(DateTimeOffset.UtcNow), TemplateDatabase.Migrated, "vendorrisk-tests") { }

    /// <summary>
    /// A host on the files of another host (same database, same data-protection keys, same mail folder),
    /// as a second instance of the app would be. It leaves the folder to its owner.
    /// </summary>
    protected VendorRiskApp(string sharedDataFolder) : base(new FakeTimeProvider(DateTimeOffset.UtcNow), sharedDataFolder) { }

    /// <summary>The scenario builder on this host's services and clock.</summary>
    public Scenario Scenario => new(Services);

    /// <summary>A client that keeps cookies and does not follow redirects, so tests see each 302.</summary>
    public HttpClient CreateBrowserClient() =>
        CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    public Task<Tenant> CreateTenantAsync(string? slug = null) => Scenario.TenantAsync(slug);

    /// <summary>A user with a membership in <paramref name="tenant"/> holding <paramref name="roles"/>.</summary>
    public Task<AppUser> CreateMemberAsync(Tenant tenant, TenantRoles roles, string? email = null, Guid? vendorId = null) =>
        Scenario.MemberAsync(tenant.Id, roles, email, vendorId);

    public Task<AppUser> CreateUserAsync(string email) => Scenario.UserAsync(email);

    public Task AddMembershipAsync(Tenant tenant, AppUser user, TenantRoles roles, Guid? vendorId = null) =>
        Scenario.MembershipAsync(tenant.Id, user, roles, vendorId);

    public Task<AppUser?> FindUserAsync(string email) =>
        InScopeAsync(sp => sp.GetRequiredService<UserManager<AppUser>>().FindByEmailAsync(email));

    /// <summary>Row counts across all tenants, to prove a refused request changed nothing.</summary>
    public Task<int> CountAllAsync<TEntity>() where TEntity : class =>
        InDbAsync(db => db.Set<TEntity>().IgnoreQueryFilters().CountAsync());
}
