using System.Globalization;
using VendorRisk.Infrastructure.Email;

namespace VendorRisk.Application.Findings;

/// <summary>The e-mails of the finding lifecycle, in the common layout (every value is encoded there).</summary>
public static class FindingMails
{
    public const string KindAssignedToVendor = "finding-assigned-to-vendor";
    public const string KindRemediationProposed = "finding-remediation-proposed";

    private static string Day(DateOnly day) => day.ToString("d MMMM yyyy", CultureInfo.InvariantCulture);

    public static EmailContent AssignedToVendor(string tenantName, string assessmentTitle, string findingTitle, string severity, DateOnly dueOn,
        string portalLink) =>
        EmailTemplates.Layout(
            subject: $"{tenantName} asks for a remediation plan: \"{findingTitle}\"",
            heading: "A finding needs your remediation plan",
            paragraphs:
            [
                $"The reviewers at {tenantName} raised a {severity} finding on \"{assessmentTitle}\" and assigned it to you: \"{findingTitle}\".",
                $"Please answer with a remediation plan and a target date by {Day(dueOn)}. Sign in to the vendor portal to read the finding and answer.",
            ],
            action: ("Open the finding in the vendor portal", portalLink));

    public static EmailContent RemediationProposed(string vendorName, string assessmentTitle, string findingTitle, DateOnly targetOn, string link) =>
        EmailTemplates.Layout(
            subject: $"{vendorName} answered the finding \"{findingTitle}\"",
            heading: "The vendor proposed a remediation",
            paragraphs:
            [
                $"{vendorName} answered the finding \"{findingTitle}\" on \"{assessmentTitle}\" with a remediation plan, to be done by {Day(targetOn)}.",
                "Review the plan: close the finding once the remediation is verified, accept the risk, or send it back to the vendor.",
            ],
            action: ("Review the finding", link));
}
