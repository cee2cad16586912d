using System.Net;
using Microsoft.EntityFrameworkCore;
using VendorRisk.Domain.Assessments;
using VendorRisk.Domain.Questionnaires;
using VendorRisk.Domain.Reassessments;
using VendorRisk.Domain.Tenancy;
using VendorRisk.Application.Reassessments;
using VendorRisk.IntegrationTests.Assessments;
using VendorRisk.IntegrationTests.Infrastructure;

namespace VendorRisk.IntegrationTests.Reassessments;

public sealed class ReassessmentJobAndPageTests(VendorRiskApp app) : IClassFixture<VendorRiskApp>
{
    private async Task<(ReassessmentWorld World, Assessment Decided)> DueWorldAsync(ReassessmentMode mode)
    {
        var w = await app.ReassessmentWorldAsync(mode, RiskTier.Critical);
        // Decided seven months ago: the 6-month reassessment is overdue.
        var decided = await app.DecidedAssessmentAsync(w, w.Vendors[RiskTier.Critical]);
        await app.InDbAsync(async db =>
        {
            var schedule = await db.ReassessmentSchedules.SingleAsync(s => s.VendorId == decided.VendorId);
            schedule.Set(decided.Id, app.Today().AddMonths(-7), RiskTier.Critical, 6, null, app.Clock.GetUtcNow());
            return await db.SaveChangesAsync();
        }, w.Tenant.Id);
        return (w, decided);
    }

    private Task<int> CountAsync<T>(Guid tenantId) where T : class => app.InDbAsync(db => db.Set<T>().CountAsync(), tenantId);

