using Microsoft.AspNetCore.Mvc.ApplicationModels;

namespace VendorRisk.Web.Tenancy;

/// <summary>
/// Every page lives under <c>/t/{tenant}/</c> except the few that exist before a tenant is chosen
/// (sign-in, sign-up, invitation links, the tenant chooser, operator pages, errors).
/// </summary>
public sealed class TenantRouteConvention : IPageRouteModelConvention
{
    public static readonly string[] GlobalFolders = ["/Account", "/Invitations", "/Tenants", "/Ops", "/Errors", "/Portal"];
    private const string Prefix = "t/{" + TenantResolutionMiddleware.RouteKey + ":regex(^[a-z0-9-]{{3,40}}$)}";

    public static bool IsTenantScoped(string viewEnginePath) =>
        viewEnginePath != "/Index" && !GlobalFolders.Any(f => viewEnginePath.StartsWith(f + "/", StringComparison.Ordinal));

    public void Apply(PageRouteModel model)
    {
        if (!IsTenantScoped(model.ViewEnginePath)) return;
        foreach (var selector in model.Selectors)
        {
            var template = selector.AttributeRouteModel!.Template;
            if (template is not null && template.StartsWith('/')) continue; // an absolute @page route opts out
            selector.AttributeRouteModel.Template = AttributeRouteModel.CombineTemplates(Prefix, template);
        }
    }
}
