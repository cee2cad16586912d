using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using VendorRisk.Domain.Assessments;
using VendorRisk.Domain.Questionnaires.Library;
using VendorRisk.Domain.Questionnaires.Serialization;
using VendorRisk.Domain.Tenancy;
using VendorRisk.Domain.Vendors;
using VendorRisk.Infrastructure.Identity;
using VendorRisk.IntegrationTests.Infrastructure;
using VendorRisk.Testing;

namespace VendorRisk.IntegrationTests.Portal;

/// <summary>One organisation with two vendors, a published questionnaire and one sent assessment per vendor.</summary>
internal sealed record PortalWorld(Tenant Tenant, Vendor VendorA, Vendor VendorB, QuestionnaireTemplate Template, AppUser Admin,
    AppUser ContactA, AppUser ContactB, Guid AssessmentA, Guid AssessmentB)
{
    public string UrlA => $"/t/{Tenant.Slug}/portal/assessments/{AssessmentA}";
    public string UrlB => $"/t/{Tenant.Slug}/portal/assessments/{AssessmentB}";
}

internal static class PortalTestKit
{
    public const string Definition = """
        {
          "id": "portal-basics",
          "version": "1.0.0",
          "title": "Portal basics",
          "sections": [
            {
              "id": "ai",
              "title": "AI use",
              "items": [
                { "id": "intro", "type": "info", "text": "Tell us about your AI." },
                { "id": "uses_ai", "type": "boolean", "text": "Does the service use AI?", "required": true,
                  "choices": [ { "value": "true", "label": "Yes", "score": 0 }, { "value": "false", "label": "No", "score": 100 } ] },
                { "id": "ai_kind", "type": "singleChoice", "text": "Which kind of AI?", "visibleIf": "{uses_ai} = true", "required": true,
                  "choices": [ { "value": "llm", "label": "Large language model", "score": 50 }, { "value": "ml", "label": "Classic machine learning", "score": 100 } ] },
                { "id": "ai_notes", "type": "textarea", "text": "Describe the model", "help": "Name and version", "requiredIf": "{ai_kind} = 'llm'" }
              ]
            },
            {
              "id": "sec",
              "title": "Security",
              "items": [
                { "id": "staff", "type": "number", "text": "How many security staff?", "min": 0, "max": 10000,
                  "evidence": { "prompt": "The organisation chart" } },
                { "id": "contact_email", "type": "email", "text": "Security contact e-mail" },
                { "id": "policy", "type": "file", "text": "Upload your security policy" }
              ]
            }
          ]
        }
        """;

    public static Task<QuestionnaireTemplate> PublishAsync(VendorRiskApp app, Tenant tenant, Guid userId) =>
        app.Scenario.PublishedQuestionnaireAsync(tenant.Id, Definition, userId);

    public static async Task<Guid> IssueAsync(VendorRiskApp app, Tenant tenant, QuestionnaireTemplate template, Guid vendorId, Guid requestedBy,
        IEnumerable<string> contactEmails, string title = "AI security review", Guid? previous = null) =>
        (await app.Scenario.AssessmentAsync(tenant.Id, new AssessmentPlan(vendorId, template, requestedBy)
        {
            Title = title,
            DueOn = app.Scenario.Today.AddDays(14),
            Previous = previous,
            Contacts = [.. contactEmails.Select(email => (email, (Guid?)null))],
        })).Id;

    public static async Task<PortalWorld> CreateWorldAsync(VendorRiskApp app)
    {
        var tenant = await app.CreateTenantAsync();
        var admin = await app.CreateMemberAsync(tenant, TenantRoles.TenantAdmin);
        var vendorA = await app.Scenario.VendorAsync(tenant.Id, "Alpha AI " + Guid.NewGuid().ToString("N")[..6]);
        var vendorB = await app.Scenario.VendorAsync(tenant.Id, "Beta AI " + Guid.NewGuid().ToString("N")[..6]);
        var contactA = await app.CreateMemberAsync(tenant, TenantRoles.VendorContact, vendorId: vendorA.Id);
        var contactB = await app.CreateMemberAsync(tenant, TenantRoles.VendorContact, vendorId: vendorB.Id);
        var template = await PublishAsync(app, tenant, admin.Id);
        var assessmentA = await IssueAsync(app, tenant, template, vendorA.Id, admin.Id, [contactA.Email!.ToUpperInvariant()]);
        var assessmentB = await IssueAsync(app, tenant, template, vendorB.Id, admin.Id, [contactB.Email!]);
        return new PortalWorld(tenant, vendorA, vendorB, template, admin, contactA, contactB, assessmentA, assessmentB);
    }

    public static async Task<HttpClient> SignedInAsync(VendorRiskApp app, AppUser user)
    {
        var client = app.CreateBrowserClient();
        await client.SignInAsync(user.Email!);
        return client;
    }

    public static string Token(IHtmlDocument document) =>
        document.QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value")
        ?? throw new InvalidOperationException("No anti-forgery token on the page.");

    /// <summary>A token from a page the client may open (its own assessment or the portal home's sign-out form).</summary>
    public static async Task<string> AnyTokenAsync(HttpClient client, string page = "/portal") => Token(await client.GetDocumentAsync(page));

    public static async Task<HttpResponseMessage> AutosaveAsync(HttpClient client, string token, string assessmentUrl, string itemId, int version, params string[] values)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, assessmentUrl + "?handler=Autosave")
        {
            Content = JsonContent.Create(new { itemId, values, version }),
        };
        request.Headers.Add("RequestVerificationToken", token);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return await client.SendAsync(request);
    }

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    public static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string token, string url, IDictionary<string, string>? fields = null)
    {
        var values = new Dictionary<string, string>(fields ?? new Dictionary<string, string>()) { ["__RequestVerificationToken"] = token };
        return await client.PostAsync(url, new FormUrlEncodedContent(values));
    }

    /// <summary>
    /// Posts a file with the document's details (<paramref name="evidence"/>: Kind, DocumentDate, ValidUntil, Issuer, Scope, Replaces); without
    /// them the document is dated a week before today (ADR-025: the date is required).
    /// </summary>
    public static async Task<HttpResponseMessage> UploadAsync(HttpClient client, string token, string assessmentUrl, string itemId,
        string fileName, byte[] content, string handler = "Upload", string field = "file", IDictionary<string, string>? evidence = null)
    {
        using var body = new MultipartFormDataContent();
        body.Add(new StringContent(token), "__RequestVerificationToken");
        evidence ??= new Dictionary<string, string> { ["DocumentDate"] = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-7).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) };
        foreach (var (name, value) in evidence) body.Add(new StringContent(value), "evidence." + name);
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        body.Add(file, field, fileName);
        return await client.PostAsync($"{assessmentUrl}?handler={handler}&itemId={Uri.EscapeDataString(itemId)}", body);
    }

    public static Task<List<AssessmentAnswer>> AnswersAsync(VendorRiskApp app, Guid assessmentId) =>
        app.InDbAsync(db => db.AssessmentAnswers.IgnoreQueryFilters().AsNoTracking().Where(a => a.AssessmentId == assessmentId).ToListAsync());

    public static Task<Assessment> AssessmentAsync(VendorRiskApp app, Guid id) =>
        app.InDbAsync(db => db.Assessments.IgnoreQueryFilters().AsNoTracking().SingleAsync(a => a.Id == id));

    public static void AssertStatus(HttpStatusCode expected, HttpResponseMessage response, string what) =>
        Assert.True(response.StatusCode == expected, $"{what} answered {(int)response.StatusCode}, expected {(int)expected}");
}
