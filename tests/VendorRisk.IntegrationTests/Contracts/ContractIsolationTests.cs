using System.Net;
using VendorRisk.Domain.Contracts;
using VendorRisk.Domain.Tenancy;
using VendorRisk.IntegrationTests.Assessments;
using VendorRisk.IntegrationTests.Infrastructure;

namespace VendorRisk.IntegrationTests.Contracts;

public sealed class ContractIsolationTests(VendorRiskApp app) : IClassFixture<VendorRiskApp>
{
    private static readonly Dictionary<string, string> Note = new() { ["Meet.Note"] = "Done by someone who may not" };

    [Fact]
    public async Task Another_tenants_contract_obligation_occurrence_and_file_answer_404_and_change_no_row()
    {
        var a = await app.ContractWorldAsync();
        var (obligation, first) = await app.SeedObligationAsync(a.Tenant.Id, a.Contract, a.Manager.Id, Recurrence.Yearly, app.Today().AddDays(9));
        var owner = await app.SignedInAsync(a.Manager);
        var evidencePage = $"{a.Base}/contracts/details/{a.Contract.Id}";
        Assert.Equal(HttpStatusCode.Redirect, (await owner.UploadAsync(evidencePage, evidencePage + "?handler=Upload", "msa.pdf", ContractsTestKit.Pdf)).StatusCode);
        var fileId = await app.InDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(
            db.Set<ContractFile>(), f => f.ContractId == a.Contract.Id), a.Tenant.Id);

        var b = await app.ContractWorldAsync();
        var intruder = await app.SignedInAsync(b.Admin);
        var before = await app.SnapshotAsync();
        var tokenPage = $"{b.Base}/contracts";

        foreach (var url in new[]
        {
            $"{b.Base}/contracts/details/{a.Contract.Id}", $"{b.Base}/contracts/edit/{a.Contract.Id}", $"{b.Base}/contracts?vendorId={a.VendorA.Id}",
            $"{b.Base}/contracts/edit?vendorId={a.VendorA.Id}", $"{b.Base}/obligations/edit/{obligation.Id}",
            $"{b.Base}/obligations/edit?contractId={a.Contract.Id}&type=dpa-review", $"{b.Base}/obligations/occurrence/{first.Id}",
            $"{b.Base}/contracts/file/{fileId.Id}",
            // A's own URLs: B's admin is no member there.
            $"{a.Base}/contracts/details/{a.Contract.Id}", $"{a.Base}/obligations/occurrence/{first.Id}",
        })
        {
            Assert.True((await intruder.GetAsync(url)).StatusCode == HttpStatusCode.NotFound, $"GET {url}");
        }
        foreach (var (url, fields) in new (string, Dictionary<string, string>)[]
        {
            ($"{b.Base}/obligations/occurrence/{first.Id}?handler=Meet", Note),
            ($"{b.Base}/obligations/occurrence/{first.Id}?handler=Waive", new() { ["Waive.Reason"] = "A reason long enough" }),
            ($"{b.Base}/contracts/edit/{a.Contract.Id}", new() { ["Input.Title"] = "Stolen", ["Input.StartsOn"] = "2026-01-01", ["Input.OwnerUserId"] = b.Admin.Id.ToString() }),
            ($"{b.Base}/obligations/edit/{obligation.Id}", new() { ["Input.Title"] = "Stolen", ["Input.Recurrence"] = "Yearly", ["Input.OwnerUserId"] = b.Admin.Id.ToString() }),
            ($"{b.Base}/contracts/edit", new() { ["Input.VendorId"] = a.VendorA.Id.ToString(), ["Input.Title"] = "Planted", ["Input.StartsOn"] = "2026-01-01", ["Input.OwnerUserId"] = b.Admin.Id.ToString() }),
        })
        {
            var response = await intruder.PostWithTokenAsync(tokenPage, url, fields);
            Assert.True(response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.OK, $"POST {url} answered {(int)response.StatusCode}");
            if (response.StatusCode == HttpStatusCode.OK)
                Assert.Equal("Choose a vendor of this organisation.", (await Forms.ParseAsync(response)).FieldError("Input.VendorId"));
        }
        var upload = await intruder.UploadAsync(tokenPage, $"{b.Base}/obligations/occurrence/{first.Id}?handler=Upload", "x.pdf", ContractsTestKit.Pdf);
        Assert.Equal(HttpStatusCode.NotFound, upload.StatusCode);
        var docs = await intruder.UploadAsync(tokenPage, $"{b.Base}/contracts/details/{a.Contract.Id}?handler=Upload", "x.pdf", ContractsTestKit.Pdf);
        Assert.Equal(HttpStatusCode.NotFound, docs.StatusCode);

