using System.Text.Json;
using VendorRisk.Domain.Common;
using VendorRisk.Domain.Tenancy;

namespace VendorRisk.Domain.Assessments;

public enum AssessmentStatus
{
    Draft,
    Sent,
    InProgress,
    Submitted,
    InReview,
    ClarificationRequested,
    Approved,
    ApprovedWithConditions,
    Rejected,
    Cancelled,
    Expired,
}

public enum AssessmentDecision
{
    Approved,
    ApprovedWithConditions,
    Rejected,
}

/// <summary>
/// A questionnaire issued to a vendor: pinned to one stored, published template version (id + content hash),
/// answered by the vendor's contacts, then reviewed and decided. Every status change is a method here that
/// refuses an illegal move with a message naming both states.
/// </summary>
public sealed class Assessment : ITenantOwned, IVersioned
{
    public const int TitleMaxLength = 300;

    private Assessment() { }

    public Guid Id { get; private set; }
    public Guid TenantId { get; private set; }
    public Guid VendorId { get; private set; }
    /// <summary>The QuestionnaireTemplate row (a published version) this assessment is pinned to.</summary>
    public Guid TemplateId { get; private set; }
    public string TemplateKey { get; private set; } = "";
    public string TemplateVersion { get; private set; } = "";
    public string ContentHash { get; private set; } = "";
    public string Title { get; private set; } = "";
    public AssessmentStatus Status { get; private set; }
    public DateOnly DueOn { get; private set; }
    public Guid RequestedByUserId { get; private set; }
    /// <summary>The earlier submitted assessment whose answers were carried over, if any.</summary>
    public Guid? PreviousAssessmentId { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? SentAt { get; private set; }
    public DateTimeOffset? SubmittedAt { get; private set; }
    public DateTimeOffset? DecidedAt { get; private set; }
    public string? DecisionNote { get; private set; }
    /// <summary>Overall score (0-100) computed by the engine at submission.</summary>
    public decimal? Score { get; private set; }
    /// <summary>Items the reviewers reopened for the vendor; only these can be answered during clarification.</summary>
    public string ReopenedItemIdsJson { get; private set; } = "[]";
    public int ClarificationRounds { get; private set; }
    /// <summary>Residual risk as rated by the latest reviewer who recorded it (1-5 each); the portfolio heat map reads these.</summary>
    public int? ResidualLikelihood { get; private set; }
    public int? ResidualImpact { get; private set; }
    public DateTimeOffset? ResidualRatedAt { get; private set; }
    public int Version { get; set; }

    public IReadOnlyList<string> ReopenedItemIds => JsonSerializer.Deserialize<List<string>>(ReopenedItemIdsJson) ?? [];

    public bool IsFinal => Status is AssessmentStatus.Approved or AssessmentStatus.ApprovedWithConditions
        or AssessmentStatus.Rejected or AssessmentStatus.Cancelled or AssessmentStatus.Expired;

    /// <summary>Whether the vendor may change the answer to <paramref name="itemId"/> now.</summary>
    public bool VendorMayAnswer(string itemId) => VendorMayAnswer(Status, ReopenedItemIdsJson, itemId);

    /// <summary>The same rule from the two stored columns it depends on (for a check that reads only those).</summary>
    public static bool VendorMayAnswer(AssessmentStatus status, string reopenedItemIdsJson, string itemId) => status switch
    {
        AssessmentStatus.Sent or AssessmentStatus.InProgress => true,
        AssessmentStatus.ClarificationRequested =>
            (JsonSerializer.Deserialize<List<string>>(reopenedItemIdsJson) ?? []).Contains(itemId, StringComparer.Ordinal),
        _ => false,
    };

    public static Assessment Create(Guid vendorId, Guid templateId, string templateKey, string templateVersion, string contentHash,
        string title, DateOnly dueOn, Guid requestedBy, DateTimeOffset now, Guid? previousAssessmentId = null)
    {
        if (string.IsNullOrWhiteSpace(contentHash)) throw new DomainException("Only a published questionnaire version can be issued.");
        if (string.IsNullOrWhiteSpace(title) || title.Length > TitleMaxLength)
            throw new DomainException($"The title must have 1 to {TitleMaxLength} characters.");
        if (!BusinessDates.InRange(dueOn)) throw new DomainException(BusinessDates.OutOfRangeMessage("The due date"));
        if (dueOn <= DateOnly.FromDateTime(now.UtcDateTime)) throw new DomainException("The due date must be in the future.");
        return new Assessment
        {
            Id = Ids.New(), VendorId = vendorId, TemplateId = templateId, TemplateKey = templateKey, TemplateVersion = templateVersion,
            ContentHash = contentHash, Title = title.Trim(), Status = AssessmentStatus.Draft, DueOn = dueOn, RequestedByUserId = requestedBy,
            CreatedAt = now, PreviousAssessmentId = previousAssessmentId,
        };
    }

    public void Send(DateTimeOffset now)
    {
        Move(AssessmentStatus.Sent, AssessmentStatus.Draft);
        SentAt = now;
    }

    /// <summary>The first saved answer moves a sent assessment into progress; later ones change nothing.</summary>
    public void RecordVendorActivity()
    {
        if (Status == AssessmentStatus.Sent) Status = AssessmentStatus.InProgress;
    }

    public void Submit(decimal? score, DateTimeOffset now)
    {
        Move(AssessmentStatus.Submitted, AssessmentStatus.Sent, AssessmentStatus.InProgress, AssessmentStatus.ClarificationRequested);
        Score = score;
        SubmittedAt = now;
        ReopenedItemIdsJson = "[]";
    }

    public void StartReview() => Move(AssessmentStatus.InReview, AssessmentStatus.Submitted);

    /// <summary>The review goes on after a clarification round (answered and resubmitted, or expired).</summary>
    public void ResumeReview() => Move(AssessmentStatus.InReview, AssessmentStatus.Submitted, AssessmentStatus.ClarificationRequested);

    /// <summary>
    /// Reopens only <paramref name="itemIds"/> for the vendor, in a new round; with <paramref name="sameRound"/>, the round waiting for the
    /// vendor now reopens <paramref name="itemIds"/> (those it had and more).
    /// </summary>
    public void RequestClarification(IReadOnlyCollection<string> itemIds, bool sameRound = false)
    {
        if (itemIds.Count == 0) throw new DomainException("Choose at least one question to reopen.");
        if (sameRound)
        {
            if (Status != AssessmentStatus.ClarificationRequested)
                throw new DomainException($"An assessment that is {Describe(Status)} has no clarification round waiting for the vendor.");
        }
        else
        {
            Move(AssessmentStatus.ClarificationRequested, AssessmentStatus.Submitted, AssessmentStatus.InReview);
            ClarificationRounds++;
        }
        ReopenedItemIdsJson = JsonSerializer.Serialize(itemIds.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList());
    }

    /// <summary>A reviewer rates the residual risk while the assessment is under review; a later rating replaces an earlier one.</summary>
    public void RateResidualRisk(int likelihood, int impact, DateTimeOffset now)
    {
        if (likelihood is < 1 or > 5) throw new DomainException("Rate the likelihood from 1 to 5.");
        if (impact is < 1 or > 5) throw new DomainException("Rate the impact from 1 to 5.");
        if (Status is not (AssessmentStatus.Submitted or AssessmentStatus.InReview or AssessmentStatus.ClarificationRequested))
            throw new DomainException($"The residual risk of an assessment that is {Describe(Status)} cannot be rated.");
        ResidualLikelihood = likelihood;
        ResidualImpact = impact;
        ResidualRatedAt = now;
    }

    public void Decide(AssessmentDecision decision, string? note, DateTimeOffset now)
    {
        if (decision != AssessmentDecision.Approved && string.IsNullOrWhiteSpace(note))
            throw new DomainException("Give the reason or the conditions of this decision.");
        Move(decision switch
        {
            AssessmentDecision.Approved => AssessmentStatus.Approved,
            AssessmentDecision.ApprovedWithConditions => AssessmentStatus.ApprovedWithConditions,
            _ => AssessmentStatus.Rejected,
        }, AssessmentStatus.InReview);
        DecisionNote = note?.Trim();
        DecidedAt = now;
    }

    public void Cancel(DateTimeOffset now)
    {
        if (IsFinal) throw new DomainException($"A {Describe(Status)} assessment cannot be cancelled.");
        Status = AssessmentStatus.Cancelled;
        DecidedAt = now;
    }

    /// <summary>An assessment the vendor never submitted expires after its due date.</summary>
    public void Expire(DateTimeOffset now)
    {
        if (DateOnly.FromDateTime(now.UtcDateTime) <= DueOn) throw new DomainException("The assessment is not past its due date.");
        Move(AssessmentStatus.Expired, AssessmentStatus.Sent, AssessmentStatus.InProgress);
        DecidedAt = now;
    }

    private void Move(AssessmentStatus to, params AssessmentStatus[] from)
    {
        if (!from.Contains(Status))
            throw new DomainException($"An assessment that is {Describe(Status)} cannot become {Describe(to)}.");
        Status = to;
    }

    public static string Describe(AssessmentStatus status) => status switch
    {
        AssessmentStatus.InProgress => "in progress",
        AssessmentStatus.InReview => "in review",
        AssessmentStatus.ClarificationRequested => "waiting for clarification",
        AssessmentStatus.ApprovedWithConditions => "approved with conditions",
        _ => status.ToString().ToLowerInvariant(),
    };
}

/// <summary>A vendor contact (a portal user) who may answer this assessment.</summary>
public sealed class AssessmentContact : ITenantOwned
{
    private AssessmentContact() { }

