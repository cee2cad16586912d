using System.Globalization;
using VendorRisk.Infrastructure.Email;

namespace VendorRisk.Application.Conditions;

/// <summary>The e-mails about conditions of approval, in the common layout (every value is encoded there).</summary>
public static class ConditionMails
{
    public const string KindDueSoon = "condition-due-soon";
    public const string KindOverdue = "condition-overdue";
    public const string KindClosureSubmitted = "condition-closure-submitted";

    private static string Day(DateOnly day) => day.ToString("d MMMM yyyy", CultureInfo.InvariantCulture);

    public static EmailContent DueSoon(string tenantName, string vendorName, string assessmentTitle, string condition, DateOnly dueOn, string link) =>
        EmailTemplates.Layout(
            subject: $"A condition of approval is due on {Day(dueOn)}: {vendorName}",
            heading: "A condition of approval is due soon",
            paragraphs:
            [
                $"{tenantName} approved \"{assessmentTitle}\" ({vendorName}) on condition that: \"{condition}\".",
                $"It is due on {Day(dueOn)}. Submit the evidence that it is met before then.",
            ],
            action: ("Open the condition", link));

    public static EmailContent Overdue(string tenantName, string vendorName, string assessmentTitle, string condition, DateOnly dueOn, string link) =>
        EmailTemplates.Layout(
            subject: $"A condition of approval is overdue: {vendorName}",
            heading: "A condition of approval is overdue",
            paragraphs:
            [
                $"{tenantName} approved \"{assessmentTitle}\" ({vendorName}) on condition that: \"{condition}\".",
                $"It was due on {Day(dueOn)} and is not closed. The vendor's approval is proposed for reassessment; submit the evidence as soon as you can.",
            ],
            action: ("Open the condition", link));

    /// <summary>
    /// To each verifier (tenant admins and committee members) when an owner submits the evidence that a condition is met. The
    /// owner's evidence text is not quoted: it may be the vendor's, and a mail to staff must not carry links someone outside the
    /// organisation chose; the verifier reads it on the condition page.
    /// </summary>
    public static EmailContent ClosureSubmitted(string tenantName, string vendorName, string assessmentTitle, string condition, string submittedBy,
        string? fileName, string link) =>
        EmailTemplates.Layout(
            subject: $"A condition of approval is ready to verify: {vendorName}",
            heading: "Evidence of closure to verify",
            paragraphs:
            [
                $"{submittedBy} says the condition of the approval of \"{assessmentTitle}\" ({vendorName}) at {tenantName} is met: \"{condition}\".",
                "The evidence" + (fileName is null ? "" : $" and the file \"{fileName}\"") + " are on the condition page.",
                "Close the condition, or send it back to its owner with the reason.",
            ],
            action: ("Verify the condition", link));
}
