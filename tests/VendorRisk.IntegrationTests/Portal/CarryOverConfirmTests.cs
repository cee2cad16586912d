using System.Net;
using Microsoft.EntityFrameworkCore;
using VendorRisk.Domain.Assessments;
using VendorRisk.Domain.Questionnaires;
using VendorRisk.IntegrationTests.Infrastructure;
using VendorRisk.Testing;
using static VendorRisk.IntegrationTests.Portal.PortalTestKit;

namespace VendorRisk.IntegrationTests.Portal;

/// <summary>
/// Issue 14, item 7 (first half): a reassessment's carried-over answers are confirmed all at once or a section at a time, in one POST and
/// one transaction, with a summary of what changed since last time. Answers to questions that changed in the new questionnaire version are
/// left to be checked one by one.
/// </summary>
public sealed class CarryOverConfirmTests(VendorRiskApp app) : IClassFixture<VendorRiskApp>
{
    /// <summary>Version 1.1.0 of the portal questionnaire: the staff question is worded differently, and an SBOM question is new.</summary>
    private static readonly string NextVersion = PortalTestKit.Definition
        .Replace("\"version\": \"1.0.0\"", "\"version\": \"1.1.0\"", StringComparison.Ordinal)
        .Replace("How many security staff?", "How many people work full-time on security?", StringComparison.Ordinal)
        .Replace("{ \"id\": \"contact_email\"", "{ \"id\": \"sbom\", \"type\": \"boolean\", \"text\": \"Do you publish an SBOM?\" },\n                { \"id\": \"contact_email\"", StringComparison.Ordinal);

    private sealed record Reassessment(PortalWorld World, Guid Id, Guid PreviousId)
    {
        public string Url => $"/t/{World.Tenant.Slug}/portal/assessments/{Id}";
    }

    /// <summary>Vendor A answered version 1.0.0 last time; its reassessment on 1.1.0 carries three answers over.</summary>
    private async Task<Reassessment> ReassessmentAsync()
    {
        var world = await CreateWorldAsync(app);
        var previous = await app.Scenario.AssessmentAsync(world.Tenant.Id, new AssessmentPlan(world.VendorA.Id, world.Template, world.Admin.Id)
        {
            Title = "AI security review 2025",
            Answers = new Dictionary<string, string>
            {
                ["uses_ai"] = AssessmentPlan.Json(AnswerValue.False),
                ["staff"] = """{"kind":"number","value":"3"}""",
                ["contact_email"] = AssessmentPlan.Json(AnswerValue.Text("security@alpha.example")),
            },
            Submitted = true,
        });
        var next = await app.Scenario.PublishedQuestionnaireAsync(world.Tenant.Id, NextVersion, world.Admin.Id);
        var id = await IssueAsync(app, world.Tenant, next, world.VendorA.Id, world.Admin.Id, [world.ContactA.Email!], "AI security review 2026", previous.Id);
        await app.InDbAsync(async db =>
        {
            var now = app.Clock.GetUtcNow();
            db.AssessmentAnswers.Add(AssessmentAnswer.Create(id, "uses_ai", AssessmentPlan.Json(AnswerValue.False), null, now, carriedOver: true));
            db.AssessmentAnswers.Add(AssessmentAnswer.Create(id, "staff", """{"kind":"number","value":"3"}""", null, now, carriedOver: true));
            db.AssessmentAnswers.Add(AssessmentAnswer.Create(id, "contact_email", AssessmentPlan.Json(AnswerValue.Text("security@alpha.example")), null, now, carriedOver: true));
            return await db.SaveChangesAsync();
        }, world.Tenant.Id);
        return new Reassessment(world, id, previous.Id);
    }

    private async Task<Dictionary<string, AssessmentAnswer>> AnswersOfAsync(Reassessment r) =>
        (await AnswersAsync(app, r.Id)).ToDictionary(a => a.ItemId, StringComparer.Ordinal);

    private Task<int> ConfirmationsAsync(Reassessment r) =>
        app.InDbAsync(db => db.AuditEvents.CountAsync(e => e.Action == "assessment.answers-confirmed" && e.EntityId == r.Id.ToString()), r.World.Tenant.Id);

