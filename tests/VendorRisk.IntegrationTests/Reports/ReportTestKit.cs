using System.Collections.Immutable;
using Microsoft.EntityFrameworkCore;
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
using VendorRisk.Application.Reviews;
using VendorRisk.IntegrationTests.Infrastructure;
using VendorRisk.Testing;
using VendorRisk.IntegrationTests.Reviews;
using static VendorRisk.IntegrationTests.Reviews.ReviewTestKit;

namespace VendorRisk.IntegrationTests.Reports;

/// <summary>A vendor whose assessment went through submission, three specialist reviews and a committee vote.</summary>
internal sealed record DecidedAssessment(ReviewScene Scene, Guid AssessmentId, Guid InstanceId, string FindingTitle, string Conditions);

internal static class ReportTestKit
{
    public const string FindingTitle = "Multi-factor authentication is not enforced";
    public const string Conditions = "Enforce MFA for all administrators within 90 days";

    /// <summary>Review basics plus a finding raised when MFA is not enforced and a long free-text answer.</summary>
    public const string Questionnaire = """
        {
          "id": "report-basics",
          "version": "1.0.0",
          "title": "Report basics",
          "sections": [
            {
              "id": "sec",
              "title": "Security",
              "items": [
                { "id": "mfa", "type": "boolean", "text": "Do you enforce MFA?", "required": true },
                { "id": "encryption", "type": "singleChoice", "text": "Encryption at rest?",
                  "choices": [ { "value": "yes", "label": "Yes, AES-256", "score": 100, "result": "compliant" },
                               { "value": "no", "label": "No", "score": 0, "result": "nonCompliant" } ] },
                { "id": "no_mfa", "type": "finding", "text": "Multi-factor authentication is not enforced", "when": "{mfa} = false",
                  "severity": "high", "controls": ["iso27001:2022:A.8.5"] }
              ]
            },
            {
              "id": "ops",
              "title": "Operations",
              "items": [
                { "id": "incident_process", "type": "textarea", "text": "Describe your incident response process." }
              ]
            }
          ]
        }
        """;

    public static async Task<ReviewScene> SceneAsync(VendorRiskApp app, string vendorName = "Lumen Analytics")
    {
        var tenant = await app.CreateTenantAsync();
        var requester = await app.CreateMemberAsync(tenant, TenantRoles.VendorManager | TenantRoles.Reviewer);
        var reviewer = await app.CreateMemberAsync(tenant, TenantRoles.Reviewer);
        var admin = await app.CreateMemberAsync(tenant, TenantRoles.TenantAdmin);
        var committee = new List<AppUser>();
        for (var i = 0; i < 3; i++) committee.Add(await app.CreateMemberAsync(tenant, TenantRoles.CommitteeMember));
        var vendor = await app.Scenario.VendorAsync(tenant.Id, vendorName, (v, now) => v.SetComputedTier(RiskTier.High, now));
        var template = await app.Scenario.PublishedQuestionnaireAsync(tenant.Id, Questionnaire, requester.Id);
        return new ReviewScene(tenant, requester, reviewer, committee, admin, vendor.Id, template.Id);
    }

    /// <summary>Submitted with MFA not enforced (raising the finding), a long text answer and one evidence file.</summary>
    public static async Task<Guid> SubmittedAsync(VendorRiskApp app, ReviewScene scene, string longText) =>
        (await app.Scenario.AssessmentAsync(scene.Tenant.Id, new AssessmentPlan(scene.VendorId, await TemplateAsync(app, scene), scene.Requester.Id)
        {
            Title = "Annual security review",
            Answers = new Dictionary<string, string>
            {
                ["mfa"] = AssessmentPlan.Json(AnswerValue.Boolean(false)),
                ["encryption"] = AssessmentPlan.Json(AnswerValue.Text("yes")),
                ["incident_process"] = AssessmentPlan.Json(AnswerValue.Text(longText)),
            },
            Evidence = [("encryption", "encryption-policy.pdf", "application/pdf", 48_213)],
            Submitted = true,
            Score = 100,
        })).Id;

    /// <summary>Drives the enhanced review to its end: three approvals (residual risk medium), then the committee's votes.</summary>
    public static async Task<DecidedAssessment> DecidedAsync(VendorRiskApp app, string vendorName = "Lumen Analytics", string? longText = null)
    {
        var scene = await SceneAsync(app, vendorName);
        var assessmentId = await SubmittedAsync(app, scene, longText ?? "We triage within one hour and notify customers within 24 hours.");
        var started = await RunAsync(app, scene, r => r.StartForAssessmentAsync(assessmentId));
        Assert.True(started.Applied, started.Message);
        var instanceId = started.InstanceId!.Value;
        var residual = ImmutableDictionary<string, WorkflowValue>.Empty.Add("residualRisk", WorkflowValue.OfString("medium"));
        for (var i = 0; i < 3; i++)
        {
            var task = await ReviewTaskAsync(app, scene, instanceId);
            var result = await DecideAsync(app, scene, instanceId, task.TaskId, "approve", scene.Reviewer, variables: i == 2 ? residual : null);
            Assert.True(result.Applied, result.Message);
        }
        var ballot = Assert.Single(await OpenTasksAsync(app, scene, instanceId));
        Assert.Equal(WorkflowRunner.KindVote, ballot.Kind);
        var choices = new[] { VoteChoice.ApproveWithConditions, VoteChoice.ApproveWithConditions, VoteChoice.Approve };
        for (var i = 0; i < 3; i++)
        {
            var voter = scene.Committee[i];
            var conditional = choices[i] == VoteChoice.ApproveWithConditions;
            var vote = await RunAsync(app, scene, r => r.HandleAsync(instanceId, new VoteCast(ballot.TaskId, voter.Id.ToString(), choices[i]), voter.Id,
                new VoteDetails(conditional ? Conditions : null, conditional ? "vendor" : null,
                    conditional ? DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime).AddDays(90) : null, null)));
            Assert.True(vote.Applied, vote.Message);
        }
        return new DecidedAssessment(scene, assessmentId, instanceId, FindingTitle, Conditions);
    }
}
