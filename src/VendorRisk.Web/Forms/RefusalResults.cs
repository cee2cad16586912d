using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using VendorRisk.Application.Common;

namespace VendorRisk.Web.Forms;

/// <summary>For pages whose refusals answer 403 itself (not the cookie scheme's redirect to the access-denied page) and 404.</summary>
public static class RefusalResults
{
    /// <summary>The result for a failed outcome that leaves nothing to show: 403, 404, or the page's own failure handling otherwise.</summary>
    public static IActionResult Refusal(this PageModel page, Outcome outcome)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(outcome);
        return outcome.Status == OutcomeStatus.Forbidden ? page.StatusCode(StatusCodes.Status403Forbidden) : page.Failure(outcome) ?? page.NotFound();
    }
}
