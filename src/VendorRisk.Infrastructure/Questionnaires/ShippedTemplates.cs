using System.Collections.Immutable;
using VendorRisk.Domain.Questionnaires;
using VendorRisk.Domain.Questionnaires.Serialization;

namespace VendorRisk.Infrastructure.Questionnaires;

/// <summary>A template that ships with VendorRisk: read-only, the same for every tenant.</summary>
public sealed record ShippedTemplate(string Key, string Version, string Title, string? Description, string FileName, QuestionnaireDefinition Definition)
{
    /// <summary>Recorded on a tenant's clone: "key@version".</summary>
    public string Reference => $"{Key}@{Version}";
}

/// <summary>
/// The shipped template library: every <c>*.json</c> in <c>seed-data/questionnaires</c> of the output folder,
/// read once. A key may ship in several versions (one file each, e.g. 1.0.0 and 2.0.0 of the AI vendor questionnaire):
/// the library offers the latest, and older ones stay loadable for comparison and answer carry-over. A file that does
/// not parse is left out (and named in <see cref="Problems"/>) rather than failing the app; the seed tests keep the
/// shipped files valid.
/// </summary>
public sealed class ShippedTemplates
{
    private readonly Lazy<(ImmutableArray<ShippedTemplate> Templates, ImmutableArray<string> Problems)> _load;

    public ShippedTemplates(string folder) => _load = new(() => Load(folder));

    /// <summary>Every shipped version, in file order.</summary>
    public ImmutableArray<ShippedTemplate> All => _load.Value.Templates;

    /// <summary>The latest version of each key, in the order the keys first appear: what the library offers.</summary>
    public ImmutableArray<ShippedTemplate> Latest => [.. All.Select(t => t.Key).Distinct(StringComparer.Ordinal).Select(key => Find(key)!)];

    public ImmutableArray<string> Problems => _load.Value.Problems;

    /// <summary>The latest shipped version of the key, or null.</summary>
    public ShippedTemplate? Find(string? key) => Versions(key) is { Count: > 0 } versions ? versions[^1] : null;

    /// <summary>One shipped version of the key, or null.</summary>
    public ShippedTemplate? Find(string? key, string? version) =>
        Versions(key).FirstOrDefault(t => string.Equals(t.Version, version, StringComparison.Ordinal));

    /// <summary>Every shipped version of the key, oldest first.</summary>
    public IReadOnlyList<ShippedTemplate> Versions(string? key) => key is null ? []
        : [.. All.Where(t => string.Equals(t.Key, key, StringComparison.Ordinal)).OrderBy(t => t.Definition.Version)];

    private static (ImmutableArray<ShippedTemplate>, ImmutableArray<string>) Load(string folder)
    {
        var templates = ImmutableArray.CreateBuilder<ShippedTemplate>();
        var problems = ImmutableArray.CreateBuilder<string>();
        if (!Directory.Exists(folder))
        {
            return ([], [$"{folder} does not exist"]);
        }

        foreach (var file in Directory.EnumerateFiles(folder, "*.json").Order(StringComparer.Ordinal))
        {
            var parsed = QuestionnaireJson.Parse(File.ReadAllText(file));
            if (parsed.IsFailure)
            {
                problems.Add($"{Path.GetFileName(file)}: {string.Join("; ", parsed.Errors)}");
                continue;
            }

            var d = parsed.Value;
            templates.Add(new ShippedTemplate(d.Id, d.Version.ToString(), d.Title, d.Description, Path.GetFileName(file), d));
        }

        return (templates.ToImmutable(), problems.ToImmutable());
    }
}
