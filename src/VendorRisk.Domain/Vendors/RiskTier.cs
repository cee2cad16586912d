namespace VendorRisk.Domain.Vendors;

/// <summary>Inherent risk tier: how much harm the vendor could do before any control is considered.</summary>
public enum RiskTier
{
    Low,
    Medium,
    High,
    Critical,
}

/// <summary>How much the business depends on the vendor's service.</summary>
public enum BusinessCriticality
{
    Low,
    Medium,
    High,
    Critical,
}
