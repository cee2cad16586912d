using System.Net;
using Microsoft.EntityFrameworkCore;
using VendorRisk.Domain.Assessments;
using VendorRisk.Domain.Audit;
using VendorRisk.Domain.Tenancy;
using VendorRisk.IntegrationTests.Infrastructure;
using static VendorRisk.IntegrationTests.Portal.PortalTestKit;

namespace VendorRisk.IntegrationTests.Portal;

public sealed class AnsweringTests(VendorRiskApp app) : IClassFixture<VendorRiskApp>
{
    [Fact]
    public async Task The_answer_page_renders_every_question_with_server_side_visibility()
    {
        var world = await CreateWorldAsync(app);
        var client = await SignedInAsync(app, world.ContactA);

        var page = await client.GetDocumentAsync(world.UrlA);

        Assert.Single(page.QuerySelectorAll("h1"));
        Assert.Equal(2, page.QuerySelectorAll("[data-testid=section-nav] li").Length);
        Assert.False(page.QuerySelector("#item-uses_ai")!.HasAttribute("hidden"));
        Assert.True(page.QuerySelector("#item-ai_kind")!.HasAttribute("hidden"), "ai_kind shows only when uses_ai is true");
        Assert.Equal(2, page.QuerySelectorAll("input[name='q.uses_ai'][type=radio]").Length);
        Assert.NotNull(page.QuerySelector("label[for='q-ai_notes']"));
        Assert.NotNull(page.QuerySelector("#help-ai_notes"));
        Assert.NotNull(page.QuerySelector("input[name='q.staff'][type=number]"));
        Assert.Contains("The organisation chart", page.QuerySelector("#item-staff")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(page.QuerySelector("input[type=file][form='upload-policy']"));
        Assert.False(page.QuerySelector("#item-uses_ai [data-required-mark]")!.HasAttribute("hidden"));
        Assert.NotNull(page.QuerySelector("script[src^='/js/portal.js']"));
        Assert.Empty(page.QuerySelectorAll("script:not([src])"));
    }

    [Fact]
    public async Task Autosave_stores_the_answer_starts_progress_and_returns_the_new_visibility()
    {
        var world = await CreateWorldAsync(app);
        var client = await SignedInAsync(app, world.ContactA);
        var token = Token(await client.GetDocumentAsync(world.UrlA));

        var response = await AutosaveAsync(client, token, world.UrlA, "uses_ai", 0, "true");

        AssertStatus(HttpStatusCode.OK, response, "autosave");
        var body = await JsonAsync(response);
        Assert.Equal("Saved", body.GetProperty("message").GetString());
        Assert.True(body.GetProperty("state").GetProperty("items").GetProperty("ai_kind").GetProperty("visible").GetBoolean());
        Assert.True(body.GetProperty("state").GetProperty("items").GetProperty("ai_kind").GetProperty("required").GetBoolean());
        Assert.Equal(AssessmentStatus.InProgress, (await AssessmentAsync(app, world.AssessmentA)).Status);
        var answer = Assert.Single(await AnswersAsync(app, world.AssessmentA));
        Assert.Equal("""{"kind":"boolean","value":true}""", answer.ValueJson);
        Assert.Equal(world.ContactA.Id, answer.UpdatedByUserId);

        // Save and resume: a fresh page shows the answer and the now visible follow-up question.
        var page = await client.GetDocumentAsync(world.UrlA);
        Assert.True(page.QuerySelector("input[name='q.uses_ai'][value=true]")!.HasAttribute("checked"));
        Assert.False(page.QuerySelector("#item-ai_kind")!.HasAttribute("hidden"));

        // requiredIf follows too: choosing an LLM makes the notes required.
        var second = await JsonAsync(await AutosaveAsync(client, token, world.UrlA, "ai_kind", 0, "llm"));
        Assert.True(second.GetProperty("state").GetProperty("items").GetProperty("ai_notes").GetProperty("required").GetBoolean());
    }

    [Fact]
    public async Task Autosave_refuses_a_value_of_the_wrong_type_with_400_and_saves_nothing()
    {
        var world = await CreateWorldAsync(app);
        var client = await SignedInAsync(app, world.ContactA);
        var token = Token(await client.GetDocumentAsync(world.UrlA));

        var response = await AutosaveAsync(client, token, world.UrlA, "staff", 0, "many");

        AssertStatus(HttpStatusCode.BadRequest, response, "autosave of a non-number");
        Assert.Contains("Enter a number", (await JsonAsync(response)).GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Empty(await AnswersAsync(app, world.AssessmentA));
    }

    [Fact]
    public async Task Autosave_without_the_antiforgery_token_is_refused()
    {
        var world = await CreateWorldAsync(app);
        var client = await SignedInAsync(app, world.ContactA);
        var response = await AutosaveAsync(client, "not-a-token", world.UrlA, "uses_ai", 0, "true");
        AssertStatus(HttpStatusCode.BadRequest, response, "autosave with a bad token");
        Assert.Empty(await AnswersAsync(app, world.AssessmentA));
    }

    [Fact]
    public async Task A_stale_version_gets_409_naming_the_other_person_and_value_and_the_database_keeps_the_first()
    {
        var world = await CreateWorldAsync(app);
        var ada = await app.CreateMemberAsync(world.Tenant, TenantRoles.VendorContact, "ada-" + Guid.NewGuid().ToString("N")[..6] + "@example.test", world.VendorA.Id);
        await app.InDbAsync(async db =>
        {
            db.AssessmentContacts.Add(AssessmentContact.Create(world.AssessmentA, ada.Email!, ada.Id));
            return await db.SaveChangesAsync();
        }, world.Tenant.Id);
        var first = await SignedInAsync(app, ada);
        var second = await SignedInAsync(app, world.ContactA);
        var firstToken = Token(await first.GetDocumentAsync(world.UrlA));
        var secondToken = Token(await second.GetDocumentAsync(world.UrlA));
        AssertStatus(HttpStatusCode.OK, await AutosaveAsync(first, firstToken, world.UrlA, "uses_ai", 0, "true"), "first save");

        // Both start from version 1; Ada saves "No" first, the other contact then saves from the stale version.
        var v1 = (await AnswersAsync(app, world.AssessmentA)).Single().Version;
        AssertStatus(HttpStatusCode.OK, await AutosaveAsync(first, firstToken, world.UrlA, "uses_ai", v1, "false"), "Ada's change");
        var conflict = await AutosaveAsync(second, secondToken, world.UrlA, "uses_ai", v1, "true");

        AssertStatus(HttpStatusCode.Conflict, conflict, "stale save");
        var body = await JsonAsync(conflict);
        Assert.Equal(ada.DisplayName, body.GetProperty("by").GetString());
        Assert.Equal("No", body.GetProperty("value").GetString());
        Assert.Contains($"{ada.DisplayName} changed this to 'No' at", body.GetProperty("message").GetString(), StringComparison.Ordinal);
        var stored = Assert.Single(await AnswersAsync(app, world.AssessmentA));
        Assert.Equal("""{"kind":"boolean","value":false}""", stored.ValueJson);
        Assert.Equal(ada.Id, stored.UpdatedByUserId);

        // Overwriting deliberately means saving from the version the conflict reported.
        var overwrite = await AutosaveAsync(second, secondToken, world.UrlA, "uses_ai", body.GetProperty("version").GetInt32(), "true");
        AssertStatus(HttpStatusCode.OK, overwrite, "deliberate overwrite");
        Assert.Equal("""{"kind":"boolean","value":true}""", (await AnswersAsync(app, world.AssessmentA)).Single().ValueJson);
    }

    [Fact]
    public async Task The_section_form_saves_without_script_and_reports_a_conflict_instead_of_overwriting()
    {
        var world = await CreateWorldAsync(app);
        var client = await SignedInAsync(app, world.ContactA);
        var saved = await client.SubmitAsync(world.UrlA, new Dictionary<string, string> { ["q.staff"] = "4", ["q.contact_email"] = "sec@vendor.test" },
            "form[data-section-form=sec]");
        AssertStatus(HttpStatusCode.Redirect, saved, "section save");
        Assert.Equal(2, (await AnswersAsync(app, world.AssessmentA)).Count);

        // A page loaded now carries the current versions; someone else changes one answer in between.
        var stale = await client.GetDocumentAsync(world.UrlA);
        var token = Token(stale);
        var version = (await AnswersAsync(app, world.AssessmentA)).Single(a => a.ItemId == "staff").Version;
        AssertStatus(HttpStatusCode.OK, await AutosaveAsync(client, token, world.UrlA, "staff", version, "5"), "the other change");

        var conflict = await client.SubmitAsync(stale, world.UrlA, new Dictionary<string, string> { ["q.staff"] = "9", ["q.contact_email"] = "sec@vendor.test" },
            "form[data-section-form=sec]");
        AssertStatus(HttpStatusCode.OK, conflict, "stale section save");
        var page = await Forms.ParseAsync(conflict);
        Assert.Contains("changed this to '5'", page.QuerySelector("[data-testid=conflicts]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("""{"kind":"number","value":"5"}""", (await AnswersAsync(app, world.AssessmentA)).Single(a => a.ItemId == "staff").ValueJson);
    }

    [Fact]
    public async Task Submitting_with_missing_required_answers_lists_them_and_keeps_the_status()
    {
        var world = await CreateWorldAsync(app);
        var client = await SignedInAsync(app, world.ContactA);
        var token = Token(await client.GetDocumentAsync(world.UrlA));
        await AutosaveAsync(client, token, world.UrlA, "uses_ai", 0, "true");
        var before = await AssessmentAsync(app, world.AssessmentA);

        var response = await client.SubmitAsync(world.UrlA, new Dictionary<string, string>(), "form[action*='handler=Submit']");

        AssertStatus(HttpStatusCode.OK, response, "incomplete submit");
        var missing = (await Forms.ParseAsync(response)).QuerySelector("[data-testid=missing]")!;
        Assert.Equal("#item-ai_kind", Assert.Single(missing.QuerySelectorAll("a")).GetAttribute("href"));
        var after = await AssessmentAsync(app, world.AssessmentA);
        Assert.Equal(before.Status, after.Status);
        Assert.Null(after.SubmittedAt);
    }

    [Fact]
    public async Task Submitting_a_complete_questionnaire_scores_audits_and_locks_the_answers()
    {
        var world = await CreateWorldAsync(app);
        var client = await SignedInAsync(app, world.ContactA);
        var token = Token(await client.GetDocumentAsync(world.UrlA));
        AssertStatus(HttpStatusCode.OK, await AutosaveAsync(client, token, world.UrlA, "uses_ai", 0, "false"), "answer");

        var response = await client.SubmitAsync(world.UrlA, new Dictionary<string, string>(), "form[action*='handler=Submit']");

        AssertStatus(HttpStatusCode.Redirect, response, "submit");
        var submitted = await AssessmentAsync(app, world.AssessmentA);
        // Submission hands the assessment to the review workflow at once.
        Assert.Equal(AssessmentStatus.InReview, submitted.Status);
        Assert.NotNull(submitted.SubmittedAt);
        Assert.True(await app.InDbAsync(db => db.Set<VendorRisk.Domain.Reviews.WorkflowInstance>().IgnoreQueryFilters()
            .AnyAsync(i => i.AssessmentId == world.AssessmentA), world.Tenant.Id));
        Assert.Equal(100m, submitted.Score);
        Assert.True(await app.InDbAsync(db => db.AuditEvents.IgnoreQueryFilters().AnyAsync(e => e.TenantId == world.Tenant.Id
            && e.Action == "assessment.submitted" && e.EntityId == world.AssessmentA.ToString())));

        var version = (await AnswersAsync(app, world.AssessmentA)).Single().Version;
        var locked = await AutosaveAsync(client, token, world.UrlA, "uses_ai", version, "true");
        AssertStatus(HttpStatusCode.Conflict, locked, "autosave after submit");
        Assert.Contains("can no longer be changed", (await JsonAsync(locked)).GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal("""{"kind":"boolean","value":false}""", (await AnswersAsync(app, world.AssessmentA)).Single().ValueJson);
        var page = await client.GetDocumentAsync(world.UrlA);
        Assert.True(page.QuerySelector("#item-uses_ai fieldset")!.HasAttribute("disabled"));
        Assert.Null(page.QuerySelector("form[action*='handler=Submit']"));
    }

    [Fact]
    public async Task A_clarification_round_reopens_only_the_chosen_questions_and_resubmits()
    {
        var world = await CreateWorldAsync(app);
        var client = await SignedInAsync(app, world.ContactA);
        var token = Token(await client.GetDocumentAsync(world.UrlA));
        await AutosaveAsync(client, token, world.UrlA, "uses_ai", 0, "false");
        await AutosaveAsync(client, token, world.UrlA, "staff", 0, "3");
        AssertStatus(HttpStatusCode.Redirect, await client.SubmitAsync(world.UrlA, new Dictionary<string, string>(), "form[action*='handler=Submit']"), "submit");
        await app.InDbAsync(async db =>
        {
            var assessment = await db.Assessments.SingleAsync(a => a.Id == world.AssessmentA);
            assessment.RequestClarification(["staff"]);
            return await db.SaveChangesAsync();
        }, world.Tenant.Id);

        var answers = await AnswersAsync(app, world.AssessmentA);
        var page = await client.GetDocumentAsync(world.UrlA);
        Assert.False(page.QuerySelector("#q-staff")!.HasAttribute("disabled"));
        Assert.True(page.QuerySelector("#item-uses_ai fieldset")!.HasAttribute("disabled"));
        var closed = await AutosaveAsync(client, token, world.UrlA, "uses_ai", answers.Single(a => a.ItemId == "uses_ai").Version, "true");
        AssertStatus(HttpStatusCode.Conflict, closed, "a question not reopened");
        Assert.Contains("reopened for clarification", (await JsonAsync(closed)).GetProperty("message").GetString(), StringComparison.Ordinal);
        AssertStatus(HttpStatusCode.OK, await AutosaveAsync(client, token, world.UrlA, "staff", answers.Single(a => a.ItemId == "staff").Version, "7"), "reopened question");

        AssertStatus(HttpStatusCode.Redirect, await client.SubmitAsync(world.UrlA, new Dictionary<string, string>(), "form[action*='handler=Submit']"), "resubmit");
        Assert.Equal(AssessmentStatus.Submitted, (await AssessmentAsync(app, world.AssessmentA)).Status);
        var after = await AnswersAsync(app, world.AssessmentA);
        Assert.Equal("""{"kind":"boolean","value":false}""", after.Single(a => a.ItemId == "uses_ai").ValueJson);
        Assert.Equal("""{"kind":"number","value":"7"}""", after.Single(a => a.ItemId == "staff").ValueJson);
    }

    [Fact]
    public async Task A_carried_over_answer_shows_a_badge_and_confirming_clears_it()
    {
        var world = await CreateWorldAsync(app);
        await app.InDbAsync(async db =>
        {
            db.AssessmentAnswers.Add(AssessmentAnswer.Create(world.AssessmentA, "staff", """{"kind":"number","value":"12"}""", null, app.Clock.GetUtcNow(), carriedOver: true));
            return await db.SaveChangesAsync();
        }, world.Tenant.Id);
        var client = await SignedInAsync(app, world.ContactA);

        var page = await client.GetDocumentAsync(world.UrlA);
        var badge = page.QuerySelector("#item-staff [data-testid=carried-over]")!;
        Assert.Contains("Carried over: confirm or change", badge.TextContent, StringComparison.Ordinal);
        Assert.Equal("12", page.QuerySelector("#q-staff")!.GetAttribute("value"));

        var response = await client.SubmitAsync(page, world.UrlA, new Dictionary<string, string> { ["itemId"] = "staff" }, "#confirm-form");

        AssertStatus(HttpStatusCode.Redirect, response, "confirm");
        var answer = (await AnswersAsync(app, world.AssessmentA)).Single();
        Assert.False(answer.CarriedOver);
        Assert.Equal("""{"kind":"number","value":"12"}""", answer.ValueJson);
        Assert.Equal(world.ContactA.Id, answer.UpdatedByUserId);
        Assert.Null((await client.GetDocumentAsync(world.UrlA)).QuerySelector("#item-staff [data-testid=carried-over]"));
    }
}
