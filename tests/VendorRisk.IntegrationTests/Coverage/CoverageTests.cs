using System.Net;
using Microsoft.EntityFrameworkCore;
using VendorRisk.Domain.Assessments;
using VendorRisk.Domain.Coverage;
using VendorRisk.Domain.Questionnaires;
using VendorRisk.Domain.Questionnaires.Library;
using VendorRisk.Domain.Questionnaires.Serialization;
using VendorRisk.Domain.Tenancy;
using VendorRisk.Domain.Vendors;
using VendorRisk.IntegrationTests.Infrastructure;

namespace VendorRisk.IntegrationTests.Coverage;

internal sealed record CoverageScene(Tenant Tenant, Guid ManagerId, string ManagerEmail, Guid TemplateId, Guid Strong, Guid Weak, Guid Unassessed);

public sealed class CoverageTests(VendorRiskApp app) : IClassFixture<VendorRiskApp>
{
    private static readonly string[] VendorNames = ["Strong Supplier", "Weak Supplier", "Unassessed Supplier"];

    // A.5.19 supplier policy (results), A.5.20 contract terms (evidence required), A.5.21 supply chain (score only).
    private const string Questionnaire = """
        {
          "id": "coverage-basics",
          "version": "1.0.0",
          "title": "Coverage basics",
          "sections": [
            {
              "id": "sec",
              "title": "Suppliers",
              "items": [
                { "id": "policy", "type": "singleChoice", "text": "Do you have a supplier security policy?",
                  "controls": [ { "control": "iso27001:2022:A.5.19", "rationale": "A supplier security policy is how supplier risk is managed." } ],
                  "choices": [ { "value": "yes", "label": "Yes", "score": 2, "result": "compliant" },
                               { "value": "partly", "label": "Partly", "score": 1, "result": "partiallyCompliant" } ] },
                { "id": "contract", "type": "boolean", "text": "Do your contracts carry security terms?", "controls": ["iso27001:2022:A.5.20"],
                  "choices": [ { "value": "true", "label": "Yes", "score": 1 }, { "value": "false", "label": "No", "score": 0 } ],
                  "evidence": { "required": true, "prompt": "the contract clause" } },
                { "id": "chain", "type": "singleChoice", "text": "How far do you check your supply chain?", "controls": ["iso27001:2022:A.5.21", "eu-ai-act:2024:Art.25"],
                  "choices": [ { "value": "full", "label": "Fully", "score": 4 }, { "value": "some", "label": "Somewhat", "score": 2 } ] }
              ]
            }
          ]
        }
        """;

    private async Task<CoverageScene> SceneAsync()
    {
        var tenant = await app.CreateTenantAsync();
        var manager = await app.CreateMemberAsync(tenant, TenantRoles.VendorManager);
        var (templateId, strong, weak, unassessed) = await app.InDbAsync(async db =>
        {
            var now = app.Clock.GetUtcNow();
            var template = QuestionnaireTemplate.CreateDraft(QuestionnaireJson.Parse(Questionnaire).Value, manager.Id, now).Value;
            template.Publish(now);
            db.QuestionnaireTemplates.Add(template);
            var vendors = VendorNames.Select(n => Vendor.Create(n, null, null, null, now)).ToList();
            db.Vendors.AddRange(vendors);
            await db.SaveChangesAsync();
            return (template.Id, vendors[0].Id, vendors[1].Id, vendors[2].Id);
        }, tenant.Id);
        var scene = new CoverageScene(tenant, manager.Id, manager.Email!, templateId, strong, weak, unassessed);
        await SubmitAsync(scene, strong, "yes", evidence: true, "full");
        await SubmitAsync(scene, weak, "partly", evidence: false, "full");
        return scene;
    }

    private Task<Guid> SubmitAsync(CoverageScene scene, Guid vendorId, string policy, bool evidence, string chain) =>
        app.InDbAsync(async db =>
        {
            app.Clock.Advance(TimeSpan.FromMinutes(1));
            var now = app.Clock.GetUtcNow();
            var template = await db.QuestionnaireTemplates.SingleAsync(t => t.Id == scene.TemplateId);
            var assessment = Assessment.Create(vendorId, template.Id, template.TemplateKey, template.SemanticVersion, template.ContentHash!,
                "Supplier review", DateOnly.FromDateTime(now.UtcDateTime).AddDays(30), scene.ManagerId, now);
            assessment.Send(now);
            db.Assessments.Add(assessment);
            db.AssessmentAnswers.Add(AssessmentAnswer.Create(assessment.Id, "policy", AnswerJson.Serialize(AnswerValue.Text(policy)), null, now));
            db.AssessmentAnswers.Add(AssessmentAnswer.Create(assessment.Id, "contract", AnswerJson.Serialize(AnswerValue.Boolean(true)), null, now));
            db.AssessmentAnswers.Add(AssessmentAnswer.Create(assessment.Id, "chain", AnswerJson.Serialize(AnswerValue.Text(chain)), null, now));
            if (evidence)
            {
                var record = VendorRisk.Domain.Evidence.EvidenceRecord.Create(assessment.VendorId, VendorRisk.Domain.Evidence.EvidenceKind.ContractTerms, "msa.pdf",
                    "application/pdf", 1000, "00", "ev-" + Guid.NewGuid().ToString("N"), DateOnly.FromDateTime(now.UtcDateTime), null, null, null,
                    scene.ManagerId, byVendor: true, now);
                db.EvidenceRecords.Add(record);
                db.EvidenceFiles.Add(EvidenceFile.Link(assessment.Id, "contract", record, scene.ManagerId, now));
            }
            assessment.Submit(90, now);
            await db.SaveChangesAsync();
            return assessment.Id;
        }, scene.Tenant.Id);

