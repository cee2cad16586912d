using System.Net;
using Microsoft.EntityFrameworkCore;
using VendorRisk.Domain.Assessments;
using VendorRisk.Domain.Findings;
using VendorRisk.Domain.Questionnaires;
using VendorRisk.Domain.Questionnaires.Library;
using VendorRisk.Domain.Questionnaires.Serialization;
using VendorRisk.Domain.Tenancy;
using VendorRisk.Domain.Vendors;
using VendorRisk.Infrastructure.Identity;
using VendorRisk.IntegrationTests.Infrastructure;
using VendorRisk.Testing;
using VendorRisk.IntegrationTests.Reviews;

namespace VendorRisk.IntegrationTests.Findings;

/// <summary>A review scene whose assessment is in review, answered so that the engine raises one finding, with a signed-up vendor contact.</summary>
internal sealed record FindingScene(ReviewScene Review, Guid AssessmentId, Guid InstanceId, AppUser Contact)
{
    public string Slug => Review.Tenant.Slug;
    public string ListUrl => $"/t/{Slug}/findings/{AssessmentId}";
    public string NewUrl => $"/t/{Slug}/findings/edit/{AssessmentId}";
    public string EditUrl(Guid findingId) => $"/t/{Slug}/findings/edit/{AssessmentId}/{findingId}";
    public string DetailsUrl(Guid findingId) => $"/t/{Slug}/findings/details/{findingId}";
    public string PortalUrl => $"/t/{Slug}/portal/findings/{AssessmentId}";
}

internal static class FindingsTestKit
{
    public const string Questionnaire = """
        {
          "id": "finding-basics",
          "version": "1.0.0",
          "title": "Finding basics",
          "sections": [
            {
              "id": "sec",
              "title": "Security",
              "items": [
                { "id": "mfa", "type": "boolean", "text": "Do you enforce MFA?", "required": true },
                { "id": "encryption", "type": "singleChoice", "text": "Encryption at rest?",
                  "choices": [ { "value": "yes", "label": "Yes", "score": 100 }, { "value": "no", "label": "No", "score": 0 } ] },
                { "id": "no_mfa", "type": "finding", "text": "MFA is not enforced for administrators", "severity": "high", "when": "{mfa} = false" }
              ]
            }
          ]
        }
        """;

    public static async Task<FindingScene> SceneAsync(VendorRiskApp app)
    {
        var review = await ReviewTestKit.SceneAsync(app);
        var contactEmail = $"contact-{Guid.NewGuid():N}@vendor.test";
        var template = await app.Scenario.PublishedQuestionnaireAsync(review.Tenant.Id, Questionnaire, review.Requester.Id);
        var assessmentId = (await app.Scenario.AssessmentAsync(review.Tenant.Id, new AssessmentPlan(review.VendorId, template, review.Requester.Id)
        {
            Contacts = [(contactEmail, null)],
            Answers = new Dictionary<string, string>
            {
                ["mfa"] = AssessmentPlan.Json(AnswerValue.Boolean(false)),
                ["encryption"] = AssessmentPlan.Json(AnswerValue.Choices(["yes"])),
            },
            Submitted = true,
            Score = 50,
        })).Id;
        var started = await ReviewTestKit.RunAsync(app, review, r => r.StartForAssessmentAsync(assessmentId));
        Assert.True(started.Applied, started.Message);
        var contact = await app.CreateMemberAsync(review.Tenant, TenantRoles.VendorContact, contactEmail, review.VendorId);
        return new FindingScene(review, assessmentId, started.InstanceId!.Value, contact);
    }

    public static async Task<HttpClient> SignedInAsync(VendorRiskApp app, string email)
    {
        var client = app.CreateBrowserClient();
        await client.SignInAsync(email);
        return client;
    }

