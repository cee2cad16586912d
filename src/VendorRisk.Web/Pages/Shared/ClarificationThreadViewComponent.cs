using Microsoft.AspNetCore.Mvc;
using VendorRisk.Application.Assessments;

namespace VendorRisk.Web.Pages.Shared;

/// <summary>
/// The reviewers' view of the clarification loop (the review task page, the assessment page): each reopened question with the reviewer's
/// question and, beside it, the vendor's reply (the answer before and after, and the vendor's note). Renders nothing before a first round.
/// </summary>
public sealed class ClarificationThreadViewComponent(ClarificationQueries clarifications) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(Guid assessmentId)
    {
        var thread = await clarifications.ThreadAsync(assessmentId, HttpContext.RequestAborted);
        return thread.Value is { Rounds.Count: > 0 } value ? View("/Pages/Shared/_ClarificationThread.cshtml", value) : Content("");
    }
}