    private async Task<HttpClient> SignedInAsync(string email)
    {
        var client = app.CreateBrowserClient();
        await client.SignInAsync(email);
        return client;
    }

    private static string Cell(AngleSharp.Html.Dom.IHtmlDocument page, string control, string status) =>
        page.QuerySelector($"[data-testid=coverage-table] tr[data-control='{control}'] td[data-status={status}]")!.TextContent.Trim()[..1];

    /// <summary>
    /// Issue 15's acceptance through the app: the same favourable answer is one verified status while its evidence waits for a reviewer
    /// and another once a reviewer accepted it on the assessment page; what the vendor claims does not move.
    /// </summary>
    [Fact]
    public async Task Accepting_the_evidence_behind_a_favourable_answer_changes_the_verified_coverage_and_not_the_claimed()
    {
        var scene = await SceneAsync();
        var reviewer = await app.CreateMemberAsync(scene.Tenant, TenantRoles.Reviewer);
        var client = await SignedInAsync(reviewer.Email!);
        var url = $"/t/{scene.Tenant.Slug}/coverage/vendor/{scene.Strong}";
        const string contractTerms = "iso27001:2022:A.5.20";
        static string? Claimed(AngleSharp.Html.Dom.IHtmlDocument page) => page.QuerySelector($"tr[data-control='{contractTerms}']")?.GetAttribute("data-status");
        static string? Verified(AngleSharp.Html.Dom.IHtmlDocument page) =>
            page.QuerySelector($"tr[data-control='{contractTerms}'] td[data-verified]")?.GetAttribute("data-verified");

        var before = await client.GetDocumentAsync(url);
        var assessmentId = await app.InDbAsync(db => db.Assessments.Where(a => a.VendorId == scene.Strong).Select(a => a.Id).SingleAsync(), scene.Tenant.Id);
        var accepted = await client.SubmitAsync($"/t/{scene.Tenant.Slug}/assessments/details/{assessmentId}", new Dictionary<string, string>(),
            "form[action*='handler=Accept']");
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        var after = await client.GetDocumentAsync(url);

        Assert.Equal("supported", Claimed(before));
        Assert.Equal(Claimed(before), Claimed(after));
        Assert.NotNull(Verified(before));
        Assert.NotEqual("supported", Verified(before));
        Assert.Equal("supported", Verified(after));
    }

