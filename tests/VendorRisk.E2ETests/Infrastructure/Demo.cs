using System.Text.Json;

namespace VendorRisk.E2ETests.Infrastructure;

/// <summary>The demo tenant as seed-data/demo-tenant.json describes it (copied next to the tests by the web project).</summary>
public static class Demo
{
    private static readonly Lazy<JsonDocument> Seed = new(() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "seed-data", "demo-tenant.json"))));

    public static string Password => Seed.Value.RootElement.GetProperty("password").GetString()!;

    public static string TenantSlug => Seed.Value.RootElement.GetProperty("tenant").GetProperty("slug").GetString()!;

    public const string Admin = "admin@northwind.example";
    public const string Manager = "manager@northwind.example";
    public const string SecurityReviewer = "security@northwind.example";
    public const string CommitteeMember = "committee1@northwind.example";
    public const string Auditor = "auditor@northwind.example";
    public const string VendorContact = "contact@lumenai.example";
    public const string Operator = "ops@vendorrisk.example";
}
