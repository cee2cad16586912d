using VendorRisk.Domain.Common;
using VendorRisk.Domain.Questionnaires;
using VendorRisk.Domain.Tenancy;

namespace VendorRisk.Domain.Reviews;

/// <summary>
/// One tenant's decision gates (ADR-027): from which severity an open finding blocks an approval (critical by default; high is stricter),
/// which roles may accept the risk of a critical or a high finding (the committee, and tenant admins or the committee), the longest an
/// acceptance may run, and how many days before a condition is due its owner is reminded. A tenant that never saved the gates uses
/// <see cref="Defaults"/>; no setting can switch the gate off.
/// </summary>
public sealed class DecisionGatePolicy : ITenantOwned, IVersioned
{
    public const int MaxAcceptanceDaysLimit = 3 * 365;
    public const int MaxReminderDays = 90;

    /// <summary>The roles that may be named as acceptors (never the auditor or a vendor contact).</summary>
    public const TenantRoles AcceptorRoles = TenantRoles.TenantAdmin | TenantRoles.VendorManager | TenantRoles.Reviewer | TenantRoles.CommitteeMember;

    private DecisionGatePolicy() { }

    public Guid Id { get; private set; }
    public Guid TenantId { get; private set; }
    /// <summary>Open findings of this severity or above block an approval: <see cref="FindingSeverity.Critical"/> or <see cref="FindingSeverity.High"/>.</summary>
    public FindingSeverity BlockingSeverity { get; private set; } = FindingSeverity.Critical;
    public TenantRoles CriticalAcceptanceRoles { get; private set; } = TenantRoles.CommitteeMember;
    public TenantRoles HighAcceptanceRoles { get; private set; } = TenantRoles.TenantAdmin | TenantRoles.CommitteeMember;
    public int MaxAcceptanceDays { get; private set; } = 365;
    public int ConditionReminderDays { get; private set; } = 7;
    public DateTimeOffset? UpdatedAt { get; private set; }
    public Guid? UpdatedByUserId { get; private set; }
    public int Version { get; set; }

    /// <summary>The gates of a tenant that never saved them (not stored until someone changes them).</summary>
    public static DecisionGatePolicy Defaults() => new() { Id = Ids.New() };

    /// <summary>Whether an open finding of <paramref name="severity"/> blocks an approval.</summary>
    public bool Blocks(FindingSeverity severity) => severity >= BlockingSeverity;

    /// <summary>The roles that may accept the risk of a finding of <paramref name="severity"/>; null when any reviewer acting on the review may.</summary>
    public TenantRoles? AcceptanceRolesFor(FindingSeverity severity) => severity switch
    {
        FindingSeverity.Critical => CriticalAcceptanceRoles,
        FindingSeverity.High => HighAcceptanceRoles,
        _ => null,
    };

    /// <summary>The first invalid value (field named after the property) or null.</summary>
    public static (string Field, string Message)? Validate(FindingSeverity blocking, TenantRoles critical, TenantRoles high, int maxAcceptanceDays, int reminderDays)
    {
        if (blocking is not (FindingSeverity.Critical or FindingSeverity.High))
            return (nameof(BlockingSeverity), "Choose whether open critical findings, or open high and critical findings, block an approval.");
        if (critical == TenantRoles.None || (critical & ~AcceptorRoles) != 0)
            return (nameof(CriticalAcceptanceRoles), "Choose at least one role that may accept a critical finding's risk.");
        if (high == TenantRoles.None || (high & ~AcceptorRoles) != 0)
            return (nameof(HighAcceptanceRoles), "Choose at least one role that may accept a high finding's risk.");
        if (maxAcceptanceDays is < 1 or > MaxAcceptanceDaysLimit)
            return (nameof(MaxAcceptanceDays), $"An acceptance may run from 1 to {MaxAcceptanceDaysLimit} days.");
        if (reminderDays is < 0 or > MaxReminderDays)
            return (nameof(ConditionReminderDays), $"Remind from 0 to {MaxReminderDays} days before a condition is due.");
        return null;
    }

    public void Update(FindingSeverity blocking, TenantRoles critical, TenantRoles high, int maxAcceptanceDays, int reminderDays, Guid? by, DateTimeOffset now)
    {
        if (Validate(blocking, critical, high, maxAcceptanceDays, reminderDays) is { } problem) throw new DomainException(problem.Message);
        (BlockingSeverity, CriticalAcceptanceRoles, HighAcceptanceRoles, MaxAcceptanceDays, ConditionReminderDays) =
            (blocking, critical, high, maxAcceptanceDays, reminderDays);
        UpdatedAt = now;
        UpdatedByUserId = by;
    }
}
