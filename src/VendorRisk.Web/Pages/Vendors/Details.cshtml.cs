using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using VendorRisk.Application.Common;
using VendorRisk.Application.Evidence;
using VendorRisk.Application.Vendors;
using VendorRisk.Infrastructure.Tenancy;
using VendorRisk.Web.Forms;

using RiskTier = VendorRisk.Domain.Questionnaires.RiskTier;

namespace VendorRisk.Web.Pages.Vendors;

/// <summary>
/// One vendor: overview, tier, status, contacts, documents and AI systems. Reading needs an internal membership;
/// every POST handler calls a <see cref="VendorOperations"/> method, which needs the vendor manager's permission and works only on
/// this tenant's vendor (404 otherwise).
/// </summary>
[EvidenceUploadSizeLimit]
public sealed class DetailsModel(VendorQueries vendors, VendorOperations operations, Application.Conditions.ConditionQueries conditions,
    EvidenceQueries evidence, TenantContext tenant, IConfiguration configuration) : PageModel
{
    /// <summary>The conditions of the vendor's approvals (ADR-027), not closed first.</summary>
    public IReadOnlyList<Application.Conditions.ConditionRow> Conditions { get; private set; } = [];
    public VendorDto Vendor { get; private set; } = null!;
    public IReadOnlyList<VendorContactRow> Contacts { get; private set; } = [];
    /// <summary>The vendor's documents (ADR-025): its own uploads and those added on the vendor record, each with its file.</summary>
    public AssessmentEvidence Documents { get; private set; } = null!;
    public IReadOnlyList<VendorAiSystemRow> AiSystems { get; private set; } = [];
    public IntakeBasisDto? Intake { get; private set; }
    public bool CanManage { get; private set; }
    public DateOnly Today { get; private set; }
    public string Slug => tenant.Slug!;
    /// <summary>The largest file the document upload takes (<c>Storage:MaxEvidenceBytes</c>).</summary>
    public long MaxDocumentBytes => Infrastructure.Files.EvidenceInspector.MaxBytes(configuration);

    [BindProperty] public ContactInput NewContact { get; set; } = new();
    [BindProperty] public DocumentInput NewDocument { get; set; } = new();
    [BindProperty] public TierInput TierOverride { get; set; } = new();

    /// <summary>The rules of these forms live in <see cref="VendorOperations"/>.</summary>
    public sealed class ContactInput
    {
        public string? Name { get; set; }
        public string? Email { get; set; }
        public string? JobTitle { get; set; }
    }

    public sealed class DocumentInput
    {
        public string? Kind { get; set; }
        public DateOnly? DocumentDate { get; set; }
        public DateOnly? ValidUntil { get; set; }
        public string? Issuer { get; set; }
        public string? Scope { get; set; }
    }

    public sealed class TierInput
    {
        public RiskTier Tier { get; set; }
        public string? Justification { get; set; }
        public int Version { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken) => await ShowAsync(id, cancellationToken);

    public async Task<IActionResult> OnPostStatusAsync(Guid id, string transition, int version, CancellationToken cancellationToken)
    {
        VendorStatusChange? change = transition switch
        {
            "onboard" => VendorStatusChange.Onboard,
            "activate" => VendorStatusChange.Activate,
            "offboard" => VendorStatusChange.Offboard,
            _ => null,
        };
        var changed = await operations.ChangeStatusAsync(id, change, version, cancellationToken);
        if (!changed.Succeeded) return this.Failure(changed, "") ?? await ShowAsync(id, cancellationToken);
        TempData["Status"] = $"{changed.Value!.LegalName} is now {changed.Value.Status}.";
        return RedirectToSelf(id);
    }

    public async Task<IActionResult> OnPostOverrideTierAsync(Guid id, CancellationToken cancellationToken)
    {
        ClearOtherForms(nameof(TierOverride));
        if (!ModelState.IsValid) return await ShowAsync(id, cancellationToken);
        var changed = await operations.OverrideTierAsync(id, TierOverride.Tier, TierOverride.Justification, TierOverride.Version, cancellationToken);
        if (!changed.Succeeded) return this.Failure(changed, nameof(TierOverride)) ?? await ShowAsync(id, cancellationToken);
        TempData["Status"] = $"The tier is now {changed.Value!.Tier}.";
        return RedirectToSelf(id);
    }

    public async Task<IActionResult> OnPostAddContactAsync(Guid id, CancellationToken cancellationToken)
    {
        ClearOtherForms(nameof(NewContact));
        if (!ModelState.IsValid) return await ShowAsync(id, cancellationToken);
        var added = await operations.AddContactAsync(id, new ContactDetails(NewContact.Name, NewContact.Email, NewContact.JobTitle), cancellationToken);
        if (!added.Succeeded) return this.Failure(added, nameof(NewContact)) ?? await ShowAsync(id, cancellationToken);
        TempData["Status"] = $"{added.Value} was added as a contact.";
        return RedirectToSelf(id);
    }

    public async Task<IActionResult> OnPostRemoveContactAsync(Guid id, Guid contactId, CancellationToken cancellationToken)
    {
        var removed = await operations.RemoveContactAsync(id, contactId, cancellationToken);
        if (!removed.Succeeded) return this.Failure(removed, "") ?? await ShowAsync(id, cancellationToken);
        TempData["Status"] = $"{removed.Value} was removed.";
        return RedirectToSelf(id);
    }

    /// <summary>Uploads a document of the vendor on the vendor record (the handler is named "upload" for the upload size limit).</summary>
    public async Task<IActionResult> OnPostUploadAsync(Guid id, IFormFile? file, CancellationToken cancellationToken)
    {
        ClearOtherForms(nameof(NewDocument));
        if (!ModelState.IsValid) return await ShowAsync(id, cancellationToken);
        var added = await operations.UploadDocumentAsync(id, file,
            new DocumentDetails(NewDocument.Kind, NewDocument.DocumentDate, NewDocument.ValidUntil, NewDocument.Issuer, NewDocument.Scope), cancellationToken);
        if (!added.Succeeded)
        {
            if (added.Status is OutcomeStatus.NotFound or OutcomeStatus.Forbidden) return this.Refusal(added);
            this.Failure(added, nameof(NewDocument));
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return await ShowAsync(id, cancellationToken);
        }
        TempData["Status"] = $"{added.Value!.FileName} was stored on the vendor record.";
        return Redirect($"/t/{tenant.Slug}/vendors/details/{id}#documents-heading");
    }

    /// <summary>Only the submitted form is validated; the other forms on the page were not posted.</summary>
    private void ClearOtherForms(string keep)
    {
        foreach (var key in ModelState.Keys.Where(k => !k.StartsWith(keep + ".", StringComparison.Ordinal)).ToList())
            ModelState.Remove(key);
    }

    private RedirectResult RedirectToSelf(Guid id) => Redirect($"/t/{tenant.Slug}/vendors/details/{id}");

    private async Task<IActionResult> ShowAsync(Guid id, CancellationToken cancellationToken)
    {
        var page = await vendors.PageAsync(id, cancellationToken);
        if (!page.Succeeded) return this.Failure(page) ?? NotFound();
        var p = page.Value!;
        (Vendor, Contacts, AiSystems, CanManage, Today) = (p.Vendor, p.Contacts, p.AiSystems, p.CanManage, p.Today);
        var documents = await evidence.ForVendorAsync(id, p.Today, cancellationToken);
        if (!documents.Succeeded) return this.Failure(documents) ?? NotFound();
        Documents = documents.Value!;
        Intake = p.Intake;
        var conditionRows = await conditions.ForVendorAsync(id, cancellationToken);
        Conditions = conditionRows.Succeeded ? conditionRows.Value! : [];
        // The tier form posts the version shown, so an override of a vendor changed meanwhile is refused.
        TierOverride.Version = p.Vendor.Version;
        return Page();
    }
}
