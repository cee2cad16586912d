using System.Globalization;
using VendorRisk.Domain.Common;
using VendorRisk.Domain.Tenancy;

namespace VendorRisk.Domain.Contracts;

/// <summary>What an obligation's editable settings are; shared by creation and editing.</summary>
public sealed record ObligationTerms(string Title, string? ClauseReference, Guid OwnerUserId, Recurrence Recurrence,
    string ReminderPlan, bool NeedsVendorEvidence, int? NotificationHours);

/// <summary>
/// A duty one clause of a contract puts on the vendor (or on the tenant), from the catalogue: who owns it, how
/// often it falls due, and when its owner is reminded. Each time it falls due is an <see cref="ObligationOccurrence"/>;
/// closing one schedules the next.
/// </summary>
public sealed class Obligation : ITenantOwned, IVersioned
{
    public const int TitleMaxLength = 150;
    public const int ClauseMaxLength = 100;
    public const int ReminderPlanMaxLength = 60;
    public const int MaxReminderDays = 365;
    public const int MaxReminders = 6;
    /// <summary>A year: enough for any notification period a contract sets in hours.</summary>
    public const int MaxHours = 8760;
    public const string DefaultReminderPlan = "30, 7, 1";
    public const string NegativeHoursMessage = "The notification period cannot be negative.";
    public const string ZeroHoursMessage = "The notification period must be at least 1 hour.";
    public const string ReminderPlanMessage =
        "Write the reminder days as whole numbers from 0 to 365 separated by commas, for example 30, 7, 1 (at most 6).";

    private Obligation() { }

    public Guid Id { get; private set; }
    public Guid TenantId { get; private set; }
    public Guid ContractId { get; private set; }
    /// <summary>The contract's vendor, kept here so portal and deadline queries need no join.</summary>
    public Guid VendorId { get; private set; }
    /// <summary>A shipped catalogue key or a tenant type's key.</summary>
    public string TypeKey { get; private set; } = "";
    public string Title { get; private set; } = "";
    public string? ClauseReference { get; private set; }
    public Guid OwnerUserId { get; private set; }
    public Recurrence Recurrence { get; private set; }
    public DateOnly FirstDueOn { get; private set; }
    /// <summary>Days before the due date at which the owner is reminded, largest first, e.g. "30,7,1".</summary>
    public string ReminderPlan { get; private set; } = "";
    /// <summary>The largest day of the plan: the daily scan looks no further ahead than this.</summary>
    public int LeadDays { get; private set; }
    public bool NeedsVendorEvidence { get; private set; }
    /// <summary>For notification duties: the hours the vendor has to notify (e.g. 72).</summary>
    public int? NotificationHours { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public int Version { get; set; }

    public IReadOnlyList<int> ReminderDays => ParsePlan(ReminderPlan);

    public static Obligation Create(Guid contractId, Guid vendorId, string typeKey, DateOnly firstDueOn, ObligationTerms terms, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(typeKey) || typeKey.Length > ObligationType.KeyMaxLength)
            throw new DomainException("Choose an obligation type from the catalogue.");
        if (!BusinessDates.InRange(firstDueOn)) throw new DomainException(BusinessDates.OutOfRangeMessage("The first due date"));
        var obligation = new Obligation
        {
            Id = Ids.New(), ContractId = contractId, VendorId = vendorId, TypeKey = typeKey, FirstDueOn = firstDueOn, CreatedAt = now,
        };
        obligation.Update(terms);
        return obligation;
    }

    public void Update(ObligationTerms terms)
    {
        ArgumentNullException.ThrowIfNull(terms);
        if (string.IsNullOrWhiteSpace(terms.Title) || terms.Title.Trim().Length > TitleMaxLength)
            throw new DomainException($"The title must have 1 to {TitleMaxLength} characters.");
        var clause = string.IsNullOrWhiteSpace(terms.ClauseReference) ? null : terms.ClauseReference.Trim();
        if (clause is { Length: > ClauseMaxLength })
            throw new DomainException($"The clause reference must have at most {ClauseMaxLength} characters.");
        if (!Enum.IsDefined(terms.Recurrence)) throw new DomainException(RecurrenceText.Choices);
        if (terms.NotificationHours is < 0) throw new DomainException(NegativeHoursMessage);
        if (terms.NotificationHours is 0) throw new DomainException(ZeroHoursMessage);
        if (terms.NotificationHours is > MaxHours) throw new DomainException($"The notification period must be at most {MaxHours} hours.");
        if (terms.OwnerUserId == Guid.Empty) throw new DomainException("Choose the obligation's owner.");
        var plan = NormalisePlan(terms.ReminderPlan) ?? throw new DomainException(ReminderPlanMessage);

        Title = terms.Title.Trim();
        ClauseReference = clause;
        OwnerUserId = terms.OwnerUserId;
        Recurrence = terms.Recurrence;
        ReminderPlan = plan;
        LeadDays = ParsePlan(plan) is [var first, ..] ? first : 0;
        NeedsVendorEvidence = terms.NeedsVendorEvidence;
        NotificationHours = terms.NotificationHours;
    }

