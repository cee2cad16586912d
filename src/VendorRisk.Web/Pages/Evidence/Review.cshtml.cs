using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using VendorRisk.Application.Common;
using VendorRisk.Application.Evidence;
using VendorRisk.Infrastructure.Tenancy;
using VendorRisk.Web.Forms;

namespace VendorRisk.Web.Pages.Evidence;

/// <summary>
/// One evidence document and a reviewer's verdict on it (<see cref="EvidenceOperations"/>): the inline forms of the review task and assessment
/// pages post here and go back there; a refused verdict (a rejection without a reason) shows this page with the message beside the field.
/// A tenant admin's delete (from the vendor page) posts here too; a refused one shows why on this page.
/// </summary>
public sealed class ReviewModel(EvidenceQueries queries, EvidenceOperations operations, TenantContext tenant) : PageModel
{
    public EvidenceDocumentRow Document { get; private set; } = null!;
    public string Slug => tenant.Slug!;

    [BindProperty] public string? Reason { get; set; }
    [BindProperty] public bool IssuerChecked { get; set; }
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }

    /// <summary>Where to go back: a page of this tenant the form came from, or the assessment's page.</summary>
    public string Back(Guid? assessmentId = null) =>
        ReturnUrl is { } url && url.StartsWith($"/t/{Slug}/", StringComparison.Ordinal) && !url.Contains("//", StringComparison.Ordinal)
            && !url.Contains('\\', StringComparison.Ordinal) && Uri.IsWellFormedUriString(url, UriKind.Relative)
            ? url
            : $"/t/{Slug}/assessments";

    public async Task<IActionResult> OnGetAsync(Guid recordId, CancellationToken cancellationToken) =>
        await LoadAsync(recordId, cancellationToken) ?? Page();

    public async Task<IActionResult> OnPostAcceptAsync(Guid recordId, CancellationToken cancellationToken) =>
        await AfterAsync(recordId, await operations.AcceptAsync(recordId, IssuerChecked, cancellationToken), cancellationToken);

    public async Task<IActionResult> OnPostRejectAsync(Guid recordId, CancellationToken cancellationToken) =>
        await AfterAsync(recordId, await operations.RejectAsync(recordId, Reason, cancellationToken), cancellationToken);

    /// <summary>A tenant admin deletes the document and its stored file (ADR-039); a document something relies on is refused with the reason.</summary>
    public async Task<IActionResult> OnPostDeleteAsync(Guid recordId, CancellationToken cancellationToken)
    {
        var deleted = await operations.DeleteAsync(recordId, cancellationToken);
        if (deleted.Succeeded)
        {
            TempData["Status"] = $"{deleted.Value!.FileName} and its stored file were deleted.";
            return Redirect(Back() + "#evidence-review");
        }
        if (deleted.Status is OutcomeStatus.NotFound or OutcomeStatus.Forbidden) return this.Refusal(deleted);
        if (await LoadAsync(recordId, cancellationToken) is { } problem) return problem;
        this.Failure(deleted, prefix: "");
        Response.StatusCode = StatusCodes.Status409Conflict;
        return Page();
    }

    private async Task<IActionResult> AfterAsync(Guid recordId, Outcome<EvidenceReviewed> outcome, CancellationToken cancellationToken)
    {
        if (outcome.Succeeded)
        {
            var done = outcome.Value!;
            TempData["Status"] = done.Review == Domain.Evidence.EvidenceReview.Rejected
                ? $"{done.FileName} was rejected{(done.ReopenedQuestions > 0 ? $"; {done.ReopenedQuestions} question{(done.ReopenedQuestions == 1 ? " was" : "s were")} reopened for the vendor" : "")}."
                : $"{done.FileName} was accepted.";
            return Redirect(Back() + "#evidence-review");
        }
        if (outcome.Status is OutcomeStatus.NotFound or OutcomeStatus.Forbidden) return this.Refusal(outcome);
        if (await LoadAsync(recordId, cancellationToken) is { } problem) return problem;
        this.Failure(outcome, prefix: "");
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    private async Task<IActionResult?> LoadAsync(Guid recordId, CancellationToken cancellationToken)
    {
        var found = await queries.DocumentAsync(recordId, cancellationToken);
        if (!found.Succeeded) return this.Refusal(found);
        Document = found.Value!;
        return null;
    }
}
