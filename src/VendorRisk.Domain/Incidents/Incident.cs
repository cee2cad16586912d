using System.Text.Json;
using VendorRisk.Domain.Common;
using VendorRisk.Domain.Tenancy;

namespace VendorRisk.Domain.Incidents;

public enum IncidentType
{
    DataBreach,
    SecurityIncident,
    ModelFailure,
    HarmfulOrBiasedOutput,
    Drift,
    AdversarialAttack,
    Other,
}

/// <summary>The order is the lifecycle: an incident only moves forward.</summary>
public enum IncidentStatus
{
    Reported,
    Investigating,
    Contained,
    Closed,
}

/// <summary>
/// An incident at a vendor, reported by one of its contacts in the portal or by an internal user. The notification
/// window (hours from detection to report) is fixed when the incident is reported, with where it came from, so a later
/// policy or contract change does not rewrite whether this report was on time.
/// </summary>
public sealed class Incident : ITenantOwned, IVersioned
{
    public const int TitleMaxLength = 200;
    public const int TextMaxLength = 4000;
    public const int WindowSourceMaxLength = 200;

    private Incident() { }

    public Guid Id { get; private set; }
    public Guid TenantId { get; private set; }
    public Guid VendorId { get; private set; }
    public IncidentType Type { get; private set; }
    public string Title { get; private set; } = "";
    public string? Description { get; private set; }
    public DateTimeOffset StartedAt { get; private set; }
    public DateTimeOffset DetectedAt { get; private set; }
    public DateTimeOffset ReportedAt { get; private set; }
    /// <summary>The vendor's AI systems affected (JSON array of ids).</summary>
    public string AiSystemIdsJson { get; private set; } = "[]";
    public string? DataAffected { get; private set; }
    public string? ActionsTaken { get; private set; }
    public IncidentStatus Status { get; private set; }
    public string? LessonsLearned { get; private set; }
    public Guid ReportedByUserId { get; private set; }
    /// <summary>Reported by a vendor contact in the portal (not by an internal user).</summary>
    public bool ReportedByVendor { get; private set; }
    public int NotificationWindowHours { get; private set; }
    /// <summary>Where the window came from, e.g. "Organisation default" or a contract obligation.</summary>
    public string NotificationWindowSource { get; private set; } = "";
    public DateTimeOffset? ClosedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    public int Version { get; set; }

    public IReadOnlyList<Guid> AiSystemIds => JsonSerializer.Deserialize<List<Guid>>(AiSystemIdsJson) ?? [];

    /// <summary>How long the vendor took from detection to report.</summary>
    public TimeSpan NotificationDelay => ReportedAt - DetectedAt;

    public bool ReportedLate => NotificationDelay > TimeSpan.FromHours(NotificationWindowHours);

    /// <summary>Whole hours beyond the window (at least 1 when late), or 0 when on time.</summary>
    public int HoursLate => ReportedLate ? Math.Max(1, (int)Math.Floor((NotificationDelay - TimeSpan.FromHours(NotificationWindowHours)).TotalHours)) : 0;

    public static Incident Report(Guid vendorId, IncidentType type, string title, string? description, DateTimeOffset startedAt,
        DateTimeOffset detectedAt, IReadOnlyCollection<Guid> aiSystemIds, string? dataAffected, string? actionsTaken, Guid reportedBy,
        bool byVendor, int windowHours, string windowSource, DateTimeOffset now)
    {
        if (!Enum.IsDefined(type)) throw new DomainException("Choose the type of incident.");
        if (string.IsNullOrWhiteSpace(title) || title.Trim().Length > TitleMaxLength)
            throw new DomainException($"The title must have 1 to {TitleMaxLength} characters.");
        foreach (var text in new[] { description, dataAffected, actionsTaken })
        {
            if (text is { Length: > TextMaxLength }) throw new DomainException($"Use at most {TextMaxLength} characters.");
        }
        var problem = CheckTimes(startedAt, detectedAt, now);
        if (problem is not null) throw new DomainException(problem);
        if (windowHours < 1) throw new DomainException("The notification window must be at least one hour.");
        return new Incident
        {
            Id = Ids.New(), VendorId = vendorId, Type = type, Title = title.Trim(), Description = Clean(description),
            StartedAt = startedAt, DetectedAt = detectedAt, ReportedAt = now,
            AiSystemIdsJson = JsonSerializer.Serialize(aiSystemIds.Distinct().ToList()),
            DataAffected = Clean(dataAffected), ActionsTaken = Clean(actionsTaken), Status = IncidentStatus.Reported,
            ReportedByUserId = reportedBy, ReportedByVendor = byVendor, NotificationWindowHours = windowHours,
            NotificationWindowSource = windowSource.Length > WindowSourceMaxLength ? windowSource[..WindowSourceMaxLength] : windowSource,
            UpdatedAt = now,
        };
    }

    /// <summary>The message for impossible times, or null: detection before the start, or either in the future.</summary>
    public static readonly string StartedOutOfRange = BusinessDates.OutOfRangeMessage("The start of the incident");
    public static readonly string DetectedOutOfRange = BusinessDates.OutOfRangeMessage("The time of detection");

    public static string? CheckTimes(DateTimeOffset startedAt, DateTimeOffset detectedAt, DateTimeOffset now)
    {
        if (!BusinessDates.InRange(startedAt)) return StartedOutOfRange;
        if (!BusinessDates.InRange(detectedAt)) return DetectedOutOfRange;
        if (startedAt > now) return "The incident cannot have started in the future.";
        if (detectedAt > now) return "The incident cannot have been detected in the future.";
        if (detectedAt < startedAt) return "The incident cannot have been detected before it started.";
        return null;
    }

    /// <summary>Moves the incident forward (reported, investigating, contained, closed). Closing needs the lessons learned.</summary>
    public void MoveTo(IncidentStatus to, DateTimeOffset now)
    {
        if (!Enum.IsDefined(to)) throw new DomainException("Choose a status.");
        if (to <= Status)
            throw new DomainException($"An incident that is {Describe(Status)} cannot become {Describe(to)}.");
        if (to == IncidentStatus.Closed && string.IsNullOrWhiteSpace(LessonsLearned))
            throw new DomainException("Record the lessons learned before closing the incident.");
        Status = to;
        if (to == IncidentStatus.Closed) ClosedAt = now;
        UpdatedAt = now;
    }

    public void RecordLessonsLearned(string? note, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(note)) throw new DomainException("Write the lessons learned.");
        if (note.Trim().Length > TextMaxLength) throw new DomainException($"Use at most {TextMaxLength} characters.");
        LessonsLearned = note.Trim();
        UpdatedAt = now;
    }

    public static string Describe(IncidentStatus status) => status.ToString().ToLowerInvariant();

    public static string Describe(IncidentType type) => type switch
    {
        IncidentType.DataBreach => "Data breach",
        IncidentType.SecurityIncident => "Security incident",
        IncidentType.ModelFailure => "Model failure",
        IncidentType.HarmfulOrBiasedOutput => "Harmful or biased output",
        IncidentType.Drift => "Drift",
        IncidentType.AdversarialAttack => "Adversarial attack",
        _ => "Other",
    };

    private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
