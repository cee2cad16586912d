using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using VendorRisk.Application.Committee;
using VendorRisk.Application.Common;
using VendorRisk.Application.Findings;
using VendorRisk.Application.Reviews;
using VendorRisk.Application.Tenancy;
using VendorRisk.Domain.Assessments;
using VendorRisk.Domain.Findings;
using ReviewFinding = VendorRisk.Domain.Findings.ReviewFinding;
using VendorRisk.Domain.Questionnaires;
using VendorRisk.Domain.Reassessments;
using VendorRisk.Domain.Reviews;
using VendorRisk.Domain.Tenancy;
using VendorRisk.Infrastructure.Identity;
using VendorRisk.IntegrationTests.Infrastructure;
using VendorRisk.IntegrationTests.Reassessments;
using VendorRisk.IntegrationTests.Reviews;
using static VendorRisk.IntegrationTests.Reviews.ReviewTestKit;

namespace VendorRisk.IntegrationTests.Gates;

/// <summary>
/// Issue 14 item 3 (ADR-027): no approval while a critical finding stands, by a single reviewer or by the committee; its risk is accepted
/// only by an authorised role, with a reason and an expiry; an expired acceptance blocks again and comes back as a reassessment proposal.
/// </summary>
public sealed class DecisionGateTests(VendorRiskApp app) : IClassFixture<VendorRiskApp>
{
    private static readonly CancellationToken None = CancellationToken.None;

