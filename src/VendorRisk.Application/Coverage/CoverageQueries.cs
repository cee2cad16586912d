using Hangfire;
using Microsoft.EntityFrameworkCore;
using VendorRisk.Application.Common;
using VendorRisk.Domain.Coverage;
using VendorRisk.Domain.Tenancy;
using VendorRisk.Infrastructure.Persistence;

namespace VendorRisk.Application.Coverage;

/// <summary>What the portfolio coverage shows: one framework (all when null), and optionally the vendors of one control and status.</summary>
public sealed record CoverageFilter(string? Framework, string? Control, string? Status);

public sealed record CoverageControlRow(CatalogueControl Control, int Supported, int Weak, int Missing);

public sealed record CoverageVendorRow(Guid Id, string Name);

/// <summary>
/// The portfolio's coverage per catalogue control. <see cref="FrameworkError"/> and <see cref="DrillError"/> say why a filter of a
/// hand-edited link was not applied; <see cref="Pending"/> counts stale vendors left to the background job.
/// </summary>
public sealed record PortfolioCoverage(string? FrameworkId, string? FrameworkError, CatalogueControl? SelectedControl, CoverageStatus? SelectedStatus,
    string? DrillError, IReadOnlyList<CoverageControlRow> Rows, int AssessedVendors, int UnassessedVendors, int Pending,
    IReadOnlyList<CoverageVendorRow> Vendors);

/// <summary>One vendor's coverage, computed now.</summary>
public sealed record VendorCoverageView(Guid VendorId, string VendorName, VendorCoverage Coverage);

/// <summary>
/// Control coverage for internal members (ADR-016): the portfolio, read from the stored coverage after refreshing what went stale
/// (at most <see cref="RefreshPerRequest"/> vendors per request; more than that goes to <see cref="CoverageRefreshJob"/>), and one
/// vendor's coverage computed live. Another tenant's vendor is not found.
/// </summary>
public sealed class CoverageQueries(AppDbContext db, Access access, CoverageService coverage, IBackgroundJobClient jobs)
{
    public const int RefreshPerRequest = 50;
    public const int VendorsShown = 500;

    public static readonly RolePermission Read = new("coverage.read", TenantRolesExtensions.Internal);

    public ControlCatalogue Catalogue => coverage.Catalogue;

    public async Task<Outcome<PortfolioCoverage>> PortfolioAsync(CoverageFilter filter, CancellationToken cancellationToken)
    {
        if (await access.DemandAsync(Read) is { } forbidden) return forbidden;
        var catalogue = coverage.Catalogue;
        var framework = string.IsNullOrWhiteSpace(filter.Framework) ? null : catalogue.Framework(filter.Framework.Trim());
        var frameworkError = !string.IsNullOrWhiteSpace(filter.Framework) && framework is null ? "Choose a framework from the list." : null;
        CatalogueControl? selectedControl = null;
        CoverageStatus? selectedStatus = null;
        string? drillError = null;
        if (!string.IsNullOrWhiteSpace(filter.Control))
        {
            selectedControl = catalogue.Find(filter.Control.Trim());
            if (selectedControl is null) drillError = "There is no such control in the catalogue.";
            else if (Enum.TryParse<CoverageStatus>(filter.Status, ignoreCase: true, out var status) && Enum.IsDefined(status) && !char.IsAsciiDigit(filter.Status![0]))
                selectedStatus = status;
            else drillError = "Choose supported, weak or missing.";
        }

        var pending = await coverage.RefreshAsync(RefreshPerRequest, cancellationToken);
        if (pending > 0)
        {
            var tenantId = access.Tenant.TenantId!.Value;
            jobs.Enqueue<CoverageRefreshJob>(j => j.RunAsync(tenantId, CancellationToken.None));
        }

        var entries = db.Set<CoverageEntry>().AsNoTracking();
        if (framework is not null) entries = entries.Where(e => e.Framework == framework.Id);
        var counts = await entries.GroupBy(e => new { e.ControlId, e.Status }).Select(g => new { g.Key.ControlId, g.Key.Status, Count = g.Count() })
            .ToListAsync(cancellationToken);
        var byControl = counts.ToLookup(c => c.ControlId, StringComparer.Ordinal);
        int Count(string control, CoverageStatus status) => byControl[control].Where(c => c.Status == status).Sum(c => c.Count);
        var rows = catalogue.Controls.Where(c => framework is null || c.Framework == framework.Id)
            .Select(c => new CoverageControlRow(c, Count(c.Id, CoverageStatus.Supported), Count(c.Id, CoverageStatus.Weak), Count(c.Id, CoverageStatus.Missing)))
            .ToList();
        var assessed = await db.Set<CoverageSnapshot>().CountAsync(s => s.Supported + s.Weak + s.Missing > 0, cancellationToken);
        var unassessed = await db.Vendors.CountAsync(cancellationToken) - assessed;

        IReadOnlyList<CoverageVendorRow> vendors = [];
        if (selectedControl is { } control && selectedStatus is { } selected)
        {
            vendors = await db.Set<CoverageEntry>().AsNoTracking().Where(e => e.ControlId == control.Id && e.Status == selected)
                .Join(db.Vendors, e => e.VendorId, v => v.Id, (e, v) => new { v.Id, v.LegalName })
                .OrderBy(v => v.LegalName).Take(VendorsShown).Select(v => new CoverageVendorRow(v.Id, v.LegalName)).ToListAsync(cancellationToken);
        }
        return new PortfolioCoverage(framework?.Id, frameworkError, selectedControl, selectedStatus, drillError, rows, assessed, unassessed, pending, vendors);
    }

    /// <summary>One vendor's coverage from its latest submitted assessment, computed now.</summary>
    public async Task<Outcome<VendorCoverageView>> VendorAsync(Guid vendorId, CancellationToken cancellationToken)
    {
        if (await access.DemandAsync(Read) is { } forbidden) return forbidden;
        var name = await db.Vendors.AsNoTracking().Where(v => v.Id == vendorId).Select(v => v.LegalName).SingleOrDefaultAsync(cancellationToken);
        if (name is null) return Fail.NotFound("There is no such vendor.");
        return new VendorCoverageView(vendorId, name, await coverage.ComputeAsync(vendorId, cancellationToken));
    }
}

/// <summary>Keeping the stored coverage up to date: a person's read refreshes a few vendors, the background job the rest.</summary>
public sealed class CoverageOperations(CoverageService coverage, Access access)
{
    public static readonly RolePermission Refresh = new("coverage.refresh", TenantRolesExtensions.Internal, ForJobs: true);

    /// <summary>Recomputes stale stored coverage (at most <paramref name="limit"/> vendors; all when null); how many stale vendors remain.</summary>
    public async Task<Outcome<int>> RefreshAsync(int? limit, CancellationToken cancellationToken)
    {
        if (await access.DemandAsync(Refresh) is { } forbidden) return forbidden;
        return await coverage.RefreshAsync(limit, cancellationToken);
    }
}
