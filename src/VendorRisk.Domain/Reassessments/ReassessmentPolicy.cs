using VendorRisk.Domain.Common;
using VendorRisk.Domain.Questionnaires;
using VendorRisk.Domain.Tenancy;

namespace VendorRisk.Domain.Reassessments;

/// <summary>What the daily reassessment run does when a vendor's reassessment comes due.</summary>
public enum ReassessmentMode
{
    /// <summary>A review proposal for the vendor's business owner, who issues (or dismisses) it.</summary>
    ProposeToOwner,
    /// <summary>The questionnaire is issued to the vendor at once, with the previous answers carried over.</summary>
    IssueAutomatically,
}

/// <summary>
/// One tenant's reassessment cadence: how many months a decision holds per inherent tier, how many days before the
/// due date the run acts, whether it issues or proposes, and (until contract obligations say otherwise) the window
/// in hours within which a vendor must report an incident. A tenant without a stored policy uses <see cref="Defaults"/>.
/// </summary>
public sealed class ReassessmentPolicy : ITenantOwned, IVersioned
{
    public const int MaxIntervalMonths = 120;
    public const int MaxLeadTimeDays = 365;
    public const int MaxNotificationHours = 24 * 90;
    public const int DefaultNotificationHours = 72;

    private ReassessmentPolicy() { }

    public Guid Id { get; private set; }
    public Guid TenantId { get; private set; }
    public int CriticalMonths { get; private set; } = 6;
    public int HighMonths { get; private set; } = 12;
    public int MediumMonths { get; private set; } = 24;
    public int LowMonths { get; private set; } = 36;
    public int LeadTimeDays { get; private set; } = 30;
    public ReassessmentMode Mode { get; private set; } = ReassessmentMode.ProposeToOwner;
    public int IncidentNotificationHours { get; private set; } = DefaultNotificationHours;
    public DateTimeOffset? UpdatedAt { get; private set; }
    public Guid? UpdatedByUserId { get; private set; }
    public int Version { get; set; }

    /// <summary>The policy of a tenant that never saved one (not stored until someone changes it).</summary>
    public static ReassessmentPolicy Defaults() => new() { Id = Ids.New() };

    public int MonthsFor(RiskTier tier) => tier switch
    {
        RiskTier.Critical => CriticalMonths,
        RiskTier.High => HighMonths,
        RiskTier.Low => LowMonths,
        _ => MediumMonths,
    };

    /// <summary>The cadence due date of a decision taken on <paramref name="decidedOn"/> for a vendor of <paramref name="tier"/>.</summary>
    public DateOnly CadenceDueOn(RiskTier tier, DateOnly decidedOn) => BusinessDates.AddMonths(decidedOn, MonthsFor(tier));

    /// <summary>The first day the run acts on a reassessment due on <paramref name="dueOn"/>.</summary>
    public DateOnly ActsOn(DateOnly dueOn) => BusinessDates.AddDays(dueOn, -LeadTimeDays);

    /// <summary>The message of the first invalid value, or null. The field names match the policy's properties.</summary>
    public static (string Field, string Message)? Validate(int critical, int high, int medium, int low, int leadTimeDays, int notificationHours)
    {
        foreach (var (field, label, months) in new[]
        {
            (nameof(CriticalMonths), "critical", critical), (nameof(HighMonths), "high", high),
            (nameof(MediumMonths), "medium", medium), (nameof(LowMonths), "low", low),
        })
        {
            if (months is < 1 or > MaxIntervalMonths)
                return (field, $"The interval for {label}-tier vendors must be between 1 and {MaxIntervalMonths} months.");
        }
        if (leadTimeDays is < 0 or > MaxLeadTimeDays)
            return (nameof(LeadTimeDays), $"The lead time must be between 0 and {MaxLeadTimeDays} days.");
        if (notificationHours is < 1 or > MaxNotificationHours)
            return (nameof(IncidentNotificationHours), $"The notification window must be between 1 and {MaxNotificationHours} hours.");
        return null;
    }

    public void Update(int critical, int high, int medium, int low, int leadTimeDays, ReassessmentMode mode, int notificationHours,
        Guid? by, DateTimeOffset now)
    {
        if (Validate(critical, high, medium, low, leadTimeDays, notificationHours) is { } problem) throw new DomainException(problem.Message);
        if (!Enum.IsDefined(mode)) throw new DomainException("Choose whether reassessments are issued or proposed.");
        (CriticalMonths, HighMonths, MediumMonths, LowMonths, LeadTimeDays, Mode, IncidentNotificationHours) =
            (critical, high, medium, low, leadTimeDays, mode, notificationHours);
        UpdatedAt = now;
        UpdatedByUserId = by;
    }
}