    public Guid Id { get; private set; }
    public Guid TenantId { get; private set; }
    public Guid AssessmentId { get; private set; }
    public string Email { get; private set; } = "";
    /// <summary>Set once the contact has an account (on invitation acceptance, or at once for an existing user).</summary>
    public Guid? UserId { get; private set; }

    public static AssessmentContact Create(Guid assessmentId, string email, Guid? userId) =>
        new() { Id = Ids.New(), AssessmentId = assessmentId, Email = email.Trim(), UserId = userId };

    public void BindUser(Guid userId) => UserId ??= userId;
}

/// <summary>
/// The current answer to one item. Its <see cref="Version"/> protects concurrent contributors: an autosave
/// carries the version it started from, and a newer one in the database is a conflict, not an overwrite.
/// </summary>
public sealed class AssessmentAnswer : ITenantOwned, IVersioned
{
    public const int ItemIdMaxLength = 100;

    private AssessmentAnswer() { }

    public Guid Id { get; private set; }
    public Guid TenantId { get; private set; }
    public Guid AssessmentId { get; private set; }
    public string ItemId { get; private set; } = "";
    /// <summary><see cref="AnswerJson"/>; null when the answer was cleared.</summary>
    public string? ValueJson { get; private set; }
    /// <summary>Copied from the vendor's previous assessment and not yet confirmed or changed.</summary>
    public bool CarriedOver { get; private set; }
    public Guid? UpdatedByUserId { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    /// <summary>Why the question does not apply, in the vendor's words: required with a "not applicable" answer (ADR-026).</summary>
    public string? NotApplicableReason { get; private set; }
    /// <summary>The reviewer who accepted <see cref="NotApplicableReason"/>; until then the answer counts as unverified.</summary>
    public Guid? NotApplicableAcceptedByUserId { get; private set; }
    public DateTimeOffset? NotApplicableAcceptedAt { get; private set; }
    public int Version { get; set; }

    public const int NotApplicableReasonMaxLength = 1000;

    /// <summary>A reviewer accepted the vendor's reason for "not applicable".</summary>
    public bool NotApplicableAccepted => NotApplicableAcceptedAt is not null;

    public static AssessmentAnswer Create(Guid assessmentId, string itemId, string? valueJson, Guid? userId, DateTimeOffset now, bool carriedOver = false)
    {
        if (string.IsNullOrWhiteSpace(itemId) || itemId.Length > ItemIdMaxLength) throw new DomainException("Unknown question.");
        return new AssessmentAnswer
        {
            Id = Ids.New(), AssessmentId = assessmentId, ItemId = itemId, ValueJson = valueJson, UpdatedByUserId = userId,
            UpdatedAt = now, CarriedOver = carriedOver,
            // A page without an answer sends version 0: the first stored answer must already differ from that, or a
            // second person who saw no answer would overwrite the first one's without a conflict.
            Version = 1,
        };
    }

    public void Change(string? valueJson, Guid? userId, DateTimeOffset now)
    {
        ValueJson = valueJson;
        UpdatedByUserId = userId;
        UpdatedAt = now;
        CarriedOver = false;
    }

    /// <summary>
    /// Records (or clears, with null) the vendor's reason for a "not applicable" answer. A changed reason needs accepting again.
    /// </summary>
    public void ExplainNotApplicable(string? reason)
    {
        reason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        if (reason is { Length: > NotApplicableReasonMaxLength })
            throw new DomainException($"A reason is at most {NotApplicableReasonMaxLength} characters.");
        if (reason == NotApplicableReason) return;
        NotApplicableReason = reason;
        NotApplicableAcceptedByUserId = null;
        NotApplicableAcceptedAt = null;
    }

    /// <summary>A reviewer accepts the vendor's reason for "not applicable".</summary>
    public void AcceptNotApplicable(Guid reviewerId, DateTimeOffset now)
    {
        if (NotApplicableReason is null) throw new DomainException("There is no reason for \"not applicable\" to accept.");
        if (NotApplicableAccepted) throw new DomainException("This reason was already accepted.");
        NotApplicableAcceptedByUserId = reviewerId;
        NotApplicableAcceptedAt = now;
    }

    /// <summary>The vendor confirms a carried-over answer as still true.</summary>
    public void Confirm(Guid? userId, DateTimeOffset now)
    {
        if (!CarriedOver) throw new DomainException("Only a carried-over answer needs confirming.");
        Change(ValueJson, userId, now);
    }
}

/// <summary>A comment on one question of an assessment: internal only, or shared with the vendor.</summary>
public sealed class AssessmentComment : ITenantOwned
{
    public const int BodyMaxLength = 4000;

