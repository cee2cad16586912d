// Portfolio at scale (issue 7): the data generator and the page-time measurement against what it generated.
//
//   dotnet run -c Release --project tests/VendorRisk.LoadTests -- generate <folder> [--scale 1] [--shape skewed|single] [--vendors N] [--seed 7]
//   dotnet run -c Release --project tests/VendorRisk.LoadTests -- measure <folder> [--tenant org-0001] [--requests 30] [--warmup 5] [--set Key=Value]
//
// `generate` writes <folder>/vendorrisk.db (see Generator/DataGenerator.cs). `measure` starts the real app on Kestrel
// against that file (its start-up migration check must find it up to date), signs the tenant's manager in through the
// login form, then requests each page `requests` times after `warmup` untimed requests, one at a time. Server time is
// taken by a stopwatch around the whole ASP.NET Core pipeline of the app (outermost middleware, added through an
// IStartupFilter): from the request entering the app to the last byte of the page written; the client's round trip is
// reported beside it. On a shared machine wall-clock times mostly measure the queue for a core, so the mean CPU time of
// the process per request (server and client, read from the OS; it does not grow while waiting for a core) is reported
// too: it is the figure to compare between scales when the load average is high.
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using VendorRisk.LoadTests.Generator;

namespace VendorRisk.LoadTests;

internal static class PortfolioHarness
{
    public static async Task<int> GenerateAsync(string[] args)
    {
        if (args.Length == 0) return Usage();
        var folder = args[0];
        var scale = int.Parse(Option(args, "--scale") ?? "1", CultureInfo.InvariantCulture);
        var vendors = int.Parse(Option(args, "--vendors") ?? (scale * GeneratorOptions.VendorsPerScale).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        var shape = Enum.Parse<TenantShape>(Option(args, "--shape") ?? "skewed", ignoreCase: true);
        var seed = int.Parse(Option(args, "--seed") ?? "7", CultureInfo.InvariantCulture);
        var options = new GeneratorOptions(Path.Combine(folder, "vendorrisk.db"), vendors, shape, seed)
        {
            QuestionnaireFolder = Path.Combine(RepositoryRoot(), "seed-data", "questionnaires"),
        };
        Console.WriteLine($"Generating {vendors:N0} vendors ({shape}, seed {seed}) into {options.DatabasePath} ...");
        using var generator = new DataGenerator(options);
        var report = await generator.GenerateAsync(Console.Out);
        Console.WriteLine($"Done in {report.Elapsed.TotalSeconds:0.0} s; file {report.Bytes / 1048576.0:N0} MiB; load average {LoadAverage()}.");
        Console.WriteLine($"Tenants: {report.Tenants.Count}; largest {report.Tenants[0].Slug} with {report.Tenants[0].Vendors:N0} vendors; sign in as {GeneratorOptions.ManagerEmail(report.Tenants[0].Slug)} / {GeneratorOptions.Password}.");
        foreach (var (table, rows) in report.Rows.OrderByDescending(r => r.Value)) Console.WriteLine($"  {table,-24} {rows,12:N0}");
        return 0;
    }

    public static async Task<int> MeasureAsync(string[] args)
    {
        if (args.Length == 0) return Usage();
        var folder = Path.GetFullPath(args[0]);
        var slug = Option(args, "--tenant") ?? "org-0001";
        var requests = int.Parse(Option(args, "--requests") ?? "30", CultureInfo.InvariantCulture);
        var warmup = int.Parse(Option(args, "--warmup") ?? "5", CultureInfo.InvariantCulture);
        if (!File.Exists(Path.Combine(folder, "vendorrisk.db"))) throw new FileNotFoundException("Generate the database first.", Path.Combine(folder, "vendorrisk.db"));
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_VENDORRISK_WEB", Path.Combine(RepositoryRoot(), "src", "VendorRisk.Web"));

        var timings = new ServerTimings();
        // --set Key=Value (repeatable) passes a setting to the app, e.g. --set Database:SqliteMemoryMapMiB=0 to compare.
        var settings = args.Select((a, i) => (a, i)).Where(x => x.a == "--set" && x.i + 1 < args.Length)
            .Select(x => args[x.i + 1].Split('=', 2)).ToDictionary(kv => kv[0], kv => kv[1]);
        await using var app = new MeasureApp(folder, timings, settings);
        app.UseKestrel(0);
        var started = Stopwatch.StartNew();
        app.StartServer();
        Console.WriteLine($"App started on the generated database in {started.Elapsed.TotalSeconds:0.0} s; load average {LoadAverage()}.");
        var baseAddress = new Uri(app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!.Addresses.First());
        using var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() })
        { BaseAddress = baseAddress };
        var login = await client.GetStringAsync(new Uri("/account/login", UriKind.Relative));
        using (var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = Regex.Match(login, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value,
            ["Input.Email"] = GeneratorOptions.ManagerEmail(slug), ["Input.Password"] = GeneratorOptions.Password,
        }))
        {
            using var signIn = await client.PostAsync(new Uri("/account/login", UriKind.Relative), form);
            if (signIn.StatusCode != HttpStatusCode.Redirect) throw new InvalidOperationException($"Sign-in as the manager of {slug} failed: {(int)signIn.StatusCode}");
        }

        var pages = new (string Name, string Url)[]
        {
            ("vendor list, first page", $"/t/{slug}/vendors"),
            ("vendor list, search \"health\"", $"/t/{slug}/vendors?q=health"),
            ("vendor list, filter Active + High", $"/t/{slug}/vendors?status=Active&tier=High"),
            ("vendor list, page 40", $"/t/{slug}/vendors?p=40"),
            ("dashboard", $"/t/{slug}/dashboard"),
        };
        // Further pages, e.g. --page "control coverage=/t/org-0001/coverage" (repeatable).
        pages = [.. pages, .. args.Select((a, i) => (a, i)).Where(x => x.a == "--page" && x.i + 1 < args.Length)
            .Select(x => args[x.i + 1].Split('=', 2)).Select(p => (p[0], p[1]))];
        Console.WriteLine($"Tenant {slug}: {requests} timed requests per page after {warmup} warm-up requests, one at a time.");
        Console.WriteLine("| Page | p50 server | p95 server | max server | p50 round trip | CPU per request | bytes |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var (name, url) in pages)
        {
            var server = new List<double>();
            var roundTrip = new List<double>();
            long bytes = 0;
            var cpu = TimeSpan.Zero;
            for (var i = 0; i < warmup + requests; i++)
            {
                var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
                var t = Stopwatch.GetTimestamp();
                using var response = await client.GetAsync(new Uri(url, UriKind.Relative));
                var body = await response.Content.ReadAsByteArrayAsync();
                var elapsed = Stopwatch.GetElapsedTime(t).TotalMilliseconds;
                if (response.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException($"{url} answered {(int)response.StatusCode}.");
                var serverMs = timings.Take(url);
                if (i < warmup) continue;
                cpu += Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
                server.Add(serverMs);
                roundTrip.Add(elapsed);
                bytes = body.Length;
            }
            server.Sort();
            roundTrip.Sort();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {P(server, 0.5):0.0} ms | {P(server, 0.95):0.0} ms | {server[^1]:0.0} ms | {P(roundTrip, 0.5):0.0} ms | {cpu.TotalMilliseconds / requests:0.0} ms | {bytes:N0} |"));
        }
        Console.WriteLine($"Load average after the run: {LoadAverage()}.");
        return 0;

        static double P(List<double> sorted, double q) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(q * sorted.Count) - 1)];
    }

    private static int Usage()
    {
        Console.Error.WriteLine("generate <folder> [--scale 1] [--shape skewed|single] [--vendors N] [--seed 7] | measure <folder> [--tenant org-0001] [--requests 30] [--warmup 5]");
        return 2;
    }

    private static string? Option(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    internal static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    internal static string RepositoryRoot()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "VendorRisk.sln"))) root = root.Parent;
        return root?.FullName ?? throw new InvalidOperationException("VendorRisk.sln not found");
    }
}

