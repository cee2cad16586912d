using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using VendorRisk.Domain.Vendors;
using VendorRisk.Infrastructure.Persistence;

namespace VendorRisk.Web.Pages.Vendors;

/// <summary>
/// Concentration: which foundation-model providers and subprocessors our vendors depend on, most shared first,
/// so a single provider behind many vendors stands out.
/// </summary>
public sealed class FourthPartiesModel(AppDbContext db) : PageModel
{
    public sealed record VendorLink(Guid Id, string Name);
    public sealed record Party(string Name, DependencyKind Kind, IReadOnlyList<VendorLink> Vendors);

    public IReadOnlyList<Party> Providers { get; private set; } = [];
    public IReadOnlyList<Party> Subprocessors { get; private set; } = [];

    public async Task OnGetAsync()
    {
        var rows = await db.AiSystemDependencies
            .Join(db.Vendors, d => d.VendorId, v => v.Id, (d, v) => new { d.Kind, d.Name, VendorId = v.Id, v.LegalName })
            .Distinct()
            .ToListAsync();
        var parties = rows
            .GroupBy(r => (r.Kind, Key: r.Name.ToUpperInvariant()))
            .Select(g => new Party(g.First().Name, g.Key.Kind,
                g.DistinctBy(r => r.VendorId).OrderBy(r => r.LegalName).Select(r => new VendorLink(r.VendorId, r.LegalName)).ToList()))
            .OrderByDescending(p => p.Vendors.Count).ThenBy(p => p.Name)
            .ToList();
        Providers = parties.Where(p => p.Kind == DependencyKind.FoundationModelProvider).ToList();
        Subprocessors = parties.Where(p => p.Kind == DependencyKind.Subprocessor).ToList();
    }
}
