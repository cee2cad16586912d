using System.Collections.Immutable;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using VendorRisk.Domain.Questionnaires;
using VendorRisk.Domain.Tenancy;
using VendorRisk.Domain.Workflows;
using VendorRisk.Infrastructure.Audit;
using VendorRisk.Infrastructure.Identity;
using VendorRisk.Application.Seeding;
using VendorRisk.Application.Reviews;
using VendorRisk.IntegrationTests.Admin;
using VendorRisk.IntegrationTests.Infrastructure;
using static VendorRisk.IntegrationTests.Reviews.ReviewTestKit;

namespace VendorRisk.IntegrationTests.ReviewOps;

public sealed class SpecialismTests(VendorRiskApp app) : IClassFixture<VendorRiskApp>
{
    [Fact]
    public async Task A_specialist_task_goes_to_the_reviewer_holding_that_specialism_and_never_to_the_requester()
    {
        var scene = await SceneAsync(app, RiskTier.High);
        var security = await app.CreateMemberAsync(scene.Tenant, TenantRoles.Reviewer);
        await app.SetSpecialismsAsync(scene.Tenant, security, ReviewerSpecialisms.Security);
        // The requester is a reviewer holding every specialism: still never picked for their own assessment.
        await app.SetSpecialismsAsync(scene.Tenant, scene.Requester, ReviewerSpecialismsExtensions.All);

        var instanceId = await StartedReviewAsync(app, scene);

        var task = await ReviewTaskAsync(app, scene, instanceId);
        Assert.Equal(("security-review", security.Id), (task.ActivityId, task.AssigneeUserId));
        Assert.Null(task.Note);
        Assert.DoesNotContain(await app.JournalAsync(scene, instanceId), j => j.Outcome == WorkflowRunner.OutcomeAssignedWithoutSpecialism);
    }

    [Fact]
    public async Task Without_a_holder_of_the_specialism_the_task_falls_back_to_a_reviewer_and_the_journal_and_audit_say_so()
    {
        var scene = await SceneAsync(app, RiskTier.High);
        var privacy = await app.CreateMemberAsync(scene.Tenant, TenantRoles.Reviewer);
        await app.SetSpecialismsAsync(scene.Tenant, privacy, ReviewerSpecialisms.Privacy);

        var instanceId = await StartedReviewAsync(app, scene);
        var securityTask = await ReviewTaskAsync(app, scene, instanceId);

        // Nobody holds Security: one of the reviewers (not the requester) got it, with a note, a journal row and an audit flag.
        Assert.Contains(securityTask.AssigneeUserId, new Guid?[] { scene.Reviewer.Id, privacy.Id });
        Assert.Contains("security specialism", securityTask.Note, StringComparison.Ordinal);
        var fallback = Assert.Single(await app.JournalAsync(scene, instanceId), j => j.Outcome == WorkflowRunner.OutcomeAssignedWithoutSpecialism);
        Assert.Equal(("assign-security", "assign-security"), (fallback.FromActivityId, fallback.ToActivityId));
        var assigned = await app.AuditAsync(scene.Tenant, "review.reviewer-assigned");
        Assert.Contains("\"withoutSpecialism\":true", Assert.Single(assigned).DetailsJson, StringComparison.Ordinal);

        // The privacy task goes to the privacy reviewer, without a fallback.
        var assignee = securityTask.AssigneeUserId == privacy.Id ? privacy : scene.Reviewer;
        Assert.True((await DecideAsync(app, scene, instanceId, securityTask.TaskId, "approve", assignee)).Applied);
        var privacyTask = await ReviewTaskAsync(app, scene, instanceId);
        Assert.Equal(("privacy-review", privacy.Id), (privacyTask.ActivityId, privacyTask.AssigneeUserId));
        Assert.Single(await app.JournalAsync(scene, instanceId), j => j.Outcome == WorkflowRunner.OutcomeAssignedWithoutSpecialism);
    }

