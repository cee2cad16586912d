using System.ComponentModel.DataAnnotations;
using System.Text;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using VendorRisk.Domain.Questionnaires;
using VendorRisk.Domain.Questionnaires.Import;
using VendorRisk.Domain.Questionnaires.Library;
using VendorRisk.Domain.Questionnaires.Serialization;
using VendorRisk.Infrastructure.Audit;
using VendorRisk.Infrastructure.Persistence;
using VendorRisk.Infrastructure.Questionnaires.Spreadsheets;
using VendorRisk.Infrastructure.Tenancy;

namespace VendorRisk.Web.Pages.Templates;

/// <summary>
/// Imports a template as a new draft: JSON of our format, a VSAQ questionnaire as published, or an XLSX/CSV
/// sheet whose columns the user maps to item fields. Any problem saves nothing and is listed with its location.
/// </summary>
[RequestSizeLimit(MaxRequestBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = MaxRequestBytes)]
public sealed class ImportModel(AppDbContext db, TenantContext tenant, AuditLog audit, TimeProvider clock) : TemplatePageBase
{
    public const long MaxFileBytes = 5 * 1024 * 1024;

    /// <summary>Room above the file limit so that a too-large file still reaches the page and gets a clear message.</summary>
    private const long MaxRequestBytes = 12 * 1024 * 1024;

    public static readonly string[] AcceptedExtensions = [".json", ".xlsx", ".csv"];

    public const string FormatQuestionnaire = "questionnaire";
    public const string FormatVsaq = "vsaq";
    public const string FormatSpreadsheet = "spreadsheet";

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public sealed class InputModel
    {
        public IFormFile? File { get; set; }

        public string Format { get; set; } = FormatQuestionnaire;

        /// <summary>For VSAQ files and sheets without a "Questionnaire" sheet; empty: derived from the file name.</summary>
        [StringLength(QuestionnaireTemplate.TemplateKeyMaxLength, ErrorMessage = "Use at most {1} characters.")]
        public string? TemplateId { get; set; }

        [StringLength(QuestionnaireTemplate.TitleMaxLength, ErrorMessage = "Use at most {1} characters.")]
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
    }

    public string Slug => tenant.Slug!;

    /// <summary>Only those who may change the library see the import form.</summary>
    public IActionResult OnGet() => CanManage ? Page() : StatusCode(StatusCodes.Status403Forbidden);

    public async Task<IActionResult> OnPostAsync()
    {
        var file = Input.File;
        var extension = Path.GetExtension(file?.FileName ?? "").ToLowerInvariant();
        if (file is null || file.Length == 0)
            ModelState.AddModelError("Input.File", "Choose a file to import.");
        else if (file.Length > MaxFileBytes)
            ModelState.AddModelError("Input.File", "The file is larger than 5 MB.");
        else if (!AcceptedExtensions.Contains(extension))
            ModelState.AddModelError("Input.File", "Choose a .json, .xlsx or .csv file.");
        if (Input.Format is not (FormatQuestionnaire or FormatVsaq or FormatSpreadsheet))
            ModelState.AddModelError("Input.Format", "Choose what kind of file this is.");
        var isSheet = extension is ".xlsx" or ".csv";
        if (ModelState.IsValid && isSheet != (Input.Format == FormatSpreadsheet))
        {
            ModelState.AddModelError("Input.Format", isSheet
                ? "An .xlsx or .csv file is imported as a spreadsheet: choose \"Spreadsheet\"."
                : "A spreadsheet import needs an .xlsx or .csv file.");
        }

        SemanticVersion version = default;
        if (!string.IsNullOrWhiteSpace(Input.Version) && !SemanticVersion.TryParse(Input.Version.Trim(), out version))
            ModelState.AddModelError("Input.Version", "Enter a version such as 1.0.0 (MAJOR.MINOR.PATCH).");
        if (string.IsNullOrWhiteSpace(Input.Version)) version = new SemanticVersion(1, 0, 0);
        if (!ModelState.IsValid) return Page();

        var key = string.IsNullOrWhiteSpace(Input.TemplateId) ? KeyFromFileName(file!.FileName) : Input.TemplateId.Trim();
        Result<QuestionnaireDefinition> imported;
        await using (var stream = file!.OpenReadStream())
        {
            imported = Input.Format switch
            {
                FormatQuestionnaire => QuestionnaireJson.Parse(await ReadTextAsync(stream)),
                FormatVsaq => VsaqImporter.Import(await ReadTextAsync(stream), new VsaqImportOptions { Id = key, Version = version }),
                _ => await ImportSheetAsync(stream, extension, key, version),
            };
        }

        if (imported.IsSuccess && Input.Format != FormatQuestionnaire && !string.IsNullOrWhiteSpace(Input.Title))
            imported = Result<QuestionnaireDefinition>.Success(imported.Value with { Title = Input.Title.Trim() });
        if (imported.IsFailure)
        {
            ShowProblems("Input.File", imported.Errors, "The file could not be imported; see the problems above. Nothing was saved.");
            return Page();
        }

        var created = QuestionnaireTemplate.CreateDraft(imported.Value, tenant.UserId, clock.GetUtcNow());
        if (created.IsFailure)
        {
            ShowProblems("Input.File", created.Errors, "The file could not be imported; see the problems above. Nothing was saved.");
            return Page();
        }

        var template = created.Value;
        if (await db.QuestionnaireTemplates.AnyAsync(t => t.TemplateKey == template.TemplateKey && t.SemanticVersion == template.SemanticVersion))
        {
            ModelState.AddModelError("Input.File", DuplicateMessage(template));
            return Page();
        }

        db.QuestionnaireTemplates.Add(template);
        audit.Record(AuditActions.TemplateImported, nameof(QuestionnaireTemplate), template.Id,
            new { template.TemplateKey, template.SemanticVersion, Input.Format, FileName = Path.GetFileName(file.FileName) });
        try
        {
            await db.SaveChangesAsync();
        }
        catch (DbUpdateException)
        {
            ModelState.AddModelError("Input.File", DuplicateMessage(template));
            return Page();
        }

        TempData["Status"] = $"'{template.Title}' {template.SemanticVersion} was imported as a draft.";
        return Redirect($"/t/{Slug}/templates/details/{template.Id}");
    }

