using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;
using VendorRisk.Domain.Questionnaires;
using VendorRisk.Web.Authorization;

namespace VendorRisk.Web.Pages.Templates;

/// <summary>
/// Every internal member reads the template library; only those who may manage vendors (tenant admins and
/// vendor managers) change it. Any POST by anyone else is answered 403 before a handler runs.
/// </summary>
public abstract class TemplatePageBase : PageModel
{
    public const string JsonContentType = "application/json";
    public const string XlsxContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>Whether the current member may change templates: drives which buttons are shown.</summary>
    public bool CanManage { get; private set; }

    /// <summary>Problems with a definition, each with its JSON path (or sheet/row/column) and message.</summary>
    public IReadOnlyList<QuestionnaireError> Problems { get; protected set; } = [];

    public override async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var authorization = context.HttpContext.RequestServices.GetRequiredService<IAuthorizationService>();
        CanManage = (await authorization.AuthorizeAsync(User, Policies.ManageVendors)).Succeeded;
        var method = context.HttpContext.Request.Method;
        if (!CanManage && !HttpMethods.IsGet(method) && !HttpMethods.IsHead(method))
        {
            context.Result = StatusCode(StatusCodes.Status403Forbidden);
            return;
        }

        await next();
    }

    /// <summary>Shows the problems as a list and marks <paramref name="field"/> invalid with a short summary.</summary>
    protected void ShowProblems(string field, IEnumerable<QuestionnaireError> problems, string summary)
    {
        Problems = [.. problems];
        ModelState.AddModelError(field, summary);
    }

    protected static string FileName(string key, string version, string extension) =>
        $"{new string(key.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '-').ToArray())}-{version}.{extension}";
}
