using Microsoft.AspNetCore.HostFiltering;
using VendorRisk.Infrastructure.Links;

namespace VendorRisk.Web.Security;

/// <summary>
/// Which Host headers the portal answers. Links never come from the Host header (<see cref="PublicLinks"/>), and host filtering is
/// the second wall: a request naming another host (<c>Host: evil.example</c>) gets 400 before any page runs, so no code path that
/// might still read the request's host can be poisoned.
/// </summary>
/// <remarks>
/// <c>AllowedHosts</c> (semicolon-separated, as ASP.NET Core reads it) wins when it is set. When it is not set and
/// <c>App:PublicBaseUrl</c> is, only the public address's host is allowed (Production always has one: it refuses to start without
/// it). With neither (development, tests) every host is allowed, as ASP.NET Core's default. Health probes that call the pod by IP
/// address need that address added to <c>AllowedHosts</c> explicitly.
/// </remarks>
public static class AllowedHosts
{
    public const string Setting = "AllowedHosts";

    public static IServiceCollection AddVendorRiskAllowedHosts(this IServiceCollection services, IConfiguration configuration)
    {
        // ASP.NET Core's own PostConfigure fills AllowedHosts from the setting (or "*") only when nothing configured it before.
        services.AddOptions<HostFilteringOptions>().Configure<PublicAddress>((options, address) =>
        {
            if (!string.IsNullOrWhiteSpace(configuration[Setting]) || address.Configured is not { } publicAddress) return;
            options.AllowedHosts = [publicAddress.IdnHost];
        });
        return services;
    }
}
