using Microsoft.AspNetCore.Mvc;
using VendorRisk.Application.Templates;
using VendorRisk.Infrastructure.Tenancy;

namespace VendorRisk.Web.Pages.Templates;

/// <summary>Edits a draft as JSON (<see cref="TemplateOperations.EditDraftAsync"/>). Invalid JSON or an invalid definition saves nothing and lists every problem by path.</summary>
public sealed class EditModel(TemplateQueries queries, TemplateOperations operations, TenantContext tenant) : TemplatePageBase
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    public sealed class InputModel
    {
        public string? Json { get; set; }

        /// <summary>The concurrency token read with the page.</summary>
        public int RowVersion { get; set; }
    }

    public TemplateDto Template { get; private set; } = null!;

    public string Slug => tenant.Slug!;

    public bool IsDraft => Template.IsDraft;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        if (await ShowAsync(id, cancellationToken) is { } refused) return refused;
        Input = new InputModel { Json = Template.DefinitionJson, RowVersion = Template.Version };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken cancellationToken)
    {
        var saved = await operations.EditDraftAsync(id, Input.Json, Input.RowVersion, cancellationToken);
        if (saved.Succeeded)
        {
            TempData["Status"] = $"Draft {saved.Value!.SemanticVersion} was saved.";
            return Redirect($"/t/{Slug}/templates/details/{saved.Value.Id}");
        }
        return Refused(saved) ?? await ShowAsync(id, cancellationToken) ?? Page();
    }

    /// <summary>Reads the version shown; the refusal to answer when there is none.</summary>
    private async Task<IActionResult?> ShowAsync(Guid id, CancellationToken cancellationToken)
    {
        var details = await queries.FindAsync(id, cancellationToken);
        if (!details.Succeeded) return Refused(details) ?? NotFound();
        Template = details.Value!.Template;
        return null;
    }
}
