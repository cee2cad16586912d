// Writes the software bill of materials of what VendorRisk ships, as CycloneDX 1.6 JSON (ASVS 5.0 15.1.2; ADR-049).
//
//   dotnet run tools/sbom.cs -- [--output vendorrisk.cdx.json] [--version 1.2.3]
//
// Run from the repository root after a restore (a build or `dotnet restore VendorRisk.sln`). Reads
// `dotnet list <project> package --include-transitive --format json` for each shipped project (src/VendorRisk.Domain,
// Infrastructure, Application and Web; the tests and tools ship nothing) and lists every NuGet package the published app carries,
// direct or transitive, once per name and version, with its package URL (pkg:nuget/Name@Version), and which projects use it
// directly. Exit code 0 = written, 2 = a project could not be listed (not restored, or the SDK failed).
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

string[] shipped = ["src/VendorRisk.Domain", "src/VendorRisk.Infrastructure", "src/VendorRisk.Application", "src/VendorRisk.Web"];
var output = "vendorrisk.cdx.json";
var appVersion = "0.0.0";
for (var i = 0; i < args.Length; i++)
{
    if (args[i] == "--output" && i + 1 < args.Length) output = args[++i];
    else if (args[i] == "--version" && i + 1 < args.Length) appVersion = args[++i];
    else
    {
        Console.Error.WriteLine("Usage: dotnet run tools/sbom.cs -- [--output <file>] [--version <app version>]");
        return 2;
    }
}

// name@version -> (name, version, projects that reference it directly)
var packages = new SortedDictionary<string, (string Name, string Version, SortedSet<string> DirectIn)>(StringComparer.OrdinalIgnoreCase);
foreach (var project in shipped)
{
    var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
    foreach (var a in new[] { "list", project, "package", "--include-transitive", "--format", "json" }) start.ArgumentList.Add(a);
    using var process = Process.Start(start)!;
    var stdout = process.StandardOutput.ReadToEndAsync();
    var stderr = process.StandardError.ReadToEndAsync();
    await process.WaitForExitAsync();
    var text = await stdout;
    JsonNode? listed;
    try
    {
        listed = process.ExitCode == 0 ? JsonNode.Parse(text) : null;
    }
    catch (JsonException)
    {
        listed = null;
    }
    if (listed?["projects"] is not JsonArray projects || projects.Any(p => p?["frameworks"] is null))
    {
        Console.Error.WriteLine($"Could not list the packages of {project} (restore it first): {text}{await stderr}".Trim());
        return 2;
    }
    var name = Path.GetFileName(project);
    foreach (var framework in projects.SelectMany(p => p!["frameworks"]!.AsArray()))
    {
        foreach (var (kind, direct) in new[] { ("topLevelPackages", true), ("transitivePackages", false) })
        {
            foreach (var package in framework?[kind]?.AsArray() ?? [])
            {
                var id = package!["id"]!.GetValue<string>();
                var version = package["resolvedVersion"]!.GetValue<string>();
                var key = id + "@" + version;
                if (!packages.TryGetValue(key, out var entry)) packages[key] = entry = (id, version, new SortedSet<string>(StringComparer.Ordinal));
                if (direct) entry.DirectIn.Add(name);
            }
        }
    }
}

static string Purl(string name, string version) => $"pkg:nuget/{Uri.EscapeDataString(name)}@{Uri.EscapeDataString(version)}";

var components = new JsonArray();
foreach (var (name, version, directIn) in packages.Values)
{
    var component = new JsonObject
    {
        ["type"] = "library",
        ["bom-ref"] = Purl(name, version),
        ["name"] = name,
        ["version"] = version,
        ["purl"] = Purl(name, version),
        ["scope"] = "required",
    };
    if (directIn.Count > 0)
        component["properties"] = new JsonArray(new JsonObject { ["name"] = "vendorrisk:direct-dependency-of", ["value"] = string.Join(",", directIn) });
    components.Add((JsonNode)component);
}

var bom = new JsonObject
{
    ["$schema"] = "http://cyclonedx.org/schema/bom-1.6.schema.json",
    ["bomFormat"] = "CycloneDX",
    ["specVersion"] = "1.6",
    ["serialNumber"] = "urn:uuid:" + Guid.NewGuid().ToString("D", CultureInfo.InvariantCulture),
    ["version"] = 1,
    ["metadata"] = new JsonObject
    {
        ["timestamp"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        ["tools"] = new JsonObject
        {
            ["components"] = new JsonArray(new JsonObject { ["type"] = "application", ["name"] = "tools/sbom.cs", ["version"] = "1" }),
        },
        ["component"] = new JsonObject
        {
            ["type"] = "application",
            ["bom-ref"] = "vendorrisk",
            ["name"] = "VendorRisk",
            ["version"] = appVersion,
        },
    },
    ["components"] = components,
    ["dependencies"] = new JsonArray(new JsonObject
    {
        ["ref"] = "vendorrisk",
        ["dependsOn"] = new JsonArray([.. packages.Values.Select(p => (JsonNode)JsonValue.Create(Purl(p.Name, p.Version))!)]),
    }),
};
await File.WriteAllTextAsync(output, bom.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
Console.WriteLine($"{output}: {packages.Count} components (CycloneDX 1.6)");
return 0;