    [Fact]
    public async Task Round_robin_and_least_loaded_pick_only_among_the_holders_of_the_specialism()
    {
        var scene = await SceneAsync(app, RiskTier.High);
        var first = await app.CreateMemberAsync(scene.Tenant, TenantRoles.Reviewer);
        var second = await app.CreateMemberAsync(scene.Tenant, TenantRoles.Reviewer);
        var disabled = await app.CreateMemberAsync(scene.Tenant, TenantRoles.Reviewer);
        foreach (var u in new[] { first, second, disabled }) await app.SetSpecialismsAsync(scene.Tenant, u, ReviewerSpecialisms.Security);
        await app.InDbAsync(async db =>
        {
            (await db.Memberships.SingleAsync(m => m.UserId == disabled.Id)).Disable();
            return await db.SaveChangesAsync();
        }, scene.Tenant.Id);

        var assignees = new List<Guid?>();
        for (var i = 0; i < 4; i++) assignees.Add((await ReviewTaskAsync(app, scene, await StartedReviewAsync(app, scene))).AssigneeUserId);

        // Least loaded among the two active holders: they alternate; nobody else is picked.
        Assert.All(assignees, a => Assert.Contains(a, new Guid?[] { first.Id, second.Id }));
        Assert.Equal(2, assignees.Count(a => a == first.Id));
        Assert.Equal(2, assignees.Count(a => a == second.Id));
    }

    [Fact]
    public async Task A_reviewer_without_the_specialism_cannot_open_or_decide_a_specialists_task_but_the_specialist_can()
    {
        var scene = await SceneAsync(app, RiskTier.High);
        var security = await app.CreateMemberAsync(scene.Tenant, TenantRoles.Reviewer);
        await app.SetSpecialismsAsync(scene.Tenant, security, ReviewerSpecialisms.Security);
        var instanceId = await StartedReviewAsync(app, scene);
        var task = await ReviewTaskAsync(app, scene, instanceId);
        var url = $"/t/{scene.Tenant.Slug}/reviews/task/{task.Id}";
        var version = (await InstanceAsync(app, scene, instanceId)).Version;

        var other = await app.SignedInAsync(scene.Reviewer);
        ReviewOpsKit.AssertRefused(await other.GetAsync(url));
        ReviewOpsKit.AssertRefused(await other.PostCraftedAsync(url, $"/t/{scene.Tenant.Slug}/reviews", new Dictionary<string, string>
        {
            ["Input.Outcome"] = "reject", ["Input.IdempotencyKey"] = "crafted",
        }));
        var inbox = await other.GetDocumentAsync($"/t/{scene.Tenant.Slug}/reviews");
        Assert.Null(inbox.QuerySelector($"a[href='{url}']"));
        Assert.Equal(version, (await InstanceAsync(app, scene, instanceId)).Version);

        var specialist = await app.SignedInAsync(security);
        Assert.Equal(HttpStatusCode.OK, (await specialist.GetAsync(url)).StatusCode);
        Assert.NotNull((await specialist.GetDocumentAsync($"/t/{scene.Tenant.Slug}/reviews")).QuerySelector($"a[href='{url}']"));
    }

    [Fact]
    public async Task A_tenant_admin_sets_specialisms_on_the_member_page_and_the_change_is_audited()
    {
        var tenant = await app.CreateTenantAsync();
        var admin = await app.CreateMemberAsync(tenant, TenantRoles.TenantAdmin);
        var reviewer = await app.CreateMemberAsync(tenant, TenantRoles.Reviewer);
        var membership = await app.MembershipAsync(tenant, reviewer.Id);
        var client = await app.SignedInAsync(admin);
        var url = AdminTestKit.EditUrl(tenant, membership.Id);
        var page = await client.GetDocumentAsync(url);
        Assert.NotNull(page.QuerySelector("label[for='specialism-Security']"));

        var response = await PostSpecialismsAsync(client, page, url, "Security", "AiGovernance");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(ReviewerSpecialisms.Security | ReviewerSpecialisms.AiGovernance, (await app.MembershipAsync(tenant, reviewer.Id)).Specialisms);
        var after = await client.GetDocumentAsync(url);
        Assert.Contains("Security, AI governance", after.Text("[role=status]"), StringComparison.Ordinal);
        Assert.True(((AngleSharp.Html.Dom.IHtmlInputElement)after.QuerySelector("#specialism-AiGovernance")!).IsChecked);
        var audit = Assert.Single(await app.AuditAsync(tenant, AuditActions.SpecialismsChanged));
        Assert.Contains("Security, AiGovernance", audit.DetailsJson, StringComparison.Ordinal);
        Assert.Equal(admin.Id, audit.ActorUserId);
    }

