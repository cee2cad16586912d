using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using VendorRisk.Domain.Assessments;
using VendorRisk.Infrastructure.Persistence;
using VendorRisk.Infrastructure.Tenancy;

namespace VendorRisk.Web.Pages.Assessments;

/// <summary>The tenant's assessments, filterable by status and vendor; overdue ones are marked.</summary>
public sealed class IndexModel(AppDbContext db, TenantContext tenant, TimeProvider clock) : PageModel
{
    public sealed record Row(Guid Id, string Title, Guid VendorId, string VendorName, string TemplateKey, string TemplateVersion,
        AssessmentStatus Status, DateOnly DueOn, decimal? Score);
    public sealed record VendorOption(Guid Id, string Name);

    [BindProperty(SupportsGet = true)] public AssessmentStatus? Status { get; set; }
    [BindProperty(SupportsGet = true)] public Guid? VendorId { get; set; }
    /// <summary>Only overdue ones (<see cref="IsOverdue"/>); the dashboard's overdue count links here.</summary>
    [BindProperty(SupportsGet = true)] public bool Overdue { get; set; }

    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public IReadOnlyList<VendorOption> Vendors { get; private set; } = [];
    public string Slug => tenant.Slug!;
    public DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    public static bool IsOverdue(AssessmentStatus status, DateOnly dueOn, DateOnly today) =>
        dueOn < today && status is AssessmentStatus.Sent or AssessmentStatus.InProgress or AssessmentStatus.ClarificationRequested;

    public async Task OnGetAsync()
    {
        var query = db.Assessments.AsQueryable();
        if (Status is { } status) query = query.Where(a => a.Status == status);
        if (VendorId is { } vendorId) query = query.Where(a => a.VendorId == vendorId);
        if (Overdue)
        {
            var today = Today;
            query = query.Where(a => a.DueOn < today
                && (a.Status == AssessmentStatus.Sent || a.Status == AssessmentStatus.InProgress || a.Status == AssessmentStatus.ClarificationRequested));
        }
        Rows = await query
            .Join(db.Vendors, a => a.VendorId, v => v.Id, (a, v) => new { a, v.LegalName })
            .OrderBy(x => x.a.DueOn).ThenBy(x => x.a.Title)
            .Select(x => new Row(x.a.Id, x.a.Title, x.a.VendorId, x.LegalName, x.a.TemplateKey, x.a.TemplateVersion, x.a.Status, x.a.DueOn, x.a.Score))
            .Take(500)
            .ToListAsync();
        Vendors = await db.Vendors.OrderBy(v => v.LegalName).Select(v => new VendorOption(v.Id, v.LegalName)).ToListAsync();
    }
}
