using System.Text.Json;
using VendorRisk.Domain.Common;
using VendorRisk.Domain.Questionnaires;
using VendorRisk.Domain.Tenancy;

namespace VendorRisk.Domain.Findings;

/// <summary>How the organisation treats the risk a finding describes (ISO 31000 / ISO 27005 options).</summary>
public enum FindingTreatment
{
    Mitigate,
    Accept,
    Transfer,
    Avoid,
}

/// <summary>
/// Where a finding is in its life. <see cref="Open"/> and <see cref="RemediationProposed"/> are open (they count in the
/// committee's summary); <see cref="Closed"/> and <see cref="RiskAccepted"/> are resolved until someone reopens them.
/// </summary>
public enum FindingStatus
{
    Open,
    /// <summary>The vendor answered with a remediation plan and a target date; a reviewer verifies it.</summary>
    RemediationProposed,
    /// <summary>A reviewer verified the remediation.</summary>
    Closed,
    /// <summary>A reviewer accepted the residual risk, with a rationale.</summary>
    RiskAccepted,
}

/// <summary>Who has to act on a finding: a person of the tenant, or the vendor (its assessment contacts).</summary>
public enum FindingOwnerKind
{
    Internal,
    Vendor,
}

/// <summary>The fields a reviewer sets when raising or editing a finding.</summary>
public sealed record FindingDetails(
    FindingSeverity Severity,
    string Title,
    string? Description,
    IReadOnlyCollection<string> ItemIds,
    FindingTreatment Treatment,
    string? TreatmentPlan,
    FindingOwnerKind OwnerKind,
    Guid? OwnerUserId,
    DateOnly DueOn);

/// <summary>
/// A finding a reviewer raised on an assessment (the human layer over the questionnaire engine's computed findings):
/// severity, description, linked questions, a treatment with its plan, an owner and a due date. The vendor answers a
/// finding assigned to it with a remediation plan; a reviewer closes it as verified or accepts the risk, and may reopen
/// it. Every move is a method here that refuses an illegal one with a message naming both states.
/// </summary>
public sealed class ReviewFinding : ITenantOwned, IVersioned
{
    public const int TitleMaxLength = 200;
    public const int TextMaxLength = 4000;
    public const int NoteMaxLength = 2000;
    public const int ItemIdMaxLength = 100;
    public const int MaxLinkedItems = 50;

    private ReviewFinding() { }

    public Guid Id { get; private set; }
    public Guid TenantId { get; private set; }
    public Guid AssessmentId { get; private set; }
    /// <summary>The review workflow instance the finding was raised in, if any.</summary>
    public Guid? InstanceId { get; private set; }
    public FindingSeverity Severity { get; private set; }
    public string Title { get; private set; } = "";
    public string? Description { get; private set; }
    /// <summary>Ids of the questionnaire items the finding is about (JSON array, ordinal order).</summary>
    public string LinkedItemIdsJson { get; private set; } = "[]";
    public FindingTreatment Treatment { get; private set; }
    public string? TreatmentPlan { get; private set; }
    public FindingOwnerKind OwnerKind { get; private set; }
    /// <summary>The internal owner; null when the vendor owns the finding.</summary>
    public Guid? OwnerUserId { get; private set; }
    public DateOnly DueOn { get; private set; }
    public FindingStatus Status { get; private set; }
    public Guid RaisedByUserId { get; private set; }
    public DateTimeOffset RaisedAt { get; private set; }
    public Guid? UpdatedByUserId { get; private set; }
    public DateTimeOffset? UpdatedAt { get; private set; }
    public string? RemediationPlan { get; private set; }
    public DateOnly? RemediationTargetOn { get; private set; }
    public Guid? RemediationByUserId { get; private set; }
    public DateTimeOffset? RemediationAt { get; private set; }
    /// <summary>The reviewer's note on the last close, risk acceptance or reopening.</summary>
    public string? ResolutionNote { get; private set; }
    public Guid? ResolvedByUserId { get; private set; }
    public DateTimeOffset? ResolvedAt { get; private set; }
    /// <summary>The last day an accepted risk stays accepted (ADR-027); after it the finding blocks approvals again and a reassessment is proposed.</summary>
    public DateOnly? RiskAcceptedUntil { get; private set; }
    public int Version { get; set; }

    public IReadOnlyList<string> LinkedItemIds => JsonSerializer.Deserialize<List<string>>(LinkedItemIdsJson) ?? [];

