using System.Globalization;
using VendorRisk.Infrastructure.Email;

namespace VendorRisk.Application.Conditions;

/// <summary>The e-mails about conditions of approval, in the common layout (every value is encoded there).</summary>
public static class ConditionMails
{
    public const string KindDueSoon = "condition-due-soon";
    public const string KindOverdue = "condition-overdue";

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
}
