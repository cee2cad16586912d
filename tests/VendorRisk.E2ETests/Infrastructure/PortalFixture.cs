using Microsoft.Playwright;
using VendorRisk.Testing;

namespace VendorRisk.E2ETests.Infrastructure;

/// <summary>
/// One portal and one headless Chromium per test collection (see <see cref="PortalCollection"/>), shared by the tests of
/// the collection one after the other: each test works in data of its own (a copy of the demo organisation, or new
/// names), so no test depends on another's. Each simulated person gets a browser context of their own (cookies,
/// storage), see <see cref="NewPersonAsync"/>.
/// </summary>
public class PortalFixture : IAsyncLifetime
{
    /// <summary>
    /// How long an action, a navigation or an expectation may wait for its condition before it fails: a ceiling for a
    /// loaded machine, not a pace (every wait ends as soon as its condition holds).
    /// </summary>
    public const float Ceiling = 60_000;

    /// <summary>
    /// Without the background-networking switches Chromium tries to reach Google services at start-up; on a closed
    /// network those attempts fail and take the page's own connections down with them.
    /// </summary>
    private static readonly string[] ChromiumArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync",
    ];

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public PortalFixture() : this(new PortalServer()) { }

    /// <summary>For a fixture whose host needs settings of its own (see <see cref="SmtpPortalFixture"/>).</summary>
    protected PortalFixture(PortalServer server) => Server = server;

    public PortalServer Server { get; }

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("The fixture has not started.");

    public static string ChromiumPath =>
        Environment.GetEnvironmentVariable("PLAYWRIGHT_CHROMIUM_EXECUTABLE") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    public virtual async Task InitializeAsync()
    {
        // Assertions wait as long as actions do: on a busy CI machine an autosave may take seconds.
        Assertions.SetDefaultExpectTimeout(Ceiling);
        Server.Start();
        if (!File.Exists(ChromiumPath))
            throw new InvalidOperationException(
                $"No Chromium at {ChromiumPath}. Run `bash .ci/test.sh` (it installs one) or set PLAYWRIGHT_CHROMIUM_EXECUTABLE.");
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ChromiumArgs,
        });
    }

    /// <summary>A new browser context: a person at their own computer. Dispose it when they are done.</summary>
    public async Task<Person> NewPersonAsync(string name, string testName)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Server.BaseAddress.ToString().TrimEnd('/'),
            ViewportSize = new ViewportSize { Width = 1280, Height = 800 },
            Locale = "en-GB",
            TimezoneId = "Europe/London",
        });
        context.SetDefaultTimeout(Ceiling);
        context.SetDefaultNavigationTimeout(Ceiling);
        var page = await context.NewPageAsync();
        return new Person(name, testName, context, page);
    }

    public virtual async Task DisposeAsync()
    {
        if (_browser is not null) await _browser.DisposeAsync();
        _playwright?.Dispose();
        await Server.DisposeAsync();
    }
}

/// <summary>
/// A portal that delivers e-mail through MailKit to a real SMTP server in the test process (<see cref="Smtp"/>), instead of
/// the pickup folder.
/// </summary>
public sealed class SmtpPortalFixture : PortalFixture
{
    public SmtpPortalFixture() : this(new TestSmtpServer()) { }

    private SmtpPortalFixture(TestSmtpServer smtp) : base(new PortalServer(new Dictionary<string, string?>
    {
        ["Email:Delivery"] = "Smtp",
        ["Email:Smtp:Host"] = "127.0.0.1",
        ["Email:Smtp:Port"] = smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Email:Smtp:Security"] = "None",
        // A ceiling, not a pace: the server is in this process and answers at once, unless the machine is very busy.
        ["Email:Smtp:TimeoutSeconds"] = "60",
    })) => Smtp = smtp;

    public TestSmtpServer Smtp { get; }

    public override async Task InitializeAsync()
    {
        await Smtp.StartAsync();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Smtp.DisposeAsync();
    }
}

/// <summary>The browser tests that share one portal: all but those that need a host of their own.</summary>
[CollectionDefinition(Name)]
public sealed class PortalCollection : ICollectionFixture<PortalFixture>
{
    public const string Name = "portal";
}

/// <summary>
/// A second shared portal of its own, so that the browser tests run as two streams: one portal's tests ran one after the other
/// and left the machine half idle (the suite used about one of two cores). Each test makes its own tenant or reads the demo
/// organisation, so which portal a test class uses does not matter; the classes are split by their running time.
/// </summary>
[CollectionDefinition(Name)]
public sealed class SecondPortalCollection : ICollectionFixture<PortalFixture>
{
    public const string Name = "second portal";
}

/// <summary>Browser tests on a portal that delivers through SMTP and whose clock they move by days: a host of their own.</summary>
[CollectionDefinition(Name)]
public sealed class SmtpPortalCollection : ICollectionFixture<SmtpPortalFixture>
{
    public const string Name = "portal with SMTP and a moving clock";
}
