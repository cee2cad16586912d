using System.Globalization;
using System.Text;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using VendorRisk.Domain.Evidence;

namespace VendorRisk.Infrastructure.Reports;

/// <summary>
/// The assessment report as a PDF: a summary, the decision with its conditions and each reviewer's decision, score and residual
/// rating, the reviewers' findings (open and resolved, with treatment) and the questionnaire's, each committee vote, an approval
/// block the committee signs, answers by section, evidence list and an audit excerpt with the chain's verification result.
/// The residual rating, findings and votes are the ones the API and the exports give (Application's DecisionRecords). Times are UTC.
/// </summary>
public static class AssessmentPdfRenderer
{
    public static byte[] Render(AssessmentReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        EmbeddedFontResolver.Install();
        var footer = $"VendorRisk - {report.VendorName} - generated {Utc(report.GeneratedAt)} for {report.GeneratedBy}";
        // A first pass counts the pages ("Page n of N"); the second, tagged for accessibility, is the report.
        int pages;
        using (var draft = new PdfDocument())
        {
            using var counting = new PdfLayout(draft, footer, pageCount: null);
            Write(counting, report);
            pages = draft.PageCount;
        }

        using var document = new PdfDocument();
        document.Info.Title = $"Assessment report: {report.VendorName} - {report.Title}";
        document.Info.Author = report.TenantName;
        document.Info.Creator = "VendorRisk";
        document.Info.CreationDate = report.GeneratedAt.UtcDateTime;
        using (var layout = new PdfLayout(document, footer, pages))
        {
            Write(layout, report);
        }
        using var output = new MemoryStream();
        document.Save(output, closeStream: false);
        return output.ToArray();
    }

