using Microsoft.EntityFrameworkCore;
using VendorRisk.Application.Common;
using VendorRisk.Application.Reassessments;
using VendorRisk.Domain.Common;
using VendorRisk.Domain.Incidents;
using VendorRisk.Domain.Reassessments;
using VendorRisk.Domain.Tenancy;
using VendorRisk.Infrastructure.Audit;
using VendorRisk.Infrastructure.Email;
using VendorRisk.Infrastructure.Persistence;

namespace VendorRisk.Application.Incidents;

/// <summary>Reporting an incident at a vendor and moving it on: status, lessons learned, a review proposed to the vendor's owner.</summary>
public sealed class IncidentOperations(AppDbContext db, Access access, IncidentReporting reporting, ReviewProposals proposals, EmailOutbox outbox,
    AuditLog audit, TimeProvider clock)
{
    public static readonly RolePermission Report = new("incidents.report",
        TenantRoles.TenantAdmin | TenantRoles.VendorManager | TenantRoles.Reviewer | TenantRoles.CommitteeMember);
    public static readonly RolePermission Update = new("incidents.update", TenantRoles.TenantAdmin | TenantRoles.VendorManager | TenantRoles.Reviewer);

    public const string SystemsMessage = "Choose among this vendor's AI systems.";

    private const string Stale = "Someone else changed this incident while you were looking at it. The page now shows the current state; please try again.";

    /// <summary>
    /// Records an incident at a vendor of this tenant and notifies its owner and the admins, in one save; its id on success. The report's
    /// own fields are checked by the form (<c>IncidentForm</c>); here the AI systems must be the vendor's.
    /// </summary>
    public async Task<Outcome<Guid>> ReportAsync(Guid vendorId, Func<IReadOnlyCollection<Guid>, IncidentReport> report, IReadOnlyCollection<Guid> aiSystemIds,
        CancellationToken cancellationToken)
    {
        if (!await db.Vendors.AnyAsync(v => v.Id == vendorId, cancellationToken)) return Fail.NotFound("There is no such vendor.");
        if (await access.DemandAsync(Report) is { } forbidden) return forbidden;
        var systems = await reporting.VendorSystemsAsync(vendorId, aiSystemIds, cancellationToken);
        if (systems is null) return Fail.Invalid("AiSystemIds", SystemsMessage);
        Incident incident;
        try
        {
            incident = await reporting.ReportAsync(vendorId, report(systems), access.Tenant.UserId!.Value, byVendor: false, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DomainException e)
        {
            db.ChangeTracker.Clear();
            return Fail.Invalid("", e.Message);
        }
        outbox.NudgeDelivery();
        return incident.Id;
    }

    /// <summary>Moves the incident to <paramref name="to"/> (closing needs the lessons learned). Invalid on <c>NextStatus</c>.</summary>
    public Task<Outcome<string>> MoveStatusAsync(Guid id, IncidentStatus? to, int expectedVersion, CancellationToken cancellationToken) =>
        ChangeAsync(id, expectedVersion, "NextStatus", incident =>
        {
            if (to is not { } status) throw new DomainException("Choose a status.");
            var from = incident.Status;
            incident.MoveTo(status, clock.GetUtcNow());
            audit.Record("incident.status-changed", nameof(Incident), incident.Id, new { from = from.ToString(), to = status.ToString() });
            return Task.FromResult($"The incident is now {Incident.Describe(status)}.");
        }, cancellationToken);

    /// <summary>Records the lessons learned. Invalid on <c>LessonsLearned</c>.</summary>
    public Task<Outcome<string>> RecordLessonsAsync(Guid id, string? lessons, int expectedVersion, CancellationToken cancellationToken) =>
        ChangeAsync(id, expectedVersion, "LessonsLearned", incident =>
        {
            incident.RecordLessonsLearned(lessons, clock.GetUtcNow());
            audit.Record("incident.lessons-recorded", nameof(Incident), incident.Id, new { lessons = incident.LessonsLearned });
            return Task.FromResult("The lessons learned were saved.");
        }, cancellationToken);

    /// <summary>Proposes a review of the incident's vendor to its owner, once per incident.</summary>
    public Task<Outcome<string>> StartReviewAsync(Guid id, int expectedVersion, CancellationToken cancellationToken) =>
        ChangeAsync(id, expectedVersion, "", async incident =>
        {
            var proposal = await proposals.ProposeAsync(incident.VendorId, ProposalTrigger.Incident, $"{incident.Id:N}", incident.Id,
                $"{Incident.Describe(incident.Type)} reported on {incident.ReportedAt:yyyy-MM-dd}: {incident.Title}.", cancellationToken);
            return proposal is null ? "A review was already proposed for this incident." : "A review was proposed to the vendor's owner.";
        }, cancellationToken);

    /// <summary>One change of an incident at the version the person read, in one save; the message to show on success.</summary>
    private async Task<Outcome<string>> ChangeAsync(Guid id, int expectedVersion, string field, Func<Incident, Task<string>> change,
        CancellationToken cancellationToken)
    {
        var incident = await db.Incidents.SingleOrDefaultAsync(i => i.Id == id, cancellationToken);
        if (incident is null) return Fail.NotFound("There is no such incident.");
        if (await access.DemandAsync(Update) is { } forbidden) return forbidden;
        db.Entry(incident).Property(i => i.Version).OriginalValue = expectedVersion;
        string message;
        try
        {
            message = await change(incident);
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DomainException e)
        {
            db.ChangeTracker.Clear();
            return Fail.Invalid(field, e.Message);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            return Fail.Conflict(Stale);
        }
        outbox.NudgeDelivery();
        return message;
    }
}
