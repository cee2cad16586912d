using VendorRisk.Domain.Tenancy;
using VendorRisk.Domain.Vendors;

namespace VendorRisk.Infrastructure.Persistence;

/// <summary>
/// A running count the portfolio dashboard reads instead of counting the tenant's rows (ADR-019), e.g.
/// <c>vendors/tier/High</c> or <c>decisions/2026-11/3x4</c>. Kept by the portfolio counters (Infrastructure/Portfolio) in the same transaction
/// as the change it counts.
/// </summary>
public sealed class PortfolioCounter : ITenantOwned
{
    public const int NameMaxLength = 60;

    public Guid TenantId { get; init; }
    public string Name { get; init; } = "";
    public int Value { get; init; }
}

/// <summary>How many of a tenant's vendors depend on one foundation-model provider or subprocessor (ADR-019).</summary>
public sealed class PartyConcentration : ITenantOwned
{
    public Guid TenantId { get; init; }
    public DependencyKind Kind { get; init; }
    /// <summary><see cref="AiSystemDependency.NameKey"/>: the party as names are compared.</summary>
    public string NameKey { get; init; } = "";
    /// <summary>The name as a vendor wrote it (the first in ordinal order, as the dashboard always showed it).</summary>
    public string Name { get; init; } = "";
    public int Vendors { get; init; }
}

