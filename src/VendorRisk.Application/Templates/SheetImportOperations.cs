using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using VendorRisk.Application.Common;
using VendorRisk.Domain.Questionnaires;
using VendorRisk.Domain.Questionnaires.Import;
using VendorRisk.Domain.Questionnaires.Library;
using VendorRisk.Infrastructure.Audit;
using VendorRisk.Infrastructure.Files;
using VendorRisk.Infrastructure.Persistence;
using VendorRisk.Infrastructure.Questionnaires.Spreadsheets;

namespace VendorRisk.Application.Templates;

/// <summary>
/// An uploaded workbook or CSV file as read: its sheets with every row, and for a CSV file the encoding it was read in; or a branching
/// questionnaire's JSON file (<see cref="Branching"/>, no sheets), which has no sheet, header or columns to choose.
/// </summary>
public sealed record SheetWorkbook(string Token, string FileName, bool IsCsv, string? EncodingName, IReadOnlyList<SheetRows> Sheets,
    QuestionnaireDefinition? Branching = null)
{
    public bool IsBranching => Branching is not null;

    public SheetRows? Sheet(string? name) => Sheets.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.Ordinal));
}

/// <summary>What the wizard's last step sends: the upload, the sheet, the mapping and the template's id, title and version.</summary>
public sealed record SheetImportRequest(string? Token, string? SheetName, SheetMapping Mapping, string? TemplateId, string? Title, string? Version);

/// <summary>A draft made from a sheet: how many questions in how many sections, and the columns nothing was taken from.</summary>
public sealed record SheetImported(TemplateSaved Saved, int Questions, int Sections, IReadOnlyList<string> NotImported);

/// <summary>
/// The spreadsheet import wizard (issue 18): an XLSX workbook or CSV file is uploaded once and kept for the wizard's steps
/// (<see cref="ImportUploads"/>, not in memory); each step reads it again, the user chooses the sheet, the header row, the columns
/// and the answer vocabularies, previews the result and imports it as a draft. The file's limits are those of the template import
/// (<see cref="TemplateOperations.MaxFileBytes"/>) and of the workbook reader (<see cref="SpreadsheetTable"/>); every problem is
/// reported by sheet, row and column and nothing is saved then.
/// </summary>
public sealed class SheetImportOperations(AppDbContext db, Access access, ImportUploads uploads, AuditLog audit, TimeProvider clock)
{
    private const string ImportRefused = "The sheet could not be imported; see the problems above. Nothing was saved.";
    private const string Expired = "The uploaded file is no longer available (uploads are kept for two hours): upload it again.";

    /// <summary>Checks and reads the file, then keeps it for the next steps; returns its token.</summary>
    public async Task<Outcome<SheetWorkbook>> UploadAsync(UploadedFile? file, CancellationToken cancellationToken)
    {
        if (await access.DemandAsync(TemplateOperations.Manage) is { } forbidden) return forbidden;
        var extension = Path.GetExtension(file?.FileName ?? "").ToLowerInvariant();
        if (file is null || file.Length == 0) return Fail.Invalid("File", "Choose a file to import.");
        if (file.Length > TemplateOperations.MaxFileBytes)
        {
            return Fail.Invalid("File", string.Create(CultureInfo.InvariantCulture,
                $"The file is {file.Length / (1024.0 * 1024.0):0.#} MB; files up to 5 MB can be imported. Remove what the questionnaire does not need (pictures, other sheets) and try again."));
        }

        if (extension is not (".xlsx" or ".csv" or ".json")) return Fail.Invalid("File", "Choose an .xlsx workbook, a .csv file or a branching questionnaire's .json file.");
        var content = new byte[file.Length];
        await file.Content.ReadExactlyAsync(content, cancellationToken);
        var read = Read("", file.FileName, content);
        if (read.IsFailure) return TemplateProblems.Of("File", read.Errors, "The file could not be read; see the problems above. Nothing was kept.");
        using var stream = new MemoryStream(content, writable: false);
        var token = await uploads.SaveAsync(access.Tenant.TenantId!.Value, access.Tenant.UserId!.Value, file.FileName, stream, cancellationToken);
        return read.Value with { Token = token };
    }

