using System.Net;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.HttpOverrides;
using VendorRisk.Infrastructure.Links;

namespace VendorRisk.Web.Security;

/// <summary>
/// Transport security (issue 16, V7). When the portal's public address is https (Production always has a public address):
/// every cookie is Secure whatever scheme a request arrived on, the sign-in and anti-forgery cookies carry the <c>__Host-</c>
/// prefix (Secure, path /, no domain: no sibling subdomain can set or shadow them), and HSTS runs for a year with
/// includeSubDomains. Behind a TLS-terminating proxy, <c>X-Forwarded-Proto</c> and <c>X-Forwarded-For</c> are honoured only from
/// the proxies named in <c>Security:KnownProxies</c> (IP addresses) or <c>Security:KnownNetworks</c> (CIDR ranges), besides
/// loopback; from anyone else they are ignored, so a client cannot claim to be https or another address (the per-address
/// rate limits use the forwarded client address).
/// </summary>
public static class Transport
{
    public const string AuthCookie = "vr.auth";
    public const string AntiforgeryCookie = "vr.af";
    public const string HostPrefix = "__Host-";

    /// <summary>Whether the public address is https, so cookies are Secure and __Host- prefixed.</summary>
    public static bool HttpsOnly(PublicAddress address) => address.Configured?.Scheme == Uri.UriSchemeHttps;

    public static IServiceCollection AddVendorRiskTransport(this IServiceCollection services, IConfiguration configuration)
    {
        var address = LinksServiceCollectionExtensions.Read(configuration[PublicLinks.Setting], new NoProductionCheck());
        var httpsOnly = HttpsOnly(address);
        var prefix = httpsOnly ? HostPrefix : "";
        var secure = httpsOnly ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;

        services.AddHsts(o =>
        {
            o.MaxAge = TimeSpan.FromDays(365);
            o.IncludeSubDomains = true;
        });
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = prefix + AntiforgeryCookie;
            o.Cookie.SecurePolicy = secure;
            o.Cookie.Path = "/";
        });
        services.Configure<CookieTempDataProviderOptions>(o => o.Cookie.SecurePolicy = secure);
        services.Configure<CookiePolicyOptions>(o => o.Secure = httpsOnly ? CookieSecurePolicy.Always : CookieSecurePolicy.None);
        services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            o.ForwardLimit = 1;
            foreach (var proxy in List(configuration, "Security:KnownProxies"))
            {
                o.KnownProxies.Add(IPAddress.TryParse(proxy, out var ip) ? ip
                    : throw new Infrastructure.InvalidConfigurationException($"Security:KnownProxies: '{proxy}' is not an IP address."));
            }
            foreach (var network in List(configuration, "Security:KnownNetworks"))
            {
                o.KnownIPNetworks.Add(System.Net.IPNetwork.TryParse(network, out var range) ? range
                    : throw new Infrastructure.InvalidConfigurationException($"Security:KnownNetworks: '{network}' is not a CIDR range such as 10.0.0.0/8."));
            }
        });
        return services;
    }

    /// <summary>The sign-in cookie's name: <c>__Host-vr.auth</c> on an https portal, <c>vr.auth</c> otherwise.</summary>
    public static string AuthCookieName(IConfiguration configuration) =>
        (HttpsOnly(LinksServiceCollectionExtensions.Read(configuration[PublicLinks.Setting], new NoProductionCheck())) ? HostPrefix : "") + AuthCookie;

    /// <summary>First in the pipeline: the scheme and client address a known proxy saw, before anything reads them.</summary>
    public static IApplicationBuilder UseVendorRiskForwardedHeaders(this IApplicationBuilder app) => app.UseForwardedHeaders().UseCookiePolicy();

    /// <summary>A list setting: an array section, or one string separated by commas or semicolons.</summary>
    private static IEnumerable<string> List(IConfiguration configuration, string key)
    {
        var section = configuration.GetSection(key);
        var items = section.GetChildren().Select(c => c.Value).ToList();
        if (section.Value is { } single) items.AddRange(single.Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return items.Where(i => !string.IsNullOrWhiteSpace(i)).Select(i => i!.Trim());
    }

    /// <summary>Reading the address only for its scheme: the Production check already ran in AddVendorRiskLinks.</summary>
    private sealed class NoProductionCheck : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = "Transport";
        public string ApplicationName { get; set; } = "VendorRisk";
        public string ContentRootPath { get; set; } = "";
        public Microsoft.Extensions.FileProviders.IFileProvider ContentRootFileProvider { get; set; } = null!;
    }
}
