using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using VendorRisk.Domain.Questionnaires;

namespace VendorRisk.Domain.Workflows;

/// <summary>All definitions, or every error found (the host stops start-up on errors).</summary>
public sealed record WorkflowLoadResult(WorkflowCatalog? Catalog, ImmutableArray<WorkflowError> Errors)
{
    public bool IsSuccess => Errors.IsEmpty && Catalog is not null;
}

/// <summary>A definition file's text and its path relative to the workflows folder (<c>standard-review/v1.json</c>).</summary>
public sealed record WorkflowFile(string RelativePath, string Text);

/// <summary>
/// Loads <c>&lt;folder&gt;/&lt;definitionId&gt;/v&lt;N&gt;.json</c> files, checks each one (shape and graph), that the
/// path matches the id and version inside, that published and retired versions match <c>published.lock.json</c>
/// (published versions are immutable), and that no two published definitions claim the same tier and questionnaire.
/// </summary>
public static partial class WorkflowLoader
{
    public const string LockFileName = "published.lock.json";

    [GeneratedRegex("^(?<id>[^/]+)/v(?<version>[1-9][0-9]*)\\.json$")]
    private static partial Regex DefinitionPath();

    /// <summary>Reads a folder such as the app's <c>workflows</c> output folder.</summary>
    public static WorkflowLoadResult LoadFolder(string folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        var root = new DirectoryInfo(folder);
        var label = root.Name;
        if (!root.Exists)
        {
            return new WorkflowLoadResult(null, [new WorkflowError(label, $"workflow folder '{folder}' does not exist")]);
        }

        var files = root.EnumerateFiles("*.json", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(root.FullName, f.FullName).Replace('\\', '/'))
            .Where(p => p is not LockFileName and not "workflow.schema.json")
            .Order(StringComparer.Ordinal)
            .Select(p => new WorkflowFile(p, File.ReadAllText(Path.Combine(root.FullName, p))))
            .ToList();
        var lockPath = Path.Combine(root.FullName, LockFileName);
        var lockText = File.Exists(lockPath) ? File.ReadAllText(lockPath) : null;
        return Load(label, files, lockText);
    }

    /// <param name="label">The folder name used in messages (<c>workflows</c>).</param>
    /// <param name="lockText">The content of <c>published.lock.json</c>, or null when there is none.</param>
    public static WorkflowLoadResult Load(string label, IEnumerable<WorkflowFile> files, string? lockText)
    {
        ArgumentNullException.ThrowIfNull(label);
        ArgumentNullException.ThrowIfNull(files);
        var errors = new List<WorkflowError>();
        var definitions = new List<WorkflowDefinition>();
        var lockEntries = ReadLock(label, lockText, errors);
        foreach (var file in files)
        {
            var source = $"{label}/{file.RelativePath}";
            var match = DefinitionPath().Match(file.RelativePath);
            if (!match.Success)
            {
                errors.Add(new WorkflowError(source, "definition files must be named <definitionId>/v<N>.json"));
                continue;
            }

            var read = WorkflowDefinitionReader.Read(source, file.Text);
            errors.AddRange(read.Errors);
            if (read.Definition is not { } definition)
            {
                continue;
            }

            var version = int.Parse(match.Groups["version"].Value, CultureInfo.InvariantCulture);
            if (definition.Id != match.Groups["id"].Value)
            {
                errors.Add(new WorkflowError(source, $"id '{definition.Id}' does not match its folder '{match.Groups["id"].Value}'"));
            }
            else if (definition.Version != version)
            {
                errors.Add(new WorkflowError(source, string.Create(CultureInfo.InvariantCulture,
                    $"version {definition.Version} does not match its file name v{version}.json")));
            }
            else
            {
                CheckLock(source, file.RelativePath, definition, lockEntries, errors);
                definitions.Add(definition);
            }
        }

        if (lockEntries is not null)
        {
            foreach (var path in lockEntries.Keys.Where(p => !definitions.Any(d => RelativePath(d) == p)).Order(StringComparer.Ordinal))
            {
                if (!errors.Any(e => e.Source == $"{label}/{path}"))
                {
                    errors.Add(new WorkflowError($"{label}/{LockFileName}", $"'{path}' is locked as published but there is no such definition file"));
                }
            }
        }

        var catalog = new WorkflowCatalog(definitions);
        errors.AddRange(catalog.FindOverlaps(label));
        return errors.Count == 0 ? new WorkflowLoadResult(catalog, []) : new WorkflowLoadResult(null, [.. errors]);
    }

    /// <summary>The lock entry a published definition needs: <c>"standard-review/v1.json": "&lt;hash&gt;"</c>.</summary>
    public static string RelativePath(WorkflowDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return string.Create(CultureInfo.InvariantCulture, $"{definition.Id}/v{definition.Version}.json");
    }