    [Fact]
    public async Task The_vendor_page_states_each_control_with_its_reasons_and_links_to_the_questions()
    {
        var scene = await SceneAsync();
        var client = await SignedInAsync(scene.ManagerEmail);

        var page = await client.GetDocumentAsync($"/t/{scene.Tenant.Slug}/coverage/vendor/{scene.Weak}");

        Assert.Single(page.QuerySelectorAll("h1"));
        Assert.Equal("Control coverage: Weak Supplier", page.QuerySelector("h1")!.TextContent.Trim());
        var policy = page.QuerySelector("tr[data-control='iso27001:2022:A.5.19']")!;
        Assert.Equal("weak", policy.GetAttribute("data-status"));
        Assert.Contains("1 answer scores poorly: policy.", policy.TextContent, StringComparison.Ordinal);
        // Reviewers and auditors see why each question evidences the control, in words.
        Assert.Equal("Why this question: A supplier security policy is how supplier risk is managed.",
            policy.QuerySelector("[data-testid=rationale]")!.TextContent.Trim());
        Assert.Null(page.QuerySelector("tr[data-control='iso27001:2022:A.5.20'] [data-testid=rationale]"));
        var assessmentId = await app.InDbAsync(db => db.Assessments.Where(a => a.VendorId == scene.Weak).Select(a => a.Id).SingleAsync(), scene.Tenant.Id);
        Assert.NotNull(policy.QuerySelector($"a[href='/t/{scene.Tenant.Slug}/assessments/details/{assessmentId}#item-policy']"));
        var contract = page.QuerySelector("tr[data-control='iso27001:2022:A.5.20']")!;
        Assert.Equal("weak", contract.GetAttribute("data-status"));
        Assert.Contains("Required evidence is missing or expired: contract.", contract.TextContent, StringComparison.Ordinal);
        Assert.Equal("supported", page.QuerySelector("tr[data-control='iso27001:2022:A.5.21']")!.GetAttribute("data-status"));
        Assert.Equal("missing", page.QuerySelector("tr[data-control='iso27001:2022:A.5.23']")!.GetAttribute("data-status"));
        Assert.NotNull(page.QuerySelector($"a[href='/t/{scene.Tenant.Slug}/reports/assessment/{assessmentId}']"));

        // The page leads with counts per framework; each framework's controls fold away beneath while several are shown.
        var iso = page.QuerySelector("[data-testid=coverage-frameworks] tr[data-framework='iso27001:2022']")!;
        var isoRows = page.QuerySelectorAll("tr[data-control^='iso27001:2022:']").Select(r => r.GetAttribute("data-status")).ToList();
        string CountOf(string status) => isoRows.Count(s => s == status).ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal([CountOf("supported"), CountOf("weak"), CountOf("missing")], iso.QuerySelectorAll("td").Select(c => c.TextContent.Trim()));
        Assert.Equal("?framework=iso27001%3A2022", iso.QuerySelector("a")!.GetAttribute("href"));
        Assert.NotNull(page.QuerySelector("details#fw-iso27001-2022:not([open])"));

        var gaps = await client.GetDocumentAsync($"/t/{scene.Tenant.Slug}/coverage/vendor/{scene.Weak}?show=gaps");
        Assert.Empty(gaps.QuerySelectorAll("tr[data-control][data-status=supported]"));
        Assert.NotNull(gaps.QuerySelector("tr[data-control='iso27001:2022:A.5.19'][data-status=weak]"));
        Assert.NotNull(gaps.QuerySelector("tr[data-control='iso27001:2022:A.5.23'][data-status=missing]"));
        Assert.NotNull(gaps.QuerySelector("details#fw-iso27001-2022[open]"));
        Assert.Equal(iso.QuerySelectorAll("td").Select(c => c.TextContent).ToList(),
            gaps.QuerySelector("[data-testid=coverage-frameworks] tr[data-framework='iso27001:2022']")!.QuerySelectorAll("td").Select(c => c.TextContent).ToList());

        var strong = await client.GetDocumentAsync($"/t/{scene.Tenant.Slug}/coverage/vendor/{scene.Strong}?framework=iso27001:2022");
        Assert.Equal("supported", strong.QuerySelector("tr[data-control='iso27001:2022:A.5.19']")!.GetAttribute("data-status"));
        Assert.Equal("supported", strong.QuerySelector("tr[data-control='iso27001:2022:A.5.20']")!.GetAttribute("data-status"));
        Assert.Null(strong.QuerySelector("tr[data-control='eu-ai-act:2024:Art.25']"));
        Assert.NotNull(strong.QuerySelector("details#fw-iso27001-2022[open]"));

        var none = await client.GetDocumentAsync($"/t/{scene.Tenant.Slug}/coverage/vendor/{scene.Unassessed}");
        Assert.NotNull(none.QuerySelector("[data-testid=coverage-none]"));

        var badFilter = await client.GetDocumentAsync($"/t/{scene.Tenant.Slug}/coverage/vendor/{scene.Strong}?framework=nope");
        Assert.Equal("Choose a framework from the list.", badFilter.QuerySelector("#framework-error")!.TextContent.Trim());
    }