    [Theory]
    [InlineData(ReassessmentMode.IssueAutomatically)]
    [InlineData(ReassessmentMode.ProposeToOwner)]
    public async Task Running_the_job_twice_and_concurrently_acts_once(ReassessmentMode mode)
    {
        var (w, _) = await DueWorldAsync(mode);

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => app.RunReassessmentsAsync()));
        await app.RunReassessmentsAsync();
        await app.RunReassessmentsAsync();

        Assert.Equal(1, await CountAsync<ReassessmentOccurrence>(w.Tenant.Id));
        var reassessments = await app.InDbAsync(db => db.Assessments.CountAsync(a => a.Title.Contains("reassessment")), w.Tenant.Id);
        var proposals = await CountAsync<ReviewProposal>(w.Tenant.Id);
        var mails = await app.MailsAsync(w.Tenant.Id);
        if (mode == ReassessmentMode.IssueAutomatically)
        {
            Assert.Equal((1, 0), (reassessments, proposals));
            Assert.Equal(2, mails.Count); // the vendor contact's invitation to answer, the owner's notice
        }
        else
        {
            Assert.Equal((0, 1), (reassessments, proposals));
            Assert.Single(mails);
        }
    }

    [Fact]
    public async Task A_run_for_a_tenant_that_does_not_exist_touches_nothing()
    {
        var (w, _) = await DueWorldAsync(ReassessmentMode.IssueAutomatically);
        var before = (await app.CountAllAsync<Domain.Messaging.OutboxMessage>(), await app.CountAllAsync<ReassessmentOccurrence>(),
            await app.CountAllAsync<ReviewProposal>(), await app.CountAllAsync<Assessment>());

        var summary = await app.InScopeAsync(sp => Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions
            .GetRequiredService<ReassessmentJob>(sp).RunForTenantAsync(Guid.NewGuid(), CancellationToken.None));

        Assert.Equal(ReassessmentRunSummary.None, summary);
        Assert.Equal(before, (await app.CountAllAsync<Domain.Messaging.OutboxMessage>(), await app.CountAllAsync<ReassessmentOccurrence>(),
            await app.CountAllAsync<ReviewProposal>(), await app.CountAllAsync<Assessment>()));
        Assert.Equal(0, await CountAsync<ReassessmentOccurrence>(w.Tenant.Id));
    }

    [Fact]
    public async Task An_automatic_issue_without_a_contact_who_has_portal_access_becomes_a_proposal_saying_why()
    {
        var (w, _) = await DueWorldAsync(ReassessmentMode.IssueAutomatically);
        await app.InDbAsync(async db =>
        {
            var m = await db.Memberships.SingleAsync(x => x.UserId == w.Vendors[RiskTier.Critical].Contact.Id);
            m.Disable();
            return await db.SaveChangesAsync();
        }, w.Tenant.Id);

        await app.RunReassessmentsAsync();

        var proposal = await app.InDbAsync(db => db.ReviewProposals.SingleAsync(), w.Tenant.Id);
        Assert.Equal(ProposalTrigger.Cadence, proposal.Trigger);
        Assert.Contains("portal access", proposal.Reason, StringComparison.Ordinal);
        Assert.Equal(0, await app.InDbAsync(db => db.Assessments.CountAsync(a => a.Title.Contains("reassessment")), w.Tenant.Id));
    }

    [Fact]
    public async Task A_manual_decision_sets_the_next_reassessment_and_the_vendor_page_shows_it()
    {
        var w = await app.WorldAsync();
        await app.InDbAsync(async db =>
        {
            var v = await db.Vendors.SingleAsync(x => x.Id == w.Vendor.Id);
            v.SetComputedTier(RiskTier.High, app.Clock.GetUtcNow());
            return await db.SaveChangesAsync();
        }, w.Tenant.Id);
        var a = await app.SeedAssessmentAsync(w, AssessmentStatus.InReview);
        var url = $"/t/{w.Tenant.Slug}/assessments/details/{a.Id}";

        var response = await w.Client.SubmitAsync(url, new Dictionary<string, string> { ["decision"] = "Approved" }, "form[action*='handler=Decide']");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var schedule = await app.InDbAsync(db => db.ReassessmentSchedules.SingleAsync(s => s.VendorId == w.Vendor.Id), w.Tenant.Id);
        Assert.Equal((a.Id, app.Today().AddMonths(12), 12), (schedule.BasedOnAssessmentId, schedule.DueOn, schedule.IntervalMonths));
        var page = await w.Client.GetDocumentAsync($"/t/{w.Tenant.Slug}/vendors/details/{w.Vendor.Id}");
        Assert.Contains($"Next reassessment due {app.Today().AddMonths(12):yyyy-MM-dd}", page.QuerySelector("[data-testid=next-reassessment]")!.TextContent.Replace("\n", " ", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_committee_acceptance_ending_before_the_cadence_sets_the_due_date()
    {
        var w = await app.ReassessmentWorldAsync(ReassessmentMode.ProposeToOwner, RiskTier.Low);
        await app.DecidedAssessmentAsync(w, w.Vendors[RiskTier.Low], acceptanceExpiresOn: app.Today().AddDays(90));

        var schedule = await app.InDbAsync(db => db.ReassessmentSchedules.SingleAsync(), w.Tenant.Id);

        Assert.Equal((app.Today().AddDays(90), app.Today().AddMonths(36)), (schedule.DueOn, schedule.CadenceDueOn));
    }

    private static Dictionary<string, string> PolicyFields(string critical = "6", string lead = "30", string hours = "72") => new()
    {
        ["Input.CriticalMonths"] = critical, ["Input.HighMonths"] = "12", ["Input.MediumMonths"] = "24", ["Input.LowMonths"] = "36",
        ["Input.LeadTimeDays"] = lead, ["Input.Mode"] = "IssueAutomatically", ["Input.IncidentNotificationHours"] = hours,
    };

    [Fact]
    public async Task A_tenant_admin_saves_the_policy_and_bad_values_get_field_messages()
    {
        var tenant = await app.CreateTenantAsync();
        var admin = await app.CreateMemberAsync(tenant, TenantRoles.TenantAdmin);
        var client = app.CreateBrowserClient();
        await client.SignInAsync(admin.Email!);
        var url = $"/t/{tenant.Slug}/reassessments/policy";

        foreach (var (fields, field, message) in new[]
        {
            (PolicyFields(critical: "-3"), "Input.CriticalMonths", "Enter a whole number of months between 1 and 120."),
            (PolicyFields(lead: "-1"), "Input.LeadTimeDays", "Enter the lead time in days (0 to 365)."),
            (PolicyFields(hours: "0"), "Input.IncidentNotificationHours", "Enter the notification window in hours (1 to 2160)."),
        })
        {
            var refused = await client.SubmitAsync(url, fields);
            Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
            Assert.Equal(message, (await Forms.ParseAsync(refused)).FieldError(field));
        }
        Assert.Equal(0, await CountAsync<ReassessmentPolicy>(tenant.Id));

        var saved = await client.SubmitAsync(url, PolicyFields(critical: "3", hours: "24"));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var policy = await app.InDbAsync(db => db.ReassessmentPolicies.SingleAsync(), tenant.Id);
        Assert.Equal((3, ReassessmentMode.IssueAutomatically, 24), (policy.CriticalMonths, policy.Mode, policy.IncidentNotificationHours));
    }

    [Fact]
    public async Task Only_tenant_admins_of_this_tenant_may_change_the_policy()
    {
        var tenant = await app.CreateTenantAsync();
        var admin = await app.CreateMemberAsync(tenant, TenantRoles.TenantAdmin);
        var other = await app.CreateTenantAsync();
        var url = $"/t/{tenant.Slug}/reassessments/policy";
        var adminClient = app.CreateBrowserClient();
        await adminClient.SignInAsync(admin.Email!);
        var document = await adminClient.GetDocumentAsync(url);

        foreach (var (roles, inTenant) in new[] { (TenantRoles.VendorManager, tenant), (TenantRoles.Auditor, tenant), (TenantRoles.TenantAdmin, other) })
        {
            var user = await app.CreateMemberAsync(inTenant, roles);
            var client = app.CreateBrowserClient();
            await client.SignInAsync(user.Email!);
            var response = await client.SubmitAsync(document, url, PolicyFields());
            Assert.True(response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Forbidden or HttpStatusCode.Redirect or HttpStatusCode.BadRequest,
                $"{roles}: {(int)response.StatusCode}");
            if (response.StatusCode == HttpStatusCode.Redirect) Assert.Equal("/errors/403", response.Headers.Location?.AbsolutePath);
        }
        Assert.Equal(0, await CountAsync<ReassessmentPolicy>(tenant.Id));
        Assert.Equal(0, await CountAsync<ReassessmentPolicy>(other.Id));
    }

    [Fact]
    public async Task Accepting_a_proposal_issues_the_reassessment_and_dismissing_needs_a_reason()
    {
        var (w, _) = await DueWorldAsync(ReassessmentMode.ProposeToOwner);
        await app.RunReassessmentsAsync();
        var proposal = await app.InDbAsync(db => db.ReviewProposals.SingleAsync(), w.Tenant.Id);
        var client = app.CreateBrowserClient();
        await client.SignInAsync(w.Owner.Email!);
        var url = $"/t/{w.Tenant.Slug}/reassessments/proposal/{proposal.Id}";

        var list = await client.GetDocumentAsync($"/t/{w.Tenant.Slug}/reassessments");
        Assert.NotNull(list.QuerySelector($"a[href='{url}']"));
        var noReason = await client.SubmitAsync(url, new Dictionary<string, string> { ["Dismiss.Reason"] = " " }, "[data-testid=dismiss-form]");
        Assert.Equal("Say why no review is needed.", (await Forms.ParseAsync(noReason)).FieldError("Dismiss.Reason"));
        var past = await client.SubmitAsync(url, new Dictionary<string, string> { ["Accept.DueOn"] = app.Today().ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) }, "[data-testid=accept-form]");
        Assert.Equal("The due date must be in the future.", (await Forms.ParseAsync(past)).FieldError("Accept.DueOn"));
        Assert.Equal(ProposalStatus.Open, (await app.InDbAsync(db => db.ReviewProposals.SingleAsync(), w.Tenant.Id)).Status);

        var accepted = await client.SubmitAsync(url, new Dictionary<string, string> { ["Accept.DueOn"] = app.Today().AddDays(21).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) },
            "[data-testid=accept-form]");

        Assert.True(accepted.StatusCode == HttpStatusCode.Redirect,
            (await Forms.ParseAsync(accepted)).QuerySelector("main")?.InnerHtml);
        var stored = await app.InDbAsync(db => db.ReviewProposals.SingleAsync(), w.Tenant.Id);
        Assert.Equal(ProposalStatus.Accepted, stored.Status);
        var issued = await app.InDbAsync(db => db.Assessments.SingleAsync(a => a.Id == stored.AssessmentId), w.Tenant.Id);
        Assert.Equal((AssessmentStatus.Sent, app.Today().AddDays(21), w.Owner.Id), (issued.Status, issued.DueOn, issued.RequestedByUserId));
        Assert.Equal(2, await app.InDbAsync(db => db.AssessmentAnswers.CountAsync(x => x.AssessmentId == issued.Id && x.CarriedOver), w.Tenant.Id));
    }

    [Fact]
    public async Task Proposals_are_refused_to_other_tenants_vendor_contacts_and_auditors_and_no_row_changes()
    {
        var (w, _) = await DueWorldAsync(ReassessmentMode.ProposeToOwner);
        await app.RunReassessmentsAsync();
        var proposal = await app.InDbAsync(db => db.ReviewProposals.SingleAsync(), w.Tenant.Id);
        var url = $"/t/{w.Tenant.Slug}/reassessments/proposal/{proposal.Id}";
        var ownerClient = app.CreateBrowserClient();
        await ownerClient.SignInAsync(w.Owner.Email!);
        var document = await ownerClient.GetDocumentAsync(url);

        var other = await app.CreateTenantAsync();
        var foreignManager = await app.CreateMemberAsync(other, TenantRoles.VendorManager);
        var foreign = app.CreateBrowserClient();
        await foreign.SignInAsync(foreignManager.Email!);
        Assert.Equal(HttpStatusCode.NotFound, (await foreign.GetAsync($"/t/{other.Slug}/reassessments/proposal/{proposal.Id}")).StatusCode);
        var foreignPost = await foreign.SubmitAsync(document, $"/t/{other.Slug}/reassessments/proposal/{proposal.Id}?handler=Dismiss",
            new Dictionary<string, string> { ["Dismiss.Reason"] = "Not ours" }, "[data-testid=dismiss-form]");
        Assert.True(foreignPost.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.BadRequest, $"{(int)foreignPost.StatusCode}");

        var contact = app.CreateBrowserClient();
        await contact.SignInAsync(w.Vendors[RiskTier.Critical].Contact.Email!);
        AssessmentTestKit.AssertDenied(await contact.GetAsync(url));

        var auditor = await app.CreateMemberAsync(w.Tenant, TenantRoles.Auditor);
        var auditorClient = app.CreateBrowserClient();
        await auditorClient.SignInAsync(auditor.Email!);
        var auditorPage = await auditorClient.GetDocumentAsync(url);
        Assert.Null(auditorPage.QuerySelector("[data-testid=dismiss-form]"));
        var auditorPost = await auditorClient.SubmitAsync(document, url + "?handler=Dismiss",
            new Dictionary<string, string> { ["Dismiss.Reason"] = "Auditors cannot" }, "[data-testid=dismiss-form]");
        Assert.True(auditorPost.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Redirect or HttpStatusCode.BadRequest, $"{(int)auditorPost.StatusCode}");

        var stored = await app.InDbAsync(db => db.ReviewProposals.SingleAsync(), w.Tenant.Id);
        Assert.Equal((ProposalStatus.Open, proposal.Version), (stored.Status, stored.Version));
    }
}
