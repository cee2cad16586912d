using System.Globalization;
using Microsoft.EntityFrameworkCore;
using VendorRisk.Domain.Contracts;
using VendorRisk.Infrastructure.Persistence;
using VendorRisk.Application.Reassessments;

namespace VendorRisk.Application.Incidents;

/// <summary>How many hours a vendor has from detecting an incident to reporting it, and where that rule comes from.</summary>
public sealed record NotificationWindow(int Hours, string Source);

/// <summary>
/// The seam between incident reports and contract obligations: <see cref="ContractNotificationWindow"/> (registered) returns the
/// vendor's contract obligation "incident notification within N hours" in force at <c>detectedAt</c>, falling back to
/// <see cref="PolicyDefaultNotificationWindow"/> (the tenant's default in the reassessment policy). The window and its source are
/// copied onto the incident when it is reported.
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

/// <summary>
/// The contract's word first: among the current tenant's obligations of type <c>incident-notification</c> with a number of hours,
/// for this vendor, under a contract in force on the detection day (started, and not ended unless it renews itself), the
/// strictest (fewest hours) wins; its source reads "Contract C-2026-01, clause 12.3". Without one, the policy default applies.
/// The tenant query filter keeps every other tenant's contracts out.
/// </summary>
public sealed class ContractNotificationWindow(AppDbContext db, PolicyDefaultNotificationWindow fallback) : IIncidentNotificationWindow
{
    public const string TypeKey = "incident-notification";

    public async Task<NotificationWindow> ForVendorAsync(Guid vendorId, DateTimeOffset detectedAt, CancellationToken cancellationToken)
    {
        var day = DateOnly.FromDateTime(detectedAt.UtcDateTime);
        var candidates = await (
                from o in db.Set<Obligation>()
                where o.VendorId == vendorId && o.TypeKey == TypeKey && o.NotificationHours != null && o.NotificationHours > 0
                join c in db.Set<Contract>() on o.ContractId equals c.Id
                where c.VendorId == vendorId && c.StartsOn <= day && (c.EndsOn == null || c.EndsOn >= day || c.RenewalPeriodMonths != null)
                select new { Hours = o.NotificationHours!.Value, o.ClauseReference, c.Reference, c.Title, c.StartsOn, o.CreatedAt })
            .AsNoTracking().ToListAsync(cancellationToken);
        var winner = candidates.OrderBy(c => c.Hours).ThenByDescending(c => c.StartsOn).ThenBy(c => c.CreatedAt).FirstOrDefault();
        if (winner is null) return await fallback.ForVendorAsync(vendorId, detectedAt, cancellationToken);
        return new NotificationWindow(winner.Hours, Source(winner.Reference ?? winner.Title, winner.ClauseReference));
    }

    /// <summary>"Contract C-2026-01, clause 12.3" (the reference, or the title when the contract has none).</summary>
    public static string Source(string contract, string? clause) =>
        string.Create(CultureInfo.InvariantCulture, $"Contract {contract}{(clause is null ? "" : $", clause {clause}")}");
}
