namespace VendorRisk.Domain.Vendors;

/// <summary>How much the business depends on the vendor's service.</summary>
public enum BusinessCriticality
{
    Low,
    Medium,
    High,
    Critical,
}
