using System.Globalization;
using VendorRisk.Domain.Reassessments;
using VendorRisk.Infrastructure.Email;

namespace VendorRisk.Application.Reassessments;

/// <summary>The e-mails about reassessments and review proposals, in the common layout.</summary>
public static class ReassessmentMails
{
    public const string KindProposal = "review-proposal";
    public const string KindIssued = "reassessment-issued";

    private static string Day(DateOnly day) => day.ToString("d MMMM yyyy", CultureInfo.InvariantCulture);

    public static EmailContent Proposal(string tenantName, string vendorName, ProposalTrigger trigger, string reason, string link) =>
        EmailTemplates.Layout(
            subject: $"Review proposed for {vendorName}: {ReviewProposal.Describe(trigger).ToLowerInvariant()}",
            heading: $"Should {vendorName} be reassessed?",
            paragraphs:
            [
                $"{tenantName}: {reason}",
                "As the vendor's owner, please issue the reassessment or dismiss the proposal with a reason.",
            ],
            action: ("Open the proposal", link));

    public static EmailContent Issued(string tenantName, string vendorName, string title, DateOnly dueOn, string link) =>
        EmailTemplates.Layout(
            subject: $"Reassessment of {vendorName} issued",
            heading: "A reassessment was issued",
            paragraphs:
            [
                $"{tenantName}: the reassessment of {vendorName} came due, and \"{title}\" was sent to the vendor automatically, with their previous answers carried over.",
                $"The vendor is asked to submit it by {Day(dueOn)}.",
            ],
            action: ("Open the assessment", link));
}