    private AssessmentComment() { }

    public Guid Id { get; private set; }
    public Guid TenantId { get; private set; }
    public Guid AssessmentId { get; private set; }
    public string ItemId { get; private set; } = "";
    public Guid AuthorUserId { get; private set; }
    public string Body { get; private set; } = "";
    public bool VisibleToVendor { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }

    public static AssessmentComment Create(Guid assessmentId, string itemId, Guid author, string body, bool visibleToVendor, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(body) || body.Length > BodyMaxLength)
            throw new DomainException($"A comment must have 1 to {BodyMaxLength} characters.");
        return new AssessmentComment
        {
            Id = Ids.New(), AssessmentId = assessmentId, ItemId = itemId, AuthorUserId = author, Body = body.Trim(),
            VisibleToVendor = visibleToVendor, CreatedAt = now,
        };
    }
}

/// <summary>
/// A vendor's evidence document (<see cref="Evidence.EvidenceRecord"/>) linked to one question of an assessment: uploaded for it, picked
/// again from the vendor's still-valid documents, or carried over from the previous assessment (ADR-025). The file's name, size, hash and
/// storage key are copied from the record (a stored file never changes), so readers of an assessment's evidence need no join.
/// </summary>
public sealed class EvidenceFile : ITenantOwned
{
    public const int FileNameMaxLength = Evidence.EvidenceRecord.FileNameMaxLength;

