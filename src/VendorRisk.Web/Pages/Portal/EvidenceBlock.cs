using VendorRisk.Application.Portal;
using VendorRisk.Domain.Evidence;
using VendorRisk.Domain.Questionnaires;

namespace VendorRisk.Web.Pages.Portal;

/// <summary>
/// What the portal's evidence box of one question shows (<c>_Evidence.cshtml</c>): the documents linked with their review status and a
/// rejection's reason, the upload form with the document's details (kinds limited to those the question accepts), the rejected document a
/// new upload replaces, and the vendor's still-valid documents the question may reuse. <see cref="Input"/> and <see cref="Errors"/> are what
/// a refused upload entered and why.
/// </summary>
public sealed record EvidenceBlock(string Slug, QuestionnaireItem Item, bool EvidenceRequired, bool Editable, IReadOnlyList<SheetEvidence> Files,
    IReadOnlyList<VendorEvidence> Reusable, long MaxBytes, AssessmentsModel.EvidenceInput? Input, IReadOnlyDictionary<string, string> Errors)
{
    /// <summary>The kinds the upload offers: those the question accepts, or every kind.</summary>
    public IReadOnlyList<EvidenceKind> Kinds => Item.Evidence is { Kinds.IsDefaultOrEmpty: false } settings ? settings.Kinds : EvidenceKinds.All;

    /// <summary>Rejected documents no upload has replaced yet: what a new upload may replace.</summary>
    public IReadOnlyList<SheetEvidence> Replaceable => [.. Files.Where(f => f.Review == EvidenceReview.Rejected && !f.Replaced)];

    public string? Error(string field) => Errors.GetValueOrDefault(field);

    /// <summary>The review status as the vendor reads it, with the bootstrap badge colour.</summary>
    public static (string Text, string Badge) Status(SheetEvidence file) => file.Review switch
    {
        EvidenceReview.Accepted => ("Accepted", "text-bg-success"),
        EvidenceReview.Rejected when file.Replaced => ("Rejected, replaced", "text-bg-secondary"),
        EvidenceReview.Rejected => ("Rejected", "text-bg-danger"),
        _ => ("Waiting for review", "text-bg-light border"),
    };

    public static string Dates(DateOnly documentDate, DateOnly? validUntil) =>
        validUntil is { } until ? $"dated {documentDate:yyyy-MM-dd}, valid until {until:yyyy-MM-dd}" : $"dated {documentDate:yyyy-MM-dd}";
}
