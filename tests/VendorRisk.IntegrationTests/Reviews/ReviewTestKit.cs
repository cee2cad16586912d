using System.Collections.Immutable;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using VendorRisk.Domain.Assessments;
using VendorRisk.Domain.Questionnaires;
using VendorRisk.Domain.Questionnaires.Library;
using VendorRisk.Domain.Questionnaires.Serialization;
using VendorRisk.Domain.Reviews;
using VendorRisk.Domain.Tenancy;
using VendorRisk.Domain.Vendors;
using VendorRisk.Domain.Workflows;
using VendorRisk.Domain.Workflows.Runtime;
using VendorRisk.Infrastructure.Identity;
using VendorRisk.Infrastructure.Persistence;
using VendorRisk.Application.Reviews;
using VendorRisk.IntegrationTests.Infrastructure;
using VendorRisk.Testing;

namespace VendorRisk.IntegrationTests.Reviews;

/// <summary>A tenant with people in every review role and a submitted assessment ready for review.</summary>
internal sealed record ReviewScene(Tenant Tenant, AppUser Requester, AppUser Reviewer, IReadOnlyList<AppUser> Committee, AppUser Admin,
    Guid VendorId, Guid TemplateId);

internal static class ReviewTestKit
{
    public const string Questionnaire = """
        {
          "id": "review-basics",
          "version": "1.0.0",
          "title": "Review basics",
          "sections": [
            {
              "id": "sec",
              "title": "Security",
              "items": [
                { "id": "mfa", "type": "boolean", "text": "Do you enforce MFA?", "required": true },
                { "id": "encryption", "type": "singleChoice", "text": "Encryption at rest?",
                  "choices": [ { "value": "yes", "label": "Yes", "score": 100 }, { "value": "no", "label": "No", "score": 0 } ] }
              ]
            }
          ]
        }
        """;

    public static async Task<ReviewScene> SceneAsync(VendorRiskApp app, RiskTier tier = RiskTier.Low, int committeeSize = 3)
    {
        var tenant = await app.CreateTenantAsync();
        var requester = await app.CreateMemberAsync(tenant, TenantRoles.VendorManager | TenantRoles.Reviewer);
        var reviewer = await app.CreateMemberAsync(tenant, TenantRoles.Reviewer);
        var admin = await app.CreateMemberAsync(tenant, TenantRoles.TenantAdmin);
        var committee = new List<AppUser>();
        for (var i = 0; i < committeeSize; i++) committee.Add(await app.CreateMemberAsync(tenant, TenantRoles.CommitteeMember));

        var vendor = await app.Scenario.VendorAsync(tenant.Id, "Acme AI " + Guid.NewGuid().ToString("N")[..6], (v, now) => v.SetComputedTier(tier, now));
        var template = await app.Scenario.PublishedQuestionnaireAsync(tenant.Id, Questionnaire, requester.Id);
        return new ReviewScene(tenant, requester, reviewer, committee, admin, vendor.Id, template.Id);
    }

    /// <summary>The scene's questionnaire, to issue an assessment of.</summary>
    public static Task<QuestionnaireTemplate> TemplateAsync(VendorRiskApp app, ReviewScene scene) =>
        app.InDbAsync(db => db.QuestionnaireTemplates.AsNoTracking().SingleAsync(t => t.Id == scene.TemplateId), scene.Tenant.Id);

    /// <summary>A submitted assessment with good answers, not yet in review.</summary>
    public static async Task<Guid> SubmittedAssessmentAsync(VendorRiskApp app, ReviewScene scene, string vendorContactEmail = "contact@vendor.test") =>
        (await app.Scenario.AssessmentAsync(scene.Tenant.Id, new AssessmentPlan(scene.VendorId, await TemplateAsync(app, scene), scene.Requester.Id)
        {
            Contacts = [(vendorContactEmail, null)],
            Answers = new Dictionary<string, string>
            {
                ["mfa"] = AssessmentPlan.Json(AnswerValue.Boolean(true)),
                ["encryption"] = AssessmentPlan.Json(AnswerValue.Choices(["yes"])),
            },
            Submitted = true,
            Score = 100,
        })).Id;

    public static async Task<Guid> StartedReviewAsync(VendorRiskApp app, ReviewScene scene)
    {
        var assessmentId = await SubmittedAssessmentAsync(app, scene);
        var result = await RunAsync(app, scene, r => r.StartForAssessmentAsync(assessmentId));
        Assert.True(result.Applied, result.Message);
        return result.InstanceId!.Value;
    }

    public static Task<WorkflowRunResult> RunAsync(VendorRiskApp app, ReviewScene scene, Func<WorkflowRunner, Task<WorkflowRunResult>> work) =>
        app.InScopeAsync(sp => work(sp.GetRequiredService<WorkflowRunner>()), scene.Tenant.Id);

    public static Task<WorkflowRunResult> DecideAsync(VendorRiskApp app, ReviewScene scene, Guid instanceId, string taskId, string outcome, AppUser by,
        string? key = null, ImmutableDictionary<string, WorkflowValue>? variables = null, ImmutableArray<string> questions = default) =>
        RunAsync(app, scene, r => r.HandleAsync(instanceId,
            new TaskCompleted(taskId, outcome, by.Id.ToString(), key ?? Guid.NewGuid().ToString("N"), "checked", variables, questions), by.Id));

    public static Task<List<WorkflowTask>> OpenTasksAsync(VendorRiskApp app, ReviewScene scene, Guid instanceId) =>
        app.InDbAsync(db => db.Set<WorkflowTask>().AsNoTracking().Where(t => t.InstanceId == instanceId && t.Outcome == null).ToListAsync(), scene.Tenant.Id);

    public static Task<WorkflowInstance> InstanceAsync(VendorRiskApp app, ReviewScene scene, Guid instanceId) =>
        app.InDbAsync(db => db.Set<WorkflowInstance>().AsNoTracking().SingleAsync(i => i.Id == instanceId), scene.Tenant.Id);

    public static Task<Assessment> AssessmentOfAsync(VendorRiskApp app, ReviewScene scene, Guid instanceId) =>
        app.InDbAsync(async db =>
        {
            var instance = await db.Set<WorkflowInstance>().AsNoTracking().SingleAsync(i => i.Id == instanceId);
            return await db.Assessments.AsNoTracking().SingleAsync(a => a.Id == instance.AssessmentId);
        }, scene.Tenant.Id);

    public static Task<int> SweepAsync(VendorRiskApp app) =>
        app.InScopeAsync(sp => sp.GetRequiredService<WorkflowTimerJob>().SweepAsync(CancellationToken.None));

    /// <summary>Hands the only open human task to the scene's reviewer's hand when the engine put it in the pool.</summary>
    public static async Task<WorkflowTask> ReviewTaskAsync(VendorRiskApp app, ReviewScene scene, Guid instanceId) =>
        Assert.Single(await OpenTasksAsync(app, scene, instanceId), t => t.Kind == WorkflowRunner.KindHumanTask);
}