    private EvidenceFile() { }

    public Guid Id { get; private set; }
    public Guid TenantId { get; private set; }
    public Guid AssessmentId { get; private set; }
    public string ItemId { get; private set; } = "";
    /// <summary>The evidence record this link shows.</summary>
    public Guid RecordId { get; private set; }
    /// <summary>The name shown and used on download, already made safe.</summary>
    public string FileName { get; private set; } = "";
    public string ContentType { get; private set; } = "";
    public long Length { get; private set; }
    public string Sha256 { get; private set; } = "";
    /// <summary>A random name, unrelated to the uploaded name.</summary>
    public string StorageKey { get; private set; } = "";
    /// <summary>Who linked it to the question (the uploader, the contact who reused it, or the record's uploader for a carry-over).</summary>
    public Guid UploadedByUserId { get; private set; }
    /// <summary>When it was linked to this question.</summary>
    public DateTimeOffset UploadedAt { get; private set; }
    /// <summary>Linked by a reassessment's carry-over rather than by the vendor.</summary>
    public bool CarriedOver { get; private set; }

    public static EvidenceFile Link(Guid assessmentId, string itemId, Evidence.EvidenceRecord record, Guid linkedBy, DateTimeOffset now,
        bool carriedOver = false) => new()
    {
        Id = Ids.New(), AssessmentId = assessmentId, ItemId = itemId, RecordId = record.Id, FileName = record.FileName,
        ContentType = record.ContentType, Length = record.Length, Sha256 = record.Sha256, StorageKey = record.StorageKey,
        UploadedByUserId = linkedBy, UploadedAt = now, CarriedOver = carriedOver,
    };
}