    public ObligationOccurrence FirstOccurrence(DateTimeOffset now) => ObligationOccurrence.Create(Id, 1, FirstDueOn, now);

    /// <summary>
    /// The occurrence after <paramref name="closed"/>, or null: a one-off obligation has none, and none falls after
    /// the end of the contract.
    /// </summary>
    /// <param name="anchorDay">
    /// The day of the month later due dates keep: that of the latest corrected occurrence when a due date was corrected
    /// (<see cref="ObligationOccurrence.MoveDueDate"/>), otherwise the first due date's.
    /// </param>
    public ObligationOccurrence? NextAfter(ObligationOccurrence closed, DateOnly? contractEndsOn, DateTimeOffset now, int? anchorDay = null)
    {
        ArgumentNullException.ThrowIfNull(closed);
        if (closed.ObligationId != Id) throw new DomainException("The occurrence belongs to another obligation.");
        if (closed.Status == OccurrenceStatus.Open) throw new DomainException("An open occurrence has no successor yet.");
        if (NextDueAfter(closed.DueOn, anchorDay) is not { } due) return null;
        if (contractEndsOn is { } end && due > end) return null;
        return ObligationOccurrence.Create(Id, closed.Sequence + 1, due, now);
    }

    /// <summary>The next due date: the same day of the month as the first, or the month's last day when it is shorter.</summary>
    public DateOnly? NextDueAfter(DateOnly previous, int? anchorDay = null)
    {
        var months = Recurrence switch
        {
            Recurrence.Monthly => 1,
            Recurrence.Quarterly => 3,
            Recurrence.Yearly => 12,
            _ => 0,
        };
        // No occurrence after the last representable month (a first due date of 9999-12-15 made "Meet" answer 500).
        if (months == 0 || !BusinessDates.CanAddMonths(previous, months)) return null;
        var next = previous.AddMonths(months);
        return new DateOnly(next.Year, next.Month, Math.Min(anchorDay ?? FirstDueOn.Day, DateTime.DaysInMonth(next.Year, next.Month)));
    }

    /// <summary>"30, 7,1" becomes "30,7,1"; null when the text is not a valid plan. An empty plan means no reminders before the due date.</summary>
    public static string? NormalisePlan(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return "";
        var days = new List<int>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            if (part.Length == 0 || part.Length > 3 || !part.All(char.IsAsciiDigit)) return null;
            var day = int.Parse(part, CultureInfo.InvariantCulture);
            if (day > MaxReminderDays) return null;
            if (!days.Contains(day)) days.Add(day);
        }
        if (days.Count > MaxReminders) return null;
        return string.Join(',', days.OrderDescending().Select(d => d.ToString(CultureInfo.InvariantCulture)));
    }

    public static IReadOnlyList<int> ParsePlan(string plan) =>
        string.IsNullOrEmpty(plan) ? [] : plan.Split(',').Select(p => int.Parse(p, CultureInfo.InvariantCulture)).ToList();
}

public enum OccurrenceStatus
{
    Open,
    Met,
    Waived,
}

/// <summary>One due date of an obligation: open until it is met (evidence or a note) or waived (with a reason).</summary>
public sealed class ObligationOccurrence : ITenantOwned, IVersioned
{
    public const int NoteMaxLength = 2000;
    public const int WaiverReasonMinLength = 10;

    private ObligationOccurrence() { }

