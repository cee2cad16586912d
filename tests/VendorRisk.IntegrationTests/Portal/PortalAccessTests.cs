using System.Net;
using Microsoft.EntityFrameworkCore;
using VendorRisk.Domain.Assessments;
using VendorRisk.Domain.Tenancy;
using VendorRisk.Infrastructure.Identity;
using VendorRisk.IntegrationTests.Infrastructure;
using static VendorRisk.IntegrationTests.Portal.PortalTestKit;

namespace VendorRisk.IntegrationTests.Portal;

public sealed class PortalAccessTests(VendorRiskApp app) : IClassFixture<VendorRiskApp>
{
    private static readonly byte[] Pdf = "%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"u8.ToArray();

    [Fact]
    public async Task The_portal_lists_the_contacts_assessments_grouped_by_organisation_with_progress_and_due_date()
    {
        var world = await CreateWorldAsync(app);
        var client = await SignedInAsync(app, world.ContactA);

        var page = await client.GetDocumentAsync("/portal");

        var section = page.QuerySelector($"section[aria-labelledby='org-{world.Tenant.Slug}']")!;
        Assert.Contains(world.Tenant.Name, section.TextContent, StringComparison.Ordinal);
        var rows = section.QuerySelectorAll("tr[data-assessment-id]");
        var row = Assert.Single(rows);
        Assert.Equal(world.AssessmentA.ToString(), row.GetAttribute("data-assessment-id"));
        Assert.Contains("AI security review", row.TextContent, StringComparison.Ordinal);
        Assert.Contains(world.VendorA.LegalName, row.TextContent, StringComparison.Ordinal);
        Assert.Contains("sent", row.TextContent, StringComparison.Ordinal);
        Assert.Equal("0 of 1 required answered", row.QuerySelector("[data-testid=progress]")!.TextContent.Trim());
        Assert.Null(row.QuerySelector("[data-testid=overdue]"));
        Assert.Equal(world.UrlA, row.QuerySelector("a")!.GetAttribute("href"));
        Assert.DoesNotContain(world.VendorB.LegalName, page.Body!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_overdue_assessment_is_marked()
    {
        var world = await CreateWorldAsync(app);
        // The clock only moves forward; later tests date their assessments from it, so they are unaffected.
        app.Clock.Advance(TimeSpan.FromDays(20));
        var client = await SignedInAsync(app, world.ContactA);
        var page = await client.GetDocumentAsync("/portal");
        Assert.NotNull(page.QuerySelector($"tr[data-assessment-id='{world.AssessmentA}'] [data-testid=overdue]"));
    }

    [Fact]
    public async Task A_contact_of_another_vendor_in_the_same_tenant_gets_404_everywhere_and_changes_no_row()
    {
        var world = await CreateWorldAsync(app);
        // A's contact uploads a file so there is an evidence id to try.
        var owner = await SignedInAsync(app, world.ContactA);
        var ownerToken = Token(await owner.GetDocumentAsync(world.UrlA));
        AssertStatus(HttpStatusCode.Redirect, await UploadAsync(owner, ownerToken, world.UrlA, "policy", "policy.pdf", Pdf), "upload by the owner");
        var fileId = (await app.InDbAsync(db => db.EvidenceFiles.IgnoreQueryFilters().Where(f => f.AssessmentId == world.AssessmentA).Select(f => f.Id).SingleAsync()));

        var intruder = await SignedInAsync(app, world.ContactB);
        var token = Token(await intruder.GetDocumentAsync(world.UrlB));
        await AssertNothingReachableAsync(world, intruder, token, fileId);
    }

    [Fact]
    public async Task A_contact_of_another_tenant_sees_nothing_and_gets_404_everywhere()
    {
        var world = await CreateWorldAsync(app);
        var other = await CreateWorldAsync(app);
        var intruder = await SignedInAsync(app, other.ContactA);

        var home = await intruder.GetDocumentAsync("/portal");
        Assert.DoesNotContain(world.Tenant.Name, home.Body!.TextContent, StringComparison.Ordinal);
        Assert.Null(home.QuerySelector($"tr[data-assessment-id='{world.AssessmentA}']"));
        var token = Token(await intruder.GetDocumentAsync(other.UrlA));
        await AssertNothingReachableAsync(world, intruder, token, fileId: null);
    }

    [Fact]
    public async Task An_internal_user_without_a_contact_membership_gets_404_on_portal_assessment_pages()
    {
        var world = await CreateWorldAsync(app);
        var internalUser = await SignedInAsync(app, world.Admin);
        var token = await AnyTokenAsync(internalUser, "/portal");
        await AssertNothingReachableAsync(world, internalUser, token, fileId: null);
    }

    [Fact]
    public async Task A_vendor_contact_who_is_not_a_contact_of_the_assessment_gets_404()
    {
        var world = await CreateWorldAsync(app);
        // Same vendor, but not named on the assessment.
        var colleague = await app.CreateMemberAsync(world.Tenant, TenantRoles.VendorContact, vendorId: world.VendorA.Id);
        var client = await SignedInAsync(app, colleague);
        AssertStatus(HttpStatusCode.NotFound, await client.GetAsync(world.UrlA), "GET by a non-contact");
        var home = await client.GetDocumentAsync("/portal");
        Assert.Null(home.QuerySelector($"tr[data-assessment-id='{world.AssessmentA}']"));
    }

    [Fact]
    public async Task A_disabled_membership_loses_access()
    {
        var world = await CreateWorldAsync(app);
        var client = await SignedInAsync(app, world.ContactA);
        AssertStatus(HttpStatusCode.OK, await client.GetAsync(world.UrlA), "GET before disabling");
        await app.InDbAsync(async db =>
        {
            var membership = await db.Memberships.SingleAsync(m => m.UserId == world.ContactA.Id);
            membership.Disable();
            return await db.SaveChangesAsync();
        }, world.Tenant.Id);
        AssertStatus(HttpStatusCode.NotFound, await client.GetAsync(world.UrlA), "GET after disabling");
    }

    [Fact]
    public async Task Links_from_before_the_portal_moved_into_the_tenant_lead_to_the_same_page_there()
    {
        var world = await CreateWorldAsync(app);
        var client = await SignedInAsync(app, world.ContactA);

        var assessment = await client.GetAsync($"/portal/assessments/{world.AssessmentA}?handler=Workbook");
        AssertStatus(HttpStatusCode.Redirect, assessment, "old assessment link");
        Assert.Equal($"{world.UrlA}?handler=Workbook", assessment.Headers.Location!.OriginalString);
        var findings = await client.GetAsync($"/portal/findings/{world.AssessmentA}");
        Assert.Equal($"/t/{world.Tenant.Slug}/portal/findings/{world.AssessmentA}", findings.Headers.Location!.OriginalString);
        var obligations = await client.GetAsync("/portal/obligations");
        Assert.Equal($"/t/{world.Tenant.Slug}/portal/obligations", obligations.Headers.Location!.OriginalString);
        AssertStatus(HttpStatusCode.OK, await client.GetAsync(world.UrlA), "new assessment link");
        // Another vendor's assessment in the same organisation is as unknown as before.
        AssertStatus(HttpStatusCode.NotFound, await client.GetAsync($"/portal/assessments/{world.AssessmentB}"), "old link to another vendor's assessment");
    }

    [Fact]
    public async Task First_access_binds_the_contact_row_matched_by_email()
    {
        var world = await CreateWorldAsync(app);
        var client = await SignedInAsync(app, world.ContactA);
        await client.GetDocumentAsync(world.UrlA);
        var bound = await app.InDbAsync(db => db.AssessmentContacts.IgnoreQueryFilters().Where(c => c.AssessmentId == world.AssessmentA).Select(c => c.UserId).SingleAsync());
        Assert.Equal(world.ContactA.Id, bound);
    }

    private async Task AssertNothingReachableAsync(PortalWorld world, HttpClient intruder, string token, Guid? fileId)
    {
        var answersBefore = await app.CountAllAsync<AssessmentAnswer>();
        var filesBefore = await app.CountAllAsync<EvidenceFile>();
        var before = await AssessmentAsync(app, world.AssessmentA);
        var contactBefore = await app.InDbAsync(db => db.AssessmentContacts.IgnoreQueryFilters().Where(c => c.AssessmentId == world.AssessmentA).Select(c => c.UserId).SingleAsync());

        AssertStatus(HttpStatusCode.NotFound, await intruder.GetAsync(world.UrlA), "GET page");
        AssertStatus(HttpStatusCode.NotFound, await intruder.GetAsync(world.UrlA + "?handler=Workbook"), "GET workbook");
        AssertStatus(HttpStatusCode.NotFound, await AutosaveAsync(intruder, token, world.UrlA, "uses_ai", 0, "true"), "autosave");
        AssertStatus(HttpStatusCode.NotFound, await PostFormAsync(intruder, token, world.UrlA + "?handler=Section&sectionId=ai",
            new Dictionary<string, string> { ["q.uses_ai"] = "true", ["v.uses_ai"] = "0" }), "section save");
        AssertStatus(HttpStatusCode.NotFound, await PostFormAsync(intruder, token, world.UrlA + "?handler=Confirm",
            new Dictionary<string, string> { ["itemId"] = "uses_ai" }), "confirm");
        AssertStatus(HttpStatusCode.NotFound, await PostFormAsync(intruder, token, world.UrlA + "?handler=ConfirmAll"), "confirm all");
        AssertStatus(HttpStatusCode.NotFound, await PostFormAsync(intruder, token, world.UrlA + "?handler=ConfirmAll&sectionId=ai"), "confirm a section");
        AssertStatus(HttpStatusCode.NotFound, await PostFormAsync(intruder, token, world.UrlA + "?handler=Reply&itemId=uses_ai",
            new Dictionary<string, string> { ["reply"] = "x" }), "reply");
        AssertStatus(HttpStatusCode.NotFound, await PostFormAsync(intruder, token, world.UrlA + "?handler=Submit"), "submit");
        AssertStatus(HttpStatusCode.NotFound, await UploadAsync(intruder, token, world.UrlA, "policy", "p.pdf", Pdf), "upload");
        AssertStatus(HttpStatusCode.NotFound, await UploadAsync(intruder, token, world.UrlA, "", "answers.xlsx", [0x50, 0x4B, 3, 4], "Workbook", "workbook"), "workbook upload");
        if (fileId is { } id)
            AssertStatus(HttpStatusCode.NotFound, await intruder.GetAsync($"/t/{world.Tenant.Slug}/portal/evidence/{id}"), "evidence download");
        AssertStatus(HttpStatusCode.NotFound, await intruder.GetAsync($"/t/{world.Tenant.Slug}/portal/assessments/{Guid.NewGuid()}"), "GET unknown id");
        AssertStatus(HttpStatusCode.NotFound, await intruder.GetAsync($"/portal/assessments/{world.AssessmentA}"), "old link");
        if (fileId is { } old)
            AssertStatus(HttpStatusCode.NotFound, await intruder.GetAsync($"/portal/evidence/{old}"), "old evidence link");

        Assert.Equal(answersBefore, await app.CountAllAsync<AssessmentAnswer>());
        Assert.Equal(filesBefore, await app.CountAllAsync<EvidenceFile>());
        var after = await AssessmentAsync(app, world.AssessmentA);
        Assert.Equal(before.Status, after.Status);
        Assert.Equal(before.Version, after.Version);
        Assert.Equal(contactBefore, await app.InDbAsync(db => db.AssessmentContacts.IgnoreQueryFilters().Where(c => c.AssessmentId == world.AssessmentA).Select(c => c.UserId).SingleAsync()));
    }
}
