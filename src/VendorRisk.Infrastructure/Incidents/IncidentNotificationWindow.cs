using VendorRisk.Infrastructure.Persistence;
using VendorRisk.Infrastructure.Reassessments;

namespace VendorRisk.Infrastructure.Incidents;

/// <summary>How many hours a vendor has from detecting an incident to reporting it, and where that rule comes from.</summary>
public sealed record NotificationWindow(int Hours, string Source);

/// <summary>
/// THE SEAM between incident reports and contract obligations. Today the only implementation is
/// <see cref="PolicyDefaultNotificationWindow"/> (the tenant's default in the reassessment policy). Once contracts carry an
/// obligation "incident notification within N hours", register an implementation that returns the vendor's obligation in force
/// at <c>detectedAt</c> (falling back to the policy default) and nothing else changes: the window is copied onto the incident
/// when it is reported.
/// </summary>
public interface IIncidentNotificationWindow
{
    Task<NotificationWindow> ForVendorAsync(Guid vendorId, DateTimeOffset detectedAt, CancellationToken cancellationToken);
}

/// <summary>The per-tenant default (72 hours unless the tenant's policy says otherwise), for every vendor.</summary>
public sealed class PolicyDefaultNotificationWindow(AppDbContext db) : IIncidentNotificationWindow
{
    public const string SourceName = "Organisation default (reassessment policy)";

    public async Task<NotificationWindow> ForVendorAsync(Guid vendorId, DateTimeOffset detectedAt, CancellationToken cancellationToken)
    {
        var policy = await ReassessmentScheduling.PolicyAsync(db, cancellationToken);
        return new NotificationWindow(policy.IncidentNotificationHours, SourceName);
    }
}
