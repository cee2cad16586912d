using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using VendorRisk.Domain.Assessments;
using VendorRisk.Domain.Questionnaires.Library;
using VendorRisk.Domain.Questionnaires.Serialization;
using VendorRisk.E2ETests.Infrastructure;
using VendorRisk.E2ETests.PageObjects;
using VendorRisk.Infrastructure.Persistence;
using VendorRisk.Domain.Tenancy;
using VendorRisk.Testing;

namespace VendorRisk.E2ETests.Tests;

/// <summary>
/// The answer page's script (wwwroot/js/portal.js) in a real browser, on a small questionnaire made for it: the
/// server's answer to each autosave drives what the page shows (conditional questions and sections, progress), and
/// failed or conflicting saves are shown next to the question. Each test sends its assessment in an organisation of its own
/// (the scenario builder).
/// </summary>
[Collection(SecondPortalCollection.Name)]
public sealed class PortalScriptTests(PortalFixture portal)
{
    private const string Definition = """
        {
          "id": "script-check", "version": "1.0.0", "title": "Script check",
          "sections": [
            { "id": "basics", "title": "Basics", "items": [
              { "id": "uses_ai", "type": "boolean", "text": "Does the service use AI?", "required": true },
              { "id": "ai_purpose", "type": "textarea", "text": "What does the AI do?", "visibleIf": "{uses_ai} = true", "required": true },
              { "id": "staff", "type": "number", "text": "How many staff work on the service?", "required": true, "min": 1, "max": 10000 }
            ] },
            { "id": "models", "title": "Models", "visibleIf": "{uses_ai} = true", "items": [
              { "id": "model_name", "type": "text", "text": "Which model does it use?", "required": true }
            ] }
          ]
        }
        """;

    /// <summary>
    /// An organisation of the test's own whose vendor's contact was sent a fresh assessment of the script-check questionnaire;
    /// returns its portal path and the contact's address.
    /// </summary>
    private async Task<(string Path, string Contact)> SendAssessmentAsync(string title, string definition = Definition)
    {
        var scenario = portal.Server.Scenario;
        var tenant = await scenario.TenantAsync();
        var manager = await scenario.MemberAsync(tenant.Id, TenantRoles.VendorManager);
        var vendor = await scenario.VendorAsync(tenant.Id, "Script Check AI");
        var contact = await scenario.MemberAsync(tenant.Id, TenantRoles.VendorContact, vendorId: vendor.Id);
        var template = await scenario.PublishedQuestionnaireAsync(tenant.Id, definition, manager.Id);
        var assessment = await scenario.AssessmentAsync(tenant.Id, new AssessmentPlan(vendor.Id, template, manager.Id)
        {
            Title = title,
            DueOn = scenario.Today.AddDays(14),
            Contacts = [(contact.Email!, contact.Id)],
        });
        return ($"/portal/assessments/{assessment.Id}", contact.Email!);
    }

    private async Task<(Person Person, PortalAnswerPage Answers)> ContactOnAsync((string Path, string Contact) assessment, string name, string test)
    {
        var person = await portal.NewPersonAsync(name, test);
        // The sign-in form in a browser is not what this test is about (DemoRoleSignInTests): its POST from this browser context.
        await person.SignInAsync(assessment.Contact, Scenario.Password);
        await person.GoToAsync(assessment.Path);
        return (person, new PortalAnswerPage(person.Page));
    }

    [Fact]
    public async Task Answers_show_and_hide_dependent_questions_and_sections_and_update_the_progress_without_a_reload()
    {
        const string test = "script-conditions";
        var path = await SendAssessmentAsync("Script check: conditions");
        var (contact, answers) = await ContactOnAsync(path, "contact", test);
        await using var _ = contact;
        var models = contact.Page.Locator("section[data-section-id='models']");
        var modelsNav = contact.Page.Locator("[data-nav-section='models']");

        Assert.False(await answers.IsShownAsync("ai_purpose"));
        Assert.False(await models.IsVisibleAsync());
        Assert.False(await modelsNav.IsVisibleAsync());
        Assert.Equal("0 of 2", await answers.ProgressAsync());
        await contact.SeeAsync("nothing answered");

        await answers.ChooseAsync("uses_ai", "true");
        await Assertions.Expect(answers.Item("ai_purpose")).ToBeVisibleAsync();
        await Assertions.Expect(models).ToBeVisibleAsync();
        await Assertions.Expect(modelsNav).ToBeVisibleAsync();
        Assert.Equal("1 of 4", await answers.ProgressAsync());
        Assert.Equal("0/1", (await modelsNav.Locator("[data-section-progress]").InnerTextAsync()).Trim());
        Assert.StartsWith("Saved at", await answers.StatusOfAsync("uses_ai"), StringComparison.Ordinal);
        await contact.SeeAsync("AI questions shown");

        await answers.TypeAsync("model_name", "Atlas-LLM 2026-03");
        Assert.Equal("1/1", (await modelsNav.Locator("[data-section-progress]").InnerTextAsync()).Trim());
        Assert.Equal("2 of 4", await answers.ProgressAsync());

        // Quick changes of the same answer are saved one after the other, never as a conflict with oneself.
        await contact.Page.Locator("label[for='q-uses_ai-1']").ClickAsync();
        await contact.Page.Locator("label[for='q-uses_ai-0']").ClickAsync();
        await contact.Page.Locator("label[for='q-uses_ai-1']").ClickAsync();
        await answers.SavedAsync();
        Assert.Equal("saved", await answers.Item("uses_ai").GetAttributeAsync("data-save-state"));
        await Assertions.Expect(answers.Item("ai_purpose")).ToBeHiddenAsync();
        await Assertions.Expect(models).ToBeHiddenAsync();
        Assert.Equal("1 of 2", await answers.ProgressAsync());

        // The server saw the same: after a reload the last choice stands and the questions stay hidden.
        await contact.Page.ReloadAsync();
        Assert.True(await answers.IsChosenAsync("uses_ai", "false"));
        Assert.False(await answers.IsShownAsync("ai_purpose"));
        Assert.False(await models.IsVisibleAsync());
        Assert.Equal("1 of 2", await answers.ProgressAsync());
    }

