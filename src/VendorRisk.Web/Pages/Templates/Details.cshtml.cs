using Microsoft.AspNetCore.Mvc;
using VendorRisk.Application.Common;
using VendorRisk.Application.Templates;
using VendorRisk.Domain.Questionnaires;
using VendorRisk.Infrastructure.Tenancy;

namespace VendorRisk.Web.Pages.Templates;

/// <summary>One stored version: preview, publish, retire, start a new version, export (<see cref="TemplateOperations"/>).</summary>
public sealed class DetailsModel(TemplateQueries queries, TemplateOperations operations, TenantContext tenant) : TemplatePageBase
{
    public TemplateDto Template { get; private set; } = null!;

    public QuestionnaireDefinition Definition { get; private set; } = null!;

    public IReadOnlyList<TemplateVersionRow> Versions { get; private set; } = [];

    public string Slug => tenant.Slug!;

    /// <summary>Optional version for "Start a new version"; empty means the next minor version.</summary>
    [BindProperty]
    public string? NewVersion { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken) => await ShowAsync(id, cancellationToken);

    public async Task<IActionResult> OnGetExportJsonAsync(Guid id, CancellationToken cancellationToken) =>
        Exported(await queries.ExportAsync(id, TemplateFileFormat.Json, cancellationToken));

    public async Task<IActionResult> OnGetExportXlsxAsync(Guid id, CancellationToken cancellationToken) =>
        Exported(await queries.ExportAsync(id, TemplateFileFormat.Xlsx, cancellationToken));

    public async Task<IActionResult> OnPostPublishAsync(Guid id, CancellationToken cancellationToken) =>
        await DoneAsync(id, await operations.PublishAsync(id, cancellationToken), v => $"Version {v.SemanticVersion} is published.", cancellationToken);

    public async Task<IActionResult> OnPostRetireAsync(Guid id, CancellationToken cancellationToken) =>
        await DoneAsync(id, await operations.RetireAsync(id, cancellationToken),
            v => $"Version {v.SemanticVersion} is retired: it is no longer offered for new assessments.", cancellationToken);

    public async Task<IActionResult> OnPostNewVersionAsync(Guid id, CancellationToken cancellationToken) =>
        await DoneAsync(id, await operations.StartNewVersionAsync(id, NewVersion, cancellationToken),
            v => $"Draft version {v.SemanticVersion} was created from {Template.SemanticVersion}.", cancellationToken);

    private async Task<IActionResult> DoneAsync(Guid id, Outcome<TemplateSaved> done, Func<TemplateSaved, string> status, CancellationToken cancellationToken)
    {
        var shown = await ShowAsync(id, cancellationToken);
        if (!done.Succeeded) return Refused(done, prefix: "") ?? shown;
        TempData["Status"] = status(done.Value!);
        return Redirect($"/t/{Slug}/templates/details/{done.Value!.Id}");
    }

    private IActionResult Exported(Outcome<TemplateFile> file) => file.Succeeded ? Download(file.Value!) : Refused(file) ?? NotFound();

    private async Task<IActionResult> ShowAsync(Guid id, CancellationToken cancellationToken)
    {
        var details = await queries.FindAsync(id, cancellationToken);
        if (!details.Succeeded) return Refused(details) ?? NotFound();
        (Template, Definition, Versions) = (details.Value!.Template, details.Value.Definition, details.Value.Versions);
        return Page();
    }
}
