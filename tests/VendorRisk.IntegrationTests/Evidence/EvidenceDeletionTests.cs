using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using VendorRisk.Application.Evidence;
using VendorRisk.Domain.Assessments;
using VendorRisk.Domain.Evidence;
using VendorRisk.Infrastructure.Files;
using VendorRisk.IntegrationTests.Contracts;
using VendorRisk.IntegrationTests.Infrastructure;
using VendorRisk.IntegrationTests.Reviews;
using VendorRisk.Testing;
using static VendorRisk.IntegrationTests.Portal.PortalTestKit;

namespace VendorRisk.IntegrationTests.Evidence;

/// <summary>
/// Deleting evidence deletes its stored file (issue 17's acceptance, ADR-039), on the local-disk store: the vendor contact removes a document
/// from a question it may still answer (not after submission, not once accepted); a tenant admin deletes a document of the vendor record or of
/// a withdrawn assessment, not one a review or decision relies on; the sweep job deletes a file only when no row names it any more.
/// </summary>
public sealed class EvidenceDeletionTests(VendorRiskApp app) : IClassFixture<VendorRiskApp>
{
    private static readonly byte[] Pdf = "%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"u8.ToArray();

    private string Stored(string storageKey) => Path.Combine(app.DataFolder, "evidence", storageKey);

    private Task<int> CountAsync<T>(Func<IQueryable<T>, Task<int>> count) where T : class =>
        app.InDbAsync(db => count(db.Set<T>().IgnoreQueryFilters()));

    [Fact]
    public async Task A_vendor_contact_removes_a_document_while_answering_and_its_file_is_deleted_but_not_after_submission_or_acceptance()
    {
        var world = await CreateWorldAsync(app);
        var vendor = await SignedInAsync(app, world.ContactA);
        var page = await vendor.GetDocumentAsync(world.UrlA);
        AssertStatus(HttpStatusCode.Redirect, await UploadAsync(vendor, Token(page), world.UrlA, "policy", "policy.pdf", Pdf), "upload");
        var link = await app.InDbAsync(db => db.EvidenceFiles.IgnoreQueryFilters().AsNoTracking().SingleAsync(f => f.AssessmentId == world.AssessmentA));
        Assert.True(File.Exists(Stored(link.StorageKey)));
        Assert.Contains(link.Id.ToString(), Assert.Single(await AnswersAsync(app, world.AssessmentA), a => a.ItemId == "policy").ValueJson, StringComparison.Ordinal);

        page = await vendor.GetDocumentAsync(world.UrlA);
        var button = page.QuerySelector($"#item-policy [data-testid=remove-evidence][value='{link.Id}']");
        Assert.NotNull(button);
        Assert.Equal("remove-evidence", button!.GetAttribute("form"));
        var removed = await PostFormAsync(vendor, Token(page), world.UrlA + "?handler=RemoveEvidence", new Dictionary<string, string> { ["linkId"] = link.Id.ToString() });

        AssertStatus(HttpStatusCode.Redirect, removed, "remove");
        Assert.False(File.Exists(Stored(link.StorageKey)), "the stored file is deleted");
        Assert.Equal(0, await CountAsync<EvidenceFile>(q => q.CountAsync(f => f.Id == link.Id)));
        Assert.Equal(0, await CountAsync<EvidenceRecord>(q => q.CountAsync(r => r.Id == link.RecordId)));
        Assert.Null(Assert.Single(await AnswersAsync(app, world.AssessmentA), a => a.ItemId == "policy").ValueJson);
        Assert.Equal(1, await CountAsync<VendorRisk.Domain.Audit.AuditEvent>(q => q.CountAsync(e => e.Action == EvidenceAuditActions.Removed && e.EntityId == link.Id.ToString())));
        Assert.Equal("Removed policy.pdf.", (await vendor.GetDocumentAsync(world.UrlA)).QuerySelector(".alert-success[role=status]")?.TextContent.Trim());

        // Accepted by a reviewer: it stays, with the reason beside it.
        page = await vendor.GetDocumentAsync(world.UrlA);
        AssertStatus(HttpStatusCode.Redirect, await UploadAsync(vendor, Token(page), world.UrlA, "policy", "policy-2.pdf", Pdf), "second upload");
        var second = await app.InDbAsync(db => db.EvidenceFiles.IgnoreQueryFilters().AsNoTracking().SingleAsync(f => f.AssessmentId == world.AssessmentA));
        await app.InDbAsync(async db =>
        {
            (await db.EvidenceRecords.SingleAsync(r => r.Id == second.RecordId)).Accept(world.Admin.Id, false, app.Scenario.Now);
            return await db.SaveChangesAsync();
        }, world.Tenant.Id);
        page = await vendor.GetDocumentAsync(world.UrlA);
        Assert.Null(page.QuerySelector($"[data-testid=remove-evidence][value='{second.Id}']"));
        var refused = await PostFormAsync(vendor, Token(page), world.UrlA + "?handler=RemoveEvidence", new Dictionary<string, string> { ["linkId"] = second.Id.ToString() });
        AssertStatus(HttpStatusCode.BadRequest, refused, "removing an accepted document");
        Assert.Contains("The reviewers accepted \"policy-2.pdf\"", (await Forms.ParseAsync(refused)).QuerySelector("#item-policy [data-testid=remove-error]")!.TextContent, StringComparison.Ordinal);
        Assert.True(File.Exists(Stored(second.StorageKey)));

        // Submitted: the questionnaire is locked, nothing is removed.
        page = await vendor.GetDocumentAsync(world.UrlA);
        AssertStatus(HttpStatusCode.Redirect, await UploadAsync(vendor, Token(page), world.UrlA, "staff", "chart.pdf", Pdf), "upload for staff");
        var third = await app.InDbAsync(db => db.EvidenceFiles.IgnoreQueryFilters().AsNoTracking().SingleAsync(f => f.AssessmentId == world.AssessmentA && f.ItemId == "staff"));
        await app.InDbAsync(async db =>
        {
            (await db.Assessments.SingleAsync(a => a.Id == world.AssessmentA)).Submit(null, app.Scenario.Now);
            return await db.SaveChangesAsync();
        }, world.Tenant.Id);
        var late = await PostFormAsync(vendor, Token(page), world.UrlA + "?handler=RemoveEvidence", new Dictionary<string, string> { ["linkId"] = third.Id.ToString() });
        Assert.True(late.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Conflict, $"removing after submission answered {(int)late.StatusCode}");
        Assert.Equal(1, await CountAsync<EvidenceFile>(q => q.CountAsync(f => f.Id == third.Id)));
        Assert.True(File.Exists(Stored(third.StorageKey)));

        // Another vendor's contact does not find the link.
        var other = await SignedInAsync(app, world.ContactB);
        var foreign = await PostFormAsync(other, Token(await other.GetDocumentAsync(world.UrlB)), world.UrlB + "?handler=RemoveEvidence",
            new Dictionary<string, string> { ["linkId"] = third.Id.ToString() });
        AssertStatus(HttpStatusCode.NotFound, foreign, "another vendor's document");
    }