    private async Task<Result<QuestionnaireDefinition>> ImportSheetAsync(Stream stream, string extension, string key, SemanticVersion version)
    {
        IReadOnlyList<SpreadsheetTable> tables;
        if (extension == ".csv")
        {
            var csv = SpreadsheetTable.ReadCsv(await ReadTextAsync(stream));
            if (csv.IsFailure) return Result<QuestionnaireDefinition>.Failure(csv.Errors);
            tables = [csv.Value];
        }
        else
        {
            // The package reader needs a seekable stream.
            using var buffer = new MemoryStream();
            await stream.CopyToAsync(buffer);
            buffer.Position = 0;
            var workbook = SpreadsheetTable.ReadXlsx(buffer);
            if (workbook.IsFailure) return Result<QuestionnaireDefinition>.Failure(workbook.Errors);
            tables = workbook.Value;
        }

        var c = Input.Columns;
        var mapping = new ColumnMapping
        {
            Id = c.Id ?? "", Section = c.Section, Text = c.Text ?? "", Type = c.Type ?? "", Choices = c.Choices,
            Weight = c.Weight, Controls = c.Controls, Required = c.Required, Help = c.Help,
        };
        var title = string.IsNullOrWhiteSpace(Input.Title) ? key : Input.Title.Trim();
        return QuestionnaireSpreadsheet.Import(tables, mapping, new SpreadsheetDefaults(key, title, version));
    }

    private static async Task<string> ReadTextAsync(Stream stream)
    {
        using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return await reader.ReadToEndAsync();
    }

    /// <summary>"Security Privacy Programs.json" → "security-privacy-programs".</summary>
    private static string KeyFromFileName(string fileName)
    {
        var name = Path.GetFileNameWithoutExtension(fileName).ToLowerInvariant();
        var key = new StringBuilder();
        foreach (var ch in name)
            key.Append(char.IsAsciiLetterOrDigit(ch) ? ch : '-');
        var text = key.ToString().Trim('-');
        while (text.Contains("--", StringComparison.Ordinal)) text = text.Replace("--", "-", StringComparison.Ordinal);
        if (text.Length == 0 || !char.IsAsciiLetter(text[0])) text = "imported-" + text;
        return text.Length > QuestionnaireTemplate.TemplateKeyMaxLength ? text[..QuestionnaireTemplate.TemplateKeyMaxLength] : text;
    }

    private static string DuplicateMessage(QuestionnaireTemplate template) =>
        $"Version {template.SemanticVersion} of '{template.TemplateKey}' is already in your library. Open it and start a new version, or change the id or version.";
}
