using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using VendorRisk.Infrastructure.Persistence;
using VendorRisk.Testing;

namespace VendorRisk.E2ETests.Infrastructure;

/// <summary>
/// The real portal served by Kestrel on a random loopback port, so a real browser can reach it. Each instance has its own
/// SQLite database (a copy of the run's template with the demo tenant seeded: its users and password are in
/// seed-data/demo-tenant.json), Hangfire SQLite file and mail pickup folder in a temp folder.
/// </summary>
/// <remarks>
/// The Hangfire server is off: tests read the e-mail a page queued straight from the <c>OutboxMessages</c>
/// table, decrypted as the dispatcher would send it. That keeps the tests free of polling intervals; delivery
/// itself is covered by the integration tests of the outbox.
/// </remarks>
public sealed class PortalServer : TestHost<AdjustableClock>
{
    private readonly IReadOnlyDictionary<string, string?> _settings;

    /// <param name="settings">Extra configuration for this host (e.g. SMTP delivery to a test server), applied last.</param>
    public PortalServer(IReadOnlyDictionary<string, string?>? settings = null)
        : base(new AdjustableClock(), TemplateDatabase.WithDemoOrganisation, "vendorrisk-e2e")
    {
        _settings = settings ?? new Dictionary<string, string?>();
        UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
    }

    /// <summary>The portal's address, e.g. http://127.0.0.1:41234/.</summary>
    public Uri BaseAddress { get; private set; } = new("http://127.0.0.1/");

    /// <summary>The scenario builder on this portal's services: preconditions a journey does not test.</summary>
    public Scenario Scenario => new(Services);

    /// <summary>Where the demo seed data lies (copied next to the tests by the web project).</summary>
    public static string SeedDataFolder => Path.Combine(AppContext.BaseDirectory, "seed-data");

    /// <summary>A copy of the demo organisation of this test's own (see <see cref="Scenario.DemoOrganisationAsync"/>).</summary>
    public Task<DemoOrganisation> DemoOrganisationAsync() => Scenario.DemoOrganisationAsync(SeedDataFolder);

    // The demo tenant is in the template already; start-up checks it is complete in one query.
    protected override IDictionary<string, string?> Settings =>
        new Dictionary<string, string?>(_settings) { ["Seed:DemoData"] = _settings.GetValueOrDefault("Seed:DemoData") ?? "true" };

    public void Start()
    {
        StartServer();
        var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("Kestrel reported no address.");
        BaseAddress = new Uri(address.TrimEnd('/') + "/");
    }

    /// <summary>The newest e-mail of <paramref name="kind"/> queued for <paramref name="toAddress"/>, as the outbox holds it.</summary>
    public async Task<QueuedMail?> FindMailAsync(string toAddress, string kind)
    {
        // The outbox spans tenants and a test has no tenant scope: look across, by recipient and kind only.
        var mails = await InDbAsync(db => db.OutboxMessages.IgnoreQueryFilters()
            .Where(m => m.ToAddress == toAddress && m.Kind == kind)
            .ToListAsync());
        // The row holds the bodies encrypted (ADR-040): decrypted with the portal's keys, as the delivery job would.
        return mails.OrderByDescending(m => m.CreatedAt).Select(m => (Mail: m, Body: BodyOf(m)))
            .Select(x => new QueuedMail(x.Mail.ToAddress, x.Mail.Subject, x.Body.Text, x.Body.Html, x.Mail.CreatedAt)).FirstOrDefault();
    }

    /// <summary>
    /// Runs the outbox dispatcher once, as the recurring job would, so every queued e-mail is written to the pickup
    /// folder as the .eml file a mail server would receive; then returns the newest one addressed to
    /// <paramref name="toAddress"/>, parsed back from that file.
    /// </summary>
    public async Task<DeliveredMail?> DeliverAndReadMailAsync(string toAddress)
    {
        await InScopeAsync(sp => sp.GetRequiredService<VendorRisk.Infrastructure.Email.OutboxDispatcher>().DeliverDueAsync(CancellationToken.None));
        if (!Directory.Exists(MailFolder)) return null;
        DeliveredMail? newest = null;
        foreach (var file in Directory.EnumerateFiles(MailFolder, "*.eml"))
        {
            using var message = await MimeKit.MimeMessage.LoadAsync(file);
            if (!message.To.Mailboxes.Any(m => string.Equals(m.Address, toAddress, StringComparison.OrdinalIgnoreCase))) continue;
            if (newest is null || message.Date > newest.Date)
                newest = new DeliveredMail(toAddress, message.Subject ?? "", message.TextBody ?? "", message.HtmlBody ?? "", message.Date);
        }
        return newest;
    }
}

public sealed record QueuedMail(string To, string Subject, string TextBody, string HtmlBody, DateTimeOffset CreatedAt);

public sealed record DeliveredMail(string To, string Subject, string TextBody, string HtmlBody, DateTimeOffset Date);
