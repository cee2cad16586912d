using Microsoft.EntityFrameworkCore;
using VendorRisk.Application.Common;
using VendorRisk.Domain.Incidents;
using VendorRisk.Domain.Reassessments;
using VendorRisk.Domain.Tenancy;
using VendorRisk.Infrastructure.Persistence;

namespace VendorRisk.Application.Incidents;

public sealed record IncidentRowDto(Guid Id, Guid VendorId, string VendorName, string Title, IncidentType Type, IncidentStatus Status, DateTimeOffset ReportedAt,
    bool Late, int HoursLate, int WindowHours, bool ByVendor);

public sealed record IncidentChoice(Guid Id, string Name);

/// <summary>The incident list (newest first, at most 500) and the vendors it can be filtered by.</summary>
public sealed record IncidentListDto(IReadOnlyList<IncidentRowDto> Incidents, IReadOnlyList<IncidentChoice> Vendors, bool CanReport);

/// <summary>
/// One incident as read (not tracked), with its vendor, reporter, AI systems and the review proposed for it; <see cref="CanUpdate"/>
/// when the actor may move it on.
/// </summary>
public sealed record IncidentDetailsDto(Incident Incident, string VendorName, string ReportedBy, IReadOnlyList<string> Systems, Guid? ProposalId, bool CanUpdate);

/// <summary>The report form of one vendor: its name and AI systems.</summary>
public sealed record IncidentFormDto(string VendorName, IReadOnlyList<IncidentChoice> Systems);

/// <summary>What any internal member may read about incidents.</summary>
public sealed class IncidentQueries(AppDbContext db, Access access, IncidentReporting reporting)
{
    public static readonly RolePermission Read = new("incidents.read", TenantRolesExtensions.Internal);

    public async Task<Outcome<IncidentListDto>> ListAsync(Guid? vendorId, CancellationToken cancellationToken)
    {
        if (await access.DemandAsync(Read) is { } forbidden) return forbidden;
        var vendors = await db.Vendors.OrderBy(v => v.LegalName).Select(v => new IncidentChoice(v.Id, v.LegalName)).ToListAsync(cancellationToken);
        var query = db.Incidents.AsNoTracking();
        if (vendorId is { } id) query = query.Where(i => i.VendorId == id);
        var rows = await query.OrderByDescending(i => i.ReportedAt).Take(500)
            .Join(db.Vendors, i => i.VendorId, v => v.Id, (i, v) => new IncidentRowDto(i.Id, i.VendorId, v.LegalName, i.Title, i.Type, i.Status,
                i.ReportedAt, i.ReportedLate, i.HoursLate, i.NotificationWindowHours, i.ReportedByVendor))
            .ToListAsync(cancellationToken);
        return new IncidentListDto(rows.OrderByDescending(r => r.ReportedAt).ToList(), vendors, await access.AllowsAsync(IncidentOperations.Report));
    }

    public async Task<Outcome<IncidentDetailsDto>> DetailsAsync(Guid id, CancellationToken cancellationToken)
    {
        if (await access.DemandAsync(Read) is { } forbidden) return forbidden;
        var incident = await db.Incidents.AsNoTracking().SingleOrDefaultAsync(i => i.Id == id, cancellationToken);
        if (incident is null) return Fail.NotFound("There is no such incident.");
        var vendorName = await db.Vendors.Where(v => v.Id == incident.VendorId).Select(v => v.LegalName).SingleAsync(cancellationToken);
        var reportedBy = await db.Users.Where(u => u.Id == incident.ReportedByUserId).Select(u => u.DisplayName + " (" + u.Email + ")")
            .SingleOrDefaultAsync(cancellationToken) ?? "Unknown";
        var ids = incident.AiSystemIds.ToList();
        var systems = await db.AiSystems.Where(s => ids.Contains(s.Id)).OrderBy(s => s.Name).Select(s => s.Name).ToListAsync(cancellationToken);
        var proposalId = await db.ReviewProposals.Where(p => p.VendorId == incident.VendorId && p.Trigger == ProposalTrigger.Incident && p.SourceId == incident.Id)
            .Select(p => (Guid?)p.Id).FirstOrDefaultAsync(cancellationToken);
        return new IncidentDetailsDto(incident, vendorName, reportedBy, systems, proposalId, await access.AllowsAsync(IncidentOperations.Update));
    }

    /// <summary>Whether every one of <paramref name="aiSystemIds"/> is an AI system of the vendor.</summary>
    public async Task<bool> AreVendorSystemsAsync(Guid vendorId, IReadOnlyCollection<Guid> aiSystemIds, CancellationToken cancellationToken) =>
        await reporting.VendorSystemsAsync(vendorId, aiSystemIds, cancellationToken) is not null;

    /// <summary>The vendor's name and AI systems for the report form; NotFound for a vendor this tenant does not have.</summary>
    public async Task<Outcome<IncidentFormDto>> ReportFormAsync(Guid vendorId, CancellationToken cancellationToken)
    {
        if (await access.DemandAsync(Read) is { } forbidden) return forbidden;
        var name = await db.Vendors.Where(v => v.Id == vendorId).Select(v => v.LegalName).SingleOrDefaultAsync(cancellationToken);
        if (string.IsNullOrEmpty(name)) return Fail.NotFound("There is no such vendor.");
        var systems = await db.AiSystems.Where(s => s.VendorId == vendorId).OrderBy(s => s.Name).Select(s => new IncidentChoice(s.Id, s.Name))
            .ToListAsync(cancellationToken);
        return new IncidentFormDto(name, systems);
    }
}