    private DateOnly Today => DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime);

    /// <summary>Runs <paramref name="work"/> in a scope that entered the tenant through the door as <paramref name="user"/>.</summary>
    internal static Task<T> AsAsync<T>(VendorRiskApp app, Tenant tenant, AppUser user, Func<IServiceProvider, Task<T>> work) =>
        app.InScopeAsync(async sp =>
        {
            Assert.True(await sp.GetRequiredService<TenantDoor>().EnterAsMemberAsync(tenant.Slug, user.Id, None));
            return await work(sp);
        });

    private Task<T> AsAsync<T>(Tenant tenant, AppUser user, Func<IServiceProvider, Task<T>> work) => AsAsync(app, tenant, user, work);

    private Task<ReviewFinding> RaiseAsync(ReviewScene scene, Guid assessmentId, FindingSeverity severity, string title = "Administrators share one account") =>
        app.InDbAsync(async db =>
        {
            var finding = ReviewFinding.Raise(assessmentId, null, new FindingDetails(severity, title, null, [], FindingTreatment.Mitigate, null,
                FindingOwnerKind.Internal, scene.Reviewer.Id, Today.AddDays(30)), scene.Reviewer.Id, app.Clock.GetUtcNow());
            db.ReviewFindings.Add(finding);
            await db.SaveChangesAsync();
            return finding;
        }, scene.Tenant.Id);

    private Task<ReviewFinding> FindingAsync(ReviewScene scene, Guid id) =>
        app.InDbAsync(db => db.ReviewFindings.AsNoTracking().SingleAsync(f => f.Id == id), scene.Tenant.Id);

    private Task<Outcome> AcceptAsync(ReviewScene scene, AppUser by, ReviewFinding finding, string? rationale, DateOnly? until) =>
        AsAsync(scene.Tenant, by, async sp =>
        {
            var version = (await FindingAsync(scene, finding.Id)).Version;
            return await sp.GetRequiredService<FindingOperations>().AcceptRiskAsync(finding.Id, rationale, until, version, None);
        });

    private static ReviewDecision Approve() => new(Guid.NewGuid().ToString("N"), "approve", "Checked", [], 2, 3, "Controls in place");

    private Task<Outcome<string>> DecideAsync(ReviewScene scene, WorkflowTask task, AppUser by) =>
        AsAsync(scene.Tenant, by, sp => sp.GetRequiredService<ReviewOperations>().DecideAsync(task.Id, Approve(), None));

    [Fact]
    public async Task A_critical_finding_open_blocks_the_single_reviewers_approval_until_the_committee_accepts_its_risk()
    {
        var scene = await SceneAsync(app); // low tier: the standard review, one reviewer decides
        var instanceId = await StartedReviewAsync(app, scene);
        var task = await ReviewTaskAsync(app, scene, instanceId);
        var finding = await RaiseAsync(scene, task.AssessmentId, FindingSeverity.Critical);

        var blocked = await DecideAsync(scene, task, scene.Reviewer);

        Assert.Equal(OutcomeStatus.Invalid, blocked.Status);
        var error = Assert.Single(blocked.Errors, e => e.Field == nameof(ReviewDecision.Outcome));
        Assert.StartsWith("This assessment cannot be approved while critical findings stand: \"Administrators share one account\" (critical)", error.Message,
            StringComparison.Ordinal);
        Assert.Contains(await OpenTasksAsync(app, scene, instanceId), t => t.Id == task.Id);
        Assert.Equal(AssessmentStatus.InReview, (await AssessmentOfAsync(app, scene, instanceId)).Status);

        // The review task page shows the refusal beside the decision, as a 200 with the form (4xx/5xx never).
        var client = app.CreateBrowserClient();
        await client.SignInAsync(scene.Reviewer.Email!);
        var page = await Forms.ParseAsync(await client.SubmitAsync($"/t/{scene.Tenant.Slug}/reviews/task/{task.Id}", new Dictionary<string, string>
        {
            ["Input.Outcome"] = "approve", ["Input.Comment"] = "All good", ["Input.Likelihood"] = "2", ["Input.Impact"] = "3", ["Input.Rationale"] = "Fine",
        }));
        Assert.Contains(page.ValidationMessages(), m => m.StartsWith("This assessment cannot be approved", StringComparison.Ordinal));

        // The committee accepts the risk with a reason and an expiry: the reviewer may approve.
        Assert.True((await AcceptAsync(scene, scene.Committee[0], finding, "Compensating control: named admin accounts by March", Today.AddDays(60))).Succeeded);
        var approved = await DecideAsync(scene, task, scene.Reviewer);
        Assert.True(approved.Succeeded, approved.Message);
        Assert.Equal(AssessmentStatus.Approved, (await AssessmentOfAsync(app, scene, instanceId)).Status);
    }

    [Fact]
    public async Task The_committee_cannot_approve_while_a_critical_finding_is_open_and_no_vote_is_recorded()
    {
        var scene = await SceneAsync(app, RiskTier.High); // the enhanced review: three reviewers, then the committee
        var (_, ballot) = await CommitteeVoteTests.AtCommitteeAsync(app, scene);
        await RaiseAsync(scene, ballot.AssessmentId, FindingSeverity.Critical, "Training data includes customer records");

        foreach (var vote in new[]
                 {
                     new CommitteeVote("approve", null, null, null, null),
                     new CommitteeVote("approveWithConditions", "Remove customer records", CommitteeVote.VendorOwner, Today.AddDays(30), null),
                 })
        {
            var refused = await AsAsync(scene.Tenant, scene.Committee[0], sp => sp.GetRequiredService<CommitteeOperations>().VoteAsync(ballot.Id, vote, None));
            Assert.Equal(OutcomeStatus.Invalid, refused.Status);
            Assert.Contains("cannot be approved while critical findings stand", Assert.Single(refused.Errors, e => e.Field == "Vote").Message, StringComparison.Ordinal);
        }
        Assert.Equal(0, await app.InDbAsync(db => db.Set<WorkflowVote>().CountAsync(v => v.WorkflowTaskId == ballot.Id), scene.Tenant.Id));

        // The vote page says so before anyone votes; rejecting stays possible.
        var client = app.CreateBrowserClient();
        await client.SignInAsync(scene.Committee[1].Email!);
        var page = await client.GetDocumentAsync($"/t/{scene.Tenant.Slug}/committee/vote/{ballot.Id}");
        Assert.Contains("cannot be approved", page.QuerySelector("[data-testid=approval-blocked]")!.TextContent, StringComparison.Ordinal);
        var rejected = await AsAsync(scene.Tenant, scene.Committee[0], sp => sp.GetRequiredService<CommitteeOperations>()
            .VoteAsync(ballot.Id, new CommitteeVote("reject", null, null, null, "Customer data in training"), None));
        Assert.True(rejected.Succeeded, rejected.Message);
    }

    [Fact]
    public async Task Only_the_roles_the_gates_name_may_accept_a_high_or_critical_findings_risk()
    {
        var scene = await SceneAsync(app);
        var instanceId = await StartedReviewAsync(app, scene);
        var task = await ReviewTaskAsync(app, scene, instanceId);
        var critical = await RaiseAsync(scene, task.AssessmentId, FindingSeverity.Critical, "No incident response plan");
        var high = await RaiseAsync(scene, task.AssessmentId, FindingSeverity.High, "No penetration test");
        var manager = await app.CreateMemberAsync(scene.Tenant, TenantRoles.VendorManager);

        // The reviewer acting on the review, a vendor manager and a tenant admin may not accept a critical finding's risk (committee only).
        foreach (var member in new[] { scene.Reviewer, manager, scene.Admin })
        {
            var refused = await AcceptAsync(scene, member, critical, "Accepted", Today.AddDays(30));
            Assert.Equal(OutcomeStatus.Forbidden, refused.Status);
            Assert.Equal("Only committee members may accept the risk of a critical finding.", refused.Message);
        }
        // A high one: tenant admins or committee members, not the reviewer.
        Assert.Equal(OutcomeStatus.Forbidden, (await AcceptAsync(scene, scene.Reviewer, high, "Accepted", Today.AddDays(30))).Status);
        Assert.Equal(FindingStatus.Open, (await FindingAsync(scene, critical.Id)).Status);
        Assert.Equal(FindingStatus.Open, (await FindingAsync(scene, high.Id)).Status);
        Assert.True((await AcceptAsync(scene, scene.Admin, high, "Pen test booked for next month", Today.AddDays(45))).Succeeded);

        // The finding page offers the move only to who may make it, and says who may.
        var client = app.CreateBrowserClient();
        await client.SignInAsync(scene.Reviewer.Email!);
        var page = await client.GetDocumentAsync($"/t/{scene.Tenant.Slug}/findings/details/{critical.Id}");
        Assert.Null(page.QuerySelector("button[name='Input.Action'][value='accept-risk']"));
        Assert.Equal("Only committee members may accept the risk of a critical finding.", page.QuerySelector("[data-testid=acceptance-rule]")!.TextContent.Trim());
        var committee = app.CreateBrowserClient();
        await committee.SignInAsync(scene.Committee[0].Email!);
        page = await committee.GetDocumentAsync($"/t/{scene.Tenant.Slug}/findings/details/{critical.Id}");
        Assert.NotNull(page.QuerySelector("button[name='Input.Action'][value='accept-risk']"));
        Assert.NotNull(page.QuerySelector("input[name='Input.AcceptedUntil']"));
        // A forged post by the reviewer is refused, not a 500.
        var forged = await client.PostAsync($"/t/{scene.Tenant.Slug}/findings/details/{critical.Id}", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = await FindingsTestKitToken(client, $"/t/{scene.Tenant.Slug}/findings/details/{critical.Id}"),
            ["Input.Action"] = "accept-risk", ["Input.Note"] = "forged", ["Input.AcceptedUntil"] = Today.AddDays(10).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["Input.Version"] = "0",
        }));
        Findings.FindingsTestKit.AssertRefused(forged);
        Assert.Equal(FindingStatus.Open, (await FindingAsync(scene, critical.Id)).Status);
    }

    private static Task<string> FindingsTestKitToken(HttpClient client, string url) => Findings.FindingsTestKit.TokenAsync(client, url);

    [Fact]
    public async Task An_acceptance_without_a_reason_or_an_expiry_is_refused_with_a_message_beside_the_field_and_nothing_changes()
    {
        var scene = await SceneAsync(app);
        var instanceId = await StartedReviewAsync(app, scene);
        var task = await ReviewTaskAsync(app, scene, instanceId);
        var finding = await RaiseAsync(scene, task.AssessmentId, FindingSeverity.Critical);
        var member = scene.Committee[0];

        var cases = new (string? Rationale, DateOnly? Until, string Field, string Message)[]
        {
            (null, Today.AddDays(30), "Note", "Give the rationale for accepting the risk."),
            ("   ", Today.AddDays(30), "Note", "Give the rationale for accepting the risk."),
            ("Compensating control", null, "AcceptedUntil", "Give the date the acceptance expires."),
            ("Compensating control", Today, "AcceptedUntil", "The acceptance must expire after today."),
            ("Compensating control", new DateOnly(9999, 12, 31), "AcceptedUntil", "The expiry date must be between 1900-01-01 and 2200-12-31."),
            ("Compensating control", Today.AddDays(400), "AcceptedUntil", $"An acceptance may run at most 365 days: choose {Today.AddDays(365):yyyy-MM-dd} or earlier."),
        };
        foreach (var (rationale, until, field, message) in cases)
        {
            var refused = await AcceptAsync(scene, member, finding, rationale, until);
            Assert.Equal(OutcomeStatus.Invalid, refused.Status);
            Assert.Contains(refused.Errors, e => e.Field == field && e.Message == message);
        }
        var unchanged = await FindingAsync(scene, finding.Id);
        Assert.Equal((FindingStatus.Open, (DateOnly?)null, finding.Version), (unchanged.Status, unchanged.RiskAcceptedUntil, unchanged.Version));

        // On the page, the messages stand beside their fields.
        var client = app.CreateBrowserClient();
        await client.SignInAsync(member.Email!);
        var url = $"/t/{scene.Tenant.Slug}/findings/details/{finding.Id}";
        var page = await Forms.ParseAsync(await client.SubmitAsync(url, new Dictionary<string, string> { ["Input.Action"] = "accept-risk" }));
        Assert.Equal("Give the rationale for accepting the risk.", page.FieldError("Input.Note"));
        Assert.Equal("Give the date the acceptance expires.", page.FieldError("Input.AcceptedUntil"));
    }

    [Fact]
    public async Task An_expired_acceptance_blocks_the_approval_again_and_proposes_a_reassessment_once()
    {
        var scene = await SceneAsync(app);
        var instanceId = await StartedReviewAsync(app, scene);
        var task = await ReviewTaskAsync(app, scene, instanceId);
        var finding = await RaiseAsync(scene, task.AssessmentId, FindingSeverity.Critical, "Model weights stored unencrypted");
        Assert.True((await AcceptAsync(scene, scene.Committee[0], finding, "Encryption release due in two weeks", Today.AddDays(10))).Succeeded);
        Assert.Null(await app.InDbAsync(db => Application.Gates.DecisionGates.ApprovalBlockedAsync(db, task.AssessmentId, Today), scene.Tenant.Id));

        app.Clock.Advance(TimeSpan.FromDays(11));
        await app.RunReassessmentsAsync();
        await app.RunReassessmentsAsync();

        var proposals = await app.InDbAsync(db => db.ReviewProposals.AsNoTracking()
            .Where(p => p.VendorId == scene.VendorId && p.Trigger == ProposalTrigger.RiskAcceptanceExpired).ToListAsync(), scene.Tenant.Id);
        var proposal = Assert.Single(proposals);
        Assert.Equal(finding.Id, proposal.SourceId);
        Assert.Contains("\"Model weights stored unencrypted\"", proposal.Reason, StringComparison.Ordinal);
        Assert.Contains("Accepted finding risk expired", ReviewProposal.Describe(proposal.Trigger), StringComparison.Ordinal);
        var blocked = await DecideAsync(scene, task, scene.Reviewer);
        Assert.Equal(OutcomeStatus.Invalid, blocked.Status);
        Assert.Contains("acceptance expired", blocked.Message, StringComparison.Ordinal);
    }
}
