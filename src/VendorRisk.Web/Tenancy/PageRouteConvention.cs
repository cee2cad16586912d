using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.ApplicationModels;

namespace VendorRisk.Web.Tenancy;

/// <summary>
/// Shapes every page route: words in kebab case (/account/forgot-password), and every page under
/// <c>/t/{tenant}/</c> except the few that exist before a tenant is chosen (sign-in, sign-up, invitation
/// links, the tenant chooser, the vendor portal, operator pages, errors).
/// </summary>
public sealed partial class PageRouteConvention : IPageRouteModelConvention
{
    public static readonly string[] GlobalFolders = ["/Account", "/Invitations", "/Tenants", "/Ops", "/Errors", "/Portal"];
    private const string TenantPrefix = "t/{" + TenantResolutionMiddleware.RouteKey + ":minlength(3):maxlength(40)}";

    public static bool IsTenantScoped(string viewEnginePath) =>
        viewEnginePath != "/Index" && !GlobalFolders.Any(f => viewEnginePath.StartsWith(f + "/", StringComparison.Ordinal));

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
