namespace VendorRisk.Domain.Common;

public static class Ids
{
    /// <summary>Time-ordered GUIDs keep inserts at the end of clustered indexes on SQL Server.</summary>
    public static Guid New() => Guid.CreateVersion7();
}
