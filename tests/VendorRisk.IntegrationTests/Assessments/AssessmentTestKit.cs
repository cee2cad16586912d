using Microsoft.EntityFrameworkCore;
using VendorRisk.Domain.Assessments;
using VendorRisk.Domain.Questionnaires.Library;
using VendorRisk.Domain.Questionnaires.Serialization;
using VendorRisk.Domain.Tenancy;
using VendorRisk.Domain.Vendors;
using VendorRisk.Infrastructure.Identity;
using VendorRisk.IntegrationTests.Infrastructure;
using VendorRisk.Testing;

namespace VendorRisk.IntegrationTests.Assessments;

/// <summary>A tenant with a manager, a vendor and a published questionnaire, and helpers to issue and advance assessments.</summary>
internal sealed record AssessmentWorld(Tenant Tenant, AppUser Manager, HttpClient Client, Vendor Vendor, QuestionnaireTemplate Template);

internal static class AssessmentTestKit
{
    public const string Definition = """
        {
          "id": "ai-basics",
          "version": "1.0.0",
          "title": "AI basics",
          "sections": [
            {
              "id": "gov",
              "title": "Governance",
              "items": [
                { "id": "has_policy", "type": "boolean", "text": "Do you have an AI policy?", "required": true,
                  "choices": [ { "value": "true", "label": "Yes", "score": 100, "result": "compliant" }, { "value": "false", "label": "No", "score": 0, "result": "nonCompliant" } ] },
                { "id": "policy_owner", "type": "text", "text": "Who owns the policy?" },
                { "id": "no_policy", "type": "finding", "text": "No AI policy", "when": "{has_policy} = false", "severity": "high" }
              ]
            },
            {
              "id": "data",
              "title": "Data",
              "items": [
                { "id": "trains_on_data", "type": "singleChoice", "text": "Do you train on our data?", "required": true,
                  "choices": [ { "value": "never", "label": "Never", "score": 100 }, { "value": "opt_in", "label": "Only with consent", "score": 50 }, { "value": "yes", "label": "Yes", "score": 0 } ] }
              ]
            }
          ]
        }
        """;

    public static async Task<AssessmentWorld> WorldAsync(this VendorRiskApp app, TenantRoles roles = TenantRoles.VendorManager)
    {
        var tenant = await app.CreateTenantAsync();
        var manager = await app.CreateMemberAsync(tenant, roles);
        var client = app.CreateBrowserClient();
        await client.SignInAsync(manager.Email!);
        var vendor = await app.AddVendorAsync(tenant, "Vendor " + Guid.NewGuid().ToString("N")[..6]);
        var template = await app.PublishTemplateAsync(tenant, Definition);
        return new AssessmentWorld(tenant, manager, client, vendor, template);
    }

    public static Task<Vendor> AddVendorAsync(this VendorRiskApp app, Tenant tenant, string name) => app.Scenario.VendorAsync(tenant.Id, name);

    public static Task<QuestionnaireTemplate> PublishTemplateAsync(this VendorRiskApp app, Tenant tenant, string json) =>
        app.Scenario.PublishedQuestionnaireAsync(tenant.Id, json);

    public static Dictionary<string, string> IssueFields(this AssessmentWorld w, string emails, DateOnly? due = null, string title = "Annual AI review") => new()
    {
        ["Input.TemplateId"] = w.Template.Id.ToString(),
        ["Input.Title"] = title,
        ["Input.DueOn"] = (due ?? DateOnly.FromDateTime(DateTime.UtcNow).AddDays(30)).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        ["Input.OtherEmails"] = emails,
    };

    /// <summary>Forbidden: a page request is sent to the access-denied page.</summary>
    public static void AssertDenied(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode is System.Net.HttpStatusCode.Redirect or System.Net.HttpStatusCode.Forbidden,
            $"Expected a refusal, got {(int)response.StatusCode}");
        if (response.StatusCode == System.Net.HttpStatusCode.Redirect)
            Assert.Equal("/errors/403", response.Headers.Location?.AbsolutePath);
    }

    public static string NewUrl(this AssessmentWorld w) => $"/t/{w.Tenant.Slug}/assessments/new?vendorId={w.Vendor.Id}";

    /// <summary>An assessment inserted directly (status moved as asked), with answers.</summary>
    public static Task<Assessment> SeedAssessmentAsync(this VendorRiskApp app, AssessmentWorld w, AssessmentStatus status,
        IReadOnlyDictionary<string, string>? answersJson = null, DateOnly? due = null, IReadOnlyList<string>? contacts = null) =>
        app.Scenario.AssessmentAsync(w.Tenant.Id, new AssessmentPlan(w.Vendor.Id, w.Template, w.Manager.Id)
        {
            Title = "Seeded review",
            DueOn = due,
            Contacts = [.. (contacts ?? ["contact@vendor.example"]).Select(email => (email, (Guid?)null))],
            Answers = answersJson ?? new Dictionary<string, string>(),
            VendorActivity = status is not AssessmentStatus.Sent and not AssessmentStatus.Cancelled,
            Submitted = status is AssessmentStatus.Submitted or AssessmentStatus.InReview or AssessmentStatus.Approved,
            Score = 80m,
            InReview = status is AssessmentStatus.InReview or AssessmentStatus.Approved,
            Decision = status is AssessmentStatus.Approved ? AssessmentDecision.Approved : null,
            Cancelled = status is AssessmentStatus.Cancelled,
        });

    /// <summary>
    /// Every day on which the assessment reminder job can act, across tenants: for each assessment 7 days and 1 day before its
    /// due date, and the day after it (overdue).
    /// </summary>
    public static Task<IEnumerable<DateOnly>> AssessmentReminderMomentsAsync(this VendorRiskApp app) =>
        app.InDbAsync<IEnumerable<DateOnly>>(async db => (await db.Assessments.IgnoreQueryFilters().Select(a => a.DueOn).ToListAsync())
            .SelectMany(due => new[] { due.AddDays(-7), due.AddDays(-1), due.AddDays(1) }).ToList());

    public static Task<Assessment> AssessmentAsync(this VendorRiskApp app, Guid tenantId, Guid id) =>
        app.InDbAsync(db => db.Assessments.AsNoTracking().SingleAsync(a => a.Id == id), tenantId);
}