    [Fact]
    public async Task A_tenant_admin_deletes_a_vendor_record_document_and_a_withdrawn_assessments_evidence_with_their_files_but_not_what_a_review_relies_on()
    {
        var scene = await ReviewTestKit.SceneAsync(app);
        var today = app.Scenario.Today;
        var url = $"/t/{scene.Tenant.Slug}/vendors/details/{scene.VendorId}";
        var manager = app.CreateBrowserClient();
        await manager.SignInAsync(scene.Requester.Email!);
        var fields = new Dictionary<string, string> { ["NewDocument.Kind"] = "policy", ["NewDocument.DocumentDate"] = today.AddDays(-10).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) };
        AssertStatus(HttpStatusCode.Redirect, await manager.UploadAsync(url, url + "?handler=Upload", "Access policy.pdf", Pdf, fields), "vendor-record upload");
        var document = await app.InDbAsync(db => db.EvidenceRecords.AsNoTracking().SingleAsync(r => r.VendorId == scene.VendorId), scene.Tenant.Id);
        Assert.True(File.Exists(Stored(document.StorageKey)));

        // Only a tenant admin sees the button; anyone else is refused.
        Assert.Null((await manager.GetDocumentAsync(url)).QuerySelector("[data-testid=delete-evidence]"));
        var deleteUrl = $"/t/{scene.Tenant.Slug}/evidence/review/{document.Id}?handler=Delete";
        AssertStatus(HttpStatusCode.Forbidden, await PostFormAsync(manager, Token(await manager.GetDocumentAsync(url)), deleteUrl,
            new Dictionary<string, string> { ["returnUrl"] = url }), "a vendor manager deleting");
        var admin = app.CreateBrowserClient();
        await admin.SignInAsync(scene.Admin.Email!);
        var page = await admin.GetDocumentAsync(url);
        Assert.NotNull(page.QuerySelector($"[data-evidence-record='{document.Id}'] [data-testid=delete-evidence]"));

        var deleted = await PostFormAsync(admin, Token(page), deleteUrl, new Dictionary<string, string> { ["returnUrl"] = url });

        AssertStatus(HttpStatusCode.Redirect, deleted, "the admin's delete");
        Assert.False(File.Exists(Stored(document.StorageKey)), "the stored file is deleted");
        Assert.Equal(0, await CountAsync<EvidenceRecord>(q => q.CountAsync(r => r.Id == document.Id)));
        var audit = await app.InDbAsync(db => db.AuditEvents.SingleAsync(e => e.Action == EvidenceAuditActions.Deleted && e.EntityId == document.Id.ToString()), scene.Tenant.Id);
        Assert.Equal(scene.Admin.Id, audit.ActorUserId);
        Assert.Contains(document.Sha256, audit.DetailsJson, StringComparison.Ordinal);
        Assert.Null((await admin.GetDocumentAsync(url)).QuerySelector($"[data-evidence-record='{document.Id}']"));

