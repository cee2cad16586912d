using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using VendorRisk.Infrastructure;
using VendorRisk.Infrastructure.Email;
using VendorRisk.Infrastructure.Jobs;
using VendorRisk.Infrastructure.Persistence;
using VendorRisk.IntegrationTests.Infrastructure;

namespace VendorRisk.IntegrationTests.Platform;

/// <summary>
/// The load balancer's view of a node (ADR-030): <c>/health/live</c> (the process), <c>/health/ready</c> (database, job storage,
/// evidence store, outbox backlog), <c>/health</c> as before; and node roles: a web node runs no job server, a worker node
/// answers only the health checks.
/// </summary>
public sealed class NodeRoleAndHealthTests(VendorRiskApp app) : IClassFixture<VendorRiskApp>
{
    [Fact]
    public async Task Live_answers_anonymously_with_no_cookie_no_session_and_no_database()
    {
        var client = app.CreateClient();

        var live = await client.GetAsync("/health/live");
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal("Healthy", await live.Content.ReadAsStringAsync());
        Assert.False(live.Headers.Contains("Set-Cookie"));
        Assert.Equal("no-store", live.Headers.CacheControl?.ToString());

        using var head = new HttpRequestMessage(HttpMethod.Head, "/health/live");
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(head)).StatusCode);
        // Only reads: anything else goes on to the pipeline (which has no such endpoint).
        Assert.NotEqual(HttpStatusCode.OK, (await client.PostAsync("/health/live", new StringContent(""))).StatusCode);
    }

    [Fact]
    public async Task Ready_reports_each_check_and_the_old_health_address_still_answers()
    {
        var client = app.CreateClient();

        var ready = await client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.False(ready.Headers.Contains("Set-Cookie"));
        using var json = JsonDocument.Parse(await ready.Content.ReadAsStringAsync());
        var checks = json.RootElement.GetProperty("checks");
        foreach (var name in new[] { "database", "job-storage", "evidence-store", "outbox-backlog" })
            Assert.True(checks.TryGetProperty(name, out var check) && check.GetProperty("status").GetString() is "Healthy" or "Degraded",
                $"{name}: {json.RootElement}");

        var health = await client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("Healthy", await health.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Ready_is_degraded_but_still_taking_traffic_when_a_mail_has_waited_past_its_time()
    {
        await app.InScopeAsync(async sp =>
        {
            sp.GetRequiredService<EmailOutbox>().Enqueue(EmailTemplates.Layout("Backlog", "Backlog", ["x"]), "backlog@example.test", null,
                VendorRiskApp.HandMadeMailKind);
            await sp.GetRequiredService<AppDbContext>().SaveChangesAsync();
        });
        app.Clock.Advance(VendorRisk.Infrastructure.Health.Readiness.OutboxBacklogLimit + TimeSpan.FromMinutes(1));
        try
        {
            var ready = await app.CreateClient().GetAsync("/health/ready");

            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
            using var json = JsonDocument.Parse(await ready.Content.ReadAsStringAsync());
            Assert.Equal("Degraded", json.RootElement.GetProperty("status").GetString());
            var backlog = json.RootElement.GetProperty("checks").GetProperty("outbox-backlog");
            Assert.Equal("Degraded", backlog.GetProperty("status").GetString());
            Assert.True(backlog.GetProperty("data").GetProperty("oldestDueSeconds").GetInt64() >= 600);
        }
        finally
        {
            // Deliver it, so the other tests of the class see an outbox that keeps up.
            await app.InScopeAsync(sp => sp.GetRequiredService<OutboxDispatcher>().DeliverDueAsync(CancellationToken.None));
        }
    }

    [Fact]
    public async Task Ready_answers_503_naming_the_evidence_store_but_no_path_when_the_store_cannot_take_files()
    {
        var evidence = Path.Combine(app.DataFolder, "evidence");
        // The store makes its folder on first use, which depends on which test of the class ran first.
        if (Directory.Exists(evidence)) Directory.Delete(evidence, recursive: true);
        await File.WriteAllTextAsync(evidence, "a file where the evidence folder should be");
        try
        {
            var ready = await app.CreateClient().GetAsync("/health/ready");

            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            var body = await ready.Content.ReadAsStringAsync();
            using var json = JsonDocument.Parse(body);
            Assert.Equal("Unhealthy", json.RootElement.GetProperty("checks").GetProperty("evidence-store").GetProperty("status").GetString());
            Assert.Equal("Healthy", json.RootElement.GetProperty("checks").GetProperty("database").GetProperty("status").GetString());
            Assert.DoesNotContain(app.DataFolder, body, StringComparison.Ordinal);
            // Liveness does not depend on it: the process is fine, the load balancer only stops sending it work.
            Assert.Equal(HttpStatusCode.OK, (await app.CreateClient().GetAsync("/health/live")).StatusCode);
        }
        finally
        {
            File.Delete(evidence);
            Directory.CreateDirectory(evidence);
        }
    }

    [Fact]
    public async Task A_web_node_runs_no_job_server_even_when_jobs_run_server_is_on_and_serves_pages()
    {
        await using var web = new RoleHost("Web");

        Assert.DoesNotContain(HostedServices(web), t => t.Name.Contains("BackgroundJobServer", StringComparison.Ordinal));
        Assert.DoesNotContain(HostedServices(web), t => t == typeof(OutboxClaimWatch));
        var client = web.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/account/login")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
    }

    [Fact]
    public async Task A_worker_node_runs_a_job_server_and_answers_only_the_health_checks()
    {
        await using var worker = new RoleHost("Worker");

        Assert.Contains(HostedServices(worker), t => t.Name.Contains("BackgroundJobServer", StringComparison.Ordinal));
        Assert.Contains(HostedServices(worker), t => t == typeof(OutboxClaimWatch));
        // The job services wait for the first response (ADR-047); every one of them is deferred, none started with the host.
        Assert.All(worker.Services.GetServices<IHostedService>().OfType<DeferredJobService>(), d => Assert.NotNull(d.Inner));
        Assert.Contains(worker.Services.GetServices<IHostedService>(), s => s is DeferredJobService { Inner: var inner } && inner.GetType().Name.Contains("BackgroundJobServer", StringComparison.Ordinal));
        var client = worker.CreateBrowserClient();
        foreach (var path in new[] { "/", "/account/login", "/account/register", "/ops/mail", "/ops/jobs", "/api/v1/vendors" })
        {
            var response = await client.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{path} answered {(int)response.StatusCode} on a worker node");
        }
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
    }

    [Theory]
    [InlineData("Sideways", null, "Node:Role is \"Sideways\": it must be All")]
    [InlineData("Worker", "false", "Node:Role is Worker but Jobs:RunServer is false")]
    public void A_bad_node_setting_stops_start_up_with_a_message_naming_it(string role, string? runServer, string expected)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Node:Role"] = role,
            ["Jobs:RunServer"] = runServer,
        }).Build();

        var refused = Assert.Throws<InvalidConfigurationException>(() => JobsServiceCollectionExtensions.NodeOptionsFrom(configuration));
        Assert.StartsWith(expected, refused.Message, StringComparison.Ordinal);
        // The app does not start with it (Program prints the message alone: ProductionStartupTests shows that form).
        using var host = new RoleHost(role, runServer);
        Assert.ThrowsAny<Exception>(() => host.Services);
    }

    /// <summary>The hosted services' types; a job service started after the first response (ADR-047) counts as the service it starts.</summary>
    private static List<Type> HostedServices(VendorRiskApp host) =>
        [.. host.Services.GetServices<IHostedService>().Select(s => s is DeferredJobService deferred ? deferred.Inner.GetType() : s.GetType())];

    /// <summary>A host of its own with <c>Node:Role</c> set (and the job server allowed unless told otherwise).</summary>
    private sealed class RoleHost(string role, string? runServer = "true") : VendorRiskApp
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["Node:Role"] = role,
            ["Jobs:RunServer"] = runServer,
            // The server polls its own SQLite file here; nothing else needs it to be quick.
            ["Jobs:PollIntervalSeconds"] = "1",
        };
    }
}
