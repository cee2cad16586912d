using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using VendorRisk.Domain.Incidents;
using VendorRisk.Domain.Questionnaires;
using VendorRisk.Domain.Reassessments;
using VendorRisk.Domain.Tenancy;
using VendorRisk.Application.Incidents;
using VendorRisk.IntegrationTests.Assessments;
using VendorRisk.IntegrationTests.Infrastructure;
using VendorRisk.IntegrationTests.Reassessments;

namespace VendorRisk.IntegrationTests.Incidents;

public sealed class IncidentTests(VendorRiskApp app) : IClassFixture<VendorRiskApp>
{
    private static string Utc(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture);

    private static Dictionary<string, string> Fields(DateTimeOffset started, DateTimeOffset detected) => new()
    {
        ["Input.Type"] = nameof(IncidentType.HarmfulOrBiasedOutput), ["Input.Title"] = "Biased scoring", ["Input.StartedAt"] = Utc(started),
        ["Input.DetectedAt"] = Utc(detected), ["Input.DataAffected"] = "Applicant scores", ["Input.ActionsTaken"] = "Model rolled back",
    };

    private async Task<(ReassessmentWorld World, TieredVendor Vendor, Guid MembershipId, HttpClient Portal)> PortalAsync()
    {
        var w = await app.ReassessmentWorldAsync(ReassessmentMode.ProposeToOwner, RiskTier.High);
        var v = w.Vendors[RiskTier.High];
        var membershipId = await app.InDbAsync(db => db.Memberships.Where(m => m.UserId == v.Contact.Id).Select(m => m.Id).SingleAsync(), w.Tenant.Id);
        var portal = app.CreateBrowserClient();
        await portal.SignInAsync(v.Contact.Email!);
        return (w, v, membershipId, portal);
    }

