using Microsoft.EntityFrameworkCore;
using VendorRisk.Application.Reviews;
using VendorRisk.Domain.Assessments;
using VendorRisk.Domain.Questionnaires;
using VendorRisk.Domain.Tenancy;
using VendorRisk.IntegrationTests.Infrastructure;
using VendorRisk.Testing;

namespace VendorRisk.IntegrationTests.Reviews;

/// <summary>
/// What a reviewer reads (<see cref="ReviewSummaryReader"/>): the questions the vendor saw, by section, answered in the words the
/// vendor read; finding rules as findings of their section, never as questions; each question's documents.
/// </summary>
public sealed class ReviewSummaryReaderTests(VendorRiskApp app) : IClassFixture<VendorRiskApp>
{
    private const string Questionnaire = """
        {
          "id": "reader-shape",
          "version": "1.0.0",
          "title": "Reader shape",
          "sections": [
            {
              "id": "privacy",
              "title": "Data protection",
              "items": [
                { "id": "intro", "type": "info", "text": "About your data." },
                { "id": "training", "type": "singleChoice", "text": "Is our data used for training?",
                  "choices": [ { "value": "never", "label": "Never", "score": 100 }, { "value": "opt_in", "label": "Only if we opt in", "score": 50 } ] },
                { "id": "encryption", "type": "boolean", "text": "Is data encrypted at rest?" },
                { "id": "finding_no_encryption", "type": "finding", "text": "Data not encrypted at rest", "when": "{encryption} = false", "severity": "high" },
                { "id": "why_not", "type": "text", "text": "Why not?", "visibleIf": "{encryption} = true" },
                { "id": "dpo", "type": "email", "text": "Who is your data protection officer?" }
              ],
              "sections": [
                {
                  "id": "personal",
                  "title": "Personal data",
                  "items": [ { "id": "regions", "type": "multipleChoice", "text": "Where is it stored?",
                    "choices": [ { "value": "eea", "label": "European Economic Area" }, { "value": "us", "label": "United States" } ] } ]
                }
              ]
            },
            {
              "id": "agents",
              "title": "Agents",
              "visibleIf": "{training} = 'never'",
              "items": [ { "id": "tools", "type": "text", "text": "Which tools may agents use?" } ]
            }
          ]
        }
        """;

    [Fact]
    public async Task Answers_come_by_visible_section_in_the_vendors_words_with_finding_rules_as_findings_and_documents_per_question()
    {
        var tenant = await app.CreateTenantAsync();
        var manager = await app.CreateMemberAsync(tenant, TenantRoles.VendorManager);
        var vendor = await app.Scenario.VendorAsync(tenant.Id, "Reader AI");
        var template = await app.Scenario.PublishedQuestionnaireAsync(tenant.Id, Questionnaire, manager.Id);
        var assessment = await app.Scenario.AssessmentAsync(tenant.Id, new AssessmentPlan(vendor.Id, template, manager.Id)
        {
            Answers = new Dictionary<string, string>
            {
                ["training"] = AssessmentPlan.Json(AnswerValue.Choices(["opt_in"])),
                ["encryption"] = AssessmentPlan.Json(AnswerValue.Boolean(false)),
                ["why_not"] = AssessmentPlan.Json(AnswerValue.Text("left over from an earlier answer")),
                ["regions"] = AssessmentPlan.Json(AnswerValue.Choices(["eea", "us"])),
                ["tools"] = AssessmentPlan.Json(AnswerValue.Text("hidden section")),
            },
            AnsweredBy = manager.Id,
            Evidence = [("training", "training-clause.pdf", "application/pdf", 2048)],
            Submitted = true,
        });
        await app.InDbAsync(async db =>
        {
            (await db.Assessments.SingleAsync(a => a.Id == assessment.Id)).RequestClarification(["dpo"]);
            return await db.SaveChangesAsync();
        }, tenant.Id);

        var summary = (await app.InDbAsync(db => ReviewSummaryReader.LoadAsync(db, assessment.Id), tenant.Id))!;

        Assert.Equal(["privacy", "personal"], summary.Sections.Select(s => s.Id));
        var privacy = summary.Sections[0];
        Assert.Equal(("Data protection", 0), (privacy.Title, privacy.Path.Count));
        Assert.Equal(["Data protection"], summary.Sections[1].Path);
        Assert.Equal(["training", "encryption", "dpo"], privacy.Answers.Select(a => a.ItemId));
        Assert.Equal(["Only if we opt in", "No", null], privacy.Answers.Select(a => a.Answer));
        Assert.Equal("European Economic Area, United States", Assert.Single(summary.Sections[1].Answers).Answer);
        Assert.Equal([false, false, true], privacy.Answers.Select(a => a.Reopened));

        var finding = Assert.Single(privacy.Findings);
        Assert.Equal(("finding_no_encryption", "Data not encrypted at rest", FindingSeverity.High, "privacy"),
            (finding.ItemId, finding.Title, finding.Severity, finding.SectionId));
        Assert.Equal([finding], summary.Findings);
        Assert.True(privacy.NeedsAttention);
        Assert.False(summary.Sections[1].NeedsAttention);
        Assert.DoesNotContain(summary.Answers, a => a.ItemId is "finding_no_encryption" or "intro" or "why_not" or "tools");

        var document = Assert.Single(Assert.Single(summary.Answers, a => a.ItemId == "training").Evidence);
        Assert.Equal(("training-clause.pdf", 2048L), (document.FileName, document.Length));
        Assert.Equal([document], summary.Evidence);
        Assert.Equal("Reader shape 1.0.0", summary.Questionnaire);
        Assert.NotNull(summary.Counts);
    }
}