    [Fact]
    public async Task The_answer_typed_just_before_submitting_is_saved_first_and_submitted_with_the_others()
    {
        const string test = "script-submit-waits";
        var path = await SendAssessmentAsync("Script check: submit waits");
        var (contact, answers) = await ContactOnAsync(path, "contact", test);
        await using var _ = contact;
        await answers.ChooseAsync("uses_ai", "false");
        // A slow network: the autosave reaches the server only once the person has pressed "Submit answers".
        var saveOnItsWay = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var networkResumes = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await contact.Page.RouteAsync("**/*handler=Autosave*", async route =>
        {
            saveOnItsWay.TrySetResult();
            await networkResumes.Task;
            await route.ContinueAsync();
        });

        // The person types the last answer and goes straight to "Submit answers": leaving the field starts its save.
        await answers.Item("staff").Locator("[name='q.staff']").FillAsync("42");
        await contact.Page.GetByRole(AriaRole.Button, new() { Name = "Submit answers" }).ClickAsync();
        await saveOnItsWay.Task.WaitAsync(TimeSpan.FromMilliseconds(PortalFixture.Ceiling));
        // The submit waits for the save on its way, and says so.
        await Assertions.Expect(contact.Page.Locator("#autosave-status")).ToContainTextAsync("before submitting");
        networkResumes.SetResult();

        await Assertions.Expect(contact.Page.Locator(".alert-success")).ToContainTextAsync("submitted");
        await contact.SeeAsync("submitted after the last save");
        await using var scope = portal.Server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var assessmentId = Guid.Parse(path.Path[(path.Path.LastIndexOf('/') + 1)..]);
        var stored = await db.AssessmentAnswers.IgnoreQueryFilters().Where(a => a.AssessmentId == assessmentId && a.ItemId == "staff")
            .Select(a => a.ValueJson).SingleAsync();
        Assert.Contains("42", stored, StringComparison.Ordinal);
        Assert.NotNull(await db.Assessments.IgnoreQueryFilters().Where(a => a.Id == assessmentId).Select(a => a.SubmittedAt).SingleAsync());
    }

    private const string NotApplicableDefinition = """
        {
          "id": "script-na", "version": "1.0.0", "title": "Script check: not applicable",
          "sections": [
            { "id": "testing", "title": "Testing", "items": [
              { "id": "pentest", "type": "singleChoice", "text": "Is the service penetration tested every year?", "required": true,
                "choices": [ { "value": "yes", "label": "Yes", "score": 10, "result": "compliant" },
                             { "value": "na", "label": "Not applicable", "result": "notApplicable" } ] }
            ] }
          ]
        }
        """;