    public static Dictionary<string, string> Fields(string title = "MFA missing for admins", string owner = "vendor", string? dueOn = null,
        string treatment = "mitigate", string severity = "high") => new()
    {
        ["Input.Severity"] = severity, ["Input.Title"] = title, ["Input.Description"] = "Admins sign in with a password only.",
        ["Input.ItemIds"] = "mfa", ["Input.Treatment"] = treatment, ["Input.TreatmentPlan"] = "Enforce MFA for every administrator",
        ["Input.Owner"] = owner, ["Input.DueOn"] = dueOn ?? "2099-01-31",
    };

    /// <summary>Raises a finding through the page as the scene's reviewer and returns it.</summary>
    public static async Task<ReviewFinding> RaiseAsync(VendorRiskApp app, FindingScene scene, HttpClient reviewer, Dictionary<string, string>? fields = null)
    {
        var before = await FindingsAsync(app, scene);
        var response = await reviewer.SubmitAsync(scene.NewUrl, fields ?? Fields());
        Assert.True(response.StatusCode == HttpStatusCode.Redirect,
            $"Raising answered {(int)response.StatusCode}: {string.Join(" | ", (await Forms.ParseAsync(response)).ValidationMessages())}");
        return Assert.Single(await FindingsAsync(app, scene), f => before.All(b => b.Id != f.Id));
    }

    public static Task<List<ReviewFinding>> FindingsAsync(VendorRiskApp app, FindingScene scene) =>
        app.InDbAsync(db => db.ReviewFindings.AsNoTracking().Where(f => f.AssessmentId == scene.AssessmentId).ToListAsync(), scene.Review.Tenant.Id);

    public static Task<ReviewFinding> FindingAsync(VendorRiskApp app, FindingScene scene, Guid id) =>
        app.InDbAsync(db => db.ReviewFindings.AsNoTracking().SingleAsync(f => f.Id == id), scene.Review.Tenant.Id);

    public static Task<List<string>> AuditActionsAsync(VendorRiskApp app, FindingScene scene, Guid findingId) =>
        app.InDbAsync(db => db.AuditEvents.AsNoTracking().Where(e => e.EntityId == findingId.ToString()).OrderBy(e => e.Sequence)
            .Select(e => e.Action).ToListAsync(), scene.Review.Tenant.Id);

    public static Task<List<(string To, string Kind, string Subject)>> MailsAsync(VendorRiskApp app, string kind) =>
        app.InDbAsync(async db => (await db.OutboxMessages.IgnoreQueryFilters().AsNoTracking().Where(m => m.Kind == kind)
            .Select(m => new { m.ToAddress, m.Kind, m.Subject }).ToListAsync()).Select(m => (m.ToAddress, m.Kind, m.Subject)).ToList());

    /// <summary>What a browser would send from the form as it stands (text, date, checked boxes, selected options, textareas).</summary>
    public static Dictionary<string, string> CurrentValues(AngleSharp.Html.Dom.IHtmlDocument document, string formSelector = "main form[method=post]")
    {
        var form = document.QuerySelector(formSelector)!;
        var values = new Dictionary<string, string>();
        foreach (var input in form.QuerySelectorAll("input[name]:not([type=hidden])").OfType<AngleSharp.Html.Dom.IHtmlInputElement>())
        {
            if (input.Type is "checkbox" or "radio" && !input.IsChecked) continue;
            values[input.Name!] = input.Value;
        }
        foreach (var select in form.QuerySelectorAll("select[name]").OfType<AngleSharp.Html.Dom.IHtmlSelectElement>())
            values[select.Name!] = select.Value ?? "";
        foreach (var area in form.QuerySelectorAll("textarea[name]").OfType<AngleSharp.Html.Dom.IHtmlTextAreaElement>())
            values[area.Name!] = area.Value;
        return values;
    }

    public static async Task<string> TokenAsync(HttpClient client, string pageUrl) =>
        (await client.GetDocumentAsync(pageUrl)).QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value")
        ?? throw new InvalidOperationException($"No anti-forgery token on {pageUrl}.");

    public static void AssertRefused(HttpResponseMessage response) =>
        Assert.True(response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotFound
            || (response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location?.AbsolutePath == "/errors/403"),
            $"Expected a refusal, got {(int)response.StatusCode} {response.Headers.Location}");
}