/// <summary>Server time of each finished request, by path and query.</summary>
internal sealed class ServerTimings
{
    private readonly ConcurrentDictionary<string, ConcurrentQueue<double>> _byUrl = new();

    public void Add(string url, double milliseconds) => _byUrl.GetOrAdd(url, _ => new()).Enqueue(milliseconds);

    /// <summary>The time of the one request to <paramref name="url"/> recorded since the last call.</summary>
    public double Take(string url)
    {
        // The middleware records after the last byte is written, which can be a moment after the client has read it.
        var wait = Stopwatch.StartNew();
        while (wait.Elapsed < TimeSpan.FromSeconds(5))
        {
            if (_byUrl.TryGetValue(url, out var queue) && queue.TryDequeue(out var ms)) return ms;
            Thread.Sleep(1);
        }
        throw new InvalidOperationException($"No server time recorded for {url}.");
    }
}

internal sealed class ServerTimingFilter(ServerTimings timings) : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(async (context, nextMiddleware) =>
        {
            var start = Stopwatch.GetTimestamp();
            await nextMiddleware(context);
            timings.Add(context.Request.Path + context.Request.QueryString, Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        });
        next(app);
    };
}

internal sealed class MeasureApp(string folder, ServerTimings timings, IReadOnlyDictionary<string, string> settings) : WebApplicationFactory<global::Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Database:Provider", "Sqlite");
        builder.UseSetting("Database:SqlitePath", Path.Combine(folder, "vendorrisk.db"));
        builder.UseSetting("Jobs:SqlitePath", Path.Combine(folder, "hangfire.db"));
        builder.UseSetting("Jobs:RunServer", "false");
        builder.UseSetting("Email:Delivery", "Pickup");
        builder.UseSetting("Email:PickupFolder", Path.Combine(folder, "mail"));
        builder.UseSetting("Storage:EvidencePath", Path.Combine(folder, "evidence"));
        builder.UseSetting("Seed:DemoData", "false");
        builder.UseSetting("Security:SignInAttemptsPerMinute", "100000");
        foreach (var (key, value) in settings) builder.UseSetting(key, value);
        builder.ConfigureLogging(l => l.SetMinimumLevel(LogLevel.Warning));
        builder.ConfigureServices(services => services.AddSingleton<IStartupFilter>(new ServerTimingFilter(timings)));
    }
}