    /// <summary>The kept upload, read again for the next step.</summary>
    public async Task<Outcome<SheetWorkbook>> OpenAsync(string? token, CancellationToken cancellationToken)
    {
        if (await access.DemandAsync(TemplateOperations.Manage) is { } forbidden) return forbidden;
        var upload = await uploads.ReadAsync(access.Tenant.TenantId!.Value, access.Tenant.UserId!.Value, token, cancellationToken);
        if (upload is null) return Fail.Invalid("File", Expired);
        var read = Read(token!, upload.FileName, upload.Content);
        return read.IsFailure ? TemplateProblems.Of("File", read.Errors, "The file could not be read.") : read.Value;
    }

    /// <summary>The questionnaire the mapping gives, checked completely, without saving anything.</summary>
    public async Task<Outcome<SheetImportResult>> PreviewAsync(SheetImportRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var built = await BuildAsync(request, cancellationToken);
        return built.Failure is { } failure ? failure : built.Result!;
    }

    /// <summary>Imports the mapped sheet as a draft of the library and forgets the upload.</summary>
    public async Task<Outcome<SheetImported>> ImportAsync(SheetImportRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var built = await BuildAsync(request, cancellationToken);
        if (built.Failure is { } failure) return failure;
        var result = built.Result!;
        var created = QuestionnaireTemplate.CreateDraft(result.Definition, access.Tenant.UserId, clock.GetUtcNow());
        if (created.IsFailure) return TemplateProblems.Of("File", created.Errors, ImportRefused);
        var template = created.Value;
        var duplicate = $"Version {template.SemanticVersion} of '{template.TemplateKey}' is already in your library. Change the template id or the version.";
        if (await db.QuestionnaireTemplates.AnyAsync(t => t.TemplateKey == template.TemplateKey && t.SemanticVersion == template.SemanticVersion, cancellationToken))
            return Fail.Invalid("TemplateId", duplicate);

        db.QuestionnaireTemplates.Add(template);
        audit.Record(AuditActions.TemplateImported, nameof(QuestionnaireTemplate), template.Id, new
        {
            template.TemplateKey, template.SemanticVersion,
            Format = built.Workbook!.IsBranching ? TemplateImportFormats.Branching : TemplateImportFormats.Spreadsheet, FileName = built.Workbook!.FileName,
            Sheet = request.SheetName, request.Mapping.HeaderRow, NotImported = result.Unmapped.Select(c => c.Label).ToList(),
        });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            return Fail.Invalid("TemplateId", duplicate);
        }

