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
/// read once. A file that does not parse is left out (and named in <see cref="Problems"/>) rather than failing
/// the app; the seed tests keep the shipped files valid.
/// </summary>
public sealed class ShippedTemplates
{
    private readonly Lazy<(ImmutableArray<ShippedTemplate> Templates, ImmutableArray<string> Problems)> _load;

    public ShippedTemplates(string folder) => _load = new(() => Load(folder));

    public ImmutableArray<ShippedTemplate> All => _load.Value.Templates;

    public ImmutableArray<string> Problems => _load.Value.Problems;

    public ShippedTemplate? Find(string? key) =>
        key is null ? null : All.FirstOrDefault(t => string.Equals(t.Key, key, StringComparison.Ordinal));

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
