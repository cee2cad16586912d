using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Filters;
using VendorRisk.Infrastructure.Files;

namespace VendorRisk.Web.Forms;

/// <summary>
/// Lets the upload handlers of a page receive bodies up to <c>Storage:MaxEvidenceBytes</c> (plus room for the
/// multipart envelope) and nothing more. Runs before the anti-forgery check, which is what first reads the body.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class EvidenceUploadSizeLimitAttribute : Attribute, IFilterFactory, IOrderedFilter
{
    private const long EnvelopeBytes = 64 * 1024;
    private static readonly string[] UploadHandlers = ["upload", "workbook"];

    public bool IsReusable => true;

    // Before RequestSizeLimitAttribute (900) and the anti-forgery filter (1000).
    public int Order => 800;

    public IFilterMetadata CreateInstance(IServiceProvider serviceProvider) =>
        new Filter(EvidenceInspector.MaxBytes(serviceProvider.GetRequiredService<IConfiguration>()) + EnvelopeBytes);

    private sealed class Filter(long limit) : IAuthorizationFilter, IOrderedFilter
    {
        public int Order => 800;

        public void OnAuthorization(AuthorizationFilterContext context)
        {
            var request = context.HttpContext.Request;
            if (!HttpMethods.IsPost(request.Method)) return;
            var handler = request.Query["handler"].ToString();
            if (!UploadHandlers.Contains(handler, StringComparer.OrdinalIgnoreCase)) return;
            if (context.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
                feature.MaxRequestBodySize = limit;
        }
    }
}
