using System.Text;
using Microsoft.EntityFrameworkCore;
using VendorRisk.Application.Common;
using VendorRisk.Domain.Questionnaires;
using VendorRisk.Domain.Questionnaires.Import;
using VendorRisk.Domain.Questionnaires.Library;
using VendorRisk.Domain.Questionnaires.Serialization;
using VendorRisk.Domain.Tenancy;
using VendorRisk.Infrastructure.Audit;
using VendorRisk.Infrastructure.Persistence;
using VendorRisk.Infrastructure.Questionnaires;
using VendorRisk.Infrastructure.Questionnaires.Spreadsheets;

namespace VendorRisk.Application.Templates;

/// <summary>What kind of file an import reads.</summary>
public static class TemplateImportFormats
{
    public const string Questionnaire = "questionnaire";
    public const string Vsaq = "vsaq";
    public const string Spreadsheet = "spreadsheet";
    /// <summary>A goto-style branching questionnaire (docs/formats/branching.md).</summary>
    public const string Branching = "branching";
}

/// <summary>An uploaded file: its name (for its extension and a default id), its size, and its content.</summary>
public sealed record UploadedFile(string FileName, long Length, Stream Content);

/// <summary>
/// A template to import from <paramref name="File"/> as <paramref name="Format"/> (<see cref="TemplateImportFormats"/>).
/// <paramref name="TemplateId"/>, <paramref name="Title"/> and <paramref name="Version"/> name VSAQ files and sheets (empty id: from
/// the file name); <paramref name="Columns"/> maps a sheet's headers to item fields.
/// </summary>
public sealed record TemplateImport(UploadedFile? File, string? Format, string? TemplateId, string? Title, string? Version, ColumnMapping Columns);

/// <summary>A version the library now holds.</summary>
public sealed record TemplateSaved(Guid Id, string Title, string SemanticVersion);

/// <summary>
/// Changing the organisation's template library: importing a file as a draft, cloning a shipped template, editing a draft, publishing
/// and retiring a version, starting a new version. A definition's problems come back with their locations (<see cref="TemplateProblems"/>);
/// nothing is saved then.
/// </summary>
public sealed class TemplateOperations(AppDbContext db, Access access, ShippedTemplates shipped, AuditLog audit, TimeProvider clock, SafeMarkup markup)
{
    /// <summary>Changing the library goes with managing vendors: tenant admins and vendor managers.</summary>
    public static readonly RolePermission Manage = new("templates.manage", TenantRoles.TenantAdmin | TenantRoles.VendorManager);

    public const long MaxFileBytes = 5 * 1024 * 1024;
    /// <summary>The largest definition accepted from the editor (characters).</summary>
    public const int MaxJsonLength = 2_000_000;
    public static readonly IReadOnlyList<string> AcceptedExtensions = [".json", ".xlsx", ".csv"];

    private const string ImportRefused = "The file could not be imported; see the problems above. Nothing was saved.";

