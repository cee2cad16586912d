using Microsoft.EntityFrameworkCore;
using VendorRisk.Application.Common;
using VendorRisk.Domain.Questionnaires;
using VendorRisk.Domain.Reviews;
using VendorRisk.Domain.Tenancy;
using VendorRisk.Infrastructure.Audit;
using VendorRisk.Infrastructure.Persistence;

namespace VendorRisk.Application.Gates;

/// <summary>The decision gates as a tenant admin gives them.</summary>
public sealed record DecisionGateDetails(FindingSeverity? BlockingSeverity, TenantRoles CriticalAcceptanceRoles, TenantRoles HighAcceptanceRoles,
    int? MaxAcceptanceDays, int? ConditionReminderDays);

/// <summary>The gates as the settings page shows them; <c>IsStored</c> false while the tenant runs on the defaults.</summary>
public sealed record DecisionGateSettings(DecisionGateDetails Details, int Version, bool IsStored);

/// <summary>Reading and saving the tenant's decision gates (tenant admins). The defaults hold until a first save.</summary>
public sealed class DecisionGateOperations(AppDbContext db, Access access, AuditLog audit, TimeProvider clock)
{
    public static readonly RolePermission Manage = new("gates.manage", TenantRoles.TenantAdmin);

    public async Task<Outcome<DecisionGateSettings>> SettingsAsync(CancellationToken cancellationToken)
    {
        if (await access.DemandAsync(Manage) is { } forbidden) return forbidden;
        var stored = await db.DecisionGatePolicies.AsNoTracking().FirstOrDefaultAsync(cancellationToken);
        var p = stored ?? DecisionGatePolicy.Defaults();
        return new DecisionGateSettings(new DecisionGateDetails(p.BlockingSeverity, p.CriticalAcceptanceRoles, p.HighAcceptanceRoles, p.MaxAcceptanceDays,
            p.ConditionReminderDays), stored?.Version ?? 0, stored is not null);
    }

    public async Task<Outcome> SaveAsync(DecisionGateDetails d, int expectedVersion, CancellationToken cancellationToken)
    {
        if (await access.DemandAsync(Manage) is { } forbidden) return forbidden;
        var errors = new List<FieldError>();
        if (d.BlockingSeverity is not (FindingSeverity.Critical or FindingSeverity.High))
            errors.Add(new(nameof(d.BlockingSeverity), "Choose which open findings block an approval."));
        if (d.CriticalAcceptanceRoles == TenantRoles.None || (d.CriticalAcceptanceRoles & ~DecisionGatePolicy.AcceptorRoles) != 0)
            errors.Add(new(nameof(d.CriticalAcceptanceRoles), "Choose at least one role that may accept a critical finding's risk."));
        if (d.HighAcceptanceRoles == TenantRoles.None || (d.HighAcceptanceRoles & ~DecisionGatePolicy.AcceptorRoles) != 0)
            errors.Add(new(nameof(d.HighAcceptanceRoles), "Choose at least one role that may accept a high finding's risk."));
        if (d.MaxAcceptanceDays is not (>= 1 and <= DecisionGatePolicy.MaxAcceptanceDaysLimit))
            errors.Add(new(nameof(d.MaxAcceptanceDays), $"Enter a whole number of days from 1 to {DecisionGatePolicy.MaxAcceptanceDaysLimit}."));
        if (d.ConditionReminderDays is not (>= 0 and <= DecisionGatePolicy.MaxReminderDays))
            errors.Add(new(nameof(d.ConditionReminderDays), $"Enter a whole number of days from 0 to {DecisionGatePolicy.MaxReminderDays}."));
        if (errors.Count > 0) return Fail.Invalid(errors);

        var policy = await db.DecisionGatePolicies.FirstOrDefaultAsync(cancellationToken);
        if (policy is null)
        {
            policy = DecisionGatePolicy.Defaults();
            db.DecisionGatePolicies.Add(policy);
        }
        else
        {
            db.Entry(policy).Property(p => p.Version).OriginalValue = expectedVersion;
        }
        policy.Update(d.BlockingSeverity!.Value, d.CriticalAcceptanceRoles, d.HighAcceptanceRoles, d.MaxAcceptanceDays!.Value, d.ConditionReminderDays!.Value,
            access.Tenant.UserId, clock.GetUtcNow());
        audit.Record("gates.changed", nameof(DecisionGatePolicy), policy.Id, new
        {
            blockingSeverity = policy.BlockingSeverity.ToString(), criticalAcceptanceRoles = policy.CriticalAcceptanceRoles.ToString(),
            highAcceptanceRoles = policy.HighAcceptanceRoles.ToString(), policy.MaxAcceptanceDays, policy.ConditionReminderDays,
        });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            return Fail.Conflict("Someone else changed the decision gates while you were editing. Reload the page and apply your changes again.");
        }
        return Outcome.Ok();
    }
}