    [Fact]
    public async Task A_vendor_contact_reports_an_incident_late_and_the_owner_and_admins_are_emailed_at_once()
    {
        var (w, v, membershipId, portal) = await PortalAsync();
        var admin = await app.CreateMemberAsync(w.Tenant, TenantRoles.TenantAdmin);
        var now = app.Clock.GetUtcNow();

        var response = await portal.SubmitAsync($"/t/{w.Tenant.Slug}/portal/report-incident/{membershipId}", Fields(now.AddHours(-100), now.AddHours(-80)));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var incident = await app.InDbAsync(db => db.Incidents.SingleAsync(), w.Tenant.Id);
        Assert.Equal((v.Vendor.Id, true, IncidentStatus.Reported, 72, 8), (incident.VendorId, incident.ReportedByVendor, incident.Status,
            incident.NotificationWindowHours, incident.HoursLate));
        Assert.Equal(PolicyDefaultNotificationWindow.SourceName, incident.NotificationWindowSource);
        var mails = await app.MailsAsync(w.Tenant.Id);
        Assert.Equal([admin.Email!, w.Owner.Email!], mails.Where(m => m.Kind == IncidentReporting.KindReported).Select(m => m.To).Order(StringComparer.Ordinal));
        var list = await portal.GetDocumentAsync($"/t/{w.Tenant.Slug}/portal/incidents");
        Assert.Contains("Reported late by 8 h (window 72 h)", list.QuerySelector("[data-testid=portal-incidents]")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Impossible_times_and_foreign_systems_get_clear_messages_and_no_row()
    {
        var (w, _, membershipId, portal) = await PortalAsync();
        var now = app.Clock.GetUtcNow();
        var url = $"/t/{w.Tenant.Slug}/portal/report-incident/{membershipId}";

        var backwards = await portal.SubmitAsync(url, Fields(now.AddHours(-2), now.AddHours(-5)));
        Assert.Equal("The incident cannot have been detected before it started.", (await Forms.ParseAsync(backwards)).FieldError("Input.DetectedAt"));
        var future = await portal.SubmitAsync(url, Fields(now.AddHours(-2), now.AddHours(5)));
        Assert.Equal("The incident cannot have been detected in the future.", (await Forms.ParseAsync(future)).FieldError("Input.DetectedAt"));
        var foreign = Fields(now.AddHours(-2), now.AddHours(-1));
        foreign["Input.AiSystemIds"] = Guid.NewGuid().ToString();
        var foreignSystem = await portal.SubmitAsync(url, foreign);
        Assert.Equal("Choose among your own AI systems.", (await Forms.ParseAsync(foreignSystem)).FieldError("Input.AiSystemIds"));

        Assert.Equal(0, await app.InDbAsync(db => db.Incidents.CountAsync(), w.Tenant.Id));
    }

    [Fact]
    public async Task Incidents_are_refused_to_other_contacts_other_tenants_and_auditors_and_no_row_changes()
    {
        var (w, _, membershipId, portal) = await PortalAsync();
        var now = app.Clock.GetUtcNow();
        Assert.Equal(HttpStatusCode.Redirect, (await portal.SubmitAsync($"/t/{w.Tenant.Slug}/portal/report-incident/{membershipId}", Fields(now.AddHours(-3), now.AddHours(-2)))).StatusCode);
        var incident = await app.InDbAsync(db => db.Incidents.SingleAsync(), w.Tenant.Id);
        var details = $"/t/{w.Tenant.Slug}/incidents/details/{incident.Id}";

        // Another vendor's contact cannot use this membership, nor read the internal pages.
        var otherVendor = await app.AddTieredVendorAsync(w.Tenant, "Other vendor " + Guid.NewGuid().ToString("N")[..6], RiskTier.Low, null);
        var stranger = await app.CreateMemberAsync(w.Tenant, TenantRoles.VendorContact, vendorId: otherVendor.Id);
        var strangerClient = app.CreateBrowserClient();
        await strangerClient.SignInAsync(stranger.Email!);
        Assert.Equal(HttpStatusCode.NotFound, (await strangerClient.GetAsync($"/t/{w.Tenant.Slug}/portal/report-incident/{membershipId}")).StatusCode);
        Assert.DoesNotContain("Biased scoring", await (await strangerClient.GetAsync($"/t/{w.Tenant.Slug}/portal/incidents")).Content.ReadAsStringAsync(), StringComparison.Ordinal);
        AssessmentTestKit.AssertDenied(await portal.GetAsync(details));

        var manager = app.CreateBrowserClient();
        await manager.SignInAsync(w.Owner.Email!);
        var document = await manager.GetDocumentAsync(details);
        var other = await app.CreateTenantAsync();
        var foreignAdmin = await app.CreateMemberAsync(other, TenantRoles.TenantAdmin);
        var foreign = app.CreateBrowserClient();
        await foreign.SignInAsync(foreignAdmin.Email!);
        Assert.Equal(HttpStatusCode.NotFound, (await foreign.GetAsync($"/t/{other.Slug}/incidents/details/{incident.Id}")).StatusCode);
        var foreignPost = await foreign.SubmitAsync(document, $"/t/{other.Slug}/incidents/details/{incident.Id}?handler=Status",
            new Dictionary<string, string> { ["NextStatus"] = "Investigating" }, "[data-testid=status-form]");
        Assert.True(foreignPost.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.BadRequest, $"{(int)foreignPost.StatusCode}");

        var auditor = await app.CreateMemberAsync(w.Tenant, TenantRoles.Auditor);
        var auditorClient = app.CreateBrowserClient();
        await auditorClient.SignInAsync(auditor.Email!);
        var auditorPost = await auditorClient.SubmitAsync(document, details + "?handler=Status",
            new Dictionary<string, string> { ["NextStatus"] = "Investigating" }, "[data-testid=status-form]");
        Assert.True(auditorPost.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Redirect or HttpStatusCode.BadRequest, $"{(int)auditorPost.StatusCode}");
        if (auditorPost.StatusCode == HttpStatusCode.Redirect) Assert.Equal("/errors/403", auditorPost.Headers.Location?.AbsolutePath);

        var stored = await app.InDbAsync(db => db.Incidents.SingleAsync(), w.Tenant.Id);
        Assert.Equal((IncidentStatus.Reported, incident.Version), (stored.Status, stored.Version));
    }

    [Fact]
    public async Task Status_moves_forward_closing_needs_lessons_and_a_review_is_proposed_once()
    {
        var (w, _, membershipId, portal) = await PortalAsync();
        var now = app.Clock.GetUtcNow();
        await portal.SubmitAsync($"/t/{w.Tenant.Slug}/portal/report-incident/{membershipId}", Fields(now.AddHours(-3), now.AddHours(-2)));
        var incident = await app.InDbAsync(db => db.Incidents.SingleAsync(), w.Tenant.Id);
        var details = $"/t/{w.Tenant.Slug}/incidents/details/{incident.Id}";
        var manager = app.CreateBrowserClient();
        await manager.SignInAsync(w.Owner.Email!);

        var close = await manager.SubmitAsync(details, new Dictionary<string, string> { ["NextStatus"] = "Closed" }, "[data-testid=status-form]");
        Assert.Equal("Record the lessons learned before closing the incident.", (await Forms.ParseAsync(close)).FieldError("NextStatus"));
        Assert.Equal(HttpStatusCode.Redirect, (await manager.SubmitAsync(details, new Dictionary<string, string> { ["NextStatus"] = "Contained" }, "[data-testid=status-form]")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await manager.SubmitAsync(details, new Dictionary<string, string> { ["LessonsLearned"] = "Bias tests before each release." }, "[data-testid=lessons-form]")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await manager.SubmitAsync(details, new Dictionary<string, string>(), "[data-testid=start-review-form]")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await manager.SubmitAsync(details, new Dictionary<string, string> { ["NextStatus"] = "Closed" }, "[data-testid=status-form]")).StatusCode);

        var stored = await app.InDbAsync(db => db.Incidents.SingleAsync(), w.Tenant.Id);
        Assert.Equal(IncidentStatus.Closed, stored.Status);
        var proposal = await app.InDbAsync(db => db.ReviewProposals.SingleAsync(), w.Tenant.Id);
        Assert.Equal((ProposalTrigger.Incident, incident.Id), (proposal.Trigger, proposal.SourceId));
    }
}
