using System.Security.Claims;
using VendorRisk.Application.Tenancy;
using VendorRisk.Domain.Tenancy;

namespace VendorRisk.Web.Tenancy;

/// <summary>
/// Links of the vendor portal from before it moved under <c>/t/{tenant}/portal/</c> (earlier e-mails, bookmarks) lead to the same
/// page in its tenant. The tenant is found through the tenant door by the signed-in contact's own memberships, so an id of another
/// vendor or organisation answers 404 as before. Pages without an id go to the one organisation the contact answers for, or to the
/// portal's home when there are several.
/// </summary>
public static class PortalRedirects
{
    public static void MapPortalRedirects(this IEndpointRouteBuilder app)
    {
        var legacy = app.MapGroup("/portal").RequireAuthorization().ExcludeFromDescription();
        legacy.MapGet("/assessments/{id:guid}", (Guid id, HttpContext http, TenantDoor door) =>
            ToAssessmentAsync(http, door, id, "assessments"));
        legacy.MapGet("/findings/{id:guid}", (Guid id, HttpContext http, TenantDoor door) =>
            ToAssessmentAsync(http, door, id, "findings"));
        legacy.MapGet("/evidence/{id:guid}", async (Guid id, HttpContext http, TenantDoor door) =>
            UserId(http) is { } userId && await door.PortalTenantOfEvidenceAsync(userId, id, http.RequestAborted) is { } found
                ? To(http, $"/t/{found.Slug}/portal/evidence/{id}")
                : Results.NotFound());
        legacy.MapGet("/obligations", (HttpContext http, TenantDoor door) => ToOnlyOrganisationAsync(http, door, "obligations"));
        legacy.MapGet("/incidents", (HttpContext http, TenantDoor door) => ToOnlyOrganisationAsync(http, door, "incidents"));
        legacy.MapGet("/report-incident/{id:guid}", (Guid id, HttpContext http, TenantDoor door) =>
            ToOnlyOrganisationAsync(http, door, $"report-incident/{id}"));
    }

    private static Guid? UserId(HttpContext http) =>
        Guid.TryParse(http.User.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;

    private static async Task<IResult> ToAssessmentAsync(HttpContext http, TenantDoor door, Guid assessmentId, string page) =>
        UserId(http) is { } userId && await door.PortalTenantOfAssessmentAsync(userId, assessmentId, http.RequestAborted) is { } slug
            ? To(http, $"/t/{slug}/portal/{page}/{assessmentId}")
            : Results.NotFound();

    private static async Task<IResult> ToOnlyOrganisationAsync(HttpContext http, TenantDoor door, string page)
    {
        if (UserId(http) is not { } userId) return Results.NotFound();
        var contactOf = (await door.MembershipsOfAsync(userId, http.RequestAborted))
            .Where(m => m.Roles == TenantRoles.VendorContact && m.VendorId is not null).ToList();
        return contactOf.Count == 1 ? To(http, $"/t/{contactOf[0].Slug}/portal/{page}") : Results.Redirect("/portal");
    }

    /// <summary>A redirect that keeps the query (a handler such as <c>?handler=Workbook</c>).</summary>
    private static IResult To(HttpContext http, string path) => Results.Redirect(path + http.Request.QueryString.ToUriComponent());
}
