using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;
using VendorRisk.Application.Common;
using VendorRisk.Application.Templates;
using VendorRisk.Domain.Questionnaires;
using VendorRisk.Web.Forms;

namespace VendorRisk.Web.Pages.Templates;

/// <summary>
/// Every internal member reads the template library; only those who may change it (<see cref="TemplateOperations.Manage"/>) see its
/// buttons. Any POST by anyone else is answered 403 before a handler runs.
/// </summary>
public abstract class TemplatePageBase : PageModel
{
    /// <summary>Whether the current member may change templates: drives which buttons are shown.</summary>
    public bool CanManage { get; private set; }

    /// <summary>Problems with a definition, each with its JSON path (or sheet/row/column) and message.</summary>
    public IReadOnlyList<QuestionnaireError> Problems { get; private set; } = [];

    public override async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        CanManage = await context.HttpContext.RequestServices.GetRequiredService<Access>().AllowsAsync(TemplateOperations.Manage);
        var method = context.HttpContext.Request.Method;
        if (!CanManage && !HttpMethods.IsGet(method) && !HttpMethods.IsHead(method))
        {
            context.Result = Forbidden();
            return;
        }

        await next();
    }

    /// <summary>
    /// An operation's refusal: 404 as such, 403 as a status (not a sign-in redirect), and a definition's problems as the list on the
    /// page with their summary beside <paramref name="prefix"/>'s field. Null when the page shows itself again.
    /// </summary>
    protected IActionResult? Refused(Outcome outcome, string prefix = "Input")
    {
        if (outcome.Status == OutcomeStatus.Forbidden) return Forbidden();
        Problems = TemplateProblems.In(outcome);
        return this.Failure(TemplateProblems.Without(outcome), prefix);
    }

    private StatusCodeResult Forbidden() => StatusCode(StatusCodes.Status403Forbidden);

    protected FileContentResult Download(TemplateFile file) => File(file.Content, file.ContentType, file.FileName);
}