    [Fact]
    public async Task Confirm_all_confirms_the_unchanged_carried_over_answers_at_once_and_leaves_changed_questions_to_check()
    {
        var r = await ReassessmentAsync();
        var client = await SignedInAsync(app, r.World.ContactA);

        var page = await client.GetDocumentAsync(r.Url);
        var summary = page.QuerySelector("[data-testid=carry-over]")!;
        Assert.Contains("AI security review 2025", summary.TextContent, StringComparison.Ordinal);
        var changes = summary.QuerySelectorAll("[data-testid=question-changes] li").Select(li => li.TextContent.Trim()).ToList();
        Assert.Equal(["How many people work full-time on security?: its wording changed", "Do you publish an SBOM?: new question"], changes);
        Assert.Contains("Confirm all 2 unchanged answers", summary.QuerySelector("[data-testid=confirm-all] button")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(page.QuerySelector("#item-staff [data-testid=question-changed]"));

        var confirmed = await client.SubmitAsync(page, r.Url, new Dictionary<string, string>(), "[data-testid=confirm-all]");

        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        var answers = await AnswersOfAsync(r);
        Assert.False(answers["uses_ai"].CarriedOver);
        Assert.False(answers["contact_email"].CarriedOver);
        Assert.Equal(r.World.ContactA.Id, answers["uses_ai"].UpdatedByUserId);
        Assert.True(answers["staff"].CarriedOver, "the staff question changed: its answer is checked one by one");
        Assert.Equal(1, await ConfirmationsAsync(r));
        var after = await client.GetDocumentAsync(r.Url);
        var status = after.QuerySelector("[role=status].alert-success")!.TextContent;
        Assert.Contains("Confirmed 2 carried-over answers.", status, StringComparison.Ordinal);
        Assert.Contains("1 answer belongs to a question that changed", status, StringComparison.Ordinal);
        Assert.Null(after.QuerySelector("[data-testid=confirm-all]"));
        Assert.Contains("1 carried-over answer is still to confirm", after.QuerySelector("[data-testid=to-confirm]")!.TextContent, StringComparison.Ordinal);

        // The vendor changes the staff answer: the summary lists it among the answers changed since last time.
        var token = Token(after);
        AssertStatus(HttpStatusCode.OK, await AutosaveAsync(client, token, r.Url, "staff", answers["staff"].Version, "5"), "changing a carried-over answer");
        var changed = (await client.GetDocumentAsync(r.Url)).QuerySelector("[data-testid=answer-changes]")!.TextContent;
        Assert.Contains("How many people work full-time on security?: 3 → 5", changed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Confirm_section_confirms_only_that_sections_answers()
    {
        var r = await ReassessmentAsync();
        var client = await SignedInAsync(app, r.World.ContactA);
        var page = await client.GetDocumentAsync(r.Url);
        Assert.Contains("Confirm 1 unchanged answer in this section", page.QuerySelector("[data-confirm-section=sec] button")!.TextContent, StringComparison.Ordinal);

        var confirmed = await client.SubmitAsync(page, r.Url, new Dictionary<string, string>(), "[data-confirm-section=ai]");

        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        Assert.EndsWith("#section-ai", confirmed.Headers.Location!.OriginalString, StringComparison.Ordinal);
        var answers = await AnswersOfAsync(r);
        Assert.False(answers["uses_ai"].CarriedOver);
        Assert.True(answers["contact_email"].CarriedOver);
        Assert.True(answers["staff"].CarriedOver);
    }

    [Fact]
    public async Task Confirming_is_refused_with_a_message_for_an_unknown_section_a_submitted_assessment_and_another_vendor()
    {
        var r = await ReassessmentAsync();
        var client = await SignedInAsync(app, r.World.ContactA);
        var token = Token(await client.GetDocumentAsync(r.Url));
        var before = await AnswersOfAsync(r);

        var unknown = await PostFormAsync(client, token, r.Url + "?handler=ConfirmAll&sectionId=nope");
        AssertStatus(HttpStatusCode.BadRequest, unknown, "an unknown section");
        Assert.Contains("no such section", (await Forms.ParseAsync(unknown)).QuerySelector("[data-testid=refusal]")!.TextContent, StringComparison.Ordinal);

        var intruder = await SignedInAsync(app, r.World.ContactB);
        var foreign = await PostFormAsync(intruder, Token(await intruder.GetDocumentAsync(r.World.UrlB)), r.Url + "?handler=ConfirmAll");
        AssertStatus(HttpStatusCode.NotFound, foreign, "another vendor's contact");

        await app.InDbAsync(async db =>
        {
            (await db.Assessments.SingleAsync(a => a.Id == r.Id)).Submit(50, app.Clock.GetUtcNow());
            return await db.SaveChangesAsync();
        }, r.World.Tenant.Id);
        var submitted = await PostFormAsync(client, token, r.Url + "?handler=ConfirmAll");
        AssertStatus(HttpStatusCode.Conflict, submitted, "a submitted assessment");
        Assert.Contains("can no longer be changed. Nothing was confirmed.", (await Forms.ParseAsync(submitted)).QuerySelector("[data-testid=refusal]")!.TextContent,
            StringComparison.Ordinal);

        var after = await AnswersOfAsync(r);
        Assert.All(before, b => Assert.Equal((b.Value.CarriedOver, b.Value.Version), (after[b.Key].CarriedOver, after[b.Key].Version)));
        Assert.Equal(0, await ConfirmationsAsync(r));
    }
}