    public bool IsOpen => Status is FindingStatus.Open or FindingStatus.RemediationProposed;

    public bool OwnedByVendor => OwnerKind == FindingOwnerKind.Vendor;

    /// <summary>Whether the vendor may answer (or revise its answer to) this finding now.</summary>
    public bool VendorMayAnswer => OwnedByVendor && IsOpen;

    public static ReviewFinding Raise(Guid assessmentId, Guid? instanceId, FindingDetails details, Guid by, DateTimeOffset now)
    {
        var finding = new ReviewFinding
        {
            Id = Ids.New(), AssessmentId = assessmentId, InstanceId = instanceId, Status = FindingStatus.Open, RaisedByUserId = by, RaisedAt = now,
        };
        finding.Apply(details, dueDateChanged: true, now);
        return finding;
    }

    /// <summary>Changes the finding's fields. A resolved finding is reopened first; an unchanged past due date may stay.</summary>
    public void Edit(FindingDetails details, Guid by, DateTimeOffset now)
    {
        if (!IsOpen) throw new DomainException($"A finding that is {Describe(Status)} cannot be edited; reopen it first.");
        Apply(details, dueDateChanged: details.DueOn != DueOn, now);
        UpdatedByUserId = by;
        UpdatedAt = now;
    }

    /// <summary>The vendor's answer: a remediation plan and the date it will be done. A revised plan replaces the earlier one.</summary>
    public void ProposeRemediation(string plan, DateOnly targetOn, Guid by, DateTimeOffset now)
    {
        if (!OwnedByVendor) throw new DomainException("Only a finding assigned to the vendor takes a remediation plan from the vendor.");
        if (!IsOpen) throw new DomainException($"A finding that is {Describe(Status)} takes no remediation plan.");
        if (string.IsNullOrWhiteSpace(plan)) throw new DomainException("Describe the remediation plan.");
        if (plan.Length > TextMaxLength) throw new DomainException($"The remediation plan must have at most {TextMaxLength} characters.");
        if (!BusinessDates.InRange(targetOn)) throw new DomainException(BusinessDates.OutOfRangeMessage("The target date"));
        if (targetOn < Today(now)) throw new DomainException("The target date cannot be in the past.");
        RemediationPlan = plan.Trim();
        RemediationTargetOn = targetOn;
        RemediationByUserId = by;
        RemediationAt = now;
        Status = FindingStatus.RemediationProposed;
    }

    /// <summary>
    /// A reviewer verified the remediation. A vendor-owned finding is closed only after the vendor answered; an internally
    /// owned one may be closed while open.
    /// </summary>
    public void Close(string? note, Guid by, DateTimeOffset now)
    {
        if (Status == FindingStatus.Open && OwnedByVendor)
            throw new DomainException("The vendor has not proposed a remediation yet: a finding assigned to the vendor is closed once its plan is verified.");
        CheckNote(note, required: false);
        Move(FindingStatus.Closed, FindingStatus.Open, FindingStatus.RemediationProposed);
        Resolve(note, by, now);
    }