    [Fact]
    public async Task The_portfolio_counts_vendors_per_control_and_status_and_lists_them()
    {
        var scene = await SceneAsync();
        var client = await SignedInAsync(scene.ManagerEmail);
        var url = $"/t/{scene.Tenant.Slug}/coverage";

        var page = await client.GetDocumentAsync(url);

        Assert.Single(page.QuerySelectorAll("h1"));
        Assert.Equal(("1", "1", "0"), (Cell(page, "iso27001:2022:A.5.19", "supported"), Cell(page, "iso27001:2022:A.5.19", "weak"),
            Cell(page, "iso27001:2022:A.5.19", "missing")));
        Assert.Equal(("2", "0"), (Cell(page, "iso27001:2022:A.5.21", "supported"), Cell(page, "iso27001:2022:A.5.21", "weak")));
        Assert.Equal("2", Cell(page, "iso27001:2022:A.5.23", "missing"));
        Assert.Contains("2 vendors with a submitted assessment are counted; 1 have none yet.", page.QuerySelector("[data-testid=coverage-summary]")!.TextContent,
            StringComparison.Ordinal);
        Assert.Equal(2, await app.InDbAsync(db => db.Set<CoverageSnapshot>().CountAsync(), scene.Tenant.Id));

        var drill = page.QuerySelector("tr[data-control='iso27001:2022:A.5.19'] td[data-status=weak] a")!.GetAttribute("href")!;
        var vendors = await client.GetDocumentAsync(drill);
        var listed = Assert.Single(vendors.QuerySelectorAll("[data-testid=coverage-vendors] a"));
        Assert.Equal("Weak Supplier", listed.TextContent.Trim());
        Assert.Equal($"/t/{scene.Tenant.Slug}/coverage/vendor/{scene.Weak}", listed.GetAttribute("href"));

        var filtered = await client.GetDocumentAsync(url + "?framework=eu-ai-act:2024");
        Assert.All(filtered.QuerySelectorAll("[data-testid=coverage-table] tbody tr"),
            r => Assert.StartsWith("eu-ai-act:2024:", r.GetAttribute("data-control"), StringComparison.Ordinal));
        Assert.Equal("2", Cell(filtered, "eu-ai-act:2024:Art.25", "supported"));

        var bad = await client.GetDocumentAsync(url + "?framework=iso9999&control=nope&status=weak");
        Assert.Equal("Choose a framework from the list.", bad.QuerySelector("#framework-error")!.TextContent.Trim());
        Assert.Contains("There is no such control in the catalogue.", bad.QuerySelector("[data-testid=coverage-error]")?.TextContent ?? bad.QuerySelector("main")!.InnerHtml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stored_coverage_follows_a_newer_submission_of_the_vendor()
    {
        var scene = await SceneAsync();
        var client = await SignedInAsync(scene.ManagerEmail);
        var url = $"/t/{scene.Tenant.Slug}/coverage";
        Assert.Equal("1", Cell(await client.GetDocumentAsync(url), "iso27001:2022:A.5.19", "weak"));

        var newer = await SubmitAsync(scene, scene.Weak, "yes", evidence: true, "some");

        var page = await client.GetDocumentAsync(url);
        Assert.Equal(("2", "0"), (Cell(page, "iso27001:2022:A.5.19", "supported"), Cell(page, "iso27001:2022:A.5.19", "weak")));
        Assert.Equal("1", Cell(page, "iso27001:2022:A.5.21", "weak"));
        var snapshot = await app.InDbAsync(db => db.Set<CoverageSnapshot>().SingleAsync(s => s.VendorId == scene.Weak), scene.Tenant.Id);
        Assert.Equal(newer, snapshot.AssessmentId);
        Assert.Equal(await app.InDbAsync(db => db.Set<CoverageEntry>().CountAsync(e => e.VendorId == scene.Weak), scene.Tenant.Id),
            snapshot.Supported + snapshot.Weak + snapshot.Missing);
    }

    [Fact]
    public async Task Another_tenant_and_a_vendor_contact_see_no_coverage_of_the_tenant()
    {
        var scene = await SceneAsync();
        var owner = await SignedInAsync(scene.ManagerEmail);
        await owner.GetDocumentAsync($"/t/{scene.Tenant.Slug}/coverage");

        var other = await app.CreateTenantAsync();
        var outsider = await app.CreateMemberAsync(other, TenantRoles.TenantAdmin);
        var client = await SignedInAsync(outsider.Email!);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/t/{other.Slug}/coverage/vendor/{scene.Strong}")).StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, (await client.GetAsync($"/t/{scene.Tenant.Slug}/coverage")).StatusCode);
        var theirs = await client.GetDocumentAsync($"/t/{other.Slug}/coverage");
        Assert.Empty(theirs.QuerySelectorAll("[data-testid=coverage-table] td[data-status] a"));
        Assert.DoesNotContain("Strong Supplier", theirs.Body!.TextContent, StringComparison.Ordinal);
        Assert.Equal(0, await app.InDbAsync(db => db.Set<CoverageSnapshot>().CountAsync(), other.Id));

        var contact = await app.CreateMemberAsync(scene.Tenant, TenantRoles.VendorContact, vendorId: scene.Strong);
        var portal = await SignedInAsync(contact.Email!);
        foreach (var url in new[] { $"/t/{scene.Tenant.Slug}/coverage", $"/t/{scene.Tenant.Slug}/coverage/vendor/{scene.Strong}" })
        {
            var refused = await portal.GetAsync(url);
            Assert.True(refused.StatusCode == HttpStatusCode.Forbidden
                || (refused.StatusCode == HttpStatusCode.Redirect && refused.Headers.Location?.AbsolutePath == "/errors/403"),
                $"Expected a refusal, got {(int)refused.StatusCode}");
        }
    }
}