    public async Task<Outcome<TemplateSaved>> ImportAsync(TemplateImport import, CancellationToken cancellationToken)
    {
        if (await access.DemandAsync(Manage) is { } forbidden) return forbidden;
        var errors = new List<FieldError>();
        var file = import.File;
        var extension = Path.GetExtension(file?.FileName ?? "").ToLowerInvariant();
        if (file is null || file.Length == 0) errors.Add(new("File", "Choose a file to import."));
        else if (file.Length > MaxFileBytes) errors.Add(new("File", "The file is larger than 5 MB."));
        else if (!AcceptedExtensions.Contains(extension)) errors.Add(new("File", "Choose a .json, .xlsx or .csv file."));
        if (import.Format is not (TemplateImportFormats.Questionnaire or TemplateImportFormats.Vsaq or TemplateImportFormats.Spreadsheet or TemplateImportFormats.Branching))
            errors.Add(new("Format", "Choose what kind of file this is."));
        var isSheet = extension is ".xlsx" or ".csv";
        if (errors.Count == 0 && isSheet != (import.Format == TemplateImportFormats.Spreadsheet))
        {
            errors.Add(new("Format", isSheet
                ? "An .xlsx or .csv file is imported as a spreadsheet: choose \"Spreadsheet\"."
                : "A spreadsheet import needs an .xlsx or .csv file."));
        }
        if (import.TemplateId?.Trim().Length > QuestionnaireTemplate.TemplateKeyMaxLength)
            errors.Add(new("TemplateId", $"Use at most {QuestionnaireTemplate.TemplateKeyMaxLength} characters."));
        if (import.Title?.Trim().Length > QuestionnaireTemplate.TitleMaxLength)
            errors.Add(new("Title", $"Use at most {QuestionnaireTemplate.TitleMaxLength} characters."));
        var version = new SemanticVersion(1, 0, 0);
        if (!string.IsNullOrWhiteSpace(import.Version) && !SemanticVersion.TryParse(import.Version.Trim(), out version))
            errors.Add(new("Version", "Enter a version such as 1.0.0 (MAJOR.MINOR.PATCH)."));
        if (errors.Count > 0) return Fail.Invalid(errors);

        var key = string.IsNullOrWhiteSpace(import.TemplateId) ? KeyFromFileName(file!.FileName) : import.TemplateId.Trim();
        var imported = import.Format switch
        {
            TemplateImportFormats.Questionnaire => QuestionnaireJson.Parse(await ReadTextAsync(file!.Content)),
            TemplateImportFormats.Vsaq => VsaqImporter.Import(await ReadTextAsync(file!.Content), new VsaqImportOptions { Id = key, Version = version, Markup = markup }),
            TemplateImportFormats.Branching => BranchingImporter.Import(await ReadTextAsync(file!.Content), new BranchingImportOptions { Id = key, Version = version }),
            _ => await ImportSheetAsync(file!.Content, extension, import, key, version),
        };
        if (imported.IsSuccess && import.Format != TemplateImportFormats.Questionnaire && !string.IsNullOrWhiteSpace(import.Title))
            imported = Result<QuestionnaireDefinition>.Success(imported.Value with { Title = import.Title.Trim() });
        if (imported.IsFailure) return TemplateProblems.Of("File", imported.Errors, ImportRefused);
        // A file is a finished questionnaire: unknown references and visibility cycles are refused now, not first at publishing.
        var compiled = imported.Value.Compile();
        if (compiled.IsFailure) return TemplateProblems.Of("File", compiled.Errors, ImportRefused);

        var created = QuestionnaireTemplate.CreateDraft(imported.Value, access.Tenant.UserId, clock.GetUtcNow());
        if (created.IsFailure) return TemplateProblems.Of("File", created.Errors, ImportRefused);
        var template = created.Value;
        if (await db.QuestionnaireTemplates.AnyAsync(t => t.TemplateKey == template.TemplateKey && t.SemanticVersion == template.SemanticVersion, cancellationToken))
            return Fail.Invalid("File", DuplicateMessage(template));

        db.QuestionnaireTemplates.Add(template);
        audit.Record(AuditActions.TemplateImported, nameof(QuestionnaireTemplate), template.Id,
            new { template.TemplateKey, template.SemanticVersion, import.Format, FileName = Path.GetFileName(file!.FileName) });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            return Fail.Invalid("File", DuplicateMessage(template));
        }
        return Saved(template);
    }

    /// <summary>Clones a shipped template into the library as a draft of the same id and version.</summary>
    public async Task<Outcome<TemplateSaved>> CloneShippedAsync(string? key, CancellationToken cancellationToken)
    {
        if (await access.DemandAsync(Manage) is { } forbidden) return forbidden;
        var source = shipped.Find(key);
        if (source is null) return Fail.NotFound("There is no shipped template with this id.");
        var already = $"Your library already has version {source.Version} of '{source.Key}'. Open it, or start a new version from it.";
        if (await db.QuestionnaireTemplates.AnyAsync(t => t.TemplateKey == source.Key && t.SemanticVersion == source.Version, cancellationToken))
            return Fail.Invalid("", already);

        var created = QuestionnaireTemplate.CreateDraft(source.Definition, access.Tenant.UserId, clock.GetUtcNow(), source.Reference);
        if (created.IsFailure) return TemplateProblems.Of("", created.Errors, "The shipped template could not be cloned.");
        db.QuestionnaireTemplates.Add(created.Value);
        audit.Record(AuditActions.TemplateCloned, nameof(QuestionnaireTemplate), created.Value.Id, new { source.Key, source.Version });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            return Fail.Invalid("", already);
        }
        return Saved(created.Value);
    }

    /// <summary>Replaces a draft's definition with <paramref name="json"/>, as of <paramref name="expectedVersion"/>.</summary>
    public async Task<Outcome<TemplateSaved>> EditDraftAsync(Guid id, string? json, int expectedVersion, CancellationToken cancellationToken)
    {
        if (await access.DemandAsync(Manage) is { } forbidden) return forbidden;
        var template = await db.QuestionnaireTemplates.SingleOrDefaultAsync(t => t.Id == id, cancellationToken);
        if (template is null) return NoSuchTemplate;
        if (string.IsNullOrEmpty(json)) return Fail.Invalid("Json", "Enter the questionnaire as JSON.");
        if (json.Length > MaxJsonLength) return Fail.Invalid("Json", $"The JSON is too long: use at most {MaxJsonLength} characters.");
        if (template.Status != QuestionnaireStatus.Draft)
        {
            return Fail.Invalid("Json",
                $"Version {template.SemanticVersion} is {template.StatusName} and cannot be edited. Start a new version to make changes.");
        }

        var parsed = QuestionnaireJson.Parse(json);
        if (parsed.IsFailure) return TemplateProblems.Of("Json", parsed.Errors, "The JSON has problems; see the list above. Nothing was saved.");
        var replaced = template.ReplaceDefinition(parsed.Value, clock.GetUtcNow());
        if (replaced.IsFailure) return TemplateProblems.Of("Json", replaced.Errors, "The change was refused; see the list above. Nothing was saved.");

        db.Entry(template).Property(t => t.Version).OriginalValue = expectedVersion;
        audit.Record(AuditActions.TemplateEdited, nameof(QuestionnaireTemplate), template.Id, new { template.TemplateKey, template.SemanticVersion });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Fail.Invalid("Json", "Someone else saved this draft after you opened it. Copy your changes, reload the page and apply them again.");
        }
        return Saved(template);
    }

    /// <summary>Publishes a draft: its content is fixed (and hashed) and it is offered for new assessments.</summary>
    public Task<Outcome<TemplateSaved>> PublishAsync(Guid id, CancellationToken cancellationToken) =>
        ChangeStatusAsync(id, t => t.Publish(clock.GetUtcNow()), "This version cannot be published until the problems below are fixed.",
            AuditActions.TemplatePublished, t => new { t.TemplateKey, t.SemanticVersion, t.ContentHash }, cancellationToken);

    /// <summary>Retires a published version: it is no longer offered for new assessments.</summary>
    public Task<Outcome<TemplateSaved>> RetireAsync(Guid id, CancellationToken cancellationToken) =>
        ChangeStatusAsync(id, t => t.Retire(clock.GetUtcNow()), "This version cannot be retired.",
            AuditActions.TemplateRetired, t => new { t.TemplateKey, t.SemanticVersion }, cancellationToken);

    private async Task<Outcome<TemplateSaved>> ChangeStatusAsync(Guid id, Func<QuestionnaireTemplate, Result<QuestionnaireTemplate>> change,
        string refused, string auditAction, Func<QuestionnaireTemplate, object> details, CancellationToken cancellationToken)
    {
        if (await access.DemandAsync(Manage) is { } forbidden) return forbidden;
        var template = await db.QuestionnaireTemplates.SingleOrDefaultAsync(t => t.Id == id, cancellationToken);
        if (template is null) return NoSuchTemplate;
        var changed = change(template);
        if (changed.IsFailure) return TemplateProblems.Of("", changed.Errors, refused);
        audit.Record(auditAction, nameof(QuestionnaireTemplate), template.Id, details(template));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Fail.Conflict("Someone else changed this template at the same time. Reload the page and try again.");
        }
        return Saved(template);
    }

    /// <summary>
    /// Starts a draft from a version, as <paramref name="requestedVersion"/> or (empty) the next minor version above the highest
    /// stored one of the template.
    /// </summary>
    public async Task<Outcome<TemplateSaved>> StartNewVersionAsync(Guid id, string? requestedVersion, CancellationToken cancellationToken)
    {
        if (await access.DemandAsync(Manage) is { } forbidden) return forbidden;
        var template = await db.QuestionnaireTemplates.AsNoTracking().SingleOrDefaultAsync(t => t.Id == id, cancellationToken);
        if (template is null) return NoSuchTemplate;
        var versions = await db.QuestionnaireTemplates.AsNoTracking().Where(t => t.TemplateKey == template.TemplateKey)
            .Select(t => t.SemanticVersion).ToListAsync(cancellationToken);
        SemanticVersion requested;
        if (!string.IsNullOrWhiteSpace(requestedVersion))
        {
            if (!SemanticVersion.TryParse(requestedVersion.Trim(), out requested))
                return Fail.Invalid("NewVersion", "Enter a version such as 1.2.0 (MAJOR.MINOR.PATCH).");
        }
        else
        {
            // Next minor above the highest stored version of this template, so the default never collides.
            requested = versions.Select(v => SemanticVersion.TryParse(v, out var s) ? s : default).Max().NextMinor();
        }

        var next = template.StartNewVersion(requested, access.Tenant.UserId, clock.GetUtcNow());
        if (next.IsFailure) return Fail.Invalid("NewVersion", string.Join(" ", next.Errors.Select(e => Capitalise(e.Message) + ".")));
        var taken = $"Version {next.Value.SemanticVersion} already exists. Choose a higher version.";
        if (versions.Contains(next.Value.SemanticVersion)) return Fail.Invalid("NewVersion", taken);

        db.QuestionnaireTemplates.Add(next.Value);
        audit.Record(AuditActions.TemplateVersionStarted, nameof(QuestionnaireTemplate), next.Value.Id,
            new { next.Value.TemplateKey, From = template.SemanticVersion, To = next.Value.SemanticVersion });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            return Fail.Invalid("NewVersion", taken);
        }
        return Saved(next.Value);
    }

    private static TemplateSaved Saved(QuestionnaireTemplate template) => new(template.Id, template.Title, template.SemanticVersion);

    private static Failure NoSuchTemplate => Fail.NotFound("There is no such template version.");

    private static async Task<Result<QuestionnaireDefinition>> ImportSheetAsync(Stream stream, string extension, TemplateImport import, string key,
        SemanticVersion version)
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
        var title = string.IsNullOrWhiteSpace(import.Title) ? key : import.Title.Trim();
        return QuestionnaireSpreadsheet.Import(tables, import.Columns, new SpreadsheetDefaults(key, title, version));
    }

    private static async Task<string> ReadTextAsync(Stream stream)
    {
        using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, leaveOpen: true);
        return await reader.ReadToEndAsync();
    }

    /// <summary>"Security Privacy Programs.json" → "security-privacy-programs".</summary>
    internal static string KeyFromFileName(string fileName)
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

    private static string Capitalise(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
