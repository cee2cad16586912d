using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using VendorRisk.Domain.Questionnaires;
using VendorRisk.Domain.Reviews;
using VendorRisk.Domain.Tenancy;
using VendorRisk.Domain.Evidence;
using VendorRisk.Domain.Vendors;
using VendorRisk.Infrastructure.Audit;
using VendorRisk.Infrastructure.Persistence;
using VendorRisk.IntegrationTests.Contracts;
using VendorRisk.IntegrationTests.Infrastructure;

namespace VendorRisk.IntegrationTests.Reports;

public sealed class RiskProfileTests(VendorRiskApp app) : IClassFixture<VendorRiskApp>
{
    private const string OverrideReason = "Processes patient records for triage decisions";

    private async Task<HttpClient> SignedInAsync(string email)
    {
        var client = app.CreateBrowserClient();
        await client.SignInAsync(email);
        return client;
    }

    /// <summary>The decided vendor, overridden to Critical, with an AI system whose foundation model was swapped and three documents.</summary>
    private async Task<DecidedAssessment> ProfiledVendorAsync(string name)
    {
        var decided = await ReportTestKit.DecidedAsync(app, name);
        await app.InDbAsync(async db =>
        {
            var now = app.Clock.GetUtcNow();
            var today = DateOnly.FromDateTime(now.UtcDateTime);
            var vendor = await db.Vendors.SingleAsync(v => v.Id == decided.Scene.VendorId);
            vendor.OverrideTier(RiskTier.Critical, OverrideReason, now);
            var profile = new AiSystemProfile { Purpose = "Triage assistant", FoundationModels = [new FoundationModel("Example Labs", "ex-large", null)] };
            var system = AiSystem.Create(vendor.Id, "Triage assistant", profile, decided.Scene.Requester.Id, now);
            db.AiSystems.Add(system);
            await db.SaveChangesAsync();
            system.Update("Triage assistant", profile with { FoundationModels = [new FoundationModel("Other Labs", "big-model", "2026-10")] },
                decided.Scene.Requester.Id, now.AddMinutes(5));
            // Documents on the vendor record (ADR-025): evidence records the organisation added; their file is not read here.
            EvidenceRecord Document(EvidenceKind kind, string name, DateOnly dated, DateOnly until) => EvidenceRecord.Create(vendor.Id, kind, name,
                "application/pdf", 10, new string('0', 64), "profile-" + Guid.NewGuid().ToString("N"), dated, until, null, null, decided.Scene.Requester.Id,
                byVendor: false, now);
            db.EvidenceRecords.Add(Document(EvidenceKind.Iso27001Certificate, "ISO 27001 certificate", today.AddYears(-3), today.AddDays(-1)));
            db.EvidenceRecords.Add(Document(EvidenceKind.Soc2Type2, "SOC 2 Type II", today.AddMonths(-10), today.AddDays(30)));
            db.EvidenceRecords.Add(Document(EvidenceKind.PenTestReport, "Pen test 2026", today.AddDays(-10), today.AddDays(300)));
            return await db.SaveChangesAsync();
        }, decided.Scene.Tenant.Id);
        return decided;
    }

