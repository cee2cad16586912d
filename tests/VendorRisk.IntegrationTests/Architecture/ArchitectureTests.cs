using System.Reflection;
using Microsoft.EntityFrameworkCore;
using VendorRisk.Application;
using VendorRisk.Infrastructure.Persistence;
using VendorRisk.Infrastructure.Tenancy;

namespace VendorRisk.IntegrationTests.Architecture;

/// <summary>
/// The shape of the code (ADR-020), read from the compiled assemblies: folders that layer without circles, page folders that are
/// no libraries, pages and the API that reach data only through the application layer, and one door into a tenant. Each rule is
/// also run on deliberate violations (<see cref="ArchitectureRuleTests"/>), so a green run means something.
/// </summary>
public sealed class ArchitectureTests
{
    private static readonly Assembly Infrastructure = typeof(AppDbContext).Assembly;
    private static readonly Assembly Application = typeof(ApplicationServiceCollectionExtensions).Assembly;
    private static readonly Assembly Web = typeof(Program).Assembly;

    [Fact]
    public void Folders_of_infrastructure_and_the_application_layer_use_each_other_in_no_circle()
    {
        var references = TypeReferences.Of(Infrastructure).Concat(TypeReferences.Of(Application));
        var cycles = FolderRules.Cycles(references, "VendorRisk.Infrastructure", "VendorRisk.Application");
        Assert.True(cycles.Count == 0, "Folders that use each other in a circle:" + Environment.NewLine + string.Join(Environment.NewLine, cycles));
    }

    [Fact]
    public void No_page_folder_is_used_from_outside_it()
    {
        var leaks = FolderRules.PageFolderLeaks(TypeReferences.Of(Web), "VendorRisk.Web.Pages");
        Assert.True(leaks.Count == 0, "Page folders used as libraries (move the piece to the application layer or Pages/Shared):"
            + Environment.NewLine + string.Join(Environment.NewLine, leaks));
    }

    [Fact]
    public void No_page_renders_a_partial_of_another_page_folder()
    {
        var pages = Path.Combine(RepositoryRoot(), "src", "VendorRisk.Web", "Pages");
        var leaks = Directory.EnumerateFiles(pages, "*.cshtml", SearchOption.AllDirectories)
            .SelectMany(file => File.ReadLines(file).Select((line, i) => (file, line, i)))
            .Where(x => System.Text.RegularExpressions.Regex.IsMatch(x.line, @"(partial\s+name=""|PartialAsync\(\s*"")(/Pages/(?!Shared/)|\.\./)"))
            .Select(x => $"{Path.GetRelativePath(pages, x.file)}:{x.i + 1}: {x.line.Trim()}")
            .ToList();
        Assert.True(leaks.Count == 0, "Partials of another page folder (move them to Pages/Shared):" + Environment.NewLine + string.Join(Environment.NewLine, leaks));
    }

    /// <summary>The composition root wires EF Core (Identity stores, data-protection keys, health) and is allowed to name it.</summary>
    private static readonly string[] CompositionRoot =
    [
        "VendorRisk.Web.VendorRiskHost", "VendorRisk.Web.WebServiceCollectionExtensions", "VendorRisk.Web.Security.DatabaseHealthCheck",
    ];

    [Fact]
    public void Pages_and_the_api_reach_data_only_through_the_application_layer()
    {
        var direct = DirectDataAccess().ToList();
        Assert.True(direct.Count == 0, "Pages or API code that use the DbContext or EF Core directly (call an operation or a query of the application layer):"
            + Environment.NewLine + string.Join(Environment.NewLine, direct));
    }

    private static IEnumerable<string> DirectDataAccess() =>
        TypeReferences.Of(Web)
            .Where(r => r.To == typeof(AppDbContext).FullName || r.ToNamespace.StartsWith("Microsoft.EntityFrameworkCore", StringComparison.Ordinal))
            .Where(r => !CompositionRoot.Contains(r.From))
            .Select(Owner)
            .Distinct().Order(StringComparer.Ordinal);

    /// <summary>A page folder ("Pages/Vendors") or a type outside Pages ("VendorRisk.Web.Api.VendorEndpoints").</summary>
    private static string Owner(TypeReference r) =>
        FolderRules.PageFolderOf(r.FromNamespace, r.FromView, "VendorRisk.Web.Pages") is { } folder ? "Pages/" + folder : r.From;

    /// <summary>
    /// Where a scope may enter a tenant (the door and the job runner) or read past the tenant filters (the door, the audit chain's
    /// head, the cross-tenant recount of the portfolio counters): everything else reads and writes inside the tenant it entered.
    /// </summary>
    private static readonly string[] MayEnterTenants =
    [
        "VendorRisk.Application.Tenancy.TenantDoor",
    ];

    private static readonly string[] MayIgnoreTenantFilters =
    [
        "VendorRisk.Application.Tenancy.TenantDoor",
        "VendorRisk.Infrastructure.Persistence.AppDbContext",
        "VendorRisk.Infrastructure.Portfolio.PortfolioCounters",
    ];

    [Fact]
    public void Tenants_are_entered_and_their_filters_bypassed_only_at_the_door()
    {
        var entering = TenantEntries().ToList();
        var bypassing = FilterBypasses().ToList();
        Assert.True(entering.Count == 0, "Entering a tenant outside the door: " + string.Join(", ", entering));
        Assert.True(bypassing.Count == 0, "Reading past the tenant filters outside the door: " + string.Join(", ", bypassing));
    }

    private static List<MethodCall> Calls() => [.. new[] { Infrastructure, Application, Web }.SelectMany(TypeReferences.CallsOf)];

    private static IEnumerable<string> TenantEntries() => Calls()
        .Where(c => c.DeclaringType == typeof(TenantContext).FullName && c.Method.StartsWith("EnterAs", StringComparison.Ordinal))
        .Select(c => c.From).Distinct().Except(MayEnterTenants).Select(OwnerOfType).Distinct().Order(StringComparer.Ordinal);

    private static IEnumerable<string> FilterBypasses() => Calls()
        .Where(c => c.DeclaringType == typeof(EntityFrameworkQueryableExtensions).FullName
            && c.Method == nameof(EntityFrameworkQueryableExtensions.IgnoreQueryFilters))
        .Select(c => c.From).Distinct().Except(MayIgnoreTenantFilters).Select(OwnerOfType).Distinct().Order(StringComparer.Ordinal);

    /// <summary>A page model's or page type's folder ("Pages/Portal"); any other type by its full name.</summary>
    private static string OwnerOfType(string fullName) =>
        fullName.StartsWith("VendorRisk.Web.Pages.", StringComparison.Ordinal) && fullName.Split('.') is { Length: > 4 } parts
            ? "Pages/" + parts[3]
            : fullName;

    internal static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "VendorRisk.sln"))) directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("The repository root (VendorRisk.sln) is not above the test output.");
    }
}
