using System.Collections.Frozen;
using System.Text.Json;
using VendorRisk.Domain.Common;

namespace VendorRisk.Domain.Coverage;

public sealed record ControlFramework(string Id, string Name);

/// <summary>One control of the catalogue: its id (<c>framework:version:control</c>), framework id and our own short title.</summary>
public sealed record CatalogueControl(string Id, string Framework, string Title)
{
    /// <summary>The control part of the id, e.g. <c>A.5.19</c> of <c>iso27001:2022:A.5.19</c>.</summary>
    public string Code => Id.Length > Framework.Length + 1 ? Id[(Framework.Length + 1)..] : Id;
}

/// <summary>
/// The control catalogue (<c>seed-data/controls.json</c>): frameworks and controls in file order. Coverage is stated
/// for every catalogue control, so a control no question maps to shows up as missing rather than being left out.
/// </summary>
public sealed class ControlCatalogue
{
    private readonly FrozenDictionary<string, CatalogueControl> _byId;

    public ControlCatalogue(IEnumerable<ControlFramework> frameworks, IEnumerable<CatalogueControl> controls)
    {
        Frameworks = [.. frameworks];
        Controls = [.. controls];
        var frameworkIds = Frameworks.Select(f => f.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var control in Controls)
        {
            if (!frameworkIds.Contains(control.Framework))
                throw new DomainException($"Control {control.Id} names the unknown framework {control.Framework}.");
            if (!control.Id.StartsWith(control.Framework + ":", StringComparison.Ordinal))
                throw new DomainException($"Control {control.Id} does not start with its framework id {control.Framework}.");
        }
        var duplicate = Controls.GroupBy(c => c.Id, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new DomainException($"Control {duplicate.Key} is in the catalogue twice.");
        _byId = Controls.ToFrozenDictionary(c => c.Id, StringComparer.Ordinal);
    }

    public IReadOnlyList<ControlFramework> Frameworks { get; }

    public IReadOnlyList<CatalogueControl> Controls { get; }

    public CatalogueControl? Find(string controlId) => _byId.GetValueOrDefault(controlId);

    public ControlFramework? Framework(string frameworkId) => Frameworks.FirstOrDefault(f => f.Id == frameworkId);

    /// <summary>Reads the catalogue file's JSON (<c>frameworks</c> with id and name, <c>controls</c> with id, framework and title).</summary>
    public static ControlCatalogue Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var frameworks = root.GetProperty("frameworks").EnumerateArray()
            .Select(f => new ControlFramework(Text(f, "id"), Text(f, "name"))).ToList();
        var controls = root.GetProperty("controls").EnumerateArray()
            .Select(c => new CatalogueControl(Text(c, "id"), Text(c, "framework"), Text(c, "title"))).ToList();
        return new ControlCatalogue(frameworks, controls);
    }

    private static string Text(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(value.GetString())
            ? value.GetString()!
            : throw new DomainException($"A catalogue entry has no {property}.");
}
