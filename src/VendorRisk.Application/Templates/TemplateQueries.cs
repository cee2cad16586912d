using System.Text;
using Microsoft.EntityFrameworkCore;
using VendorRisk.Application.Common;
using VendorRisk.Domain.Questionnaires;
using VendorRisk.Domain.Questionnaires.Library;
using VendorRisk.Domain.Questionnaires.Serialization;
using VendorRisk.Domain.Questionnaires.Versioning;
using VendorRisk.Domain.Tenancy;
using VendorRisk.Infrastructure.Persistence;
using VendorRisk.Infrastructure.Questionnaires;
using VendorRisk.Infrastructure.Questionnaires.Spreadsheets;

namespace VendorRisk.Application.Templates;

public sealed record TemplateRow(Guid Id, string TemplateKey, string SemanticVersion, QuestionnaireStatus Status, string Title, DateTimeOffset UpdatedAt,
    string? ClonedFrom);

/// <summary>The organisation's own templates (by title, newest version first) and the shipped ones it may clone.</summary>
/// <summary>A shipped template with its earlier shipped versions and, when asked, the changes since one of them.</summary>
public sealed record ShippedHistory(ShippedTemplate Template, IReadOnlyList<ShippedTemplate> Earlier, ShippedTemplate? From, QuestionnaireDiffResult? Diff);

public sealed record TemplateLibrary(IReadOnlyList<TemplateRow> Templates, IReadOnlyList<ShippedTemplate> Shipped);

/// <summary>One stored version of a template, with the version an edit must name.</summary>
public sealed record TemplateDto(Guid Id, string TemplateKey, string SemanticVersion, QuestionnaireStatus Status, string Title, string DefinitionJson,
    string? ContentHash, string? ClonedFrom, int Version, DateTimeOffset UpdatedAt = default)
{
    public string StatusName => Status.ToString().ToLowerInvariant();
    public bool IsDraft => Status == QuestionnaireStatus.Draft;
}

public sealed record TemplateVersionRow(Guid Id, string SemanticVersion, QuestionnaireStatus Status);

/// <summary>A version with its definition and every version of the same template (newest first).</summary>
public sealed record TemplateDetails(TemplateDto Template, QuestionnaireDefinition Definition, IReadOnlyList<TemplateVersionRow> Versions);

/// <summary>Two versions of one template compared item by item, and the template's versions to choose from (oldest first).</summary>
public sealed record TemplateComparison(TemplateDto From, TemplateDto To, QuestionnaireDiffResult Diff, IReadOnlyList<TemplateVersionRow> Versions);

/// <summary>A template as a file to download.</summary>
public sealed record TemplateFile(string FileName, string ContentType, byte[] Content);

public enum TemplateFileFormat
{
    Json,
    Xlsx,
}

/// <summary>What every internal member reads of the template library: the organisation's versions, the shipped templates, exports and comparisons.</summary>
public sealed class TemplateQueries(AppDbContext db, Access access, ShippedTemplates shipped)
{
    public static readonly RolePermission Read = new("templates.read", TenantRolesExtensions.Internal);

    public const string JsonContentType = "application/json";
    public const string XlsxContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public async Task<Outcome<TemplateLibrary>> LibraryAsync(CancellationToken cancellationToken)
    {
        if (await access.DemandAsync(Read) is { } forbidden) return forbidden;
        var rows = await db.QuestionnaireTemplates.AsNoTracking()
            .OrderBy(t => t.Title).ThenBy(t => t.TemplateKey).ThenByDescending(t => t.CreatedAt)
            .Select(t => new TemplateRow(t.Id, t.TemplateKey, t.SemanticVersion, t.Status, t.Title, t.UpdatedAt, t.ClonedFrom))
            .ToListAsync(cancellationToken);
        return new TemplateLibrary(rows, shipped.Latest);
    }

    public async Task<Outcome<TemplateDetails>> FindAsync(Guid id, CancellationToken cancellationToken)
    {
        if (await access.DemandAsync(Read) is { } forbidden) return forbidden;
        var template = await OneAsync(id, cancellationToken);
        if (template is null) return NoSuchTemplate;
        return new TemplateDetails(template, QuestionnaireJson.Parse(template.DefinitionJson).Value,
            await VersionsAsync(template.TemplateKey, newestFirst: true, cancellationToken));
    }

