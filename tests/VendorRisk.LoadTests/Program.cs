// Autosave load harness: the real app on Kestrel (real sockets) against a fresh SQLite file, N vendor contacts
// signed in, each autosaving answers to its own assessment as fast as the server allows for a fixed time, then
// the same clients on /health for comparison. Prints throughput and latency percentiles.
//
//   dotnet run -c Release --project tests/VendorRisk.LoadTests -- [contacts=50] [seconds=60] [pace-ms=0]
//   dotnet run -c Release --project tests/VendorRisk.LoadTests -- workflow [instances=1000] [parallel=16]  (see WorkflowHarness.cs)
//   bash .ci/multi-node.sh [seconds] [contacts] [reviews]  (three nodes behind nginx, see MultiNodeHarness.cs)
//   dotnet run -c Release --project tests/VendorRisk.LoadTests -- generate|measure <folder> ...  (see PortfolioHarness.cs)
//
// With VENDORRISK_LOAD_POSTGRES set to a PostgreSQL connection string (e.g. the VENDORRISK_TEST_POSTGRES line of
// `.ci/postgres.sh start`), the app runs on a fresh database of that server (created, then dropped) instead of SQLite.
//
// pace-ms 0 (the default) is a closed loop: each contact sends its next save as soon as the previous one answered,
// which saturates the server. pace-ms 1000 is the realistic case: each contact saves about once per second (the
// debounce of someone typing), at a random phase; latency is then measured from the moment the save was due, so a
// server that falls behind shows it (no coordinated omission).
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using VendorRisk.Domain.Assessments;
using VendorRisk.Domain.Questionnaires.Library;
using VendorRisk.Domain.Questionnaires.Serialization;
using VendorRisk.Domain.Tenancy;
using VendorRisk.Domain.Vendors;
using VendorRisk.Infrastructure.Identity;
using VendorRisk.Infrastructure.Persistence;
using VendorRisk.Infrastructure.Tenancy;

namespace VendorRisk.LoadTests;

internal static class LoadHarness
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "multinode") return await MultiNodeHarness.RunAsync(args[1..]);
        if (args.Length > 0 && args[0] == "workflow") return await WorkflowHarness.RunAsync(args[1..]);
        if (args.Length > 0 && args[0] == "generate") return await PortfolioHarness.GenerateAsync(args[1..]);
        if (args.Length > 0 && args[0] == "measure") return await PortfolioHarness.MeasureAsync(args[1..]);
        var contacts = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 50;
        var seconds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 60;
        var paceMs = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 0;
        const string Password = "Correct-Horse-Battery-9";

        var folder = Path.Combine(Path.GetTempPath(), "vendorrisk-load", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "VendorRisk.sln"))) root = root.Parent;
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_VENDORRISK_WEB",
            Path.Combine(root?.FullName ?? throw new InvalidOperationException("VendorRisk.sln not found"), "src", "VendorRisk.Web"));
        var postgres = Environment.GetEnvironmentVariable("VENDORRISK_LOAD_POSTGRES") is { Length: > 0 } server
            ? await PostgresDatabase.CreateAsync(server, "vr_load_" + Path.GetFileName(folder))
            : null;
        await using var app = new LoadApp(folder, postgres?.ConnectionString);
        app.UseKestrel(0);
        app.StartServer();
        var baseAddress = new Uri(app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!.Addresses.First());

        Console.WriteLine($"Seeding {contacts} contacts into {(postgres is null ? folder : postgres.Name + " (PostgreSQL)")} ...");
        var emails = await SeedAsync(app.Services, contacts);
        var clients = new List<(HttpClient Client, string Token, string Url)>();
        foreach (var (email, assessmentId) in emails)
        {
#pragma warning disable CA2000 // disposed after the run
            var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer(), MaxConnectionsPerServer = 4 })
            { BaseAddress = baseAddress };
