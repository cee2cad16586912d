using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using VendorRisk.Domain.Tenancy;
using VendorRisk.IntegrationTests.Infrastructure;
using VendorRisk.Web.Security;
using VendorRisk.Web.Shell;

namespace VendorRisk.IntegrationTests.Platform;

public sealed class PlatformHardeningTests(VendorRiskApp app) : IClassFixture<VendorRiskApp>
{
    [Fact]
    public async Task The_health_endpoint_answers_healthy_without_signing_in()
    {
        var response = await app.CreateBrowserClient().GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Pages_carry_the_security_headers()
    {
        var response = await app.CreateBrowserClient().GetAsync("/account/login");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var csp = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("default-src 'self'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("strict-origin-when-cross-origin", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
    }

    [Fact]
    public async Task The_auth_cookie_is_http_only_and_same_site_lax()
    {
        var user = await app.CreateUserAsync($"cookie-{Guid.NewGuid():N}@example.test");
        var response = await app.CreateBrowserClient().TrySignInAsync(user.Email!);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var cookie = AuthCookieHeader(response);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Data_protection_keys_live_in_the_database_and_a_second_host_accepts_the_first_hosts_cookie()
    {
        var tenant = await app.CreateTenantAsync();
        var user = await app.CreateMemberAsync(tenant, TenantRoles.TenantAdmin);
        var signIn = await app.CreateBrowserClient().TrySignInAsync(user.Email!);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        var cookie = AuthCookieHeader(signIn).Split(';')[0];

        Assert.True(await app.InDbAsync(db => db.DataProtectionKeys.AnyAsync()), "No data-protection key was stored in the database.");

        await using var second = new SecondHost(app.DataFolder);
        var client = second.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });

        var withCookie = new HttpRequestMessage(HttpMethod.Get, $"/t/{tenant.Slug}/dashboard");
        withCookie.Headers.Add("Cookie", cookie);
        var accepted = await client.SendAsync(withCookie);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);

        // Control: the same request with a cookie this key ring never issued goes to sign in.
        var forged = new HttpRequestMessage(HttpMethod.Get, $"/t/{tenant.Slug}/dashboard");
        forged.Headers.Add("Cookie", "vr.auth=CfDJ8-not-a-real-ticket");
        var refused = await client.SendAsync(forged);
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.StartsWith("/account/login", refused.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Global_pages_need_only_a_signed_in_user_not_a_tenant_role()
    {
        var user = await app.CreateUserAsync($"no-tenant-{Guid.NewGuid():N}@example.test");
        var client = app.CreateBrowserClient();

        var anonymous = await client.GetAsync("/tenants");
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.StartsWith("/account/login", anonymous.Headers.Location!.PathAndQuery, StringComparison.Ordinal);

        await client.SignInAsync(user.Email!);
        var page = await client.GetDocumentAsync("/tenants");
        Assert.Equal("Your organisations", page.QuerySelector("h1")!.TextContent.Trim());
    }

    [Fact]
    public async Task An_unknown_address_gets_the_friendly_not_found_page()
    {
        var response = await app.CreateBrowserClient().GetAsync("/no-such-page/anywhere");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var page = await Forms.ParseAsync(response);
        Assert.Equal("Page not found", page.QuerySelector("h1")?.TextContent.Trim());
        Assert.NotNull(page.QuerySelector("a[href='/']"));
    }

    [Fact]
    public async Task The_static_error_page_is_friendly_and_carries_no_details()
    {
        var context = new DefaultHttpContext();
        context.Response.Body = new MemoryStream();

        await ErrorPage.WriteAsync(context);

        Assert.Equal(StatusCodes.Status500InternalServerError, context.Response.StatusCode);
        Assert.StartsWith("text/html", context.Response.ContentType, StringComparison.Ordinal);
        context.Response.Body.Position = 0;
        var html = await new StreamReader(context.Response.Body).ReadToEndAsync();
        Assert.Contains("<h1>Something went wrong</h1>", html, StringComparison.Ordinal);
        Assert.Contains("<main", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unhandled_exception_outside_development_shows_no_stack_trace()
    {
        await using var failing = new FailingShellHost();
        var response = await failing.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false }).GetAsync("/account/login");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("Something went wrong", html, StringComparison.Ordinal);
        Assert.DoesNotContain(FailingShellHost.SecretMessage, html, StringComparison.Ordinal);
        Assert.DoesNotContain("InvalidOperationException", html, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", html, StringComparison.Ordinal);
    }

    private static string AuthCookieHeader(HttpResponseMessage response) =>
        Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("vr.auth=", StringComparison.Ordinal));

    /// <summary>A second instance of the app on the first one's database.</summary>
    private sealed class SecondHost(string dataFolder) : VendorRiskApp(dataFolder);

    /// <summary>The app with a layout dependency that throws, so every page fails while rendering.</summary>
    private sealed class FailingShellHost : VendorRiskApp
    {
        public const string SecretMessage = "connection string secret-value-42";

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services =>
                services.AddScoped<ShellModel>(_ => throw new InvalidOperationException(SecretMessage)));
        }
    }
}
