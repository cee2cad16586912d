using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.ApplicationModels;

namespace VendorRisk.Web.Tenancy;

/// <summary>
/// Shapes every page route: words in kebab case (/account/forgot-password), and every page under
/// <c>/t/{tenant}/</c> except the few that exist before a tenant is chosen (sign-in, sign-up, invitation
/// links, the tenant chooser, the vendor portal's home, operator pages, errors). The vendor portal's other pages are scoped by
/// route like staff pages (<c>/t/{tenant}/portal/...</c>): the tenant door lets the contact in through their own membership.
/// </summary>
public sealed partial class PageRouteConvention : IPageRouteModelConvention
{
    public static readonly string[] GlobalFolders = ["/Account", "/Invitations", "/Tenants", "/Ops", "/Errors"];

    /// <summary>The vendor portal's home lists a contact's organisations, so it is the one portal page outside a tenant.</summary>
    public const string PortalHome = "/Portal/Index";

    /// <summary>Vendor portal pages: in a tenant, but for its vendor contacts rather than its internal members.</summary>
    public static bool IsPortal(string viewEnginePath) => viewEnginePath.StartsWith("/Portal/", StringComparison.Ordinal);
    private const string TenantPrefix = "t/{" + TenantResolutionMiddleware.RouteKey + ":minlength(3):maxlength(40)}";

    public static bool IsTenantScoped(string viewEnginePath) =>
        viewEnginePath != "/Index" && viewEnginePath != PortalHome && !GlobalFolders.Any(f => viewEnginePath.StartsWith(f + "/", StringComparison.Ordinal));

    public void Apply(PageRouteModel model)
    {
        var scoped = IsTenantScoped(model.ViewEnginePath);
        foreach (var selector in model.Selectors)
        {
            var route = selector.AttributeRouteModel!;
            if (route.Template is null) continue;
            var template = string.Join('/', route.Template.Split('/').Select(s => s.Contains('{', StringComparison.Ordinal) ? s : Kebab(s)));
            route.Template = scoped ? AttributeRouteModel.CombineTemplates(TenantPrefix, template) : template;
        }
    }

    private static string Kebab(string segment) => WordBoundary().Replace(segment, "$1-$2").ToLowerInvariant();

    [GeneratedRegex("([a-z0-9])([A-Z])")]
    private static partial Regex WordBoundary();
}