        uploads.Delete(access.Tenant.TenantId!.Value, access.Tenant.UserId!.Value, request.Token);
        return new SheetImported(new TemplateSaved(template.Id, template.Title, template.SemanticVersion),
            result.Definition.AllItems().Count(), result.Definition.Sections.Length, [.. result.Unmapped.Select(c => c.Label)]);
    }

    private async Task<(Failure? Failure, SheetImportResult? Result, SheetWorkbook? Workbook)> BuildAsync(SheetImportRequest request, CancellationToken cancellationToken)
    {
        var opened = await OpenAsync(request.Token, cancellationToken);
        if (!opened.Succeeded) return (opened.AsFailure(), null, null);
        var workbook = opened.Value!;
        var sheet = workbook.Sheet(request.SheetName);
        if (sheet is null && !workbook.IsBranching) return (Fail.Invalid("SheetName", "Choose the sheet that holds the questions."), null, workbook);

        var errors = new List<FieldError>();
        if (request.TemplateId?.Trim().Length > QuestionnaireTemplate.TemplateKeyMaxLength)
            errors.Add(new("TemplateId", $"Use at most {QuestionnaireTemplate.TemplateKeyMaxLength} characters."));
        else if (!string.IsNullOrWhiteSpace(request.TemplateId) && request.TemplateId.Trim().Any(char.IsWhiteSpace))
            errors.Add(new("TemplateId", "Use letters, digits and dashes, without spaces."));
        if (request.Title?.Trim().Length > QuestionnaireTemplate.TitleMaxLength)
            errors.Add(new("Title", $"Use at most {QuestionnaireTemplate.TitleMaxLength} characters."));
        var version = new SemanticVersion(1, 0, 0);
        if (!string.IsNullOrWhiteSpace(request.Version) && !SemanticVersion.TryParse(request.Version.Trim(), out version))
            errors.Add(new("Version", "Enter a version such as 1.0.0 (MAJOR.MINOR.PATCH)."));
        if (errors.Count > 0) return (Fail.Invalid(errors), null, workbook);

        var key = string.IsNullOrWhiteSpace(request.TemplateId) ? TemplateOperations.KeyFromFileName(workbook.FileName) : request.TemplateId.Trim();
        var title = string.IsNullOrWhiteSpace(request.Title) ? Path.GetFileNameWithoutExtension(workbook.FileName) : request.Title.Trim();
        if (workbook.IsBranching)
        {
            // The file was read at upload; the chosen id, version and title apply. A file is a finished questionnaire: it must compile now.
            var named = workbook.Branching! with { Id = key, Version = version, Title = string.IsNullOrWhiteSpace(request.Title) ? workbook.Branching.Title : request.Title.Trim() };
            var checkedDefinition = named.Compile().Map(_ => named);
            return checkedDefinition.IsFailure
                ? (TemplateProblems.Of("File", checkedDefinition.Errors, ImportRefused), null, workbook)
                : (null, new SheetImportResult(checkedDefinition.Value, new Dictionary<string, int>(), []), workbook);
        }

        var imported = SheetImport.Import(sheet!, workbook.IsCsv, request.Mapping, new SpreadsheetDefaults(key, title, version));
        if (imported.IsFailure)
        {
            // A wrong choice of the form (no question column, a missing header row) is shown beside its field; the sheet's problems as a list.
            var first = imported.Errors[0];
            if (imported.Errors.Length == 1 && first.Path is "HeaderRow" or "Question" or "DefaultAnswer")
                return (Fail.Invalid(first.Path, first.Message), null, workbook);
            return (TemplateProblems.Of("File", imported.Errors, ImportRefused), null, workbook);
        }

        return (null, imported.Value, workbook);
    }

    private static string Utf8(byte[] content) => new UTF8Encoding(false).GetString(content).TrimStart('\uFEFF');

    private static Result<SheetWorkbook> Read(string token, string fileName, byte[] content)
    {
        if (Path.GetExtension(fileName).Equals(".json", StringComparison.OrdinalIgnoreCase))
        {
            // A goto-style branching questionnaire: read (and so checked) now, so the first step reports its problems.
            var json = Utf8(content);
            if (!BranchingImporter.Recognises(json) && (json.Contains("\"items\"", StringComparison.Ordinal) || json.Contains("\"questionnaire\"", StringComparison.Ordinal)))
            {
                return Result<SheetWorkbook>.Failure("File",
                    "This is a VendorRisk questionnaire or VSAQ file, not a branching questionnaire: import it on the Import page.");
            }

            var branching = BranchingImporter.Import(json, new BranchingImportOptions { Id = TemplateOperations.KeyFromFileName(fileName) })
                .Bind(d => d.Compile().Map(_ => d));
            return branching.IsFailure
                ? Result<SheetWorkbook>.Failure(branching.Errors)
                : Result<SheetWorkbook>.Success(new SheetWorkbook(token, fileName, false, null, [], branching.Value));
        }

        if (Path.GetExtension(fileName).Equals(".csv", StringComparison.OrdinalIgnoreCase))
        {
            var text = CsvEncoding.Decode(content);
            if (text.IsFailure) return Result<SheetWorkbook>.Failure(text.Errors);
            var rows = SpreadsheetTable.ReadCsvRows(text.Value.Text);
            return rows.IsFailure
                ? Result<SheetWorkbook>.Failure(rows.Errors)
                : Result<SheetWorkbook>.Success(new SheetWorkbook(token, fileName, true, text.Value.EncodingName, [rows.Value]));
        }

        using var stream = new MemoryStream(content, writable: false);
        var sheets = SpreadsheetTable.ReadXlsxSheets(stream);
        return sheets.IsFailure
            ? Result<SheetWorkbook>.Failure(sheets.Errors)
            : Result<SheetWorkbook>.Success(new SheetWorkbook(token, fileName, false, null, sheets.Value));
    }
}