#pragma warning restore CA2000
            var login = await client.GetStringAsync("/account/login");
            var signIn = await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = TokenOf(login), ["Input.Email"] = email, ["Input.Password"] = Password,
            }));
            if (signIn.StatusCode != HttpStatusCode.Redirect) throw new InvalidOperationException($"Sign-in of {email} failed: {(int)signIn.StatusCode}");
            // The portal's address in the assessment's tenant, as the redirect of its old link names it.
            using var moved = await client.GetAsync($"/portal/assessments/{assessmentId}");
            var url = moved.Headers.Location?.OriginalString ?? throw new InvalidOperationException($"No portal page for {email}: {(int)moved.StatusCode}");
            clients.Add((client, TokenOf(await client.GetStringAsync(url)), url));
        }
        Console.WriteLine($"Server {baseAddress}; {clients.Count} contacts signed in. Autosave for {seconds} s, "
            + (paceMs == 0 ? "closed loop (no think time) ..." : $"one save per contact every {paceMs} ms ..."));

        var autosave = await RunAsync(clients, TimeSpan.FromSeconds(seconds), paceMs, async (c, i) =>
        {
            // Each contact owns its assessment, so its version always matches: a 409 here would be a bug.
            using var request = new HttpRequestMessage(HttpMethod.Post, c.Url + "?handler=Autosave")
            {
                Content = JsonContent.Create(new { itemId = i % 2 == 0 ? "staff" : "notes", values = new[] { (i % 500).ToString(CultureInfo.InvariantCulture) }, version = c.Versions[i % 2] }),
            };
            request.Headers.Add("RequestVerificationToken", c.Token);
            using var response = await c.Client.SendAsync(request);
            if (response.StatusCode != HttpStatusCode.OK) return false;
            using var body = JsonDocument.Parse(await response.Content.ReadAsStreamAsync());
            c.Versions[i % 2] = body.RootElement.GetProperty("version").GetInt32();
            return true;
        });
        Report("autosave (POST ?handler=Autosave)", autosave);

        var health = await RunAsync(clients, TimeSpan.FromSeconds(Math.Max(10, seconds / 4)), paceMs, async (c, _) =>
        {
            using var response = await c.Client.GetAsync("/health");
            return response.IsSuccessStatusCode;
        });
        Report("health (GET /health)", health);

        foreach (var (client, _, _) in clients) client.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        await app.DisposeAsync();
        if (postgres is not null) await postgres.DropAsync();
        try { Directory.Delete(folder, true); } catch (IOException) { }
        return 0;

        static string TokenOf(string html) =>
            Regex.Match(html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;

        static async Task<Result> RunAsync(List<(HttpClient Client, string Token, string Url)> clients, TimeSpan duration, int paceMs,
            Func<Worker, int, Task<bool>> call)
        {
            var latencies = new List<double>[clients.Count];
            var errors = 0;
            var begin = Stopwatch.GetTimestamp();
            var stopAt = begin + (long)(duration.TotalSeconds * Stopwatch.Frequency);
            var pace = (long)(paceMs / 1000.0 * Stopwatch.Frequency);
            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var started = Stopwatch.StartNew();
            await Task.WhenAll(clients.Select((c, n) => Task.Run(async () =>
            {
                var worker = new Worker(c.Client, c.Token, c.Url);
                var mine = latencies[n] = [];
                // Paced: contact n starts at its own phase within the first interval, then keeps its rhythm.
                var due = begin + (pace == 0 ? 0 : (long)(Random.Shared.NextDouble() * pace));
                for (var i = 0; ; i++)
                {
                    if (pace > 0)
                    {
                        var wait = due - Stopwatch.GetTimestamp();
                        if (wait > 0) await Task.Delay(TimeSpan.FromSeconds((double)wait / Stopwatch.Frequency));
                    }
                    var t = pace > 0 ? due : Stopwatch.GetTimestamp();
                    if (t >= stopAt) break;
                    bool ok;
                    try { ok = await call(worker, i); }
                    catch (HttpRequestException) { ok = false; }
                    mine.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
                    if (!ok) Interlocked.Increment(ref errors);
                    due += pace;
                }
            })));
            var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
            var all = latencies.SelectMany(l => l).Order().ToArray();
            return new Result(all, errors, started.Elapsed, cpu);
        }

        static void Report(string name, Result r)
        {
            double P(double q) => r.Latencies.Length == 0 ? 0 : r.Latencies[Math.Min(r.Latencies.Length - 1, (int)Math.Ceiling(q * r.Latencies.Length) - 1)];
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name}: {r.Latencies.Length} requests in {r.Elapsed.TotalSeconds:0.0} s = {r.Latencies.Length / r.Elapsed.TotalSeconds:0.0} req/s; errors {r.Errors}; p50 {P(0.50):0.0} ms, p95 {P(0.95):0.0} ms, p99 {P(0.99):0.0} ms, max {(r.Latencies.Length == 0 ? 0 : r.Latencies[^1]):0.0} ms; CPU {r.Cpu.TotalMilliseconds / Math.Max(1, r.Latencies.Length):0.00} ms per request (client and server, this process)"));
        }

        static async Task<List<(string Email, Guid AssessmentId)>> SeedAsync(IServiceProvider services, int count)
        {
            var now = DateTimeOffset.UtcNow;
            Guid tenantId;
            Guid templateId;
            QuestionnaireTemplate template;
            Guid vendorId;
            Guid adminId;
            await using (var scope = services.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
                var tenant = Tenant.Create("load-test", "Load test", now);
                db.Tenants.Add(tenant);
                await db.SaveChangesAsync();
                tenantId = tenant.Id;
                var admin = await CreateUserAsync(scope.ServiceProvider, "admin@load.test", now);
                adminId = admin.Id;
            }
            await using (var scope = services.CreateAsyncScope())
            {
                scope.ServiceProvider.GetRequiredService<TenantContext>().EnterAsSystem(tenantId);
                var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
                db.Memberships.Add(TenantMembership.Create(tenantId, adminId, TenantRoles.TenantAdmin, now));
                var vendor = Vendor.Create("Load Vendor", null, null, null, now);
                db.Vendors.Add(vendor);
                vendorId = vendor.Id;
                template = QuestionnaireTemplate.CreateDraft(QuestionnaireJson.Parse(LoadDefinition.Definition).Value, adminId, now).Value.Publish(now).Value;
                db.QuestionnaireTemplates.Add(template);
                templateId = template.Id;
                await db.SaveChangesAsync();
            }
            var result = new List<(string, Guid)>();
            for (var i = 0; i < count; i++)
            {
                var email = $"contact{i}@load.test";
                await using var scope = services.CreateAsyncScope();
                var user = await CreateUserAsync(scope.ServiceProvider, email, now);
                scope.ServiceProvider.GetRequiredService<TenantContext>().EnterAsSystem(tenantId);
                var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
                db.Memberships.Add(TenantMembership.Create(tenantId, user.Id, TenantRoles.VendorContact, now, vendorId));
                var assessment = Assessment.Create(vendorId, templateId, template.TemplateKey, template.SemanticVersion, template.ContentHash!,
                    $"Load assessment {i}", DateOnly.FromDateTime(now.UtcDateTime).AddDays(30), adminId, now);
                assessment.Send(now);
                db.Assessments.Add(assessment);
                db.AssessmentContacts.Add(AssessmentContact.Create(assessment.Id, email, user.Id));
                await db.SaveChangesAsync();
                result.Add((email, assessment.Id));
            }
            return result;
        }

        static async Task<AppUser> CreateUserAsync(IServiceProvider services, string email, DateTimeOffset now)
        {
            var users = services.GetRequiredService<UserManager<AppUser>>();
            var user = new AppUser { UserName = email, Email = email, DisplayName = email.Split('@')[0], CreatedAt = now };
            var created = await users.CreateAsync(user, Password);
            if (!created.Succeeded) throw new InvalidOperationException(string.Join("; ", created.Errors.Select(e => e.Description)));
            return user;
        }
    }
}

