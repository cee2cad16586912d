using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using VendorRisk.Domain.Tenancy;
using VendorRisk.Infrastructure.Identity;
using VendorRisk.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Configuration;
using VendorRisk.Infrastructure.Links;

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

    /// <summary>
    /// The public address every integration host is configured with. Its host is the test server's (so the host filter lets
    /// the test clients in) on a port nothing else uses, so a link built from any other source (a request's host, an old
    /// fallback such as http://localhost:5000) does not start with it.
    /// </summary>
    public const string PublicBaseUrl = "http://localhost:5219";

    private bool _started;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting(PublicLinks.Setting, PublicBaseUrl);
        base.ConfigureWebHost(builder); // a derived host's own settings win
    }

    protected override IHost CreateHost(IHostBuilder builder)
    {
        var host = base.CreateHost(builder);
        _started = true;
        return host;
    }

    /// <summary>False for a host whose database is made unusable on purpose (the crash tests' dying host).</summary>
    protected virtual bool ChecksMailLinks => true;

    /// <summary>
    /// On disposal, every link in every e-mail the host queued (any tenant, and the platform's) must start at the configured
    /// public address: the whole suite's mails (invitations, resets, assessments, reminders, reviews, findings, reassessments,
    /// incidents, obligations) are checked, whatever test queued them.
    /// </summary>
    public override async ValueTask DisposeAsync()
    {
        // Before the host goes (WebApplicationFactory disposes it first and calls Dispose(bool) after).
        var problem = _started && ChecksMailLinks ? await MailLinkProblemAsync() : null;
        _started = false;
        await base.DisposeAsync();
        GC.SuppressFinalize(this);
        if (problem is not null) throw new InvalidOperationException(problem);
    }

    /// <summary>The kind of mail the outbox tests write by hand (their content is the test's, not the product's).</summary>
    public const string HandMadeMailKind = "test";

    private async Task<string?> MailLinkProblemAsync()
    {
        var configured = Services.GetRequiredService<IConfiguration>()[PublicLinks.Setting];
        if (configured is not { Length: > 0 }) return null;
        var mails = await InDbAsync(db => db.OutboxMessages.IgnoreQueryFilters().AsNoTracking()
            .Where(m => m.Kind != HandMadeMailKind)
            .ToListAsync());
        // VENDORRISK_MAIL_KINDS_FILE: where to list the kinds of mail checked (to see which kinds the suite reaches).
        if (Environment.GetEnvironmentVariable("VENDORRISK_MAIL_KINDS_FILE") is { Length: > 0 } kindsFile)
            await File.AppendAllLinesAsync(kindsFile, mails.Select(m => m.Kind).Distinct());
        var wrong = mails.SelectMany(m => MailLinks.NotUnder(configured, BodyOf(m).Html, BodyOf(m).Text).Select(link => $"{m.Kind}: {link}")).Distinct().ToList();
        return wrong.Count == 0 ? null
            : "Mail links outside the public address " + configured + ":" + Environment.NewLine + string.Join(Environment.NewLine, wrong);
    }

    /// <summary>The scenario builder on this host's services and clock.</summary>
    public Scenario Scenario => new(Services);

    /// <summary>A client that keeps cookies and does not follow redirects, so tests see each 302.</summary>
    public virtual HttpClient CreateBrowserClient() =>
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

/// <summary>A host without a configured public address, as a developer runs the app (links then fall back to the server's address).</summary>
public sealed class UnconfiguredAddressApp : VendorRiskApp
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { [PublicLinks.Setting] = "" };
}
