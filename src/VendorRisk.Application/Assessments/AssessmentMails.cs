using System.Globalization;
using VendorRisk.Infrastructure.Email;

namespace VendorRisk.Application.Assessments;

/// <summary>The e-mails of the assessment lifecycle, in the common layout (every value is encoded there).</summary>
public static class AssessmentMails
{
    public const string KindWaiting = "assessment-waiting";
    public const string KindClarification = "assessment-clarification";
    public const string KindReminder = "assessment-reminder";

    private static string Day(DateOnly day) => day.ToString("d MMMM yyyy", CultureInfo.InvariantCulture);

    public static EmailContent Waiting(string tenantName, string title, DateOnly dueOn, string portalLink) =>
        EmailTemplates.Layout(
            subject: $"A questionnaire from {tenantName} is waiting for you",
            heading: "A questionnaire is waiting",
            paragraphs:
            [
                $"{tenantName} asks you to answer \"{title}\".",
                $"Please submit it by {Day(dueOn)}. Sign in to the vendor portal to start; you can save and come back at any time.",
            ],
            action: ("Open the vendor portal", portalLink));

    /// <summary>Questions reopened for the vendor: each by its text, with the reviewer's question and a link straight to it.</summary>
    public static EmailContent Clarification(string tenantName, string title, IReadOnlyList<EmailListLink> questions, string assessmentLink,
        DateTimeOffset? dueAt = null) =>
        EmailTemplates.Layout(
            subject: $"{tenantName} asks for clarification on \"{title}\"",
            heading: "Clarification requested",
            paragraphs:
            [
                $"The reviewers at {tenantName} reopened {questions.Count} question{(questions.Count == 1 ? "" : "s")} of \"{title}\" and ask you to clarify your answer{(questions.Count == 1 ? "" : "s")}:",
            ],
            links: questions,
            action: ("Open the questionnaire", assessmentLink),
            footer: "Only the reopened questions can be changed. You can add a reply for the reviewers at each question; submit the questionnaire again when you are done."
                + (dueAt is { } d ? $" Please answer by {d.UtcDateTime.ToString("d MMMM yyyy, HH:mm", CultureInfo.InvariantCulture)} UTC." : ""));

    public static EmailContent Reminder(string tenantName, string title, DateOnly dueOn, ReminderKind kind, string portalLink) =>
        EmailTemplates.Layout(
            subject: kind == ReminderKind.Overdue
                ? $"Overdue: \"{title}\" for {tenantName}"
                : $"Reminder: \"{title}\" for {tenantName} is due {Day(dueOn)}",
            heading: kind == ReminderKind.Overdue ? "Your questionnaire is overdue" : "Your questionnaire is due soon",
            paragraphs:
            [
                kind switch
                {
                    ReminderKind.Overdue => $"\"{title}\" was due on {Day(dueOn)} and has not been submitted yet.",
                    _ => $"\"{title}\" is due on {Day(dueOn)}.",
                },
                $"Please complete and submit it in the vendor portal. If you need more time, contact {tenantName}.",
            ],
            action: ("Open the vendor portal", portalLink));
}

public enum ReminderKind
{
    SevenDays,
    OneDay,
    Overdue,
}