internal sealed record Result(double[] Latencies, int Errors, TimeSpan Elapsed, TimeSpan Cpu);

internal sealed class Worker(HttpClient client, string token, string url)
{
    public HttpClient Client { get; } = client;
    public string Token { get; } = token;
    public string Url { get; } = url;
    public int[] Versions { get; } = [0, 0];
}

/// <summary>A database of its own on a PostgreSQL server for one harness run.</summary>
internal sealed record PostgresDatabase(string Server, string Name, string ConnectionString)
{
    public static async Task<PostgresDatabase> CreateAsync(string server, string name)
    {
        await using (var connection = new Npgsql.NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await using var create = new Npgsql.NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await create.ExecuteNonQueryAsync();
        }
        return new PostgresDatabase(server, name, new Npgsql.NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString);
    }

    public async Task DropAsync()
    {
        Npgsql.NpgsqlConnection.ClearAllPools();
        await using var connection = new Npgsql.NpgsqlConnection(Server);
        await connection.OpenAsync();
        await using var drop = new Npgsql.NpgsqlCommand($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}

internal sealed class LoadApp(string folder, string? postgres = null) : WebApplicationFactory<global::Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Database:Provider", postgres is null ? "Sqlite" : "PostgreSql");
        if (postgres is not null) builder.UseSetting("Database:ConnectionString", postgres);
        builder.UseSetting("Database:SqlitePath", Path.Combine(folder, "vendorrisk.db"));
        builder.UseSetting("Jobs:SqlitePath", Path.Combine(folder, "hangfire.db"));
        builder.UseSetting("Jobs:RunServer", "false");
        builder.UseSetting("Email:Delivery", "Pickup");
        builder.UseSetting("Email:PickupFolder", Path.Combine(folder, "mail"));
        builder.UseSetting("Storage:EvidencePath", Path.Combine(folder, "evidence"));
        builder.UseSetting("Seed:DemoData", "false");
        builder.UseSetting("Security:SignInAttemptsPerMinute", "100000");
        builder.ConfigureLogging(l => l.SetMinimumLevel(LogLevel.Warning));
        // Counts statements only inside StatementCounter.Measure() (the workflow harness's steps); elsewhere it costs one AsyncLocal read.
        builder.ConfigureServices(VendorRisk.Testing.StatementCounter.AddTo);
    }
}

internal static class LoadDefinition
{
    public const string Definition = """
        {
          "id": "load", "version": "1.0.0", "title": "Load",
          "sections": [ { "id": "s", "title": "S", "items": [
            { "id": "uses_ai", "type": "boolean", "text": "Uses AI?", "required": true },
            { "id": "staff", "type": "number", "text": "Staff?", "visibleIf": "{uses_ai} = true or {uses_ai} empty" },
            { "id": "notes", "type": "textarea", "text": "Notes", "requiredIf": "{staff} > 10" }
          ] } ]
        }
        """;
}