        Assert.Equal(before, await app.SnapshotAsync());
    }

    [Fact]
    public async Task A_vendor_contact_is_refused_on_every_internal_contract_page_and_changes_no_row()
    {
        var w = await app.ContractWorldAsync();
        var (_, first) = await app.SeedObligationAsync(w.Tenant.Id, w.Contract, w.Manager.Id, Recurrence.Yearly, app.Today().AddDays(9), vendorEvidence: true);
        var contact = await app.SignedInAsync(w.ContactA);
        var before = await app.SnapshotAsync();

        foreach (var url in new[]
        {
            $"{w.Base}/contracts", $"{w.Base}/contracts/details/{w.Contract.Id}", $"{w.Base}/contracts/edit?vendorId={w.VendorA.Id}",
            $"{w.Base}/obligations", $"{w.Base}/obligations/occurrence/{first.Id}", $"{w.Base}/obligations/catalogue", $"{w.Base}/obligations/calendar",
        })
        {
            AssessmentTestKit.AssertDenied(await contact.GetAsync(url));
        }
        var meet = await contact.PostWithTokenAsync("/portal", $"{w.Base}/obligations/occurrence/{first.Id}?handler=Meet", Note);
        Assert.True(meet.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Forbidden or HttpStatusCode.BadRequest, $"answered {(int)meet.StatusCode}");
        Assert.Equal(before, await app.SnapshotAsync());
    }

    [Fact]
    public async Task An_auditor_reads_contracts_and_deadlines_but_writes_nothing_and_a_reviewer_cannot_close_what_they_do_not_own()
    {
        var w = await app.ContractWorldAsync();
        var (obligation, first) = await app.SeedObligationAsync(w.Tenant.Id, w.Contract, w.Manager.Id, Recurrence.Yearly, app.Today().AddDays(9));
        var auditor = await app.SignedInAsync(await app.CreateMemberAsync(w.Tenant, TenantRoles.Auditor));
        var reviewer = await app.SignedInAsync(await app.CreateMemberAsync(w.Tenant, TenantRoles.Reviewer));
        var occurrence = $"{w.Base}/obligations/occurrence/{first.Id}";
        var before = await app.SnapshotAsync();

        foreach (var client in new[] { auditor, reviewer })
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"{w.Base}/contracts/details/{w.Contract.Id}")).StatusCode);
            var page = await client.GetDocumentAsync(occurrence);
            Assert.Null(page.QuerySelector("form[data-testid=meet-note]"));
            Assert.Null(page.QuerySelector("a[href$='/contracts/edit/" + w.Contract.Id + "']"));
            AssessmentTestKit.AssertDenied(await client.PostWithTokenAsync(occurrence, occurrence + "?handler=Meet", Note));
            AssessmentTestKit.AssertDenied(await client.PostWithTokenAsync(occurrence, occurrence + "?handler=Waive",
                new Dictionary<string, string> { ["Waive.Reason"] = "Because I can, or so I think" }));
            AssessmentTestKit.AssertDenied(await client.UploadAsync(occurrence, occurrence + "?handler=Upload", "x.pdf", ContractsTestKit.Pdf));
            AssessmentTestKit.AssertDenied(await client.GetAsync($"{w.Base}/contracts/edit/{w.Contract.Id}"));
            AssessmentTestKit.AssertDenied(await client.GetAsync($"{w.Base}/obligations/edit/{obligation.Id}"));
            AssessmentTestKit.AssertDenied(await client.PostWithTokenAsync(occurrence, $"{w.Base}/obligations/catalogue?handler=Save",
                new Dictionary<string, string> { ["Input.Name"] = "Sneaky", ["Input.DefaultRecurrence"] = "Yearly" }));
        }
        Assert.Equal(before, await app.SnapshotAsync());

        // The owner of the obligation may close it even without the vendor-manager role.
        var ownerReviewer = await app.CreateMemberAsync(w.Tenant, TenantRoles.Reviewer);
        var (_, owned) = await app.SeedObligationAsync(w.Tenant.Id, w.Contract, ownerReviewer.Id, Recurrence.OneOff, app.Today().AddDays(9));
        var ownerClient = await app.SignedInAsync(ownerReviewer);
        var ownedUrl = $"{w.Base}/obligations/occurrence/{owned.Id}";
        Assert.Equal(HttpStatusCode.Redirect, (await ownerClient.SubmitAsync(ownedUrl, Note, "form[data-testid=meet-note]")).StatusCode);
        Assert.Equal(OccurrenceStatus.Met, (await app.OccurrenceAsync(owned.Id)).Status);
    }

    [Fact]
    public async Task In_the_portal_a_vendor_contact_sees_and_meets_only_their_own_vendors_evidence_obligations()
    {
        var w = await app.ContractWorldAsync();
        var today = app.Today();
        var (obligationA, firstA) = await app.SeedObligationAsync(w.Tenant.Id, w.Contract, w.Manager.Id, Recurrence.Quarterly, today.AddDays(10),
            vendorEvidence: true, type: "certificate-renewal", title: "ISO 27001 certificate");
        var (_, internalOnly) = await app.SeedObligationAsync(w.Tenant.Id, w.Contract, w.Manager.Id, Recurrence.Yearly, today.AddDays(10),
            vendorEvidence: false, type: "dpa-review", title: "Internal DPA review");
        var contractB = await app.SeedContractAsync(w.Tenant.Id, w.VendorB.Id, w.Manager.Id);
        var (_, firstB) = await app.SeedObligationAsync(w.Tenant.Id, contractB, w.Manager.Id, Recurrence.Yearly, today.AddDays(10), vendorEvidence: true,
            title: "Beta pen test");
        var other = await app.ContractWorldAsync();
        var (_, foreign) = await app.SeedObligationAsync(other.Tenant.Id, other.Contract, other.Manager.Id, Recurrence.Yearly, today.AddDays(10), vendorEvidence: true);

        var contactA = await app.SignedInAsync(w.ContactA);
        var page = await contactA.GetDocumentAsync($"{w.Base}/portal/obligations");
        Assert.Equal([firstA.Id.ToString()], page.QuerySelectorAll("[data-occurrence-id]").Select(e => e.GetAttribute("data-occurrence-id")));
        Assert.DoesNotContain("Beta pen test", page.Body!.TextContent, StringComparison.Ordinal);

        var before = await app.SnapshotAsync();
        foreach (var id in new[] { firstB.Id, internalOnly.Id, foreign.Id, Guid.NewGuid() })
        {
            var response = await contactA.UploadAsync($"{w.Base}/portal/obligations", $"{w.Base}/portal/obligations?handler=Upload&occurrenceId={id}", "cert.pdf", ContractsTestKit.Pdf);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"Upload for {id} answered {(int)response.StatusCode}");
        }
        var refused = await contactA.UploadAsync($"{w.Base}/portal/obligations", $"{w.Base}/portal/obligations?handler=Upload&occurrenceId={firstA.Id}", "cert.pdf", ContractsTestKit.Executable);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("An executable renamed .pdf is not a PDF.", (await Forms.ParseAsync(refused)).FieldError($"file-{firstA.Id}"));
        Assert.Equal(before, await app.SnapshotAsync());

        var accepted = await contactA.UploadAsync($"{w.Base}/portal/obligations", $"{w.Base}/portal/obligations?handler=Upload&occurrenceId={firstA.Id}", "iso-27001.pdf", ContractsTestKit.Pdf);
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        var occurrences = await app.OccurrencesAsync(obligationA.Id);
        Assert.Equal(2, occurrences.Count);
        Assert.True(occurrences[0].Status == OccurrenceStatus.Met && occurrences[0].ClosedByVendor && occurrences[0].ClosedByUserId == w.ContactA.Id);
        Assert.Equal(today.AddDays(10).AddMonths(3).Month, occurrences[1].DueOn.Month);
        var file = await app.InDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(
            db.Set<ContractFile>(), f => f.OccurrenceId == firstA.Id), w.Tenant.Id);
        Assert.True(file.UploadedByVendor);
        // The next occurrence is already listed for the vendor; the met one is not.
        page = await contactA.GetDocumentAsync($"{w.Base}/portal/obligations");
        Assert.Equal([occurrences[1].Id.ToString()], page.QuerySelectorAll("[data-occurrence-id]").Select(e => e.GetAttribute("data-occurrence-id")));
        // Contact B sees only B's.
        var contactB = await app.SignedInAsync(w.ContactB);
        var pageB = await contactB.GetDocumentAsync($"{w.Base}/portal/obligations");
        Assert.Equal([firstB.Id.ToString()], pageB.QuerySelectorAll("[data-occurrence-id]").Select(e => e.GetAttribute("data-occurrence-id")));
    }
}
