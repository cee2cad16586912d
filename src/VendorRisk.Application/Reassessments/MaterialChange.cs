using VendorRisk.Domain.Reassessments;
using VendorRisk.Domain.Vendors;

namespace VendorRisk.Application.Reassessments;

/// <summary>
/// The hook where an AI system's profile revision is saved: a new (or swapped) foundation model or a new subprocessor proposes a
/// review of the vendor, keyed by the revision, in the same unit of work as the revision.
/// </summary>
public static class MaterialChange
{
    public const string FoundationModelsField = "Foundation models";
    public const string SubprocessorsField = "Subprocessors";

    public static IReadOnlyList<ProfileChange> TriggeringChanges(IEnumerable<ProfileChange> changes) =>
        changes.Where(c => c.IsMaterial && c.Field is FoundationModelsField or SubprocessorsField).ToList();

    public static async Task<ReviewProposal?> ProposeReviewAsync(ReviewProposals proposals, AiSystem system, IEnumerable<ProfileChange> changes,
        CancellationToken cancellationToken)
    {
        var triggering = TriggeringChanges(changes);
        if (triggering.Count == 0 || system.Revisions.Count == 0) return null;
        var revision = system.Revisions[^1];
        var described = string.Join("; ", triggering.Select(c => $"{c.Field.ToLowerInvariant()} changed from {c.Before ?? "none"} to {c.After ?? "none"}"));
        return await proposals.ProposeAsync(system.VendorId, ProposalTrigger.AiSystemChanged, $"{revision.Id:N}", revision.Id,
            $"{system.Name} (revision {revision.Number}): {described}.", cancellationToken);
    }
}
