using VendorRisk.Domain.Common;
using VendorRisk.Domain.Tenancy;

namespace VendorRisk.Domain.Assessments;

/// <summary>
/// One question reopened for the vendor in one round, with the reason the vendor reads at the question (a reviewer's clarification
/// question, a rejected piece of evidence, ...), the answer as it was when it was reopened, and the vendor's reply: an optional note
/// while the round is open, and the answer as it stood when the vendor submitted again. Which questions the vendor may change is
/// still <see cref="Assessment.ReopenedItemIdsJson"/>; this row is what was said about each of them.
/// </summary>
public sealed class ReopenedItem : ITenantOwned, IVersioned
{
    public const int ReasonMaxLength = 4000;
    public const int ReplyMaxLength = 4000;
    public const int SourceMaxLength = 40;

    /// <summary>A reviewer asked (the review workflow's clarification, or the assessment page's).</summary>
    public const string SourceClarification = "clarification";
    /// <summary>A reviewer rejected a document that backs the question (ADR-025).</summary>
    public const string SourceEvidence = "evidence";

    private ReopenedItem() { }

    public Guid Id { get; private set; }
    public Guid TenantId { get; private set; }
    public Guid AssessmentId { get; private set; }
    public string ItemId { get; private set; } = "";
    /// <summary>The assessment's clarification round this item was reopened in (1 for the first).</summary>
    public int Round { get; private set; }
    /// <summary>Why it was reopened, as the vendor reads it.</summary>
    public string Reason { get; private set; } = "";
    /// <summary>What reopened it: <see cref="SourceClarification"/>, or another feature's word (e.g. evidence review).</summary>
    public string Source { get; private set; } = SourceClarification;
    public Guid? RequestedByUserId { get; private set; }
    public DateTimeOffset RequestedAt { get; private set; }
    /// <summary>The answer (answer JSON) when the item was reopened; null when there was none.</summary>
    public string? AnswerBeforeJson { get; private set; }
    public string? ReplyNote { get; private set; }
    public Guid? RepliedByUserId { get; private set; }
    public DateTimeOffset? RepliedAt { get; private set; }
    /// <summary>When the vendor submitted again (the round's end); null while the vendor may still change the answer.</summary>
    public DateTimeOffset? AnsweredAt { get; private set; }
    /// <summary>The answer (answer JSON) when the vendor submitted again.</summary>
    public string? AnswerAfterJson { get; private set; }
    /// <summary>A reply saved while the vendor submits loses (the submission closed the round), instead of landing after it.</summary>
    public int Version { get; set; }

    public bool IsOpen => AnsweredAt is null;

    public static ReopenedItem Create(Guid assessmentId, string itemId, int round, string reason, string source, Guid? requestedBy,
        string? answerBeforeJson, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(itemId) || itemId.Length > AssessmentAnswer.ItemIdMaxLength) throw new DomainException("Unknown question.");
        if (string.IsNullOrWhiteSpace(reason) || reason.Trim().Length > ReasonMaxLength)
            throw new DomainException($"Tell the vendor why the question is reopened (1 to {ReasonMaxLength} characters).");
        if (string.IsNullOrWhiteSpace(source) || source.Length > SourceMaxLength) throw new DomainException("Unknown reason for reopening.");
        return new ReopenedItem
        {
            Id = Ids.New(), AssessmentId = assessmentId, ItemId = itemId, Round = round, Reason = reason.Trim(), Source = source,
            RequestedByUserId = requestedBy, RequestedAt = now, AnswerBeforeJson = answerBeforeJson,
        };
    }

    /// <summary>The vendor's note to the reviewer beside the changed answer; an empty note removes it. Only while the round is open.</summary>
    public void Reply(string? note, Guid by, DateTimeOffset now)
    {
        if (!IsOpen) throw new DomainException("This question was already answered and submitted; the reply can no longer be changed.");
        if (note is { } n && n.Trim().Length > ReplyMaxLength) throw new DomainException($"Use at most {ReplyMaxLength} characters.");
        ReplyNote = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        RepliedByUserId = ReplyNote is null ? null : by;
        RepliedAt = ReplyNote is null ? null : now;
    }

    /// <summary>The vendor submitted again: the round ends with the answer as it is now.</summary>
    public void Answer(string? answerJson, DateTimeOffset now)
    {
        if (!IsOpen) return;
        AnswerAfterJson = answerJson;
        AnsweredAt = now;
    }
}