    /// <summary>Two versions of the same template; NotFound for versions of different templates (a diff by item id means nothing there).</summary>
    public async Task<Outcome<TemplateComparison>> CompareAsync(Guid fromId, Guid toId, CancellationToken cancellationToken)
    {
        if (await access.DemandAsync(Read) is { } forbidden) return forbidden;
        if (await OneAsync(fromId, cancellationToken) is not { } older || await OneAsync(toId, cancellationToken) is not { } newer
            || older.TemplateKey != newer.TemplateKey)
            return NoSuchTemplate;
        var diff = QuestionnaireDiff.Compare(QuestionnaireJson.Parse(older.DefinitionJson).Value, QuestionnaireJson.Parse(newer.DefinitionJson).Value);
        return new TemplateComparison(older, newer, diff, await VersionsAsync(older.TemplateKey, newestFirst: false, cancellationToken));
    }

    public async Task<Outcome<TemplateFile>> ExportAsync(Guid id, TemplateFileFormat format, CancellationToken cancellationToken)
    {
        if (await access.DemandAsync(Read) is { } forbidden) return forbidden;
        var template = await OneAsync(id, cancellationToken);
        if (template is null) return NoSuchTemplate;
        return format == TemplateFileFormat.Json
            ? new TemplateFile(FileName(template.TemplateKey, template.SemanticVersion, "json"), JsonContentType, Encoding.UTF8.GetBytes(template.DefinitionJson))
            : File(QuestionnaireJson.Parse(template.DefinitionJson).Value, template.TemplateKey, template.SemanticVersion, format);
    }

    /// <summary>A template shipped with VendorRisk, by its id.</summary>
    public async Task<Outcome<ShippedTemplate>> ShippedAsync(string? key)
    {
        if (await access.DemandAsync(Read) is { } forbidden) return forbidden;
        return shipped.Find(key) is { } template ? template : Fail.NotFound("There is no shipped template with this id.");
    }

    /// <summary>
    /// A shipped template's latest version, its earlier versions (newest first), and what changed since <paramref name="changesFrom"/>
    /// when that names one of them.
    /// </summary>
    public async Task<Outcome<ShippedHistory>> ShippedHistoryAsync(string? key, string? changesFrom)
    {
        var template = await ShippedAsync(key);
        if (!template.Succeeded) return template.AsFailure();
        var latest = template.Value!;
        IReadOnlyList<ShippedTemplate> earlier = [.. shipped.Versions(latest.Key).Where(t => t != latest).Reverse()];
        var from = earlier.FirstOrDefault(t => t.Version == changesFrom);
        return new ShippedHistory(latest, earlier, from, from is null ? null : QuestionnaireDiff.Compare(from.Definition, latest.Definition));
    }

    public async Task<Outcome<TemplateFile>> ExportShippedAsync(string? key, TemplateFileFormat format)
    {
        var template = await ShippedAsync(key);
        if (!template.Succeeded) return template.AsFailure();
        return File(template.Value!.Definition, template.Value.Key, template.Value.Version, format);
    }

    private static TemplateFile File(QuestionnaireDefinition definition, string key, string version, TemplateFileFormat format) =>
        format == TemplateFileFormat.Json
            ? new(FileName(key, version, "json"), JsonContentType, Encoding.UTF8.GetBytes(QuestionnaireJson.Serialize(definition)))
            : new(FileName(key, version, "xlsx"), XlsxContentType, QuestionnaireSpreadsheet.ExportXlsx(definition));

    private static string FileName(string key, string version, string extension) =>
        $"{new string(key.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '-').ToArray())}-{version}.{extension}";

    private static Failure NoSuchTemplate => Fail.NotFound("There is no such template version.");

    private Task<TemplateDto?> OneAsync(Guid id, CancellationToken cancellationToken) =>
        db.QuestionnaireTemplates.AsNoTracking().Where(t => t.Id == id)
            .Select(t => new TemplateDto(t.Id, t.TemplateKey, t.SemanticVersion, t.Status, t.Title, t.DefinitionJson, t.ContentHash, t.ClonedFrom, t.Version, t.UpdatedAt))
            .SingleOrDefaultAsync(cancellationToken);

    private async Task<IReadOnlyList<TemplateVersionRow>> VersionsAsync(string templateKey, bool newestFirst, CancellationToken cancellationToken)
    {
        var query = db.QuestionnaireTemplates.AsNoTracking().Where(t => t.TemplateKey == templateKey);
        query = newestFirst ? query.OrderByDescending(t => t.CreatedAt) : query.OrderBy(t => t.CreatedAt);
        return await query.Select(t => new TemplateVersionRow(t.Id, t.SemanticVersion, t.Status)).ToListAsync(cancellationToken);
    }
}