    [Fact]
    public async Task Bad_or_stale_specialism_input_is_refused_in_the_page_and_changes_nothing()
    {
        var tenant = await app.CreateTenantAsync();
        var admin = await app.CreateMemberAsync(tenant, TenantRoles.TenantAdmin);
        var reviewer = await app.CreateMemberAsync(tenant, TenantRoles.Reviewer);
        var membership = await app.MembershipAsync(tenant, reviewer.Id);
        var client = await app.SignedInAsync(admin);
        var url = AdminTestKit.EditUrl(tenant, membership.Id);
        var page = await client.GetDocumentAsync(url);

        var bogus = await PostSpecialismsAsync(client, page, url, "Astrology");
        var undefined = await PostSpecialismsAsync(client, page, url, "8");
        Assert.Equal(HttpStatusCode.OK, bogus.StatusCode);
        Assert.NotNull((await Forms.ParseAsync(bogus)).FieldError("Specialisms.Selected"));
        Assert.NotNull((await Forms.ParseAsync(undefined)).FieldError("Specialisms.Selected"));

        // Another admin changed the member in between: the stale form is a conflict, not a lost update.
        await app.SetSpecialismsAsync(tenant, reviewer, ReviewerSpecialisms.Privacy);
        var stale = await PostSpecialismsAsync(client, page, url, "Security");
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Equal(ReviewerSpecialisms.Privacy, (await app.MembershipAsync(tenant, reviewer.Id)).Specialisms);
        Assert.Empty(await app.AuditAsync(tenant, AuditActions.SpecialismsChanged));
    }

    [Fact]
    public async Task Only_a_tenant_admin_of_the_same_tenant_can_change_specialisms()
    {
        var tenant = await app.CreateTenantAsync();
        var reviewer = await app.CreateMemberAsync(tenant, TenantRoles.Reviewer);
        var membership = await app.MembershipAsync(tenant, reviewer.Id);
        var fields = new Dictionary<string, string> { ["Specialisms.Selected"] = "Security", ["Specialisms.Version"] = membership.Version.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        var handler = AdminTestKit.EditUrl(tenant, membership.Id) + "?handler=Specialisms";

        var self = await app.SignedInAsync(reviewer);
        ReviewOpsKit.AssertRefused(await self.PostCraftedAsync(handler, $"/t/{tenant.Slug}/reviews", fields));
        var auditor = await app.SignedInAsync(await app.CreateMemberAsync(tenant, TenantRoles.Auditor));
        ReviewOpsKit.AssertRefused(await auditor.PostCraftedAsync(handler, $"/t/{tenant.Slug}/dashboard", fields));

        var other = await app.CreateTenantAsync();
        var outsider = await app.SignedInAsync(await app.CreateMemberAsync(other, TenantRoles.TenantAdmin));
        var foreign = await outsider.PostCraftedAsync($"/t/{other.Slug}/admin/users/{membership.Id}?handler=Specialisms", $"/t/{other.Slug}/admin/users", fields);
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);

        Assert.Equal(ReviewerSpecialisms.None, (await app.MembershipAsync(tenant, reviewer.Id)).Specialisms);
    }

    [Fact]
    public async Task The_demo_reviewers_hold_their_specialisms()
    {
        var data = DemoSeeder.Load(Path.Combine(AppContext.BaseDirectory, "seed-data"));
        await app.InScopeAsync(sp => sp.GetRequiredService<DemoSeeder>().SeedAsync(data, AppRole.PlatformOperator));
        var tenant = await app.InDbAsync(db => db.Tenants.SingleAsync(t => t.Slug == data.Tenant.Slug));

        async Task<ReviewerSpecialisms> Of(string email) =>
            (await app.MembershipAsync(tenant, (await app.FindUserAsync(email))!.Id)).Specialisms;

        Assert.Equal(ReviewerSpecialisms.Security, await Of("security@northwind.example"));
        Assert.Equal(ReviewerSpecialisms.Privacy, await Of("privacy@northwind.example"));
        Assert.Equal(ReviewerSpecialisms.AiGovernance, await Of("aigov@northwind.example"));
        Assert.Equal(ReviewerSpecialisms.None, await Of("manager@northwind.example"));
    }

    private static Task<HttpResponseMessage> PostSpecialismsAsync(HttpClient client, AngleSharp.Html.Dom.IHtmlDocument page, string url, params string[] selected)
    {
        var form = (AngleSharp.Html.Dom.IHtmlFormElement)page.QuerySelector("#specialisms-form")!;
        var values = form.QuerySelectorAll("input[type=hidden]").OfType<AngleSharp.Html.Dom.IHtmlInputElement>()
            .Select(i => new KeyValuePair<string, string>(i.Name!, i.Value)).ToList();
        values.AddRange(selected.Select(s => new KeyValuePair<string, string>("Specialisms.Selected", s)));
        return client.PostAsync(form.Action is { Length: > 0 } action ? action : url, new FormUrlEncodedContent(values));
    }
}
