using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using VendorRisk.IntegrationTests.Infrastructure;

namespace VendorRisk.IntegrationTests.Platform;

/// <summary>
/// The built app started as a process in Production, as an operator starts it: without <c>App:PublicBaseUrl</c> it refuses
/// to start with one line naming the setting (links in mail must never point at a guessed address); with it, it serves.
/// </summary>
public sealed class ProductionStartupTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "vendorrisk-tests", "production-" + Guid.NewGuid().ToString("N"));

    /// <summary>A safety net for a hung process, far above what a busy machine needs; the waits themselves are on conditions.</summary>
    private readonly CancellationTokenSource _patience = new(TimeSpan.FromMinutes(5));

    public ProductionStartupTests() => Directory.CreateDirectory(_folder);

    public void Dispose()
    {
        _patience.Dispose();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    [Fact]
    public async Task Production_refuses_to_start_without_a_public_address_and_names_the_setting()
    {
        using var app = Start(publicBaseUrl: null, port: FreePort());
        var stderr = app.StandardError.ReadToEndAsync();
        await app.WaitForExitAsync(_patience.Token);

        Assert.Equal(1, app.ExitCode);
        var message = (await stderr).Trim();
        Assert.StartsWith("VendorRisk cannot start: App:PublicBaseUrl is not set.", message, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", message, StringComparison.Ordinal); // one clear line, no stack trace
    }

    [Fact]
    public async Task Production_refuses_to_start_on_an_unreachable_database_with_one_line_naming_it_and_no_password()
    {
        var closedPort = FreePort(); // nothing listens there once the probe listener is gone
        using var app = Start("https://risk.example.test", FreePort(), new Dictionary<string, string>
        {
            ["Database__Provider"] = "PostgreSql",
            ["Database__ConnectionString"] = $"Host=127.0.0.1;Port={closedPort};Database=vendorrisk;Username=vendorrisk;Password=secret-pw-42;Timeout=5",
        });
        var stderr = app.StandardError.ReadToEndAsync();
        await app.WaitForExitAsync(_patience.Token);

        Assert.Equal(1, app.ExitCode);
        var message = (await stderr).Trim();
        Assert.StartsWith($"VendorRisk cannot start: The database cannot be reached (PostgreSQL at 127.0.0.1:{closedPort}, database vendorrisk)",
            message, StringComparison.Ordinal);
        Assert.Contains("Database:ConnectionString", message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-pw-42", message, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", message, StringComparison.Ordinal);
        Assert.Single(message.Split('\n'), line => line.Length > 0);
    }

    [AzuriteFact]
    public async Task Production_refuses_to_start_with_a_wrong_storage_key_with_one_line_naming_the_setting_and_not_the_key()
    {
        await using var azurite = new AzuriteServer();
        await azurite.InitializeAsync();
        using var app = Start("https://risk.example.test", FreePort(), new Dictionary<string, string>
        {
            ["Storage__EvidenceStore"] = "AzureBlob",
            ["Storage__AzureBlob__ConnectionString"] = azurite.WrongKeyConnectionString,
        });
        var stderr = app.StandardError.ReadToEndAsync();
        await app.WaitForExitAsync(_patience.Token);

        Assert.Equal(1, app.ExitCode);
        var message = (await stderr).Trim();
        Assert.StartsWith($"VendorRisk cannot start: The evidence store cannot be used ({AzuriteServer.Account}/vendorrisk-evidence at http://127.0.0.1:{azurite.Port}): " +
            "the storage account refused the key", message, StringComparison.Ordinal);
        Assert.Contains("Storage:AzureBlob:ConnectionString", message, StringComparison.Ordinal);
        Assert.DoesNotContain("AccountKey", message, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", message, StringComparison.Ordinal);
        Assert.Single(message.Split('\n'), line => line.Length > 0);
    }

    [Fact]
    public async Task Production_starts_and_serves_with_a_public_address()
    {
        var port = FreePort();
        using var app = Start("https://risk.example.test", port);
        try
        {
            using var http = new HttpClient();
            var healthy = false;
            // Waits on the condition (the process answers, or it died), not on a fixed time.
            while (!healthy && !app.HasExited && !_patience.Token.IsCancellationRequested)
            {
                try
                {
                    // As the load balancer forwards it: the public host (Production answers only its public address).
                    using var probe = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{port}/health");
                    probe.Headers.Host = "risk.example.test";
                    healthy = (await http.SendAsync(probe, _patience.Token)).StatusCode == HttpStatusCode.OK;
                }
                catch (HttpRequestException)
                {
                    // Not listening yet.
                }
                if (!healthy) await Task.Delay(100, _patience.Token);
            }
            Assert.True(healthy, app.HasExited ? "The app exited: " + await app.StandardError.ReadToEndAsync(_patience.Token) : "The app never answered.");
        }
        finally
        {
            if (!app.HasExited) app.Kill(entireProcessTree: true);
        }
    }

    private Process Start(string? publicBaseUrl, int port, IDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo("dotnet", Path.Combine(AppContext.BaseDirectory, "VendorRisk.Web.dll"))
        {
            WorkingDirectory = _folder,
            RedirectStandardError = true,
            RedirectStandardOutput = false,
            UseShellExecute = false,
        };
        foreach (var key in info.Environment.Keys.Where(k => k.StartsWith("App__", StringComparison.OrdinalIgnoreCase) || k.StartsWith("ASPNETCORE_", StringComparison.OrdinalIgnoreCase)).ToList())
            info.Environment.Remove(key);
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        info.Environment["Database__SqlitePath"] = Path.Combine(_folder, "vendorrisk.db");
        info.Environment["Jobs__SqlitePath"] = Path.Combine(_folder, "hangfire.db");
        info.Environment["Jobs__RunServer"] = "false";
        info.Environment["Storage__EvidencePath"] = Path.Combine(_folder, "evidence");
        info.Environment["Email__Delivery"] = "Pickup";
        info.Environment["Email__PickupFolder"] = Path.Combine(_folder, "mail");
        info.Environment["Seed__DemoData"] = "false";
        if (publicBaseUrl is not null) info.Environment["App__PublicBaseUrl"] = publicBaseUrl;
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) info.Environment[key] = value;
        return Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