    [Fact]
    public async Task The_risk_profile_shows_tier_decision_residual_risk_findings_conditions_ai_changes_documents_and_timeline()
    {
        var decided = await ProfiledVendorAsync("Profiled Vendor");
        var scene = decided.Scene;
        var client = await SignedInAsync(scene.Requester.Email!);

        // Linked from the vendor list and the vendor page.
        var list = await client.GetDocumentAsync($"/t/{scene.Tenant.Slug}/vendors");
        Assert.NotNull(list.QuerySelector($"a[href='/t/{scene.Tenant.Slug}/risk-profile/{scene.VendorId}']"));
        var details = await client.GetDocumentAsync($"/t/{scene.Tenant.Slug}/vendors/details/{scene.VendorId}");
        var link = details.QuerySelector("a[data-testid=vendor-risk-profile]")!.GetAttribute("href")!;

        var page = await client.GetDocumentAsync(link);

        Assert.Single(page.QuerySelectorAll("h1"));
        Assert.Equal("Critical", page.QuerySelector("[data-testid=profile-tier]")!.TextContent.Trim());
        Assert.Equal("High", page.QuerySelector("[data-testid=profile-computed-tier]")!.TextContent.Trim());
        Assert.Equal(OverrideReason, page.QuerySelector("[data-testid=profile-override]")!.TextContent.Trim());
        Assert.Equal("100 / 100", page.QuerySelector("[data-testid=profile-score]")!.TextContent.Trim());
        Assert.StartsWith("approved with conditions, decided", page.QuerySelector("[data-testid=profile-decision]")!.TextContent.Trim(), StringComparison.Ordinal);
        Assert.Equal("Medium", page.QuerySelector("[data-testid=profile-residual]")!.TextContent.Trim());
        var finding = Assert.Single(page.QuerySelectorAll("[data-testid=profile-findings] li"));
        Assert.Contains("High", finding.TextContent, StringComparison.Ordinal);
        Assert.Contains(ReportTestKit.FindingTitle, finding.TextContent, StringComparison.Ordinal);
        var conditions = page.QuerySelectorAll("[data-testid=profile-conditions] tbody tr");
        Assert.Equal(2, conditions.Length);
        Assert.All(conditions, c => Assert.Contains(ReportTestKit.Conditions, c.TextContent, StringComparison.Ordinal));
        Assert.Contains(scene.Committee[0].DisplayName, string.Concat(conditions.Select(c => c.TextContent)), StringComparison.Ordinal);
        Assert.NotNull(page.QuerySelector($"a[href='/t/{scene.Tenant.Slug}/reports/assessment/{decided.AssessmentId}']"));

        var ai = page.QuerySelector("[aria-labelledby=ai-heading]")!.TextContent;
        Assert.Contains("Triage assistant", ai, StringComparison.Ordinal);
        Assert.Contains("Foundation models: Example Labs ex-large → Other Labs big-model (2026-10)", ai, StringComparison.Ordinal);
        Assert.Contains("Other Labs (foundation model)", ai, StringComparison.Ordinal);

        var documents = page.QuerySelectorAll("[data-testid=profile-documents] li");
        Assert.Contains("list-group-item-danger", documents.Single(d => d.GetAttribute("data-document") == "ISO 27001 certificate").ClassName, StringComparison.Ordinal);
        Assert.Contains("list-group-item-warning", documents.Single(d => d.GetAttribute("data-document") == "SOC 2 Type II").ClassName, StringComparison.Ordinal);
        var current = documents.Single(d => d.GetAttribute("data-document") == "Pen test 2026");
        Assert.DoesNotContain("list-group-item-danger", current.ClassName, StringComparison.Ordinal);
        Assert.DoesNotContain("list-group-item-warning", current.ClassName, StringComparison.Ordinal);

        var timeline = page.QuerySelectorAll("[data-testid=profile-timeline] li");
        Assert.Contains(timeline, t => t.TextContent.Contains("Review: started", StringComparison.Ordinal));
        Assert.Contains(timeline, t => t.TextContent.Contains("Review: vote cast", StringComparison.Ordinal));
        Assert.Contains(timeline, t => t.TextContent.Contains("Review workflow:", StringComparison.Ordinal));
        var times = timeline.Select(t => DateTimeOffset.Parse(t.QuerySelector("time")!.GetAttribute("datetime")!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(times.OrderByDescending(t => t), times);
    }

    [Fact]
    public async Task The_timeline_pages_newest_first_and_a_page_past_the_end_shows_the_last_page()
    {
        var decided = await ReportTestKit.DecidedAsync(app, "Busy Vendor");
        var scene = decided.Scene;
        for (var i = 1; i <= 30; i++)
        {
            app.Clock.Advance(TimeSpan.FromMinutes(1));
            var n = i;
            await app.InScopeAsync(async sp =>
            {
                sp.GetRequiredService<AuditLog>().Record("vendor.updated", nameof(Vendor), scene.VendorId, new { note = $"change {n}" });
                await sp.GetRequiredService<AppDbContext>().SaveChangesAsync();
            }, scene.Tenant.Id);
        }
        var audits = await app.InDbAsync(db => db.AuditEvents.CountAsync(), scene.Tenant.Id);
        var journal = await app.InDbAsync(db => db.Set<WorkflowJournalEntry>().CountAsync(), scene.Tenant.Id);
        var client = await SignedInAsync(scene.Requester.Email!);
        var url = $"/t/{scene.Tenant.Slug}/risk-profile/{scene.VendorId}";

        var first = await client.GetDocumentAsync(url);
        var second = await client.GetDocumentAsync(url + "?timelinePage=2");
        var beyond = await client.GetDocumentAsync(url + "?timelinePage=99");

        var firstRows = first.QuerySelectorAll("[data-testid=profile-timeline] li");
        Assert.Equal(25, firstRows.Length);
        Assert.All(firstRows.Take(25), r => Assert.Contains("Vendor: updated", r.TextContent, StringComparison.Ordinal));
        Assert.NotNull(first.QuerySelector($"a[href='{url}?timelinePage=2#timeline-heading']"));
        var total = audits + journal;
        Assert.True(total > 25, $"only {total} timeline entries");
        var secondRows = second.QuerySelectorAll("[data-testid=profile-timeline] li");
        Assert.Equal(Math.Min(25, total - 25), secondRows.Length);
        Assert.Contains(secondRows, r => r.TextContent.Contains("Review", StringComparison.Ordinal));
        Assert.Equal($"Page {Pages(total)} of {Pages(total)}", beyond.QuerySelector("nav[aria-label='Timeline pages'] span.page-link")!.TextContent.Trim());
    }

    private static int Pages(int rows) => (rows + 24) / 25;

    [Fact]
    public async Task Another_tenant_and_a_vendor_contact_cannot_see_a_risk_profile_and_an_auditor_can()
    {
        var decided = await ReportTestKit.DecidedAsync(app, "Private Vendor");
        var scene = decided.Scene;
        var url = $"/t/{scene.Tenant.Slug}/risk-profile/{scene.VendorId}";

        var other = await app.CreateTenantAsync();
        var outsider = await app.CreateMemberAsync(other, TenantRoles.TenantAdmin);
        var outsiderClient = await SignedInAsync(outsider.Email!);
        var foreign = await outsiderClient.GetAsync($"/t/{other.Slug}/risk-profile/{scene.VendorId}");
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        Assert.DoesNotContain("Private Vendor", await foreign.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await outsiderClient.GetAsync(url)).StatusCode);

        var contact = await app.CreateMemberAsync(scene.Tenant, TenantRoles.VendorContact, vendorId: scene.VendorId);
        var contactClient = await SignedInAsync(contact.Email!);
        var refused = await contactClient.GetAsync(url);
        Assert.True(refused.StatusCode == HttpStatusCode.Forbidden
            || (refused.StatusCode == HttpStatusCode.Redirect && refused.Headers.Location?.AbsolutePath == "/errors/403"),
            $"Expected a refusal, got {(int)refused.StatusCode}");

        var anonymous = await app.CreateBrowserClient().GetAsync(url);
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.StartsWith("/account/login", anonymous.Headers.Location!.AbsolutePath, StringComparison.Ordinal);

        var auditor = await app.CreateMemberAsync(scene.Tenant, TenantRoles.Auditor);
        var page = await (await SignedInAsync(auditor.Email!)).GetDocumentAsync(url);
        Assert.Contains("Private Vendor", page.QuerySelector("h1")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_risk_profile_shows_open_review_findings_contracts_with_due_and_overdue_obligations_incidents_and_links_coverage()
    {
        var decided = await ReportTestKit.DecidedAsync(app, "Contracted Vendor");
        var scene = decided.Scene;
        var today = DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime);
        var contract = await app.SeedContractAsync(scene.Tenant.Id, scene.VendorId, scene.Requester.Id);
        await app.SeedObligationAsync(scene.Tenant.Id, contract, scene.Requester.Id, Domain.Contracts.Recurrence.Yearly, today.AddDays(-3));
        await app.SeedObligationAsync(scene.Tenant.Id, contract, scene.Requester.Id, Domain.Contracts.Recurrence.Quarterly, today.AddDays(20),
            type: "dpa-review", title: "DPA review");
        await app.InDbAsync(async db =>
        {
            var now = app.Clock.GetUtcNow();
            db.Incidents.Add(Domain.Incidents.Incident.Report(scene.VendorId, Domain.Incidents.IncidentType.Drift, "Summaries drifted", null,
                now.AddDays(-2), now.AddDays(-1), [], null, null, scene.Requester.Id, false, 72, "default", now));
            db.ReviewFindings.Add(Domain.Findings.ReviewFinding.Raise(decided.AssessmentId, null, new Domain.Findings.FindingDetails(
                FindingSeverity.Medium, "Backups are not tested", null, ["encryption"], Domain.Findings.FindingTreatment.Mitigate, "Test restores quarterly",
                Domain.Findings.FindingOwnerKind.Internal, scene.Requester.Id, today.AddDays(1)), scene.Reviewer.Id, now));
            return await db.SaveChangesAsync();
        }, scene.Tenant.Id);
        app.Clock.Advance(TimeSpan.FromDays(2));
        var client = await SignedInAsync(scene.Requester.Email!);

        var page = await client.GetDocumentAsync($"/t/{scene.Tenant.Slug}/risk-profile/{scene.VendorId}");

        var reviewFinding = Assert.Single(page.QuerySelectorAll("[data-testid=profile-review-findings] li"));
        Assert.Contains("Backups are not tested", reviewFinding.TextContent, StringComparison.Ordinal);
        Assert.Contains("overdue", reviewFinding.TextContent, StringComparison.Ordinal);
        var contractCard = page.QuerySelector("[data-contract='Master services agreement']")!;
        var pen = contractCard.QuerySelector("[data-obligation='Annual penetration test report']")!;
        Assert.Contains($"next due {today.AddDays(-3):yyyy-MM-dd}", pen.TextContent, StringComparison.Ordinal);
        Assert.Contains("1 overdue", pen.TextContent, StringComparison.Ordinal);
        var dpa = contractCard.QuerySelector("[data-obligation='DPA review']")!;
        Assert.Contains($"next due {today.AddDays(20):yyyy-MM-dd}", dpa.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("overdue", dpa.TextContent, StringComparison.Ordinal);
        var incident = Assert.Single(page.QuerySelectorAll("[data-testid=profile-incidents] li"));
        Assert.Contains("Summaries drifted", incident.TextContent, StringComparison.Ordinal);
        Assert.Equal($"/t/{scene.Tenant.Slug}/coverage/vendor/{scene.VendorId}", page.QuerySelector("a[data-testid=profile-coverage-link]")!.GetAttribute("href"));
        var timeline = page.QuerySelectorAll("[data-testid=profile-timeline] li");
        Assert.Contains(timeline, t => t.TextContent.Contains("Obligation: created", StringComparison.Ordinal));
    }
}
