using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using VendorRisk.IntegrationTests.Infrastructure;

namespace VendorRisk.IntegrationTests.Security;

/// <summary>
/// Issue 16, V7: HSTS for 30 days only; the anti-forgery cookie never Secure; no <c>__Host-</c> prefix; behind a TLS proxy the auth
/// cookie was not Secure because <c>X-Forwarded-Proto</c> was ignored.
/// </summary>
public sealed class TransportTests(PublicAddressApp app) : IClassFixture<PublicAddressApp>
{
    private static IEnumerable<string> Cookies(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [];

    [Fact]
    public async Task An_https_portal_sends_hsts_for_a_year_with_subdomains()
    {
        var response = await app.CreatePublicClient().GetAsync("/account/login");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // Before the fix: max-age=2592000 (30 days), no includeSubDomains.
        Assert.Equal("max-age=31536000; includeSubDomains", Assert.Single(response.Headers.GetValues("Strict-Transport-Security")));
    }

    [Fact]
    public async Task The_sign_in_and_anti_forgery_cookies_are_secure_and_host_prefixed()
    {
        var user = await app.CreateUserAsync(SecurityTestKit.NewEmail("cookie"));
        var client = app.CreatePublicClient();
        var form = await client.GetAsync("/account/login");
        var antiforgery = Assert.Single(Cookies(form), c => c.StartsWith("__Host-vr.af=", StringComparison.Ordinal));
        Assert.Contains("secure", antiforgery, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/", antiforgery, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("domain=", antiforgery, StringComparison.OrdinalIgnoreCase);

        var signIn = await client.TrySignInAsync(user.Email!);

        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        var auth = Assert.Single(Cookies(signIn), c => c.StartsWith("__Host-vr.auth=", StringComparison.Ordinal));
        Assert.Contains("secure", auth, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", auth, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/", auth, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("domain=", auth, StringComparison.OrdinalIgnoreCase);
        Assert.All(Cookies(signIn), c => Assert.Contains("secure", c, StringComparison.OrdinalIgnoreCase));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/tenants")).StatusCode);
    }
}

/// <summary>The app behind a TLS-terminating proxy at 10.0.0.5 (<c>Security:KnownProxies</c>); no public address configured.</summary>
public sealed class ProxiedApp : VendorRiskApp
{
    public const string Proxy = "10.0.0.5";
    /// <summary>Test only: the address the request seems to come from (the test server has no network peer).</summary>
    public const string PeerHeader = "X-Test-Peer";

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Security:KnownProxies"] = Proxy };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(s => s.AddTransient<IStartupFilter, PeerAddressFilter>());
    }

    private sealed class PeerAddressFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                if (context.Request.Headers.TryGetValue(PeerHeader, out var peer)) context.Connection.RemoteIpAddress = IPAddress.Parse(peer.ToString());
                return nextMiddleware(context);
            });
            next(app);
        };
    }
}

public sealed class ForwardedHeadersTests(ProxiedApp app) : IClassFixture<ProxiedApp>
{
    private async Task<string> AntiforgeryCookieFromAsync(string peer)
    {
        var client = app.CreateBrowserClient();
        client.DefaultRequestHeaders.Add(ProxiedApp.PeerHeader, peer);
        client.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");
        var response = await client.GetAsync("/account/login");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("vr.af=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Behind_the_known_proxy_a_request_it_received_over_https_gets_secure_cookies()
    {
        // Before the fix X-Forwarded-Proto was ignored: the request looked like http and the cookie was not Secure.
        Assert.Contains("secure", await AntiforgeryCookieFromAsync(ProxiedApp.Proxy), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Forwarded_headers_from_anyone_else_are_ignored()
    {
        Assert.DoesNotContain("secure", await AntiforgeryCookieFromAsync("203.0.113.9"), StringComparison.OrdinalIgnoreCase);
    }
}
