using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace VendorRisk.IntegrationTests.Infrastructure;

/// <summary>
/// Azurite, Microsoft's Azure Storage emulator (npm package pinned in tests/azurite, installed by .ci/test.sh), started as the
/// PostgreSQL cluster is: its blob service on a free loopback port, with a throwaway folder, stopped and deleted on dispose
/// (ADR-038). Used as a class fixture by the tests of evidence in object storage.
/// </summary>
public sealed class AzuriteServer : IAsyncLifetime
{
    /// <summary>Azurite's well-known development account (public, in Microsoft's documentation): not a secret.</summary>
    public const string Account = "devstoreaccount1";
    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private static readonly Lazy<string?> Folder = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "tests", "azurite", "package.json"))) return Path.Combine(dir.FullName, "tests", "azurite");
        return null;
    });

    private static string? Program => Folder.Value is { } folder ? Path.Combine(folder, "node_modules", "azurite", "dist", "src", "blob", "main.js") : null;

    /// <summary>Why Azurite cannot run here, or null when it can.</summary>
    public static string? Missing =>
        Folder.Value is null ? "tests/azurite is not in this checkout"
        : Outputs.Validators.Executable("node") is null ? "node is not installed (Debian: apt-get install nodejs npm)"
        : !File.Exists(Program) ? "Azurite is not installed: run `npm ci` in tests/azurite (.ci/test.sh does)"
        : null;

    private readonly string _data = Path.Combine(Path.GetTempPath(), "vendorrisk-azurite", Guid.NewGuid().ToString("N"));
    private Process? _process;

    public int Port { get; private set; }

    public string ConnectionString => ConnectionStringWith(AccountKey);

    /// <summary>The same account with another (well-formed) key: what an operator with a stale or mistyped key configures.</summary>
    public string WrongKeyConnectionString => ConnectionStringWith(Convert.ToBase64String(new byte[64]));

    private string ConnectionStringWith(string key) =>
        $"DefaultEndpointsProtocol=http;AccountName={Account};AccountKey={key};BlobEndpoint=http://127.0.0.1:{Port}/{Account};";

    public async Task InitializeAsync()
    {
        if (Missing is not null) return; // the tests skip themselves (AzuriteFact)
        Directory.CreateDirectory(_data);
        Port = FreePort();
        var info = new ProcessStartInfo(Outputs.Validators.Executable("node")!)
        {
            WorkingDirectory = _data,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { Program!, "--blobHost", "127.0.0.1", "--blobPort", Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                     "--location", _data, "--silent", "--skipApiVersionCheck", "--disableProductStyleUrl" })
            info.ArgumentList.Add(argument);
        _process = Process.Start(info) ?? throw new InvalidOperationException("Azurite did not start.");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        // Waits on the condition (the port accepts connections, or the process died), with a safety net far above a busy machine's need.
        using var patience = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        while (true)
        {
            if (_process.HasExited) throw new InvalidOperationException($"Azurite exited with {_process.ExitCode} before listening.");
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port, patience.Token);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50, patience.Token);
            }
        }
    }

    public async Task DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process?.Dispose();
        try { Directory.Delete(_data, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>A test that needs Azurite: skipped, with the reason and how to install it, only when it is missing.</summary>
public sealed class AzuriteFactAttribute : FactAttribute
{
    public AzuriteFactAttribute()
    {
        if (AzuriteServer.Missing is { } missing) Skip = "Azurite not installed: " + missing + ".";
    }
}
