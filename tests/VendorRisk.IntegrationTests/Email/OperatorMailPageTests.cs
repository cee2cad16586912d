using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using VendorRisk.Domain.Messaging;
using VendorRisk.Domain.Tenancy;
using VendorRisk.Infrastructure.Audit;
using VendorRisk.Infrastructure.Email;
using VendorRisk.Infrastructure.Identity;
using VendorRisk.Infrastructure.Persistence;
using VendorRisk.IntegrationTests.Infrastructure;

namespace VendorRisk.IntegrationTests.Email;

public sealed class OperatorMailPageTests(VendorRiskApp app) : IClassFixture<VendorRiskApp>
{
    [Fact]
    public async Task Anonymous_visitors_of_the_operator_pages_are_sent_to_sign_in()
    {
        var client = app.CreateBrowserClient();

        foreach (var url in new[] { "/ops/mail", "/ops/jobs" })
        {
            var response = await client.GetAsync(url);
            Assert.True(response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Unauthorized,
                $"{url} answered {(int)response.StatusCode}");
            if (response.StatusCode == HttpStatusCode.Redirect)
                Assert.StartsWith("/account/login", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_signed_in_tenant_admin_who_is_no_operator_gets_no_operator_page()
    {
        var tenant = await app.CreateTenantAsync();
        var admin = await app.CreateMemberAsync(tenant, TenantRoles.TenantAdmin);
        var client = app.CreateBrowserClient();
        await client.SignInAsync(admin.Email!);

        var mail = await client.GetAsync("/ops/mail");
        Assert.Equal(HttpStatusCode.Redirect, mail.StatusCode);
        Assert.StartsWith("/errors/403", mail.Headers.Location!.PathAndQuery, StringComparison.Ordinal);

        var jobs = await client.GetAsync("/ops/jobs");
        Assert.True(jobs.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden or HttpStatusCode.Redirect,
            $"/ops/jobs answered {(int)jobs.StatusCode} to a non-operator");
        Assert.DoesNotContain("VendorRisk jobs", await jobs.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var id = await QueueAsync("Not for admins", dead: true);
        var retry = await client.PostAsync($"/ops/mail?handler=Retry&id={id}", new FormUrlEncodedContent([]));
        Assert.NotEqual(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal(OutboxStatus.Dead, await StatusOfAsync(id));
    }

    [Fact]
    public async Task An_operator_sees_the_outbox_the_job_dashboard_and_a_mails_metadata_but_never_its_body()
    {
        var subject = $"Welcome <script>alert(1)</script> {Guid.NewGuid():N}";
        var id = await QueueAsync(subject);
        var client = await OperatorClientAsync();

        var page = await client.GetDocumentAsync("/ops/mail");
        var row = page.QuerySelector($"tr[data-outbox-id='{id}']");
        Assert.NotNull(row);
        Assert.Contains(subject, row!.TextContent, StringComparison.Ordinal);
        Assert.Empty(page.QuerySelectorAll("main script"));

        var details = await client.GetDocumentAsync($"/ops/mail-message/{id}");
        Assert.Equal(subject, details.QuerySelector("h1")!.TextContent.Trim());
        // Issue 16, V1: bodies may hold invitation and reset links; operators see delivery metadata only.
        Assert.DoesNotContain("First paragraph.", details.DocumentElement.OuterHtml, StringComparison.Ordinal);
        Assert.NotNull(details.QuerySelector("[data-testid=body-withheld]"));
        Assert.Empty(details.QuerySelectorAll("main script"));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/ops/mail-message/{Guid.NewGuid()}")).StatusCode);

        var jobs = await client.GetAsync("/ops/jobs");
        Assert.Equal(HttpStatusCode.OK, jobs.StatusCode);
        Assert.Contains("VendorRisk jobs", await jobs.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_status_filter_shows_only_mails_with_that_status_and_a_bad_status_is_a_field_error()
    {
        var pending = await QueueAsync("Filter pending");
        var dead = await QueueAsync("Filter dead", dead: true);
        var client = await OperatorClientAsync();

        var deadOnly = await client.GetDocumentAsync("/ops/mail?status=dead");
        Assert.NotNull(deadOnly.QuerySelector($"tr[data-outbox-id='{dead}']"));
        Assert.Null(deadOnly.QuerySelector($"tr[data-outbox-id='{pending}']"));
        Assert.All(deadOnly.QuerySelectorAll("tbody tr .badge"), b => Assert.Equal("Dead", b.TextContent));

        var bad = await client.GetAsync("/ops/mail?status=bogus");
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        Assert.NotNull((await Forms.ParseAsync(bad)).FieldError("Status"));
    }

    [Fact]
    public async Task The_outbox_pages_newest_first()
    {
        var ids = new List<Guid>();
        for (var i = 0; i < 27; i++)
        {
            app.Clock.Advance(TimeSpan.FromSeconds(1));
            ids.Add(await QueueAsync($"Paging {i}"));
        }
        var client = await OperatorClientAsync();

        var first = await client.GetDocumentAsync("/ops/mail?status=pending");
        var firstIds = first.QuerySelectorAll("tbody tr").Select(r => Guid.Parse(r.GetAttribute("data-outbox-id")!)).ToList();
        Assert.Equal(25, firstIds.Count);
        Assert.Equal(ids[^1], firstIds[0]);
        Assert.Equal(ids[^2], firstIds[1]);

        var second = await client.GetDocumentAsync("/ops/mail?status=pending&pageNumber=2");
        var secondIds = second.QuerySelectorAll("tbody tr").Select(r => Guid.Parse(r.GetAttribute("data-outbox-id")!)).ToList();
        Assert.Contains(ids[0], secondIds);
        Assert.Empty(firstIds.Intersect(secondIds));
    }

    [Fact]
    public async Task Retrying_a_dead_mail_makes_it_pending_again_and_audits_it()
    {
        var id = await QueueAsync("Retry me", dead: true);
        var client = await OperatorClientAsync();

        var response = await client.SubmitAsync("/ops/mail?status=dead", new Dictionary<string, string>(),
            $"tr[data-outbox-id='{id}'] form");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var row = await app.InDbAsync(db => db.OutboxMessages.AsNoTracking().SingleAsync(m => m.Id == id));
        Assert.Equal(OutboxStatus.Pending, row.Status);
        Assert.Equal(0, row.Attempts);
        Assert.True(row.NextAttemptAt <= app.Clock.GetUtcNow());
        Assert.True(await app.InDbAsync(db => db.AuditEvents.AnyAsync(e => e.Action == AuditActions.OutboxRetried && e.EntityId == id.ToString())));

        var followed = await client.GetDocumentAsync(response.Headers.Location!.OriginalString);
        Assert.Contains("queued for delivery again", followed.QuerySelector("[role=status]")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Retrying_a_mail_that_is_not_dead_is_refused_with_a_message_and_changes_nothing()
    {
        var dead = await QueueAsync("Retried twice", dead: true);
        var client = await OperatorClientAsync();
        var document = await client.GetDocumentAsync("/ops/mail?status=dead");
        Assert.Equal(HttpStatusCode.Redirect,
            (await client.SubmitAsync(document, "/ops/mail", new Dictionary<string, string>(), $"tr[data-outbox-id='{dead}'] form")).StatusCode);

        // The same (now stale) form again.
        var again = await client.SubmitAsync(document, "/ops/mail", new Dictionary<string, string>(), $"tr[data-outbox-id='{dead}'] form");

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Contains("Only a dead e-mail can be retried.", (await Forms.ParseAsync(again)).ValidationMessages());
        Assert.Equal(1, await app.InDbAsync(db => db.AuditEvents.CountAsync(e => e.Action == AuditActions.OutboxRetried && e.EntityId == dead.ToString())));
        var missing = await client.SubmitAsync(document, "/ops/mail", new Dictionary<string, string> { ["id"] = Guid.NewGuid().ToString() },
            $"tr[data-outbox-id='{dead}'] form");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    private async Task<HttpClient> OperatorClientAsync()
    {
        var email = $"operator-{Guid.NewGuid():N}@example.test";
        var user = await app.CreateUserAsync(email);
        await app.InScopeAsync(async sp =>
        {
            var roles = sp.GetRequiredService<RoleManager<AppRole>>();
            if (!await roles.RoleExistsAsync(AppRole.PlatformOperator))
                await roles.CreateAsync(new AppRole { Name = AppRole.PlatformOperator });
            var users = sp.GetRequiredService<UserManager<AppUser>>();
            var result = await users.AddToRoleAsync((await users.FindByIdAsync(user.Id.ToString()))!, AppRole.PlatformOperator);
            Assert.True(result.Succeeded);
        });
        var client = app.CreateBrowserClient();
        await client.SignInAsync(email);
        return client;
    }

    private Task<Guid> QueueAsync(string subject, bool dead = false) =>
        app.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            var message = sp.GetRequiredService<EmailOutbox>().Enqueue(
                EmailTemplates.Layout(subject, subject, ["First paragraph."]), $"rcpt-{Guid.NewGuid():N}@example.test", null, "test");
            if (dead)
            {
                message.Claim(app.Clock.GetUtcNow(), TimeSpan.FromMinutes(5));
                message.MarkFailed("550 5.1.1 No such user", permanent: true, app.Clock.GetUtcNow());
            }
            await db.SaveChangesAsync();
            return message.Id;
        });

    private Task<OutboxStatus> StatusOfAsync(Guid id) =>
        app.InDbAsync(db => db.OutboxMessages.Where(m => m.Id == id).Select(m => m.Status).SingleAsync());
}