        // Evidence of an assessment in review is what the review rests on: no button, and refused with the reason.
        var template = await app.InDbAsync(db => db.QuestionnaireTemplates.AsNoTracking().SingleAsync(t => t.Id == scene.TemplateId), scene.Tenant.Id);
        var assessment = await app.Scenario.AssessmentAsync(scene.Tenant.Id, new AssessmentPlan(scene.VendorId, template, scene.Requester.Id)
        {
            Title = "Withdrawn review",
            Answers = new Dictionary<string, string> { ["mfa"] = """{"kind":"boolean","value":true}""" },
            Evidence = [new EvidencePlan("mfa", "mfa.pdf", "application/pdf", Pdf.Length) { Kind = EvidenceKind.Policy, DocumentDate = today.AddDays(-5) }],
            Submitted = true,
            InReview = true,
        });
        var held = await app.InDbAsync(db => db.EvidenceFiles.AsNoTracking().SingleAsync(f => f.AssessmentId == assessment.Id), scene.Tenant.Id);
        await app.InScopeAsync(sp => sp.GetRequiredService<IEvidenceStorage>().SaveAsync(held.StorageKey, new MemoryStream(Pdf), CancellationToken.None));
        page = await admin.GetDocumentAsync(url);
        Assert.Null(page.QuerySelector($"[data-evidence-record='{held.RecordId}'] [data-testid=delete-evidence]"));
        var refused = await PostFormAsync(admin, Token(page), $"/t/{scene.Tenant.Slug}/evidence/review/{held.RecordId}?handler=Delete",
            new Dictionary<string, string> { ["returnUrl"] = url });
        AssertStatus(HttpStatusCode.Conflict, refused, "deleting evidence under review");
        Assert.Contains("\"mfa.pdf\" backs the assessment \"Withdrawn review\" (in review): its review rests on it.", (await Forms.ParseAsync(refused)).Body!.TextContent, StringComparison.Ordinal);
        Assert.True(File.Exists(Stored(held.StorageKey)));

        // Withdrawn, nothing relies on it any more: deleted with its link and its file.
        await app.InDbAsync(async db => { (await db.Assessments.SingleAsync(a => a.Id == assessment.Id)).Cancel(app.Scenario.Now); return await db.SaveChangesAsync(); }, scene.Tenant.Id);
        page = await admin.GetDocumentAsync(url);
        Assert.NotNull(page.QuerySelector($"[data-evidence-record='{held.RecordId}'] [data-testid=delete-evidence]"));
        AssertStatus(HttpStatusCode.Redirect, await PostFormAsync(admin, Token(page), $"/t/{scene.Tenant.Slug}/evidence/review/{held.RecordId}?handler=Delete",
            new Dictionary<string, string> { ["returnUrl"] = url }), "deleting a withdrawn assessment's evidence");
        Assert.False(File.Exists(Stored(held.StorageKey)));
        Assert.Equal(0, await CountAsync<EvidenceFile>(q => q.CountAsync(f => f.AssessmentId == assessment.Id)));
        Assert.Equal(0, await CountAsync<EvidenceRecord>(q => q.CountAsync(r => r.Id == held.RecordId)));
    }

    [Fact]
    public async Task The_sweep_job_deletes_a_stored_file_only_once_no_row_names_it()
    {
        var scene = await ReviewTestKit.SceneAsync(app);
        var template = await app.InDbAsync(db => db.QuestionnaireTemplates.AsNoTracking().SingleAsync(t => t.Id == scene.TemplateId), scene.Tenant.Id);
        var assessment = await app.Scenario.AssessmentAsync(scene.Tenant.Id, new AssessmentPlan(scene.VendorId, template, scene.Requester.Id)
        {
            Evidence = [new EvidencePlan("mfa", "mfa.pdf", "application/pdf", Pdf.Length) { Kind = EvidenceKind.Policy, DocumentDate = app.Scenario.Today.AddDays(-5) }],
        });
        var link = await app.InDbAsync(db => db.EvidenceFiles.AsNoTracking().SingleAsync(f => f.AssessmentId == assessment.Id), scene.Tenant.Id);
        var orphan = "orphan" + Guid.NewGuid().ToString("N");
        await app.InScopeAsync(async sp =>
        {
            var storage = sp.GetRequiredService<IEvidenceStorage>();
            await storage.SaveAsync(link.StorageKey, new MemoryStream(Pdf), CancellationToken.None);
            await storage.SaveAsync(orphan, new MemoryStream(Pdf), CancellationToken.None);
        });

        // A deletion whose transaction did not commit: the row still names the key, the file stays.
        await app.InScopeAsync(sp => sp.GetRequiredService<EvidenceFileSweepJob>().RunAsync(scene.Tenant.Id, link.StorageKey, CancellationToken.None));
        Assert.True(File.Exists(Stored(link.StorageKey)));

        // A deletion that committed but whose immediate delete failed: nothing names the key, the job deletes the file (and again, harmlessly).
        await app.InScopeAsync(sp => sp.GetRequiredService<EvidenceFileSweepJob>().RunAsync(scene.Tenant.Id, orphan, CancellationToken.None));
        await app.InScopeAsync(sp => sp.GetRequiredService<EvidenceFileSweepJob>().RunAsync(scene.Tenant.Id, orphan, CancellationToken.None));
        Assert.False(File.Exists(Stored(orphan)));
    }
}
