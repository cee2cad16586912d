using System.Reflection;

namespace VendorRisk.Domain.Tests;

public class ArchitectureTests
{
    [Fact]
    public void Domain_references_neither_EF_Core_nor_ASP_NET_Core()
    {
        var domain = typeof(VendorRisk.Domain.Tenancy.ITenantOwned).Assembly;
        var forbidden = domain.GetReferencedAssemblies()
            .Select(a => a.Name ?? "")
            .Where(n => n.StartsWith("Microsoft.EntityFrameworkCore", StringComparison.Ordinal)
                     || n.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal))
            .ToList();
        Assert.Empty(forbidden);
    }
}