    private static void Write(PdfLayout layout, AssessmentReport report)
    {
        layout.Title("Assessment report");
        layout.Paragraph($"{report.VendorName} - {report.Title}", layout.BodyBold);
        layout.Field("Organisation", report.TenantName);
        layout.Field("Vendor", report.VendorName);
        layout.Field("Inherent risk tier", report.VendorTier ?? "Not tiered");
        layout.Field("Questionnaire", $"{report.QuestionnaireTitle} ({report.TemplateKey}), version {report.TemplateVersion}");
        layout.Field("Content hash", report.ContentHash);
        layout.Field("Status", report.Status);
        layout.Field("Due", report.DueOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        layout.Field("Sent", Utc(report.SentAt));
        layout.Field("Submitted", Utc(report.SubmittedAt));

        // The conditions and accepted risks in the words the exports and the API use (DecisionRecords.ConditionLine, AcceptedRiskLine).
        var conditions = report.Conditions ?? [];
        var acceptedRisks = report.AcceptedRisks ?? [];
        var openFindings = report.ReviewFindings.Count(f => f.IsOpen);

        layout.Heading("Summary");
        layout.Field("Decision", report.Decision ?? "Not decided yet");
        layout.Field("Residual risk", report.ResidualRisk);
        layout.Field("Review findings", $"{report.ReviewFindings.Count} ({openFindings} open"
            + (openFindings == 0 ? ")" : ": " + string.Join(", ", report.ReviewFindings.Where(f => f.IsOpen).GroupBy(f => f.Severity)
                .OrderByDescending(g => g.Key).Select(g => $"{g.Count()} {g.Key.ToString().ToLowerInvariant()}")) + ")"));
        layout.Field("Questionnaire findings", report.Findings.Count.ToString(CultureInfo.InvariantCulture));
        layout.Field("Score", report.Assurance is { } summary
            ? $"claimed {AssuranceVerdict.Figure(summary.ClaimedScore)}, verified {AssuranceVerdict.Figure(summary.VerifiedScore)}; rating {summary.RatingLabel}"
            : "Not scorable");
        layout.Field("Committee votes", report.Votes.Count == 0 ? "None"
            : string.Join(", ", report.Votes.GroupBy(v => AnswerText.Vote(v.Vote)).Select(g => $"{g.Count()} {g.Key.ToLowerInvariant()}")));
        layout.Field("Conditions", conditions.Count.ToString(CultureInfo.InvariantCulture));

        layout.Heading("Decision");
        layout.Field("Decision", report.Decision ?? "Not decided yet");
        layout.Field("Decided", Utc(report.DecidedAt));
        layout.Field("Decision note", report.DecisionNote);
        if (conditions.Count > 0)
        {
            layout.Subheading("Conditions");
            foreach (var line in conditions) layout.Paragraph(line);
        }
        if (acceptedRisks.Count > 0)
        {
            layout.Subheading("Accepted risks");
            foreach (var line in acceptedRisks) layout.Paragraph(line);
        }
        layout.Subheading($"Reviewer decisions ({report.ReviewerDecisions.Count})");
        if (report.ReviewerDecisions.Count == 0) layout.Paragraph("No reviewer decided in a review workflow.");
        foreach (var d in report.ReviewerDecisions)
        {
            layout.Paragraph($"{d.Reviewer}: {d.Outcome}, {Utc(d.At)}", layout.BodyBold);
            layout.Paragraph(d.Task + (string.IsNullOrWhiteSpace(d.Comment) ? "" : "; comment: " + d.Comment), layout.Small);
        }

        layout.Heading("Score and residual risk");
        if (report.Assurance is { } verdict)
        {
            // Two figures (ADR-026): what the vendor claims, and what accepted evidence or an independent check backs.
            layout.Field("Claimed score", AssuranceVerdict.Figure(verdict.ClaimedScore) + " / 100");
            layout.Field("Verified score", AssuranceVerdict.Figure(verdict.VerifiedScore) + " / 100" + (verdict.HasUnverified ? " (unverified answers)" : ""));
            layout.Field("Unverified", verdict.UnverifiedText);
            layout.Field("Rating", verdict.RatingLabel + (verdict.Caps.Count > 0 ? ": " + string.Join(" ", verdict.Caps) : " (from the verified score)"));
        }
        else
        {
            layout.Field("Claimed score", report.Score is { } s ? s.ToString("0.00", CultureInfo.InvariantCulture) + " / 100" : "Not scorable");
            layout.Field("Verified score", "Not scorable");
        }
        if (report.Counts is { } c)
        {
            layout.Field("Results", $"{c.Compliant} compliant, {c.PartiallyCompliant} partially compliant, {c.NonCompliant} non-compliant, "
                + $"{c.NotApplicable} not applicable, {c.Unanswered} unanswered");
        }
        if (report.ScoringProblem is not null) layout.Paragraph(report.ScoringProblem);
        layout.Field("Residual risk", report.ResidualRisk);
        layout.Field("Review workflow", report.WorkflowStatus is null ? "No review workflow"
            : report.WorkflowResult is null ? report.WorkflowStatus : $"{report.WorkflowStatus}, result {report.WorkflowResult}");

        layout.Heading($"Review findings ({report.ReviewFindings.Count}, {openFindings} open)");
        if (report.ReviewFindings.Count == 0) layout.Paragraph("No reviewer raised a finding.");
        foreach (var f in report.ReviewFindings)
        {
            layout.Paragraph($"{f.Severity}: {f.Title}", layout.BodyBold);
            layout.Paragraph($"Status {f.Status}; treatment {f.Treatment}; due {f.DueOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}", layout.Small);
        }

        layout.Heading($"Questionnaire findings ({report.Findings.Count})");
        if (report.Findings.Count == 0) layout.Paragraph("The answers raise no findings.");
        foreach (var f in report.Findings)
        {
            layout.Paragraph($"{f.Severity}: {f.Title}", layout.BodyBold);
            layout.Paragraph($"Question {f.ItemId}" + (f.Controls.Length == 0 ? "" : $"; controls {f.Controls}"), layout.Small);
        }

        layout.Heading($"Committee votes ({report.Votes.Count})");
        if (report.Votes.Count == 0) layout.Paragraph("No committee vote was taken.");
        foreach (var v in report.Votes)
        {
            layout.Paragraph($"{v.Voter}: {AnswerText.Vote(v.Vote)}, {Utc(v.At)}", layout.BodyBold);
            if (!string.IsNullOrWhiteSpace(v.Conditions)) layout.Paragraph("Conditions: " + v.Conditions);
            if (!string.IsNullOrWhiteSpace(v.Reason)) layout.Paragraph("Reason: " + v.Reason);
        }

        layout.Heading("Approval");
        layout.Field("Decision", report.Decision ?? "Not decided yet");
        layout.Field("Date", report.DecidedAt is { } decidedAt ? decidedAt.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "-");
        layout.Field("Residual rating", report.ResidualRisk);
        layout.Field("Conditions", conditions.Count == 0 ? "None" : string.Join(" / ", conditions));
        layout.Field("Accepted risks", acceptedRisks.Count == 0 ? "None" : string.Join(" / ", acceptedRisks));
        layout.Space(8);
        for (var i = 0; i < 3; i++)
        {
            layout.Paragraph("Name ____________________________   Signature ____________________________   Date ______________");
            layout.Space(10);
        }

        layout.Heading("Answers");
        if (report.Sections.Count == 0) layout.Paragraph("The answers cannot be shown: the pinned questionnaire version is not available.");
        foreach (var section in report.Sections)
        {
            layout.Subheading(section.Title);
            if (section.Answers.Count == 0)
            {
                layout.Paragraph("No questions shown in this section.", layout.Small);
                continue;
            }
            layout.Table(["Question", "Answer"], [1, 1],
                section.Answers.Select(a => (IReadOnlyList<string?>)[a.Question, a.Answer.Length == 0 ? "(not answered)" : a.Answer]));
        }

        layout.Heading($"Evidence ({report.Evidence.Count})");
        if (report.Evidence.Count == 0) layout.Paragraph("No evidence files were uploaded.");
        else
        {
            layout.Table(["File", "Size", "Question id", "Uploaded by", "Uploaded (UTC)"], [2.6, 0.9, 1.4, 1.6, 1.5],
                report.Evidence.Select(e => (IReadOnlyList<string?>)[e.FileName, AnswerText.Size(e.Length), e.ItemId, e.UploadedBy, Utc(e.UploadedAt)]));
        }

        layout.Heading("Audit excerpt");
        layout.Field("Audit chain", (report.Chain.IsIntact ? "Verified: " : "BROKEN: ") + report.Chain.Message);
        if (report.AuditEvents.Count == 0) layout.Paragraph("No audit events about this assessment.");
        else
        {
            layout.Table(["#", "When (UTC)", "Actor", "Action", "Entity"], [0.5, 1.5, 1.7, 2.3, 1.7],
                report.AuditEvents.Select(e => (IReadOnlyList<string?>)[e.Sequence.ToString(CultureInfo.InvariantCulture), Utc(e.At), e.Actor, e.Action, e.Entity]));
        }

        if (layout.ReplacedCharacters)
        {
            layout.Heading("About this report");
            layout.Paragraph(MissingFontNote);
        }

        layout.Finish();
    }

    /// <summary>Said in a report with characters that no font of the server can draw (ADR-031).</summary>
    public const string MissingFontNote = "Some characters of this report (such as Chinese, Japanese or Korean) cannot be drawn with the fonts of "
        + "this server and are shown as \"?\". The portal shows them in full; an administrator can install a font for them (see the README).";

    /// <summary>
    /// An ASCII file name for the report: letters, digits and dashes only, ending in the time it was made (UTC, to the second), so
    /// two reports of one day do not overwrite each other in a downloads folder.
    /// </summary>
    public static string FileName(AssessmentReport report)
    {
        var slug = new StringBuilder();
        foreach (var ch in report.VendorName.Normalize(NormalizationForm.FormD))
        {
            if (char.IsAsciiLetterOrDigit(ch)) slug.Append(char.ToLowerInvariant(ch));
            else if (slug.Length > 0 && slug[^1] != '-' && (ch == ' ' || ch == '-' || ch == '.' || ch == '_')) slug.Append('-');
        }
        var name = slug.ToString().Trim('-');
        if (name.Length > 60) name = name[..60].Trim('-');
        return $"assessment-{(name.Length == 0 ? "vendor" : name)}-{report.GeneratedAt.UtcDateTime:yyyyMMdd-HHmmss}.pdf";
    }

    private static string Utc(DateTimeOffset? when) =>
        when is { } w ? w.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC" : "-";

}
