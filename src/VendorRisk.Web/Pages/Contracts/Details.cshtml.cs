using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using VendorRisk.Application.Common;
using VendorRisk.Application.Contracts;
using VendorRisk.Domain.Contracts;
using VendorRisk.Infrastructure.Files;
using VendorRisk.Infrastructure.Tenancy;
using VendorRisk.Web.Forms;

namespace VendorRisk.Web.Pages.Contracts;

/// <summary>
/// One contract: its terms, documents and obligations. Internal members read; vendor managers and admins upload
/// documents (multipart: file) and add obligations from the catalogue.
/// </summary>
[EvidenceUploadSizeLimit]
public sealed class DetailsModel(ContractQueries contracts, ContractOperations operations, TenantContext tenant, TimeProvider clock) : PageModel
{
    public ContractViewDto Contract { get; private set; } = null!;
    public IReadOnlyList<ContractFileDto> Files { get; private set; } = [];
    public IReadOnlyList<ContractObligationDto> Obligations { get; private set; } = [];
    public IReadOnlyList<ObligationTemplate> Catalogue { get; private set; } = [];
    public bool CanManage { get; private set; }
    public string? UploadError { get; private set; }
    public string Slug => tenant.Slug!;
    public DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
    public string Accept => EvidenceInspector.AcceptAttribute;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken) =>
        await LoadAsync(id, cancellationToken) ?? Page();

    public async Task<IActionResult> OnPostUploadAsync(Guid id, IFormFile? file, CancellationToken cancellationToken)
    {
        var uploaded = await operations.UploadDocumentAsync(id, file, cancellationToken);
        if (uploaded.Status == OutcomeStatus.Invalid)
        {
            UploadError = uploaded.Message;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return await LoadAsync(id, cancellationToken) ?? Page();
        }
        if (!uploaded.Succeeded) return this.Failure(uploaded) ?? NotFound();
        TempData["Status"] = $"Uploaded {uploaded.Value}.";
        return Redirect($"/t/{tenant.Slug}/contracts/details/{id}#documents-heading");
    }

    /// <summary>Null when loaded; otherwise the result to answer.</summary>
    private async Task<IActionResult?> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        var details = await contracts.DetailsAsync(id, cancellationToken);
        if (!details.Succeeded) return this.Failure(details) ?? NotFound();
        (Contract, Files, Obligations, Catalogue, CanManage) =
            (details.Value!.Contract, details.Value.Files, details.Value.Obligations, details.Value.Catalogue, details.Value.CanManage);
        return null;
    }
}
