using System.Diagnostics;
using System.Text.Json;
using System.Xml.Linq;
using VendorRisk.IntegrationTests.Architecture;

namespace VendorRisk.IntegrationTests.Outputs;

/// <summary>
/// ASVS 5.0 15.1.2 (ADR-049): there was no inventory of the components VendorRisk ships. <c>tools/sbom.cs</c> writes a CycloneDX 1.6
/// SBOM from <c>dotnet list package --include-transitive</c>; CycloneDX's own library (its strict JSON-schema validator) must accept
/// it, and it must name every package the shipped projects reference, at the centrally pinned version.
/// </summary>
public sealed class SbomTests
{
    [ValidatorFact(Validator.Node)]
    public async Task The_sbom_of_the_shipped_projects_is_valid_cyclonedx_and_lists_every_package_they_reference()
    {
        var root = ArchitectureTests.RepositoryRoot();
        var folder = Directory.CreateTempSubdirectory("vendorrisk-sbom-").FullName;
        var file = Path.Combine(folder, "vendorrisk.cdx.json");

        var (exit, output) = await RunAsync(root, "run", "tools/sbom.cs", "--", "--output", file, "--version", "1.0.0-test");

        Assert.True(exit == 0, $"tools/sbom.cs failed ({exit}): {output}");
        var validation = await Validators.NodeAsync("cyclonedx", file);
        Assert.Equal("1.6", validation.GetProperty("specVersion").GetString());
        Assert.True(validation.GetProperty("errors").ValueKind == JsonValueKind.Null, "CycloneDX validator: " + validation.GetProperty("errors"));

        using var bom = JsonDocument.Parse(await File.ReadAllTextAsync(file));
        var components = bom.RootElement.GetProperty("components").EnumerateArray()
            .Select(c => (Name: c.GetProperty("name").GetString()!, Version: c.GetProperty("version").GetString()!, Purl: c.GetProperty("purl").GetString()!))
            .ToList();
        Assert.Equal(components.Count, components.Select(c => c.Purl).Distinct(StringComparer.Ordinal).Count());
        var pinned = XDocument.Load(Path.Combine(root, "Directory.Packages.props")).Descendants("PackageVersion")
            .ToDictionary(p => p.Attribute("Include")!.Value, p => p.Attribute("Version")!.Value, StringComparer.OrdinalIgnoreCase);
        var referenced = Directory.GetFiles(Path.Combine(root, "src"), "*.csproj", SearchOption.AllDirectories)
            .SelectMany(p => XDocument.Load(p).Descendants("PackageReference")).Select(r => r.Attribute("Include")!.Value).Distinct().ToList();
        Assert.NotEmpty(referenced);
        Assert.All(referenced, name => Assert.Contains(components, c =>
            string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase) && c.Version == pinned[name] && c.Purl == $"pkg:nuget/{c.Name}@{c.Version}"));
        // Transitive packages are there too (far more than the direct references).
        Assert.True(components.Count > referenced.Count * 2, $"only {components.Count} components for {referenced.Count} direct references");

        // The validator is no rubber stamp: a component without a name is refused.
        var broken = Path.Combine(folder, "broken.cdx.json");
        await File.WriteAllTextAsync(broken, (await File.ReadAllTextAsync(file)).Replace("\"name\":", "\"nome\":", StringComparison.Ordinal));
        Assert.NotEqual(JsonValueKind.Null, (await Validators.NodeAsync("cyclonedx", broken)).GetProperty("errors").ValueKind);
        Directory.Delete(folder, recursive: true);
    }

    private static async Task<(int Exit, string Output)> RunAsync(string root, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = root, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await error);
    }
}