    public Guid Id { get; private set; }
    public Guid TenantId { get; private set; }
    public Guid ObligationId { get; private set; }
    /// <summary>1 for the first due date, then 2, 3...; unique per obligation, so a successor is scheduled once.</summary>
    public int Sequence { get; private set; }
    public DateOnly DueOn { get; private set; }
    public OccurrenceStatus Status { get; private set; }
    public DateTimeOffset? ClosedAt { get; private set; }
    public Guid? ClosedByUserId { get; private set; }
    public bool ClosedByVendor { get; private set; }
    /// <summary>The note that met it, or the reason it was waived.</summary>
    public string? Note { get; private set; }
    public Guid? EvidenceFileId { get; private set; }
    /// <summary>
    /// 0 for the due date the occurrence was scheduled with, then 1, 2... each time the date is corrected with
    /// <see cref="MoveDueDate"/>. Reminders are keyed by occurrence, revision and step, so the new date gets its own
    /// reminders, each once (ADR-017).
    /// </summary>
    public int DueRevision { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public int Version { get; set; }

    /// <summary>
    /// Corrects the due date of this open occurrence (a wrong date typed at creation, or a date agreed anew with the
    /// vendor). Refused for a met or waived occurrence, a date before <paramref name="today"/>, the same date, or without a reason.
    /// Later occurrences follow from the corrected date.
    /// </summary>
    public void MoveDueDate(DateOnly newDueOn, string? reason, DateOnly today)
    {
        if (Status != OccurrenceStatus.Open)
            throw new DomainException($"This occurrence was already {(Status == OccurrenceStatus.Met ? "met" : "waived")}; its due date can no longer change.");
        if (!BusinessDates.InRange(newDueOn)) throw new DomainException(BusinessDates.OutOfRangeMessage("The new due date"));
        if (newDueOn < today) throw new DomainException(PastDueDateMessage);
        if (newDueOn == DueOn) throw new DomainException("The new due date is the same as the current one.");
        var text = reason?.Trim() ?? "";
        if (text.Length < WaiverReasonMinLength || text.Length > NoteMaxLength)
            throw new DomainException(MoveReasonMessage);
        DueOn = newDueOn;
        DueRevision++;
    }

    public const string PastDueDateMessage = "The new due date cannot be in the past.";
    public const string MoveReasonMessage = "Give the reason for the correction in 10 to 2000 characters.";

    internal static ObligationOccurrence Create(Guid obligationId, int sequence, DateOnly dueOn, DateTimeOffset now) => new()
    {
        Id = Ids.New(), ObligationId = obligationId, Sequence = sequence, DueOn = dueOn, Status = OccurrenceStatus.Open, CreatedAt = now,
    };

    public void Meet(string? note, Guid? evidenceFileId, Guid userId, bool byVendor, DateTimeOffset now)
    {
        EnsureOpen();
        var text = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        if (text is null && evidenceFileId is null) throw new DomainException("Record a note or upload evidence to meet this obligation.");
        if (text is { Length: > NoteMaxLength }) throw new DomainException($"The note must have at most {NoteMaxLength} characters.");
        Close(OccurrenceStatus.Met, text, userId, byVendor, now);
        EvidenceFileId = evidenceFileId;
    }

    public void Waive(string? reason, Guid userId, DateTimeOffset now)
    {
        EnsureOpen();
        var text = reason?.Trim() ?? "";
        if (text.Length < WaiverReasonMinLength || text.Length > NoteMaxLength)
            throw new DomainException($"Give the reason for the waiver in {WaiverReasonMinLength} to {NoteMaxLength} characters.");
        Close(OccurrenceStatus.Waived, text, userId, false, now);
    }

    private void Close(OccurrenceStatus status, string? note, Guid userId, bool byVendor, DateTimeOffset now)
    {
        Status = status;
        Note = note;
        ClosedAt = now;
        ClosedByUserId = userId;
        ClosedByVendor = byVendor;
    }

    private void EnsureOpen()
    {
        if (Status != OccurrenceStatus.Open)
            throw new DomainException($"This occurrence was already {(Status == OccurrenceStatus.Met ? "met" : "waived")}.");
    }
}

/// <summary>
/// A reminder that was sent for one occurrence at one step of its plan ("30d", "7d", "overdue"). The unique
/// (occurrence, due revision, step) triple is what makes a reminder exist once however often and however concurrently the job runs.
/// </summary>
public sealed class ObligationReminder : ITenantOwned
{
    public const int StepMaxLength = 20;
    public const string Overdue = "overdue";

    private ObligationReminder() { }

    public Guid Id { get; private set; }
    public Guid TenantId { get; private set; }
    public Guid OccurrenceId { get; private set; }
    /// <summary>The occurrence's <see cref="ObligationOccurrence.DueRevision"/> the reminder was for: a corrected date is reminded anew.</summary>
    public int DueRevision { get; private set; }
    public string Step { get; private set; } = "";
    public int Recipients { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }

    public static ObligationReminder Create(Guid occurrenceId, string step, int recipients, DateTimeOffset now, int dueRevision = 0) =>
        new() { Id = Ids.New(), OccurrenceId = occurrenceId, DueRevision = dueRevision, Step = step, Recipients = recipients, CreatedAt = now };

    /// <summary>
    /// The step due on <paramref name="today"/> for an open occurrence: "overdue" after the due date, otherwise the
    /// closest planned day not yet passed ("7d" from 7 days before until the next planned day), or null before the first.
    /// A step missed (the job did not run, or the occurrence was created late) is not sent late: only the current one is.
    /// </summary>
    public static string? StepFor(IReadOnlyList<int> reminderDays, DateOnly dueOn, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(reminderDays);
        if (today > dueOn) return Overdue;
        var daysLeft = dueOn.DayNumber - today.DayNumber;
        int? step = null;
        foreach (var day in reminderDays)
        {
            if (day >= daysLeft && (step is null || day < step)) step = day;
        }
        return step is { } s ? s.ToString(CultureInfo.InvariantCulture) + "d" : null;
    }
}
