using Microsoft.AspNetCore.Mvc;
using VendorRisk.Application.Templates;
using VendorRisk.Infrastructure.Questionnaires.Spreadsheets;
using VendorRisk.Infrastructure.Tenancy;

namespace VendorRisk.Web.Pages.Templates;

/// <summary>
/// Imports a template as a new draft (<see cref="TemplateOperations.ImportAsync"/>): JSON of our format, a VSAQ questionnaire as
/// published, or an XLSX/CSV sheet whose columns the user maps to item fields. Any problem saves nothing and is listed with its location.
/// </summary>
[RequestSizeLimit(MaxRequestBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = MaxRequestBytes)]
public sealed class ImportModel(TemplateOperations operations, TenantContext tenant) : TemplatePageBase
{
    /// <summary>Room above the file limit so that a too-large file still reaches the page and gets a clear message.</summary>
    private const long MaxRequestBytes = 12 * 1024 * 1024;

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public sealed class InputModel
    {
        public IFormFile? File { get; set; }

        public string? Format { get; set; } = TemplateImportFormats.Questionnaire;

        /// <summary>For VSAQ files and sheets without a "Questionnaire" sheet; empty: derived from the file name.</summary>
        public string? TemplateId { get; set; }

        public string? Title { get; set; }

        public string? Version { get; set; } = "1.0.0";

        public ColumnsModel Columns { get; set; } = new();
    }

    /// <summary>The spreadsheet header that holds each item field (defaults match an XLSX export).</summary>
    public sealed class ColumnsModel
    {
        public string? Id { get; set; } = QuestionnaireSpreadsheet.Columns.Id;
        public string? Section { get; set; } = QuestionnaireSpreadsheet.Columns.Section;
        public string? Text { get; set; } = QuestionnaireSpreadsheet.Columns.Text;
        public string? Type { get; set; } = QuestionnaireSpreadsheet.Columns.Type;
        public string? Choices { get; set; } = QuestionnaireSpreadsheet.Columns.Choices;
        public string? Weight { get; set; } = QuestionnaireSpreadsheet.Columns.Weight;
        public string? Controls { get; set; } = QuestionnaireSpreadsheet.Columns.Controls;
        public string? Required { get; set; } = QuestionnaireSpreadsheet.Columns.Required;
        public string? Help { get; set; } = QuestionnaireSpreadsheet.Columns.Help;

        public ColumnMapping ToMapping() => new()
        {
            Id = Id ?? "", Section = Section, Text = Text ?? "", Type = Type ?? "", Choices = Choices,
            Weight = Weight, Controls = Controls, Required = Required, Help = Help,
        };
    }

    public string Slug => tenant.Slug!;

    /// <summary>Only those who may change the library see the import form.</summary>
    public IActionResult OnGet() => CanManage ? Page() : StatusCode(StatusCodes.Status403Forbidden);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var file = Input.File;
        await using var content = file?.OpenReadStream() ?? Stream.Null;
        var imported = await operations.ImportAsync(new TemplateImport(
            file is null ? null : new UploadedFile(file.FileName, file.Length, content),
            Input.Format, Input.TemplateId, Input.Title, Input.Version, (Input.Columns ?? new()).ToMapping()), cancellationToken);
        if (!imported.Succeeded) return Refused(imported) ?? Page();
        TempData["Status"] = $"'{imported.Value!.Title}' {imported.Value.SemanticVersion} was imported as a draft.";
        return Redirect($"/t/{Slug}/templates/details/{imported.Value.Id}");
    }
}