    /// <summary>
    /// Someone authorised accepts the residual risk until <paramref name="until"/> (required: an acceptance always expires); the treatment
    /// becomes "accept" and the rationale is required. Who may accept depends on the severity (<see cref="Reviews.DecisionGatePolicy"/>).
    /// </summary>
    public void AcceptRisk(string? rationale, DateOnly? until, Guid by, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(rationale)) throw new DomainException("Give the rationale for accepting the risk.");
        CheckNote(rationale, required: true);
        if (until is null) throw new DomainException("Give the date the acceptance expires.");
        if (!BusinessDates.InRange(until.Value)) throw new DomainException(BusinessDates.OutOfRangeMessage("The expiry date"));
        if (until.Value <= Today(now)) throw new DomainException("The acceptance must expire after today.");
        Move(FindingStatus.RiskAccepted, FindingStatus.Open, FindingStatus.RemediationProposed);
        Treatment = FindingTreatment.Accept;
        RiskAcceptedUntil = until;
        Resolve(rationale, by, now);
    }

    /// <summary>Whether the risk is accepted on <paramref name="today"/>: accepted, with an expiry not yet passed.</summary>
    public bool RiskAcceptedOn(DateOnly today) => Status == FindingStatus.RiskAccepted && RiskAcceptedUntil is { } until && until >= today;

    /// <summary>Whether the finding still stands against an approval on <paramref name="today"/>: open, or accepted without a current acceptance.</summary>
    public bool StandsOn(DateOnly today) => IsOpen || (Status == FindingStatus.RiskAccepted && !RiskAcceptedOn(today));

    /// <summary>
    /// Back to open, with a reason: a closed or accepted finding whose risk came back, or a remediation plan the
    /// reviewer does not accept (the vendor answers again).
    /// </summary>
    public void Reopen(string? reason, Guid by, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(reason)) throw new DomainException("Give the reason for reopening the finding.");
        CheckNote(reason, required: true);
        Move(FindingStatus.Open, FindingStatus.Closed, FindingStatus.RiskAccepted, FindingStatus.RemediationProposed);
        RiskAcceptedUntil = null;
        Resolve(reason, by, now);
    }

    private static void CheckNote(string? note, bool required)
    {
        if (note is not null && note.Length > NoteMaxLength) throw new DomainException($"The note must have at most {NoteMaxLength} characters.");
        if (required && string.IsNullOrWhiteSpace(note)) throw new DomainException("Give a note.");
    }

    private void Resolve(string? note, Guid by, DateTimeOffset now)
    {
        ResolutionNote = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        ResolvedByUserId = by;
        ResolvedAt = now;
    }

    private void Apply(FindingDetails d, bool dueDateChanged, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(d.Title) || d.Title.Trim().Length > TitleMaxLength)
            throw new DomainException($"The title must have 1 to {TitleMaxLength} characters.");
        if (d.Description is { Length: > TextMaxLength }) throw new DomainException($"The description must have at most {TextMaxLength} characters.");
        if (d.TreatmentPlan is { Length: > TextMaxLength }) throw new DomainException($"The treatment plan must have at most {TextMaxLength} characters.");
        if (!Enum.IsDefined(d.Severity)) throw new DomainException("Unknown severity.");
        if (!Enum.IsDefined(d.Treatment)) throw new DomainException("Unknown treatment.");
        switch (d.OwnerKind)
        {
            case FindingOwnerKind.Internal when d.OwnerUserId is null || d.OwnerUserId == Guid.Empty:
                throw new DomainException("Choose the person who owns the finding.");
            case FindingOwnerKind.Vendor when d.OwnerUserId is not null:
                throw new DomainException("A finding owned by the vendor has no internal owner.");
            case not (FindingOwnerKind.Internal or FindingOwnerKind.Vendor):
                throw new DomainException("Unknown owner.");
        }
        var items = d.ItemIds.Where(i => !string.IsNullOrWhiteSpace(i)).Select(i => i.Trim()).Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal).ToList();
        if (items.Count > MaxLinkedItems) throw new DomainException($"Link at most {MaxLinkedItems} questions.");
        if (items.Any(i => i.Length > ItemIdMaxLength)) throw new DomainException("Unknown question.");
        if (dueDateChanged && !BusinessDates.InRange(d.DueOn)) throw new DomainException(BusinessDates.OutOfRangeMessage("The due date"));
        if (dueDateChanged && d.DueOn < Today(now)) throw new DomainException("The due date cannot be in the past.");

        Severity = d.Severity;
        Title = d.Title.Trim();
        Description = string.IsNullOrWhiteSpace(d.Description) ? null : d.Description.Trim();
        LinkedItemIdsJson = JsonSerializer.Serialize(items);
        Treatment = d.Treatment;
        TreatmentPlan = string.IsNullOrWhiteSpace(d.TreatmentPlan) ? null : d.TreatmentPlan.Trim();
        OwnerKind = d.OwnerKind;
        OwnerUserId = d.OwnerKind == FindingOwnerKind.Internal ? d.OwnerUserId : null;
        DueOn = d.DueOn;
    }

    private void Move(FindingStatus to, params FindingStatus[] from)
    {
        if (!from.Contains(Status)) throw new DomainException($"A finding that is {Describe(Status)} cannot become {Describe(to)}.");
        Status = to;
    }

    private static DateOnly Today(DateTimeOffset now) => DateOnly.FromDateTime(now.UtcDateTime);

    public static string Describe(FindingStatus status) => status switch
    {
        FindingStatus.Open => "open",
        FindingStatus.RemediationProposed => "remediation proposed",
        FindingStatus.Closed => "closed",
        FindingStatus.RiskAccepted => "risk accepted",
        _ => status.ToString().ToLowerInvariant(),
    };

    public static string Describe(FindingTreatment treatment) => treatment.ToString().ToLowerInvariant();
}