    /// <summary>ADR-026: "not applicable" is saved only with a reason; the page says so beside the question, then saves both.</summary>
    [Fact]
    public async Task Not_applicable_is_saved_only_once_the_vendor_says_why()
    {
        const string test = "script-not-applicable";
        var path = await SendAssessmentAsync("Script check: not applicable", NotApplicableDefinition);
        var (contact, answers) = await ContactOnAsync(path, "contact", test);
        await using var _ = contact;

        await answers.ChooseAsync("pentest", "na");
        Assert.Equal("Not saved: " + Domain.Evidence.AssuranceScoring.NotApplicableReasonRequired, await answers.StatusOfAsync("pentest"));
        await contact.SeeAsync("not applicable refused without a reason");

        var reason = answers.Item("pentest").Locator("[name='na.pentest']");
        await reason.FillAsync("The model runs on the customer's own servers; we host nothing.");
        await reason.BlurAsync();
        await answers.SavedAsync();
        Assert.StartsWith("Saved at", await answers.StatusOfAsync("pentest"), StringComparison.Ordinal);

        await using var scope = portal.Server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var assessmentId = Guid.Parse(path.Path[(path.Path.LastIndexOf('/') + 1)..]);
        var stored = await db.AssessmentAnswers.IgnoreQueryFilters().AsNoTracking().SingleAsync(a => a.AssessmentId == assessmentId && a.ItemId == "pentest");
        Assert.Equal("The model runs on the customer's own servers; we host nothing.", stored.NotApplicableReason);
        Assert.Contains("na", stored.ValueJson!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_value_the_questionnaire_refuses_and_a_lost_connection_are_shown_next_to_the_question()
    {
        const string test = "script-errors";
        var path = await SendAssessmentAsync("Script check: errors");
        var (contact, answers) = await ContactOnAsync(path, "contact", test);
        await using var _ = contact;

        // Saved, but the engine's rule is shown so the vendor can correct it before submitting.
        await answers.TypeAsync("staff", "20000");
        var error = answers.Item("staff").Locator("[data-item-error]");
        await Assertions.Expect(error).ToContainTextAsync("10000");
        await contact.SeeAsync("value out of range");
        await answers.TypeAsync("staff", "12");
        await Assertions.Expect(error).ToBeEmptyAsync();

        // The network goes away: the answer stays in the page and the person is told it was not saved.
        await contact.Page.RouteAsync("**/portal/assessments/**handler=Autosave*", route => route.AbortAsync());
        await answers.TypeAsync("staff", "14");
        Assert.Equal("error", await answers.Item("staff").GetAttributeAsync("data-save-state"));
        Assert.Contains("Not saved: no connection", await answers.StatusOfAsync("staff"), StringComparison.Ordinal);
        Assert.Equal("14", await answers.ValueAsync("staff"));
        await contact.SeeAsync("connection lost");
        await contact.Page.UnrouteAllAsync();
        await answers.TypeAsync("staff", "15");
        Assert.StartsWith("Saved at", await answers.StatusOfAsync("staff"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_second_person_editing_the_same_answer_sees_the_conflict_with_the_other_value_and_chooses()
    {
        const string test = "script-conflict";
        var path = await SendAssessmentAsync("Script check: conflict");
        var (first, firstAnswers) = await ContactOnAsync(path, "first-tab", test);
        await using var _ = first;
        var (second, secondAnswers) = await ContactOnAsync(path, "second-tab", test);
        await using var __ = second;

        // Both opened the page before either saved; the first saves "Yes".
        await firstAnswers.ChooseAsync("uses_ai", "true");

        // The second, still looking at the old page, answers "No": refused, with the other value named.
        await secondAnswers.ChooseAsync("uses_ai", "false");
        var conflict = secondAnswers.Item("uses_ai").Locator("[data-item-conflict]");
        await Assertions.Expect(conflict).ToBeVisibleAsync();
        Assert.Equal("conflict", await secondAnswers.Item("uses_ai").GetAttributeAsync("data-save-state"));
        Assert.Contains("changed this to 'Yes'", await conflict.InnerTextAsync(), StringComparison.Ordinal);
        await second.SeeAsync("conflict shown");

        // Keeping theirs puts the other value into the page; nothing is saved over it.
        await conflict.GetByRole(AriaRole.Button, new() { Name = "Keep theirs" }).ClickAsync();
        Assert.True(await secondAnswers.IsChosenAsync("uses_ai", "true"));
        await Assertions.Expect(conflict).ToBeHiddenAsync();

        // Another answer: the first saves 5, the second, still on the old version, 7 and overwrites knowingly.
        await firstAnswers.TypeAsync("staff", "5");
        await secondAnswers.TypeAsync("staff", "7");
        var staffConflict = secondAnswers.Item("staff").Locator("[data-item-conflict]");
        await Assertions.Expect(staffConflict).ToBeVisibleAsync();
        Assert.Contains("changed this to '5'", await staffConflict.InnerTextAsync(), StringComparison.Ordinal);
        await staffConflict.GetByRole(AriaRole.Button, new() { Name = "Overwrite with mine" }).ClickAsync();
        await secondAnswers.SavedAsync();
        Assert.Equal("saved", await secondAnswers.Item("staff").GetAttributeAsync("data-save-state"));
        await Assertions.Expect(staffConflict).ToBeHiddenAsync();

        await first.Page.ReloadAsync();
        Assert.True(await firstAnswers.IsChosenAsync("uses_ai", "true"));
        Assert.Equal("7", await firstAnswers.ValueAsync("staff"));
    }
}
