using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using VendorRisk.Application.Committee;
using VendorRisk.Application.Common;
using VendorRisk.Application.Conditions;
using VendorRisk.Domain.Assessments;
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
/// Issue 14 item 4 (ADR-027): the committee's conditions become tracked actions with an owner, a due date and a state (open, closure
/// submitted, closed; overdue shown), the vendor answers its own in the portal and sees no other vendor's, reminders go out once, and an
/// overdue condition comes back as a reassessment proposal.
/// </summary>
public sealed class ConditionTests(VendorRiskApp app) : IClassFixture<VendorRiskApp>
{
    private static readonly CancellationToken None = CancellationToken.None;

    private DateOnly Today => DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime);

    private Task<T> AsAsync<T>(Tenant tenant, AppUser user, Func<IServiceProvider, Task<T>> work) => DecisionGateTests.AsAsync(app, tenant, user, work);

    private Task<Outcome> VoteAsync(ReviewScene scene, WorkflowTask ballot, AppUser voter, CommitteeVote vote) =>
        AsAsync(scene.Tenant, voter, sp => sp.GetRequiredService<CommitteeOperations>().VoteAsync(ballot.Id, vote, None));

    /// <summary>A condition of <paramref name="vendorId"/>'s submitted assessment, written as the committee's decision writes it.</summary>
    private Task<DecisionCondition> ConditionAsync(ReviewScene scene, Guid vendorId, string text, ConditionOwnerKind owner, Guid? ownerUserId, int dueInDays) =>
        app.InDbAsync(async db =>
        {
            var assessmentId = await db.Assessments.Where(a => a.VendorId == vendorId).Select(a => a.Id).FirstAsync();
            var condition = DecisionCondition.Create(assessmentId, vendorId, text, owner, ownerUserId, Today.AddDays(dueInDays), scene.Committee[0].Id,
                app.Clock.GetUtcNow());
            db.DecisionConditions.Add(condition);
            await db.SaveChangesAsync();
            return condition;
        }, scene.Tenant.Id);

    private Task<DecisionCondition> ReloadAsync(ReviewScene scene, Guid id) =>
        app.InDbAsync(db => db.DecisionConditions.AsNoTracking().SingleAsync(c => c.Id == id), scene.Tenant.Id);

    private async Task<(ReviewScene Scene, Guid OtherVendorId, AppUser Contact, AppUser OtherContact)> TwoVendorsAsync()
    {
        var scene = await SceneAsync(app);
        await SubmittedAssessmentAsync(app, scene);
        var other = await app.Scenario.VendorAsync(scene.Tenant.Id, "Other AI " + Guid.NewGuid().ToString("N")[..6], (v, now) => v.SetComputedTier(RiskTier.Low, now));
        await app.Scenario.AssessmentAsync(scene.Tenant.Id, new VendorRisk.Testing.AssessmentPlan(other.Id, await TemplateAsync(app, scene), scene.Requester.Id)
        {
            Submitted = true, Score = 90,
        });
        var contact = await app.CreateMemberAsync(scene.Tenant, TenantRoles.VendorContact, $"contact-{Guid.NewGuid():N}@vendor.test", scene.VendorId);
        var otherContact = await app.CreateMemberAsync(scene.Tenant, TenantRoles.VendorContact, $"other-{Guid.NewGuid():N}@vendor.test", other.Id);
        return (scene, other.Id, contact, otherContact);
    }

    [Fact]
    public async Task The_committees_conditions_become_tracked_actions_and_bad_input_is_refused_beside_the_field()
    {
        var scene = await SceneAsync(app, RiskTier.High);
        var (instanceId, ballot) = await CommitteeVoteTests.AtCommitteeAsync(app, scene);

        var bad = new (CommitteeVote Vote, string Field, string Message)[]
        {
            (new("approveWithConditions", "Bias report", CommitteeVote.VendorOwner, Today.AddDays(-1), null), "ConditionsDueOn", "The due date cannot be in the past."),
            (new("approveWithConditions", "Bias report", CommitteeVote.VendorOwner, new DateOnly(9999, 12, 31), null), "ConditionsDueOn",
                "The due date must be between 1900-01-01 and 2200-12-31."),
            (new("approveWithConditions", "Bias report", CommitteeVote.VendorOwner, null, null), "ConditionsDueOn", "Give the date the conditions are due."),
            (new("approveWithConditions", "Bias report", "Security team", Today.AddDays(20), null), "ConditionsOwner", "Choose the vendor or a person of this organisation."),
            (new("approveWithConditions", " ", CommitteeVote.VendorOwner, Today.AddDays(20), null), "Conditions", "Describe the conditions."),
        };
        foreach (var (vote, field, message) in bad)
        {
            var refused = await VoteAsync(scene, ballot, scene.Committee[0], vote);
            Assert.Equal(OutcomeStatus.Invalid, refused.Status);
            Assert.Contains(refused.Errors, e => e.Field == field && e.Message == message);
        }
        Assert.Equal(0, await app.InDbAsync(db => db.Set<WorkflowVote>().CountAsync(v => v.WorkflowTaskId == ballot.Id), scene.Tenant.Id));

        Assert.True((await VoteAsync(scene, ballot, scene.Committee[0],
            new("approveWithConditions", "Deliver the bias testing report", CommitteeVote.VendorOwner, Today.AddDays(20), null))).Succeeded);
        Assert.True((await VoteAsync(scene, ballot, scene.Committee[1],
            new("approveWithConditions", "Add the vendor to the exit plan", scene.Admin.Id.ToString(), Today.AddDays(40), null))).Succeeded);
        Assert.True((await VoteAsync(scene, ballot, scene.Committee[2], new("approve", null, null, null, null))).Succeeded);

        Assert.Equal(AssessmentStatus.ApprovedWithConditions, (await AssessmentOfAsync(app, scene, instanceId)).Status);
        var conditions = await app.InDbAsync(db => db.DecisionConditions.AsNoTracking().OrderBy(c => c.DueOn).ToListAsync(), scene.Tenant.Id);
        Assert.Equal(2, conditions.Count);
        Assert.Equal(("Deliver the bias testing report", ConditionOwnerKind.Vendor, (Guid?)null, Today.AddDays(20), ConditionStatus.Open, scene.Committee[0].Id),
            (conditions[0].Text, conditions[0].OwnerKind, conditions[0].OwnerUserId, conditions[0].DueOn, conditions[0].Status, conditions[0].SetByUserId));
        Assert.Equal((ConditionOwnerKind.Internal, (Guid?)scene.Admin.Id), (conditions[1].OwnerKind, conditions[1].OwnerUserId));

        // The risk profile and the vendor page show them with owner, due date and state in words.
        var client = app.CreateBrowserClient();
        await client.SignInAsync(scene.Requester.Email!);
        var profile = await client.GetDocumentAsync($"/t/{scene.Tenant.Slug}/risk-profile/{scene.VendorId}");
        var rows = profile.QuerySelectorAll("[data-testid=profile-conditions] tbody tr").Select(r => r.TextContent).ToList();
        Assert.Equal(2, rows.Count);
        Assert.Contains(rows, r => r.Contains("Deliver the bias testing report", StringComparison.Ordinal) && r.Contains("(vendor)", StringComparison.Ordinal)
            && r.Contains("Open", StringComparison.Ordinal));
        Assert.Contains(rows, r => r.Contains("Add the vendor to the exit plan", StringComparison.Ordinal) && r.Contains(scene.Admin.DisplayName, StringComparison.Ordinal));
        var vendorPage = await client.GetDocumentAsync($"/t/{scene.Tenant.Slug}/vendors/details/{scene.VendorId}");
        Assert.Equal(2, vendorPage.QuerySelectorAll("[data-testid=vendor-conditions] li").Length);
        Assert.DoesNotContain("approveWithConditions", profile.Body!.TextContent, StringComparison.Ordinal);
        var member = app.CreateBrowserClient();
        await member.SignInAsync(scene.Committee[0].Email!);
        var votePage = await member.GetDocumentAsync($"/t/{scene.Tenant.Slug}/committee/vote/{ballot.Id}");
        Assert.Contains("Approve with conditions", votePage.Body!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("approveWithConditions", votePage.Body!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_conditional_approval_with_an_overdue_condition_comes_back_as_a_reassessment_proposal()
    {
        var scene = await SceneAsync(app, RiskTier.High);
        var (_, ballot) = await CommitteeVoteTests.AtCommitteeAsync(app, scene);
        foreach (var voter in scene.Committee)
        {
            Assert.True((await VoteAsync(scene, ballot, voter,
                new("approveWithConditions", "Rotate the API keys", CommitteeVote.VendorOwner, Today.AddDays(5), null))).Succeeded);
        }
        var conditions = await app.InDbAsync(db => db.DecisionConditions.AsNoTracking().ToListAsync(), scene.Tenant.Id);
        Assert.NotEmpty(conditions);

        app.Clock.Advance(TimeSpan.FromDays(6));
        await app.RunReassessmentsAsync();
        await app.RunReassessmentsAsync();

        var proposals = await app.InDbAsync(db => db.ReviewProposals.AsNoTracking().Where(p => p.VendorId == scene.VendorId).ToListAsync(), scene.Tenant.Id);
        // Each overdue condition once, and the conditional approval's acceptance, which ended with its earliest condition (ADR-014).
        Assert.Equal(conditions.Select(c => (Guid?)c.Id).Order(), proposals.Where(p => p.Trigger == ProposalTrigger.ConditionOverdue).Select(p => p.SourceId).Order());
        Assert.Single(proposals, p => p.Trigger == ProposalTrigger.AcceptanceExpired);

        var admin = await AsAsync(scene.Tenant, scene.Admin, sp => sp.GetRequiredService<ConditionQueries>().ForVendorAsync(scene.VendorId, None));
        Assert.All(admin.Value!, c => Assert.Equal(("Overdue", true), (c.State, c.Overdue)));
    }

    [Fact]
    public async Task Each_move_of_a_condition_and_the_refused_ones()
    {
        var (scene, otherVendorId, contact, otherContact) = await TwoVendorsAsync();
        var condition = await ConditionAsync(scene, scene.VendorId, "Deliver the SOC 2 bridge letter", ConditionOwnerKind.Vendor, null, 30);
        var ops = (Func<IServiceProvider, ConditionOperations>)(sp => sp.GetRequiredService<ConditionOperations>());
        async Task<int> Version() => (await ReloadAsync(scene, condition.Id)).Version;

        // Open: closing or sending back is refused (nothing submitted); only this vendor's contacts may submit.
        var close = await AsAsync(scene.Tenant, scene.Committee[0], async sp => await ops(sp).CloseAsync(condition.Id, null, await Version(), None));
        Assert.Equal("A condition that is open cannot be closed: its owner submits the evidence of closure first.", close.Message);
        Assert.Equal(OutcomeStatus.Invalid, (await AsAsync(scene.Tenant, scene.Committee[0], async sp => await ops(sp).RejectClosureAsync(condition.Id, "no", await Version(), None))).Status);
        foreach (var member in new[] { otherContact, scene.Reviewer, scene.Admin })
            Assert.Equal(OutcomeStatus.Forbidden, (await AsAsync(scene.Tenant, member, async sp => await ops(sp).SubmitClosureAsync(condition.Id, "Letter", await Version(), None))).Status);
        var empty = await AsAsync(scene.Tenant, contact, async sp => await ops(sp).SubmitClosureAsync(condition.Id, "  ", await Version(), None));
        Assert.Equal(("Evidence", "Describe the evidence that the condition is met."), (empty.Errors[0].Field, empty.Errors[0].Message));
        Assert.Equal(ConditionStatus.Open, (await ReloadAsync(scene, condition.Id)).Status);

        // Open -> closure submitted.
        Assert.True((await AsAsync(scene.Tenant, contact, async sp => await ops(sp).SubmitClosureAsync(condition.Id, "Bridge letter dated 2026-12-01", await Version(), None))).Succeeded);
        Assert.Equal(ConditionStatus.ClosureSubmitted, (await ReloadAsync(scene, condition.Id)).Status);
        var again = await AsAsync(scene.Tenant, contact, async sp => await ops(sp).SubmitClosureAsync(condition.Id, "Again", await Version(), None));
        Assert.Equal("A condition that is closure submitted cannot have its closure submitted.", again.Message);
        var stale = await AsAsync(scene.Tenant, scene.Committee[0], sp => ops(sp).CloseAsync(condition.Id, null, 0, None));
        Assert.Equal(OutcomeStatus.Conflict, stale.Status);
        // A reviewer is no verifier.
        Assert.Equal(OutcomeStatus.Forbidden, (await AsAsync(scene.Tenant, scene.Reviewer, async sp => await ops(sp).CloseAsync(condition.Id, null, await Version(), None))).Status);

        // Sent back (a reason is required) -> open, then submitted again and closed.
        var noReason = await AsAsync(scene.Tenant, scene.Committee[0], async sp => await ops(sp).RejectClosureAsync(condition.Id, " ", await Version(), None));
        Assert.Equal(("Note", "Say why the evidence does not close the condition."), (noReason.Errors[0].Field, noReason.Errors[0].Message));
        Assert.True((await AsAsync(scene.Tenant, scene.Committee[0], async sp => await ops(sp).RejectClosureAsync(condition.Id, "Letter is unsigned", await Version(), None))).Succeeded);
        Assert.Equal((ConditionStatus.Open, "Letter is unsigned"), ((await ReloadAsync(scene, condition.Id)).Status, (await ReloadAsync(scene, condition.Id)).VerifierNote));
        Assert.True((await AsAsync(scene.Tenant, contact, async sp => await ops(sp).SubmitClosureAsync(condition.Id, "Signed letter", await Version(), None))).Succeeded);
        Assert.True((await AsAsync(scene.Tenant, scene.Admin, async sp => await ops(sp).CloseAsync(condition.Id, "Signed letter seen", await Version(), None))).Succeeded);
        Assert.Equal(ConditionStatus.Closed, (await ReloadAsync(scene, condition.Id)).Status);
        Assert.Equal("A condition that is closed cannot be closed: its owner submits the evidence of closure first.",
            (await AsAsync(scene.Tenant, scene.Admin, async sp => await ops(sp).CloseAsync(condition.Id, null, await Version(), None))).Message);

        // An internal condition: its owner submits (a vendor contact may not).
        var internalOne = await ConditionAsync(scene, scene.VendorId, "Update the exit plan", ConditionOwnerKind.Internal, scene.Reviewer.Id, 30);
        Assert.Equal(OutcomeStatus.Forbidden, (await AsAsync(scene.Tenant, contact, sp => ops(sp).SubmitClosureAsync(internalOne.Id, "x", 0, None))).Status);
        Assert.True((await AsAsync(scene.Tenant, scene.Reviewer, sp => ops(sp).SubmitClosureAsync(internalOne.Id, "Exit plan v3", 0, None))).Succeeded);
        var audit = await app.InDbAsync(db => db.AuditEvents.AsNoTracking().Where(e => e.EntityId == condition.Id.ToString()).OrderBy(e => e.Sequence)
            .Select(e => e.Action).ToListAsync(), scene.Tenant.Id);
        Assert.Equal(["condition.closure-submitted", "condition.closure-rejected", "condition.closure-submitted", "condition.closed"], audit);
        Assert.NotEqual(Guid.Empty, otherVendorId);
    }

    [Fact]
    public async Task The_vendor_sees_and_answers_its_own_conditions_in_the_portal_and_never_another_vendors()
    {
        var (scene, otherVendorId, contact, _) = await TwoVendorsAsync();
        var mine = await ConditionAsync(scene, scene.VendorId, "Publish the model card", ConditionOwnerKind.Vendor, null, 30);
        var internalOne = await ConditionAsync(scene, scene.VendorId, "Internal: update the DPIA", ConditionOwnerKind.Internal, scene.Admin.Id, 30);
        var others = await ConditionAsync(scene, otherVendorId, "Other vendor: fix the SSO", ConditionOwnerKind.Vendor, null, 30);

        var client = app.CreateBrowserClient();
        await client.SignInAsync(contact.Email!);
        var url = $"/t/{scene.Tenant.Slug}/portal/conditions";
        var page = await client.GetDocumentAsync(url);
        var items = page.QuerySelectorAll("[data-testid=portal-conditions] li").Select(li => li.TextContent).ToList();
        var item = Assert.Single(items);
        Assert.Contains("Publish the model card", item, StringComparison.Ordinal);
        Assert.Contains("Open", item, StringComparison.Ordinal);
        Assert.DoesNotContain("update the DPIA", page.Body!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("fix the SSO", page.Body!.TextContent, StringComparison.Ordinal);
        Assert.NotNull((await client.GetDocumentAsync("/portal")).QuerySelector($"a[href='{url}']"));

        // Another vendor's condition, or an internal one, is not found when posted to.
        var form = $"li[data-condition-id='{mine.Id}'] form";
        foreach (var id in new[] { others.Id, internalOne.Id })
        {
            var forged = await client.SubmitAsync(page, url, new Dictionary<string, string>
                { ["Input.ConditionId"] = id.ToString(), ["Input.Evidence"] = "forged", ["Input.Version"] = "0" }, form);
            Assert.Equal(HttpStatusCode.NotFound, forged.StatusCode);
        }
        // Empty evidence: the message stands beside the field; then the evidence is sent.
        var empty = await Forms.ParseAsync(await client.SubmitAsync(page, url, new Dictionary<string, string> { ["Input.Evidence"] = "" }, form));
        Assert.Equal("Describe the evidence that the condition is met.", empty.FieldError("Input.Evidence"));
        Assert.Equal(HttpStatusCode.Redirect, (await client.SubmitAsync(page, url, new Dictionary<string, string> { ["Input.Evidence"] = "https://vendor.example/model-card" }, form)).StatusCode);
        Assert.Equal(ConditionStatus.ClosureSubmitted, (await ReloadAsync(scene, mine.Id)).Status);
        Assert.Equal(ConditionStatus.Open, (await ReloadAsync(scene, others.Id)).Status);
        Assert.Contains("Closure submitted", (await client.GetDocumentAsync(url)).QuerySelector("[data-testid=condition-state]")!.TextContent, StringComparison.Ordinal);

        // The condition page is for internal members only.
        Assert.NotEqual(HttpStatusCode.OK, (await client.GetAsync($"/t/{scene.Tenant.Slug}/conditions/details/{mine.Id}")).StatusCode);
    }

    [Fact]
    public async Task Reminders_go_out_once_before_the_due_date_and_once_when_overdue_however_often_the_job_runs()
    {
        var (scene, _, contact, otherContact) = await TwoVendorsAsync();
        var vendorOwned = await ConditionAsync(scene, scene.VendorId, "Send the pen test summary", ConditionOwnerKind.Vendor, null, 5);
        await ConditionAsync(scene, scene.VendorId, "Renew the DPA", ConditionOwnerKind.Internal, scene.Admin.Id, 3);
        await ConditionAsync(scene, scene.VendorId, "Far away", ConditionOwnerKind.Vendor, null, 60);
        Task<int> RunAsync() => app.InScopeAsync(sp => sp.GetRequiredService<ConditionReminderJob>().RunAsync(None));
        Task<List<(string To, string Kind, string Subject)>> MailsAsync(string kind) => Findings.FindingsTestKit.MailsAsync(app, kind);

        await RunAsync();
        await RunAsync();
        var dueSoon = await MailsAsync(ConditionMails.KindDueSoon);
        Assert.Single(dueSoon, m => m.To == contact.Email);
        Assert.Single(dueSoon, m => m.To == scene.Admin.Email);
        Assert.DoesNotContain(dueSoon, m => m.To == otherContact.Email);
        Assert.Equal(2, dueSoon.Count(m => m.To == contact.Email || m.To == scene.Admin.Email));

        app.Clock.Advance(TimeSpan.FromDays(6));
        await Task.WhenAll(RunAsync(), RunAsync());
        await RunAsync();
        var overdue = await MailsAsync(ConditionMails.KindOverdue);
        Assert.Single(overdue, m => m.To == contact.Email);
        Assert.Single(overdue, m => m.To == scene.Admin.Email);
        Assert.Single(await MailsAsync(ConditionMails.KindDueSoon), m => m.To == contact.Email);

        // A closed condition is reminded no more.
        Assert.Equal(ConditionStatus.Open, (await ReloadAsync(scene, vendorOwned.Id)).Status);
    }
}
