using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using VendorRisk.Infrastructure.Persistence;

namespace VendorRisk.E2ETests.Infrastructure;

/// <summary>
/// The real portal served by Kestrel on a random loopback port, so a real browser can reach it. Each instance
/// has its own SQLite database, Hangfire SQLite file and mail pickup folder in a temp folder, and the demo
/// tenant seeded (its users and password are in seed-data/demo-tenant.json).
/// </summary>
/// <remarks>
/// The Hangfire server is off: tests read the e-mail a page queued straight from the <c>OutboxMessages</c>
/// table, which is what the dispatcher would send. That keeps the tests free of polling intervals; delivery
/// itself is covered by the integration tests of the outbox.
/// </remarks>
public sealed class PortalServer : WebApplicationFactory<Program>
{
    public string DataFolder { get; } = Path.Combine(Path.GetTempPath(), "vendorrisk-e2e", Guid.NewGuid().ToString("N"));

    /// <summary>The portal's address, e.g. http://127.0.0.1:41234 (no trailing slash).</summary>
    public Uri BaseAddress { get; private set; } = new("http://127.0.0.1/");

    private readonly IReadOnlyDictionary<string, string?> _settings;

    /// <param name="settings">Extra configuration for this host (e.g. SMTP delivery to a test server), applied last.</param>
    public PortalServer(IReadOnlyDictionary<string, string?>? settings = null)
    {
        _settings = settings ?? new Dictionary<string, string?>();
        UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
    }

    /// <summary>The app's clock: real time until a test advances it (a test-host-only control; see <see cref="AdjustableClock"/>).</summary>
    public AdjustableClock Clock { get; } = new();

    public void Start()
    {
        StartServer();
        var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("Kestrel reported no address.");
        BaseAddress = new Uri(address.TrimEnd('/') + "/");
    }

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
        builder.UseSetting("Seed:DemoData", "true");
        // Every simulated person signs in from 127.0.0.1: the per-address limit would otherwise trip.
        builder.UseSetting("Security:SignInAttemptsPerMinute", "1000");
        foreach (var (key, value) in _settings) builder.UseSetting(key, value);
        builder.ConfigureServices(services => services.Replace(ServiceDescriptor.Singleton<TimeProvider>(Clock)));
    }

    /// <summary>The newest e-mail of <paramref name="kind"/> queued for <paramref name="toAddress"/>, as the outbox holds it.</summary>
    public async Task<QueuedMail?> FindMailAsync(string toAddress, string kind)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        // The outbox spans tenants and a test has no tenant scope: look across, by recipient and kind only.
        var mails = await db.OutboxMessages.IgnoreQueryFilters()
            .Where(m => m.ToAddress == toAddress && m.Kind == kind)
            .Select(m => new QueuedMail(m.ToAddress, m.Subject, m.TextBody, m.HtmlBody, m.CreatedAt))
            .ToListAsync();
        return mails.OrderByDescending(m => m.CreatedAt).FirstOrDefault();
    }

    /// <summary>
    /// Runs the outbox dispatcher once, as the recurring job would, so every queued e-mail is written to the pickup
    /// folder as the .eml file a mail server would receive; then returns the newest one addressed to
    /// <paramref name="toAddress"/>, parsed back from that file.
    /// </summary>
    public async Task<DeliveredMail?> DeliverAndReadMailAsync(string toAddress)
    {
        await using (var scope = Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<VendorRisk.Infrastructure.Email.OutboxDispatcher>().DeliverDueAsync(CancellationToken.None);
        }
        var folder = Path.Combine(DataFolder, "mail");
        if (!Directory.Exists(folder)) return null;
        DeliveredMail? newest = null;
        foreach (var file in Directory.EnumerateFiles(folder, "*.eml"))
        {
            using var message = await MimeKit.MimeMessage.LoadAsync(file);
            if (!message.To.Mailboxes.Any(m => string.Equals(m.Address, toAddress, StringComparison.OrdinalIgnoreCase))) continue;
            if (newest is null || message.Date > newest.Date)
                newest = new DeliveredMail(toAddress, message.Subject ?? "", message.TextBody ?? "", message.HtmlBody ?? "", message.Date);
        }
        return newest;
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (!disposing) return;
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(DataFolder, recursive: true); }
        catch (IOException) { /* a file still open; the OS cleans its temp folder */ }
        catch (UnauthorizedAccessException) { }
    }
}

public sealed record QueuedMail(string To, string Subject, string TextBody, string HtmlBody, DateTimeOffset CreatedAt);

public sealed record DeliveredMail(string To, string Subject, string TextBody, string HtmlBody, DateTimeOffset Date);