    private static void CheckLock(string source, string relativePath, WorkflowDefinition definition, Dictionary<string, string>? lockEntries,
        List<WorkflowError> errors)
    {
        if (definition.Status == WorkflowDefinitionStatus.Draft)
        {
            if (lockEntries?.ContainsKey(relativePath) == true)
            {
                errors.Add(new WorkflowError(source, "a locked (published) version cannot go back to draft; add a new version file instead"));
            }

            return;
        }

        if (lockEntries is null || !lockEntries.TryGetValue(relativePath, out var locked))
        {
            errors.Add(new WorkflowError(source,
                $"{WorkflowDefinitionReader.EnumName(definition.Status)} but not recorded in {LockFileName}; add \"{relativePath}\": \"{definition.Hash}\""));
        }
        else if (!string.Equals(locked, definition.Hash, StringComparison.Ordinal))
        {
            errors.Add(new WorkflowError(source,
                $"published versions are immutable: the content no longer matches its hash in {LockFileName}; undo the change and add a new version file"));
        }
    }

    private static Dictionary<string, string>? ReadLock(string label, string? lockText, List<WorkflowError> errors)
    {
        if (lockText is null)
        {
            return null;
        }

        var source = $"{label}/{LockFileName}";
        try
        {
            using var document = JsonDocument.Parse(lockText);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                errors.Add(new WorkflowError(source, "must be an object of \"<definitionId>/v<N>.json\": \"<sha256>\""));
                return [];
            }

            var entries = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.Value.ValueKind != JsonValueKind.String)
                {
                    errors.Add(new WorkflowError(source, $"'{property.Name}' must map to a SHA-256 hash"));
                    continue;
                }

                entries[property.Name] = property.Value.GetString()!;
            }

            return entries;
        }
        catch (JsonException ex)
        {
            errors.Add(new WorkflowError(source, $"malformed JSON: {ex.Message}"));
            return [];
        }
    }
}

/// <summary>The loaded definitions: every version of every id, drafts and retired ones included.</summary>
public sealed class WorkflowCatalog
{
    private readonly Dictionary<(string Id, int Version), WorkflowDefinition> _byKey;

    public WorkflowCatalog(IEnumerable<WorkflowDefinition> definitions)
    {
        ArgumentNullException.ThrowIfNull(definitions);
        All = [.. definitions.OrderBy(d => d.Id, StringComparer.Ordinal).ThenBy(d => d.Version)];
        _byKey = All.ToDictionary(d => (d.Id, d.Version));
    }

    public ImmutableArray<WorkflowDefinition> All { get; }

    /// <summary>The exact version an instance is pinned to (any status: retired versions keep serving their instances).</summary>
    public WorkflowDefinition? Find(string id, int version) => _byKey.GetValueOrDefault((id, version));

    /// <summary>The highest published version of <paramref name="id"/>: the one new instances start on.</summary>
    public WorkflowDefinition? LatestPublished(string id) =>
        All.Where(d => d.Id == id && d.Status == WorkflowDefinitionStatus.Published).MaxBy(d => d.Version);

    /// <summary>
    /// The definition a new review of this tier (and questionnaire) starts: among the latest published versions, one
    /// that names the questionnaire wins over one that applies to all questionnaires. Null when none applies.
    /// </summary>
    public WorkflowDefinition? SelectFor(RiskTier tier, string? questionnaireKey)
    {
        var candidates = Current().Where(d => d.AppliesTo.Tiers.Contains(tier)).ToList();
        return candidates.FirstOrDefault(d => questionnaireKey is not null && d.AppliesTo.Questionnaires.Contains(questionnaireKey, StringComparer.Ordinal))
            ?? candidates.FirstOrDefault(d => d.AppliesTo.Questionnaires.IsEmpty);
    }

    private IEnumerable<WorkflowDefinition> Current() =>
        All.Select(d => d.Id).Distinct(StringComparer.Ordinal).Select(LatestPublished).OfType<WorkflowDefinition>();

    internal IEnumerable<WorkflowError> FindOverlaps(string label)
    {
        var current = Current().ToList();
        foreach (var tier in Enum.GetValues<RiskTier>())
        {
            var general = current.Where(d => d.AppliesTo.Tiers.Contains(tier) && d.AppliesTo.Questionnaires.IsEmpty).ToList();
            if (general.Count > 1)
            {
                yield return new WorkflowError(label, $"{string.Join(" and ", general)} both apply to tier '{WorkflowDefinitionReader.EnumName(tier)}' for every questionnaire");
            }

            var specific = current.Where(d => d.AppliesTo.Tiers.Contains(tier))
                .SelectMany(d => d.AppliesTo.Questionnaires.Select(q => (Questionnaire: q, Definition: d)))
                .GroupBy(p => p.Questionnaire, StringComparer.Ordinal)
                .Where(g => g.Count() > 1);
            foreach (var group in specific)
            {
                yield return new WorkflowError(label,
                    $"{string.Join(" and ", group.Select(g => g.Definition))} both apply to tier '{WorkflowDefinitionReader.EnumName(tier)}' for questionnaire '{group.Key}'");
            }
        }
    }
}
