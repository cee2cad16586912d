using System.Globalization;
using VendorRisk.Infrastructure.Email;

namespace VendorRisk.Application.Contracts;

/// <summary>The e-mails about contract obligations, in the common layout (every value is encoded there).</summary>
public static class ObligationMails
{
    public const string KindReminder = "obligation-reminder";
    public const string KindOverdue = "obligation-overdue";
    public const string KindNoticeDeadline = "contract-notice-deadline";

    public static string Day(DateOnly day) => day.ToString("d MMMM yyyy", CultureInfo.InvariantCulture);

    public static EmailContent Reminder(string tenantName, string obligation, string contract, string vendor, DateOnly dueOn,
        int daysLeft, bool forVendor, string link) =>
        EmailTemplates.Layout(
            subject: daysLeft == 0
                ? $"Due today: {obligation} ({vendor})"
                : $"Reminder: {obligation} ({vendor}) is due {Day(dueOn)}",
            heading: daysLeft == 0 ? "An obligation is due today" : $"An obligation is due in {daysLeft} day{(daysLeft == 1 ? "" : "s")}",
            paragraphs: forVendor
                ?
                [
                    $"{tenantName} expects evidence for \"{obligation}\" under the contract \"{contract}\" by {Day(dueOn)}.",
                    "Sign in to the vendor portal and upload it there.",
                ]
                :
                [
                    $"\"{obligation}\" under the contract \"{contract}\" with {vendor} is due on {Day(dueOn)}.",
                    "Record the evidence or a note when it is met, or waive it with a reason.",
                ],
            action: (forVendor ? "Open the vendor portal" : "Open the obligation", link));

    public static EmailContent NoticeDeadline(string contract, string vendor, DateOnly deadline, DateOnly termEndsOn, bool renews, int daysLeft,
        string link) =>
        EmailTemplates.Layout(
            subject: daysLeft == 0
                ? $"Last day to give notice: {contract} ({vendor})"
                : $"Notice deadline {Day(deadline)}: {contract} ({vendor})",
            heading: daysLeft == 0 ? "Today is the last day to give notice" : $"The notice deadline is in {daysLeft} day{(daysLeft == 1 ? "" : "s")}",
            paragraphs:
            [
                renews
                    ? $"The current term of the contract \"{contract}\" with {vendor} ends on {Day(termEndsOn)} and then renews itself. The last day to give notice is {Day(deadline)}."
                    : $"The contract \"{contract}\" with {vendor} ends on {Day(termEndsOn)}. The last day to give notice is {Day(deadline)}.",
                renews
                    ? "Without notice by then the contract renews for another term. Decide now whether to renew, renegotiate or end it."
                    : "Decide before then whether to extend, renegotiate or let it end.",
            ],
            action: ("Open the contract", link));

    public static EmailContent Overdue(string obligation, string contract, string vendor, DateOnly dueOn, bool isOwner, string link) =>
        EmailTemplates.Layout(
            subject: $"Overdue: {obligation} ({vendor}) was due {Day(dueOn)}",
            heading: "An obligation is overdue",
            paragraphs:
            [
                $"\"{obligation}\" under the contract \"{contract}\" with {vendor} was due on {Day(dueOn)} and is still open.",
                isOwner
                    ? "You own this obligation: meet it with evidence or a note, or waive it with a reason."
                    : "You receive this as an administrator of the organisation; the obligation's owner was told as well.",
            ],
            action: ("Open the obligation", link));
}
