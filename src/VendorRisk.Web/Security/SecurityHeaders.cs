namespace VendorRisk.Web.Security;

/// <summary>Headers every response carries. Scripts and styles come only from our own origin.</summary>
public static class SecurityHeaders
{
    /// <summary>The portal's policy: nothing inline, nothing from elsewhere, no base element, no framing (ASVS 5.0 3.4.3, 3.4.6).</summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
        "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>
    /// The operators' Hangfire dashboard (<c>/ops/jobs</c>, ADR-049): its scripts are files of its own origin (no inline script, so
    /// <c>script-src 'self'</c> holds), but its pages carry <c>style="..."</c> attributes (state colours, widths) and its chart library
    /// adds a style element, so styles alone are allowed inline here; <c>data:</c> images for its favicon. Everything else as the portal.
    /// </summary>
    public const string JobDashboardPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; " +
        "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public const string JobDashboardPath = "/ops/jobs";

    public static IApplicationBuilder UseVendorRiskSecurityHeaders(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            // Read now: the dashboard's middleware moves /ops/jobs from the path into the path base before the response starts.
            var path = context.Request.Path;
            var dashboard = path.StartsWithSegments(JobDashboardPath);
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.ContentSecurityPolicy = dashboard ? JobDashboardPolicy : ContentSecurityPolicy;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
                headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
                headers["Cross-Origin-Opener-Policy"] = "same-origin";
                NoStore.Apply(context, path);
                return Task.CompletedTask;
            });
            await next();
        });
}
