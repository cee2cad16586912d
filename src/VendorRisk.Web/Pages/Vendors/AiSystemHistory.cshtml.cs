using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using VendorRisk.Domain.Vendors;
using VendorRisk.Infrastructure.Persistence;

namespace VendorRisk.Web.Pages.Vendors;

/// <summary>Every revision of one AI system, newest first, with what changed and whether it was material.</summary>
public sealed class AiSystemHistoryModel(AppDbContext db) : PageModel
{
    public sealed record RevisionRow(int Number, DateTimeOffset ChangedAt, string? ChangedBy, bool IsMaterial, IReadOnlyList<ProfileChange> Changes);

    public string SystemName { get; private set; } = "";
    public string VendorName { get; private set; } = "";
    public Guid VendorId { get; private set; }
    public IReadOnlyList<RevisionRow> Revisions { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(Guid vendorId, Guid id)
    {
        var system = await db.AiSystems.Where(s => s.Id == id && s.VendorId == vendorId)
            .Select(s => new { s.Name, Vendor = db.Vendors.Where(v => v.Id == s.VendorId).Select(v => v.LegalName).Single() })
            .SingleOrDefaultAsync();
        if (system is null) return NotFound();
        (SystemName, VendorName, VendorId) = (system.Name, system.Vendor, vendorId);
        var rows = await db.AiSystemRevisions.Where(r => r.AiSystemId == id).OrderByDescending(r => r.Number)
            .Select(r => new { r.Number, r.ChangedAt, ChangedBy = db.Users.Where(u => u.Id == r.ChangedByUserId).Select(u => u.DisplayName).FirstOrDefault(), r.IsMaterial, r.ChangesJson })
            .ToListAsync();
        Revisions = rows.Select(r => new RevisionRow(r.Number, r.ChangedAt, r.ChangedBy, r.IsMaterial,
            System.Text.Json.JsonSerializer.Deserialize<List<ProfileChange>>(r.ChangesJson) ?? [])).ToList();
        return Page();
    }
}
