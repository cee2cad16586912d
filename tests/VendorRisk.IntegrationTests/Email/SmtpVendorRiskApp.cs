using VendorRisk.IntegrationTests.Infrastructure;
using VendorRisk.Testing;

namespace VendorRisk.IntegrationTests.Email;

/// <summary>The app delivering through MailKit to a real SMTP server in the test process.</summary>
public sealed class SmtpVendorRiskApp : VendorRiskApp, IAsyncLifetime
{
    public TestSmtpServer Smtp { get; } = new();

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Email:Delivery"] = "Smtp",
        ["Email:Smtp:Host"] = "127.0.0.1",
        ["Email:Smtp:Port"] = Smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Email:Smtp:Security"] = "None",
        // A ceiling, not a pace: the server is in this process and answers at once, unless the machine is very busy.
        ["Email:Smtp:TimeoutSeconds"] = "60",
    };

    public Task InitializeAsync() => Smtp.StartAsync();

    async Task IAsyncLifetime.DisposeAsync()
    {
        await Smtp.DisposeAsync();
        await base.DisposeAsync();
    }
}
