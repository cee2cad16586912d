using Microsoft.Net.Http.Headers;

namespace VendorRisk.Web.Security;

/// <summary>
/// <c>Cache-Control: no-store</c> on every response to a signed-in person or an API token (ASVS 5.0 14.3.2; ADR-049): pages without
/// a form, API answers and the job dashboard too, not only the pages whose anti-forgery token already forbade storing them. Static
/// files (<c>wwwroot</c>, served before authentication, so never "signed in") and the dashboard's own scripts, styles and fonts keep
/// their caching. A response that already says <c>no-store</c> (downloads, the anti-forgery system's) is left as it is. API answers
/// keep their ETags: a client that keeps a copy itself may still ask with <c>If-None-Match</c>.
/// </summary>
public static class NoStore
{
    public const string Value = "private, no-store";

    private static readonly string[] DashboardAssets = ["/js", "/css", "/fonts"];

    /// <summary><paramref name="path"/>: the request's path as it came in (the dashboard's middleware changes it later).</summary>
    public static void Apply(HttpContext context, PathString path)
    {
        if (context.User.Identity?.IsAuthenticated != true || IsDashboardAsset(path)) return;
        var headers = context.Response.Headers;
        var current = headers.CacheControl.ToString();
        if (current.Contains("no-store", StringComparison.OrdinalIgnoreCase)) return;
        headers.CacheControl = Value;
        headers.Remove(HeaderNames.Expires);
    }

    private static bool IsDashboardAsset(PathString path) =>
        path.StartsWithSegments(SecurityHeaders.JobDashboardPath, out var rest)
        && DashboardAssets.Any(a => rest.Value?.StartsWith(a, StringComparison.OrdinalIgnoreCase) == true);
}
