using Microsoft.AspNetCore.Mvc;
using VendorRisk.Application.Templates;
using VendorRisk.Infrastructure.Questionnaires;
using VendorRisk.Infrastructure.Tenancy;

namespace VendorRisk.Web.Pages.Templates;

/// <summary>The template library: this organisation's own templates by status, and the shipped ones it may clone.</summary>
public sealed class IndexModel(TemplateQueries queries, TemplateOperations operations, TenantContext tenant) : TemplatePageBase
{
    public IReadOnlyList<TemplateRow> Templates { get; private set; } = [];

    public IReadOnlyList<ShippedTemplate> Shipped { get; private set; } = [];

    public string Slug => tenant.Slug!;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) => await ShowAsync(cancellationToken);

    /// <summary>Clones a shipped template into this organisation as a draft of the same id and version.</summary>
    public async Task<IActionResult> OnPostCloneAsync(string? key, CancellationToken cancellationToken)
    {
        var cloned = await operations.CloneShippedAsync(key, cancellationToken);
        if (!cloned.Succeeded) return Refused(cloned) ?? await ShowAsync(cancellationToken);
        var source = (await queries.ShippedAsync(key)).Value;
        TempData["Status"] = $"'{source?.Title ?? cloned.Value!.Title}' {cloned.Value!.SemanticVersion} was cloned into your library as a draft.";
        return Redirect($"/t/{Slug}/templates/details/{cloned.Value.Id}");
    }

    private async Task<IActionResult> ShowAsync(CancellationToken cancellationToken)
    {
        var library = await queries.LibraryAsync(cancellationToken);
        if (!library.Succeeded) return Refused(library) ?? NotFound();
        (Templates, Shipped) = (library.Value!.Templates, library.Value.Shipped);
        return Page();
    }
}
