using System.Diagnostics;
using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using VendorRisk.Application.Assessments;
using VendorRisk.Application.Conditions;
using VendorRisk.Domain.Assessments;
using VendorRisk.Domain.Evidence;
using VendorRisk.Domain.Questionnaires;
using VendorRisk.Domain.Reviews;
using VendorRisk.Domain.Tenancy;
using VendorRisk.Infrastructure.Audit;
using VendorRisk.Infrastructure.Persistence;
using VendorRisk.IntegrationTests.Contracts;
using VendorRisk.IntegrationTests.Infrastructure;
using VendorRisk.IntegrationTests.Reviews;
using VendorRisk.Testing;
using static VendorRisk.IntegrationTests.Portal.PortalTestKit;

namespace VendorRisk.IntegrationTests.Evidence;

/// <summary>
/// The rest of issue 14 on evidence (ADR-025, ADR-027): documents the organisation uploads on the vendor record are evidence records with a
/// file (checked, downloadable with an audit event, reviewed like the vendor's own, another tenant's not found); a condition's closure can carry a
/// file the verifiers download, and they are mailed; the verdicts of many assessments are read in a fixed number of queries. (A carried-over
/// "not applicable" keeping its reason but not its acceptance is in AssuranceTests.)
/// </summary>
public sealed class VendorRecordEvidenceTests(VendorRiskApp app) : IClassFixture<VendorRiskApp>
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly byte[] Pdf = "%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"u8.ToArray();

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private Task<T> AsAsync<T>(Tenant tenant, VendorRisk.Infrastructure.Identity.AppUser user, Func<IServiceProvider, Task<T>> work) =>
        Gates.DecisionGateTests.AsAsync(app, tenant, user, work);

    [Fact]
    public async Task A_document_uploaded_on_the_vendor_record_is_an_evidence_record_with_its_file_downloaded_audited_and_reviewed()
    {
        var scene = await ReviewTestKit.SceneAsync(app);
        var today = app.Scenario.Today;
        var manager = app.CreateBrowserClient();
        await manager.SignInAsync(scene.Requester.Email!);
        var url = $"/t/{scene.Tenant.Slug}/vendors/details/{scene.VendorId}";
        var fields = new Dictionary<string, string>
        {
            ["NewDocument.Kind"] = "iso27001-certificate", ["NewDocument.DocumentDate"] = Day(today.AddMonths(-3)),
            ["NewDocument.ValidUntil"] = Day(today.AddYears(2)), ["NewDocument.Issuer"] = "BSI Group", ["NewDocument.Scope"] = "Hosted platform",
        };

        // Bad input: a program renamed .pdf, a date in the future, no kind. Messages beside each field; nothing stored.
        var renamed = await manager.UploadAsync(url, url + "?handler=Upload", "certificate.pdf", "MZ\u0090\0\u0003"u8.ToArray(), fields);
        Assert.Equal(HttpStatusCode.BadRequest, renamed.StatusCode);
        var refused = await Forms.ParseAsync(renamed);
        Assert.Equal("An executable renamed .pdf is not a PDF.", refused.QuerySelector("[data-testid=document-file-error]")!.TextContent.Trim());
        var badDetails = new Dictionary<string, string>(fields) { ["NewDocument.Kind"] = "", ["NewDocument.DocumentDate"] = Day(today.AddDays(3)) };
        var future = await Forms.ParseAsync(await manager.UploadAsync(url, url + "?handler=Upload", "certificate.pdf", Pdf, badDetails));
        Assert.Equal("The document date cannot be in the future.", future.QuerySelector("[data-testid=document-date-error]")!.TextContent.Trim());
        Assert.Contains("Choose what kind of document this is.", future.Body!.TextContent, StringComparison.Ordinal);
        Assert.Equal(0, await app.InDbAsync(db => db.EvidenceRecords.CountAsync(r => r.VendorId == scene.VendorId), scene.Tenant.Id));

        var stored = await manager.UploadAsync(url, url + "?handler=Upload", "ISO 27001 certificate.pdf", Pdf, fields);
        Assert.Equal(HttpStatusCode.Redirect, stored.StatusCode);
        var record = await app.InDbAsync(db => db.EvidenceRecords.SingleAsync(r => r.VendorId == scene.VendorId), scene.Tenant.Id);
        Assert.Equal((EvidenceKind.Iso27001Certificate, "ISO 27001 certificate.pdf", today.AddMonths(-3), (DateOnly?)today.AddYears(2), "BSI Group", false,
                EvidenceReview.Pending, scene.Requester.Id),
            (record.Kind, record.FileName, record.DocumentDate, record.ValidUntil, record.Issuer, record.ByVendor, record.Review, record.UploadedByUserId));
        Assert.Equal(1, await app.InDbAsync(db => db.AuditEvents.CountAsync(e => e.Action == "vendor.document-added" && e.EntityId == record.Id.ToString()),
            scene.Tenant.Id));

        // The vendor page lists it with its download link; the download is the file, as an attachment, audited.
        var page = await manager.GetDocumentAsync(url);
        var entry = page.QuerySelector($"[data-testid=vendor-documents] [data-evidence-record='{record.Id}']")!;
        Assert.Contains("added by the organisation", entry.TextContent, StringComparison.Ordinal);
        Assert.Contains("Issued by BSI Group", entry.TextContent, StringComparison.Ordinal);
        var link = entry.QuerySelector("a")!.GetAttribute("href")!;
        Assert.Equal($"/t/{scene.Tenant.Slug}/evidence/download/{record.Id}", link);
        var download = await manager.GetAsync(link);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(Pdf, await download.Content.ReadAsByteArrayAsync());
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal(1, await app.InDbAsync(db => db.AuditEvents.CountAsync(e => e.Action == AuditActions.EvidenceDownloaded && e.EntityId == record.Id.ToString()),
            scene.Tenant.Id));

        // Another tenant's member does not find it, neither the file nor the review.
        var stranger = await ReviewTestKit.SceneAsync(app);
        var other = app.CreateBrowserClient();
        await other.SignInAsync(stranger.Admin.Email!);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/t/{stranger.Tenant.Slug}/evidence/download/{record.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/t/{stranger.Tenant.Slug}/evidence/review/{record.Id}")).StatusCode);

        // A reviewer rejects it without a reason (refused beside the field), then accepts it from the vendor page as checked with the issuer.
        var reviewer = app.CreateBrowserClient();
        await reviewer.SignInAsync(scene.Reviewer.Email!);
        var reviewPage = await reviewer.GetDocumentAsync(url);
        Assert.NotNull(reviewPage.QuerySelector($"[data-evidence-record='{record.Id}'] form[action$='handler=Reject']"));
        var noReason = await PostFormAsync(reviewer, Token(reviewPage), $"/t/{scene.Tenant.Slug}/evidence/review/{record.Id}?handler=Reject",
            new Dictionary<string, string> { ["returnUrl"] = url, ["reason"] = " " });
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Contains("Give the reason", (await Forms.ParseAsync(noReason)).QuerySelector("[data-testid=reason-error]")!.TextContent, StringComparison.Ordinal);
        var accepted = await PostFormAsync(reviewer, Token(reviewPage), $"/t/{scene.Tenant.Slug}/evidence/review/{record.Id}?handler=Accept",
            new Dictionary<string, string> { ["returnUrl"] = url, ["issuerChecked"] = "true" });
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        Assert.StartsWith(url, accepted.Headers.Location!.OriginalString, StringComparison.Ordinal);
        var reviewed = await app.InDbAsync(db => db.EvidenceRecords.AsNoTracking().SingleAsync(r => r.Id == record.Id), scene.Tenant.Id);
        Assert.Equal((EvidenceReview.Accepted, true, (Guid?)scene.Reviewer.Id), (reviewed.Review, reviewed.IssuerChecked, reviewed.ReviewedByUserId));

        // Only those who manage vendors upload: a reviewer is refused.
        var forbidden = await reviewer.UploadAsync(url, url + "?handler=Upload", "other.pdf", Pdf, fields);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
    }

    [Fact]
    public async Task A_closure_with_a_file_is_stored_as_evidence_the_verifier_downloads_and_every_verifier_is_mailed()
    {
        var scene = await ReviewTestKit.SceneAsync(app);
        await ReviewTestKit.SubmittedAssessmentAsync(app, scene);
        var contact = await app.CreateMemberAsync(scene.Tenant, TenantRoles.VendorContact, $"contact-{Guid.NewGuid():N}@vendor.test", scene.VendorId);
        var condition = await app.InDbAsync(async db =>
        {
            var assessmentId = await db.Assessments.Where(a => a.VendorId == scene.VendorId).Select(a => a.Id).FirstAsync();
            var c = DecisionCondition.Create(assessmentId, scene.VendorId, "Publish the model card", ConditionOwnerKind.Vendor, null,
                app.Scenario.Today.AddDays(30), scene.Committee[0].Id, app.Clock.GetUtcNow());
            db.DecisionConditions.Add(c);
            await db.SaveChangesAsync();
            return c;
        }, scene.Tenant.Id);

        var client = app.CreateBrowserClient();
        await client.SignInAsync(contact.Email!);
        var url = $"/t/{scene.Tenant.Slug}/portal/conditions";
        var fields = new Dictionary<string, string>
        {
            ["Input.ConditionId"] = condition.Id.ToString(), ["Input.Version"] = condition.Version.ToString(CultureInfo.InvariantCulture),
            ["Input.Evidence"] = "The model card is published; the PDF is attached.",
        };
        // A file that is not what its name says is refused beside the file field; nothing moves, nothing is mailed.
        var bad = await Forms.ParseAsync(await client.UploadAsync(url, url, "model-card.pdf", "not a pdf"u8.ToArray(), fields));
        Assert.Equal("This file renamed .pdf is not a PDF.", bad.FieldError("Input.File"));
        Assert.Equal(ConditionStatus.Open, (await app.InDbAsync(db => db.DecisionConditions.AsNoTracking().SingleAsync(c => c.Id == condition.Id), scene.Tenant.Id)).Status);
        Assert.Equal(0, await app.InDbAsync(db => db.OutboxMessages.CountAsync(m => m.Kind == ConditionMails.KindClosureSubmitted), scene.Tenant.Id));

        Assert.Equal(HttpStatusCode.Redirect, (await client.UploadAsync(url, url, "model-card.pdf", Pdf, fields)).StatusCode);
        var submitted = await app.InDbAsync(db => db.DecisionConditions.AsNoTracking().SingleAsync(c => c.Id == condition.Id), scene.Tenant.Id);
        Assert.Equal(ConditionStatus.ClosureSubmitted, submitted.Status);
        var record = await app.InDbAsync(db => db.EvidenceRecords.AsNoTracking().SingleAsync(r => r.Id == submitted.ClosureEvidenceRecordId), scene.Tenant.Id);
        Assert.Equal(("model-card.pdf", scene.VendorId, true), (record.FileName, record.VendorId, record.ByVendor));

        // Every verifier (the tenant admin and each committee member), and nobody else, gets one mail linking to the condition.
        var mails = await app.InDbAsync(db => db.OutboxMessages.Where(m => m.Kind == ConditionMails.KindClosureSubmitted)
            .ToListAsync(), scene.Tenant.Id);
        Assert.Equal(new[] { scene.Admin.Email }.Concat(scene.Committee.Select(c => c.Email)).Order(), mails.Select(m => m.ToAddress).Order());
        Assert.All(mails, m => Assert.Contains($"/t/{scene.Tenant.Slug}/conditions/details/{condition.Id}", app.BodyOf(m).Html, StringComparison.Ordinal));
        Assert.All(mails, m => Assert.Contains("model-card.pdf", app.BodyOf(m).Html, StringComparison.Ordinal));

        // The verifier sees the file on the condition's page and downloads it.
        var verifier = app.CreateBrowserClient();
        await verifier.SignInAsync(scene.Committee[1].Email!);
        var page = await verifier.GetDocumentAsync($"/t/{scene.Tenant.Slug}/conditions/details/{condition.Id}");
        var link = page.QuerySelector("[data-testid=closure-file] a")!;
        Assert.Equal("model-card.pdf", link.TextContent.Trim());
        var download = await verifier.GetAsync(link.GetAttribute("href")!);
        Assert.Equal(Pdf, await download.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task The_verdicts_of_many_assessments_are_read_in_a_fixed_number_of_queries_and_equal_each_ones_own()
    {
        var scene = await ReviewTestKit.SceneAsync(app);
        var ids = new List<Guid>();
        for (var i = 0; i < 6; i++) ids.Add(await ReviewTestKit.SubmittedAssessmentAsync(app, scene));
        Task<int> CountAsync(IReadOnlyCollection<Guid> some) => app.InScopeAsync(async sp =>
        {
            Assert.True(await sp.GetRequiredService<Application.Tenancy.TenantDoor>().EnterAsMemberAsync(scene.Tenant.Slug, scene.Admin.Id, None));
            var db = sp.GetRequiredService<AppDbContext>();
            // Warm the compiled-questionnaire cache so the counts compare like with like.
            await AssessmentVerdicts.LoadManyAsync(db, some, None);
            using var counter = new CommandCounter(db);
            var many = await AssessmentVerdicts.LoadManyAsync(db, some, None);
            var queries = counter.Count;
            foreach (var id in some)
            {
                var one = await AssessmentVerdicts.LoadAsync(db, await db.Assessments.AsNoTracking().SingleAsync(a => a.Id == id));
                Assert.Equal(one, many[id], VerdictComparer.Instance);
            }
            return queries;
        });

        var forTwo = await CountAsync([.. ids.Take(2)]);
        var forSix = await CountAsync(ids);
        Assert.Equal(forTwo, forSix);
        Assert.True(forSix <= 5, $"{forSix} queries");
    }

    /// <summary>Counts the commands one context sends (EF Core's diagnostic events, filtered to that context).</summary>
    private sealed class CommandCounter : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
    {
        private readonly DbContext _context;
        private readonly List<IDisposable> _subscriptions = [];
        private int _count;

        public CommandCounter(DbContext context)
        {
            _context = context;
            _subscriptions.Add(DiagnosticListener.AllListeners.Subscribe(this));
        }

        public int Count => Volatile.Read(ref _count);

        public void OnNext(DiagnosticListener value)
        {
            if (value.Name == DbLoggerCategory.Name) _subscriptions.Add(value.Subscribe(this));
        }

        public void OnNext(KeyValuePair<string, object?> value)
        {
            if (value.Key == RelationalEventId.CommandExecuting.Name && value.Value is CommandEventData data && ReferenceEquals(data.Context, _context))
                Interlocked.Increment(ref _count);
        }

        public void OnCompleted() { }

        public void OnError(Exception error) { }

        public void Dispose()
        {
            foreach (var s in _subscriptions) s.Dispose();
        }
    }

    private sealed class VerdictComparer : IEqualityComparer<AssuranceVerdict?>
    {
        public static readonly VerdictComparer Instance = new();

        public bool Equals(AssuranceVerdict? x, AssuranceVerdict? y) =>
            x is not null && y is not null && x with { Caps = [] } == y with { Caps = [] } && x.Caps.SequenceEqual(y.Caps);

        public int GetHashCode(AssuranceVerdict? obj) => 0;
    }
}
