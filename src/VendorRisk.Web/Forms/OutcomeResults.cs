using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using VendorRisk.Application.Common;

namespace VendorRisk.Web.Forms;

/// <summary>How a page shows an operation's failure: 404 and 403 as such, rule breaks and conflicts as messages in the form.</summary>
public static class OutcomeResults
{
    /// <summary>
    /// For NotFound and Forbidden, the result to answer; for Invalid and Conflict, null after putting each message beside its field
    /// (<paramref name="prefix"/>.Field, the page's bound input; an empty prefix for properties bound on the page itself) or at the top of the form, so the page shows itself again.
    /// </summary>
    public static IActionResult? Failure(this PageModel page, Outcome outcome, string prefix = "Input")
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(outcome);
        switch (outcome.Status)
        {
            case OutcomeStatus.NotFound:
                return page.NotFound();
            case OutcomeStatus.Forbidden:
                return page.Forbid();
            case OutcomeStatus.Invalid:
                foreach (var error in outcome.Errors)
                    page.ModelState.AddModelError(error.Field.Length == 0 || prefix.Length == 0 ? error.Field : $"{prefix}.{error.Field}", error.Message);
                return null;
            case OutcomeStatus.Conflict:
                page.ModelState.AddModelError("", outcome.Message ?? "The record changed meanwhile.");
                return null;
            default:
                throw new ArgumentException("A successful outcome is no failure.", nameof(outcome));
        }
    }
}
