using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using VendorRisk.Infrastructure.Email;
using VendorRisk.Web;

namespace VendorRisk.IntegrationTests.Platform;

/// <summary>The command line as an operator types it: <c>--seed-demo</c> is a switch and takes nothing that follows it (issue 18).</summary>
public sealed class CommandLineTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "vendorrisk-tests", "command-line-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private string[] Files() =>
    [
        "--environment", "Testing",
        "--Database:SqlitePath", Path.Combine(_folder, "vendorrisk.db"),
        "--Jobs:SqlitePath", Path.Combine(_folder, "hangfire.db"),
        "--Jobs:RunServer", "false",
        "--Storage:EvidencePath", Path.Combine(_folder, "evidence"),
        "--Email:PickupFolder", Path.Combine(_folder, "mail"),
    ];

    [Theory]
    [InlineData("--seed-demo", "--Email:Delivery", "Smtp")]
    [InlineData("--Email:Delivery", "Smtp", "--seed-demo")]
    [InlineData("--seed-demo", "--Email:Delivery=Smtp")]
    public async Task The_seed_demo_switch_seeds_and_leaves_the_setting_after_it_in_force(params string[] args)
    {
        await using var app = VendorRiskHost.Build([.. args, .. Files()]);

        Assert.Equal("Smtp", app.Configuration["Email:Delivery"]);
        Assert.IsType<MailKitSmtpTransport>(app.Services.GetRequiredService<IMailTransport>());
        Assert.True(app.Configuration.GetValue("Seed:DemoData", false));
        Assert.Null(app.Configuration["seed-demo"]);
    }

    [Fact]
    public async Task Without_the_switch_no_demo_data_is_asked_for()
    {
        await using var app = VendorRiskHost.Build(["--Email:Delivery", "Smtp", .. Files()]);

        Assert.False(app.Configuration.GetValue("Seed:DemoData", false));
        Assert.IsType<MailKitSmtpTransport>(app.Services.GetRequiredService<IMailTransport>());
    }
}
