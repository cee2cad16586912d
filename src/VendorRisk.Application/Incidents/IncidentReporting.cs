using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using VendorRisk.Domain.Incidents;
using VendorRisk.Infrastructure.Audit;
using VendorRisk.Infrastructure.Email;
using VendorRisk.Infrastructure.Persistence;
using VendorRisk.Application.Reassessments;
using VendorRisk.Infrastructure.Tenancy;
using VendorRisk.Infrastructure.Links;

namespace VendorRisk.Application.Incidents;

/// <summary>What a reporter entered (the portal's and the internal form's fields).</summary>
public sealed record IncidentReport(IncidentType Type, string Title, string? Description, DateTimeOffset StartedAt, DateTimeOffset DetectedAt,
    IReadOnlyCollection<Guid> AiSystemIds, string? DataAffected, string? ActionsTaken);

/// <summary>
/// Records an incident for the current tenant with the notification window in force, and e-mails the vendor's owner and the tenant
/// admins at once (outbox rows in the same transaction). The caller has checked that the reporter may report for this vendor.
/// </summary>
public sealed class IncidentReporting(AppDbContext db, TenantContext tenant, IIncidentNotificationWindow windows, EmailOutbox outbox, AuditLog audit,
    TimeProvider clock, PublicLinks links)
{
    public const string KindReported = "incident-reported";

    /// <summary>The systems of <paramref name="vendorId"/> among <paramref name="ids"/>; null when one is not the vendor's.</summary>
    public async Task<List<Guid>?> VendorSystemsAsync(Guid vendorId, IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken)
    {
        var distinct = ids.Distinct().ToList();
        var found = await db.AiSystems.Where(s => s.VendorId == vendorId && distinct.Contains(s.Id)).Select(s => s.Id).ToListAsync(cancellationToken);
        return found.Count == distinct.Count ? distinct : null;
    }

    public async Task<Incident> ReportAsync(Guid vendorId, IncidentReport report, Guid reportedBy, bool byVendor, CancellationToken cancellationToken)
    {
        var window = await windows.ForVendorAsync(vendorId, report.DetectedAt, cancellationToken);
        var incident = Incident.Report(vendorId, report.Type, report.Title, report.Description, report.StartedAt, report.DetectedAt, report.AiSystemIds,
            report.DataAffected, report.ActionsTaken, reportedBy, byVendor, window.Hours, window.Source, clock.GetUtcNow());
        db.Incidents.Add(incident);

        var names = await db.Tenants.Where(t => t.Id == tenant.TenantId).Select(t => new { t.Slug, t.Name }).SingleAsync(cancellationToken);
        var vendorName = await db.Vendors.Where(v => v.Id == vendorId).Select(v => v.LegalName).SingleAsync(cancellationToken);
        var link = links.IncidentDetails(names.Slug, incident.Id);
        var mail = Reported(names.Name, vendorName, incident, link);
        foreach (var recipient in await Recipients.ForVendorAsync(db, vendorId, alsoAdmins: true, cancellationToken))
        {
            outbox.Enqueue(mail, recipient.Email, recipient.Name, KindReported, tenant.TenantId, $"incident:{incident.Id:N}:reported:{recipient.UserId:N}");
        }
        audit.Record("incident.reported", nameof(Incident), incident.Id, new
        {
            vendorId, type = incident.Type.ToString(), incident.Title, incident.StartedAt, incident.DetectedAt, incident.ReportedAt,
            systems = incident.AiSystemIds, byVendor, windowHours = incident.NotificationWindowHours, windowSource = incident.NotificationWindowSource,
            late = incident.ReportedLate, hoursLate = incident.HoursLate,
        });
        return incident;
    }

    /// <summary>"Reported on time (within 72 h)" or "Reported late by 5 h (window 72 h)".</summary>
    public static string Timeliness(bool late, int hoursLate, int windowHours) => late
        ? string.Create(CultureInfo.InvariantCulture, $"Reported late by {hoursLate} h (window {windowHours} h)")
        : string.Create(CultureInfo.InvariantCulture, $"Reported on time (within {windowHours} h)");

    private static EmailContent Reported(string tenantName, string vendorName, Incident incident, string link) =>
        EmailTemplates.Layout(
            subject: $"Incident at {vendorName}: {incident.Title}",
            heading: $"{Incident.Describe(incident.Type)} reported at {vendorName}",
            paragraphs:
            [
                $"{tenantName}: \"{incident.Title}\" was reported {(incident.ReportedByVendor ? "by the vendor" : "internally")} on "
                    + incident.ReportedAt.UtcDateTime.ToString("d MMMM yyyy, HH:mm 'UTC'", CultureInfo.InvariantCulture) + ".",
                "Detected " + incident.DetectedAt.UtcDateTime.ToString("d MMMM yyyy, HH:mm 'UTC'", CultureInfo.InvariantCulture) + ". "
                    + Timeliness(incident.ReportedLate, incident.HoursLate, incident.NotificationWindowHours) + ".",
            ],
            action: ("Open the incident", link));
}
