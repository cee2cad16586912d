using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using VendorRisk.Application.Assessments;
using VendorRisk.Application.Common;
using VendorRisk.Application.Evidence;
using VendorRisk.Application.Portal;
using VendorRisk.Application.Tenancy;
using VendorRisk.Domain.Assessments;
using VendorRisk.Domain.Evidence;
using VendorRisk.Domain.Questionnaires.Library;
using VendorRisk.Domain.Tenancy;
using VendorRisk.Domain.Vendors;
using VendorRisk.Infrastructure.Identity;
using VendorRisk.IntegrationTests.Infrastructure;
using VendorRisk.Testing;
using static VendorRisk.IntegrationTests.Portal.PortalTestKit;

namespace VendorRisk.IntegrationTests.Evidence;

/// <summary>
/// Evidence as a record of the vendor (ADR-025): reviewers accept or reject it (a rejection needs a reason and reopens the questions it backs),
/// validity runs from the document's own dates, still-valid evidence is carried over to a reassessment, nobody reaches another vendor's or
/// tenant's evidence, and <see cref="AnswerAssurance"/> reads the truth from the records.
/// </summary>
public sealed class EvidenceRecordTests(VendorRiskApp app) : IClassFixture<VendorRiskApp>
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly string[] PentestOnly = ["pentest"];
    private static readonly string[] PolicyOnly = ["policy"];
    private static readonly byte[] Pdf = "%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"u8.ToArray();

    private const string Definition = """
        {
          "id": "evidence-basics",
          "version": "1.0.0",
          "title": "Evidence basics",
          "sections": [
            {
              "id": "sec",
              "title": "Security",
              "items": [
                { "id": "pentest", "type": "boolean", "text": "Was the service penetration-tested in the last year?", "required": true,
                  "choices": [ { "value": "true", "label": "Yes", "score": 100 }, { "value": "false", "label": "No", "score": 0 } ],
                  "evidence": { "required": true, "validityDays": 365, "kinds": [ "pen-test-report" ], "prompt": "The latest pen-test report." } },
                { "id": "audit", "type": "boolean", "text": "Is the service audited independently?", "required": true,
                  "choices": [ { "value": "true", "label": "Yes", "score": 100 }, { "value": "false", "label": "No", "score": 0 } ],
                  "evidence": { "kinds": [ "soc2-type2", "iso27001-certificate" ] } },
                { "id": "policy", "type": "boolean", "text": "Is there an access control policy?",
                  "choices": [ { "value": "true", "label": "Yes", "score": 100 }, { "value": "false", "label": "No", "score": 0 } ],
                  "evidence": { "kinds": [ "policy" ] } }
              ]
            }
          ]
        }
        """;

    private sealed record World(Tenant Tenant, Vendor Vendor, Vendor OtherVendor, QuestionnaireTemplate Template, AppUser Admin, AppUser Reviewer,
        AppUser Contact, AppUser OtherContact)
    {
        public string PortalUrl(Guid assessmentId) => $"/t/{Tenant.Slug}/portal/assessments/{assessmentId}";
    }

    private async Task<World> WorldAsync()
    {
        var tenant = await app.CreateTenantAsync();
        var admin = await app.CreateMemberAsync(tenant, TenantRoles.TenantAdmin);
        var reviewer = await app.CreateMemberAsync(tenant, TenantRoles.Reviewer);
        var vendor = await app.Scenario.VendorAsync(tenant.Id, "Gamma AI " + Guid.NewGuid().ToString("N")[..6]);
        var other = await app.Scenario.VendorAsync(tenant.Id, "Delta AI " + Guid.NewGuid().ToString("N")[..6]);
        var contact = await app.CreateMemberAsync(tenant, TenantRoles.VendorContact, vendorId: vendor.Id);
        var otherContact = await app.CreateMemberAsync(tenant, TenantRoles.VendorContact, vendorId: other.Id);
        var template = await app.Scenario.PublishedQuestionnaireAsync(tenant.Id, Definition, admin.Id);
        return new World(tenant, vendor, other, template, admin, reviewer, contact, otherContact);
    }

    private async Task<Guid> IssueAsync(World w, Vendor vendor, AppUser contact, bool submitted = false, bool inReview = false,
        IReadOnlyList<EvidencePlan>? evidence = null, Guid? previous = null) =>
        (await app.Scenario.AssessmentAsync(w.Tenant.Id, new AssessmentPlan(vendor.Id, w.Template, w.Admin.Id)
        {
            Title = "Evidence review " + Guid.NewGuid().ToString("N")[..4],
            DueOn = app.Scenario.Today.AddDays(20),
            Contacts = [(contact.Email!, contact.Id)],
            Answers = new Dictionary<string, string> { ["pentest"] = """{"kind":"boolean","value":true}""" },
            Submitted = submitted,
            InReview = inReview,
            Evidence = evidence ?? [],
            Previous = previous,
        })).Id;

    private Task<T> AsAsync<T>(Tenant tenant, AppUser user, Func<IServiceProvider, Task<T>> work) =>
        app.InScopeAsync(async sp =>
        {
            Assert.True(await sp.GetRequiredService<TenantDoor>().EnterAsMemberAsync(tenant.Slug, user.Id, None));
            return await work(sp);
        });

    private Task<EvidenceRecord> RecordOfAsync(Guid assessmentId, string itemId) =>
        app.InDbAsync(db => db.EvidenceFiles.IgnoreQueryFilters().Where(f => f.AssessmentId == assessmentId && f.ItemId == itemId)
            .Join(db.EvidenceRecords.IgnoreQueryFilters(), f => f.RecordId, r => r.Id, (f, r) => r).OrderByDescending(r => r.UploadedAt).FirstAsync());

    private static EvidencePlan PenTest(DateOnly dated, EvidenceReview review = EvidenceReview.Pending) =>
        new("pentest", "pentest.pdf", "application/pdf", 2048) { Kind = EvidenceKind.PenTestReport, DocumentDate = dated, Review = review };

    [Fact]
    public async Task A_reviewer_accepts_a_document_on_the_assessment_page_and_the_acceptance_is_audited()
    {
        var w = await WorldAsync();
        var assessmentId = await IssueAsync(w, w.Vendor, w.Contact, submitted: true, inReview: true, evidence: [PenTest(app.Scenario.Today.AddDays(-30))]);
        var record = await RecordOfAsync(assessmentId, "pentest");
        var client = await SignedInAsync(app, w.Reviewer);
        var detailsUrl = $"/t/{w.Tenant.Slug}/assessments/details/{assessmentId}";
        var page = await client.GetDocumentAsync(detailsUrl);
        var entry = page.QuerySelector($"[data-evidence-record='{record.Id}']")!;
        Assert.Equal("Waiting for review", entry.QuerySelector("[data-testid=evidence-review-status]")!.TextContent.Trim());
        Assert.StartsWith($"/t/{w.Tenant.Slug}/assessments/evidence/", entry.QuerySelector("a")!.GetAttribute("href"), StringComparison.Ordinal);

        var response = await PostFormAsync(client, Token(page), $"/t/{w.Tenant.Slug}/evidence/review/{record.Id}?handler=Accept",
            new Dictionary<string, string> { ["returnUrl"] = detailsUrl });

        AssertStatus(HttpStatusCode.Redirect, response, "accept");
        Assert.Equal(detailsUrl + "#evidence-review", response.Headers.Location!.OriginalString);
        var accepted = await RecordOfAsync(assessmentId, "pentest");
        Assert.Equal((EvidenceReview.Accepted, w.Reviewer.Id), (accepted.Review, accepted.ReviewedByUserId));
        Assert.True(await app.InDbAsync(db => db.AuditEvents.IgnoreQueryFilters().AnyAsync(e => e.Action == EvidenceAuditActions.Accepted
            && e.EntityId == record.Id.ToString() && e.ActorUserId == w.Reviewer.Id)));
        var after = await client.GetDocumentAsync(detailsUrl);
        Assert.Equal("Accepted", after.QuerySelector($"[data-evidence-record='{record.Id}'] [data-testid=evidence-review-status]")!.TextContent.Trim());
    }

    [Fact]
    public async Task Rejecting_with_a_reason_reopens_the_linked_question_and_the_vendor_reads_the_reason_and_replaces_the_file()
    {
        var w = await WorldAsync();
        var assessmentId = await IssueAsync(w, w.Vendor, w.Contact, submitted: true, inReview: true, evidence: [PenTest(app.Scenario.Today.AddDays(-30))]);
        var record = await RecordOfAsync(assessmentId, "pentest");
        const string reason = "This is a vulnerability scan, not a penetration test report.";

        var rejected = await AsAsync(w.Tenant, w.Reviewer, sp => sp.GetRequiredService<EvidenceOperations>().RejectAsync(record.Id, reason, None));

        Assert.True(rejected.Succeeded, rejected.Message);
        Assert.Equal(1, rejected.Value!.ReopenedQuestions);
        var assessment = await AssessmentAsync(app, assessmentId);
        Assert.Equal(AssessmentStatus.ClarificationRequested, assessment.Status);
        Assert.Equal(PentestOnly, assessment.ReopenedItemIds);
        var stored = await RecordOfAsync(assessmentId, "pentest");
        Assert.Equal((EvidenceReview.Rejected, reason), (stored.Review, stored.RejectionReason));
        Assert.True(await app.InDbAsync(db => db.AuditEvents.IgnoreQueryFilters().AnyAsync(e => e.Action == EvidenceAuditActions.Rejected
            && e.EntityId == record.Id.ToString())));

        // The vendor sees the reason beside the file and replaces it.
        var vendor = await SignedInAsync(app, w.Contact);
        var url = w.PortalUrl(assessmentId);
        var page = await vendor.GetDocumentAsync(url);
        Assert.Equal("Reason: " + reason, page.QuerySelector($"[data-evidence-file='{record.Id}'] [data-testid=rejection-reason]")!.TextContent.Trim());
        Assert.Equal(record.Id.ToString(), page.QuerySelector("#ev-replaces-pentest option[selected]")?.GetAttribute("value")
            ?? page.QuerySelector("#ev-replaces-pentest option")!.GetAttribute("value"));
        var replaced = await UploadAsync(vendor, Token(page), url, "pentest", "pentest-2026.pdf", Pdf, evidence: new Dictionary<string, string>
        {
            ["Kind"] = "pen-test-report", ["DocumentDate"] = app.Scenario.Today.AddDays(-10).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), ["Issuer"] = "Example Security Ltd",
            ["Replaces"] = record.Id.ToString(),
        });
        AssertStatus(HttpStatusCode.Redirect, replaced, "replacement upload");
        var replacement = await app.InDbAsync(db => db.EvidenceRecords.IgnoreQueryFilters().SingleAsync(r => r.ReplacesId == record.Id));
        Assert.Equal((EvidenceReview.Pending, record.Id, "Example Security Ltd"), (replacement.Review, replacement.ReplacesId, replacement.Issuer));
        var after = await vendor.GetDocumentAsync(url);
        Assert.Equal("Rejected, replaced", after.QuerySelector($"[data-evidence-file='{record.Id}'] [data-testid=evidence-status]")!.TextContent.Trim());
        Assert.Equal("Waiting for review", after.QuerySelector($"[data-evidence-file='{replacement.Id}'] [data-testid=evidence-status]")!.TextContent.Trim());
    }

    [Fact]
    public async Task A_rejection_without_a_reason_is_refused_with_a_message_beside_the_field_and_changes_nothing()
    {
        var w = await WorldAsync();
        var assessmentId = await IssueAsync(w, w.Vendor, w.Contact, submitted: true, inReview: true, evidence: [PenTest(app.Scenario.Today.AddDays(-30))]);
        var record = await RecordOfAsync(assessmentId, "pentest");
        var client = await SignedInAsync(app, w.Reviewer);
        var detailsUrl = $"/t/{w.Tenant.Slug}/assessments/details/{assessmentId}";
        var token = Token(await client.GetDocumentAsync(detailsUrl));

        var response = await PostFormAsync(client, token, $"/t/{w.Tenant.Slug}/evidence/review/{record.Id}?handler=Reject",
            new Dictionary<string, string> { ["reason"] = "   ", ["returnUrl"] = detailsUrl });

        AssertStatus(HttpStatusCode.BadRequest, response, "reject without a reason");
        var page = await Forms.ParseAsync(response);
        Assert.Contains("Give the reason for rejecting this document", page.QuerySelector("[data-testid=reason-error]")!.TextContent, StringComparison.Ordinal);
        var tooLong = await AsAsync(w.Tenant, w.Reviewer, sp => sp.GetRequiredService<EvidenceOperations>()
            .RejectAsync(record.Id, new string('x', EvidenceRecord.ReasonMaxLength + 1), None));
        Assert.Equal(("Reason", OutcomeStatus.Invalid), (Assert.Single(tooLong.Errors).Field, tooLong.Status));
        Assert.Equal(EvidenceReview.Pending, (await RecordOfAsync(assessmentId, "pentest")).Review);
        Assert.Equal(AssessmentStatus.InReview, (await AssessmentAsync(app, assessmentId)).Status);
    }

    [Fact]
    public async Task An_old_pen_test_uploaded_today_is_expired_by_its_document_date_and_bad_dates_are_refused_beside_their_fields()
    {
        var w = await WorldAsync();
        var assessmentId = await IssueAsync(w, w.Vendor, w.Contact);
        var vendor = await SignedInAsync(app, w.Contact);
        var url = w.PortalUrl(assessmentId);
        var token = Token(await vendor.GetDocumentAsync(url));
        var today = app.Scenario.Today;
        Dictionary<string, string> Details(DateOnly dated, DateOnly? until = null) => new()
        {
            ["Kind"] = "pen-test-report", ["DocumentDate"] = dated.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["ValidUntil"] = until?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "",
        };
        var evidenceBefore = await app.CountAllAsync<EvidenceRecord>();

        var future = await UploadAsync(vendor, token, url, "pentest", "pentest.pdf", Pdf, evidence: Details(today.AddDays(3)));
        AssertStatus(HttpStatusCode.BadRequest, future, "document dated in the future");
        Assert.Equal("The document date cannot be in the future.", (await Forms.ParseAsync(future)).QuerySelector("#ev-DocumentDate-err-pentest")!.TextContent.Trim());
        var backwards = await UploadAsync(vendor, token, url, "pentest", "pentest.pdf", Pdf, evidence: Details(today.AddDays(-10), today.AddDays(-20)));
        AssertStatus(HttpStatusCode.BadRequest, backwards, "expiry before the document date");
        Assert.Equal("The expiry or period end cannot be before the document date.",
            (await Forms.ParseAsync(backwards)).QuerySelector("#ev-ValidUntil-err-pentest")!.TextContent.Trim());
        var ancient = await UploadAsync(vendor, token, url, "pentest", "pentest.pdf", Pdf, evidence: Details(new DateOnly(1066, 10, 14)));
        AssertStatus(HttpStatusCode.BadRequest, ancient, "document dated out of range");
        var wrongKind = await UploadAsync(vendor, token, url, "pentest", "pentest.pdf", Pdf, evidence: new Dictionary<string, string>
            { ["Kind"] = "policy", ["DocumentDate"] = today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) });
        Assert.Equal("This question accepts only: Penetration test report.",
            (await Forms.ParseAsync(wrongKind)).QuerySelector("#ev-Kind-err-pentest")!.TextContent.Trim());
        Assert.Equal(evidenceBefore, await app.CountAllAsync<EvidenceRecord>());

        // Two years old, uploaded today: stored, but it backs nothing and the engine says it is not current.
        AssertStatus(HttpStatusCode.Redirect, await UploadAsync(vendor, token, url, "pentest", "pentest-2024.pdf", Pdf, evidence: Details(today.AddYears(-2))), "old pen test");
        var page = await vendor.GetDocumentAsync(url);
        Assert.Contains("older than 365 days", page.QuerySelector("#err-pentest")!.TextContent, StringComparison.Ordinal);
        var submitted = await AsAsync(w.Tenant, w.Contact, sp => sp.GetRequiredService<SubmissionOperations>().SubmitAsync(assessmentId, None));
        Assert.Equal(OutcomeStatus.Invalid, submitted.Status);
        Assert.Contains(submitted.Errors, e => e.Field == "pentest");
        var assurance = await app.InDbAsync(db => AnswerAssurance.LoadAsync(db, assessmentId), w.Tenant.Id);
        Assert.False(assurance.ContainsKey("pentest"));

        // A current report makes the answer complete again.
        AssertStatus(HttpStatusCode.Redirect, await UploadAsync(vendor, token, url, "pentest", "pentest-2026.pdf", Pdf, evidence: Details(today.AddDays(-40))), "current pen test");
        Assert.Equal(AssuranceLevel.EvidenceProvided, (await app.InDbAsync(db => AnswerAssurance.LoadAsync(db, assessmentId), w.Tenant.Id))["pentest"]);
    }

    [Fact]
    public async Task A_reassessment_carries_over_still_valid_evidence_but_not_expired_or_rejected_evidence()
    {
        var w = await WorldAsync();
        var today = app.Scenario.Today;
        var previousId = await IssueAsync(w, w.Vendor, w.Contact, submitted: true, evidence:
        [
            PenTest(today.AddDays(-400), EvidenceReview.Accepted),
            new("audit", "soc2.pdf", "application/pdf", 4096) { Kind = EvidenceKind.Soc2Type2, DocumentDate = today.AddDays(-60), ValidUntil = today.AddDays(300), Review = EvidenceReview.Accepted },
            new("policy", "policy.pdf", "application/pdf", 1024) { Kind = EvidenceKind.Policy, DocumentDate = today.AddDays(-10), Review = EvidenceReview.Rejected },
        ]);

        var sent = await AsAsync(w.Tenant, w.Admin, sp => sp.GetRequiredService<AssessmentOperations>().SendAsync(w.Vendor.Id,
            new SendAssessment(w.Template.Id, "Reassessment", today.AddDays(30), [w.Contact.Email!], null), None));

        Assert.True(sent.Succeeded, sent.Message);
        var carried = await app.InDbAsync(db => db.EvidenceFiles.IgnoreQueryFilters().Where(f => f.AssessmentId == sent.Value!.Id).ToListAsync());
        var link = Assert.Single(carried);
        Assert.Equal(("audit", "soc2.pdf", true), (link.ItemId, link.FileName, link.CarriedOver));
        Assert.Equal((await RecordOfAsync(previousId, "audit")).Id, link.RecordId);
        var assurance = await app.InDbAsync(db => AnswerAssurance.LoadAsync(db, sent.Value!.Id), w.Tenant.Id);
        Assert.Equal(AssuranceLevel.EvidenceAccepted, assurance["audit"]);
        var audit = await app.InDbAsync(db => db.AuditEvents.IgnoreQueryFilters().SingleAsync(e => e.Action == "assessment.sent" && e.EntityId == sent.Value!.Id.ToString()));
        Assert.Contains("\"carriedOverEvidence\":1", audit.DetailsJson, StringComparison.Ordinal);

        // The vendor is not asked to upload the SOC 2 report again: it is listed for the question and counts.
        var vendor = await SignedInAsync(app, w.Contact);
        var page = await vendor.GetDocumentAsync(w.PortalUrl(sent.Value!.Id));
        Assert.Contains("soc2.pdf", page.QuerySelector("#item-audit [data-testid=evidence-files]")!.TextContent, StringComparison.Ordinal);
        Assert.Null(page.QuerySelector("#item-pentest [data-testid=evidence-files]"));
    }

    [Fact]
    public async Task A_vendor_reuses_its_own_valid_document_but_never_another_vendors_or_a_rejected_one()
    {
        var w = await WorldAsync();
        var today = app.Scenario.Today;
        var firstId = await IssueAsync(w, w.Vendor, w.Contact, evidence:
        [
            new("audit", "iso.pdf", "application/pdf", 4096) { Kind = EvidenceKind.Iso27001Certificate, DocumentDate = today.AddDays(-60), ValidUntil = today.AddYears(2) },
            new("policy", "old-policy.pdf", "application/pdf", 1024) { Kind = EvidenceKind.Policy, DocumentDate = today.AddDays(-10), Review = EvidenceReview.Rejected },
        ]);
        var iso = await RecordOfAsync(firstId, "audit");
        var rejectedPolicy = await RecordOfAsync(firstId, "policy");
        var secondId = await IssueAsync(w, w.Vendor, w.Contact);
        var otherId = await IssueAsync(w, w.OtherVendor, w.OtherContact);

        var vendor = await SignedInAsync(app, w.Contact);
        var page = await vendor.GetDocumentAsync(w.PortalUrl(secondId));
        Assert.NotNull(page.QuerySelector($"#reuse-select-audit option[value='{iso.Id}']"));
        Assert.Null(page.QuerySelector($"#reuse-select-policy option[value='{rejectedPolicy.Id}']"));
        var reused = await PostFormAsync(vendor, Token(page), $"{w.PortalUrl(secondId)}?handler=Reuse&itemId=audit",
            new Dictionary<string, string> { ["recordId"] = iso.Id.ToString() });
        AssertStatus(HttpStatusCode.Redirect, reused, "reuse");
        Assert.Equal(iso.Id, (await RecordOfAsync(secondId, "audit")).Id);
        Assert.True(await app.InDbAsync(db => db.AuditEvents.IgnoreQueryFilters().AnyAsync(e => e.Action == EvidenceAuditActions.Reused && e.EntityId == iso.Id.ToString())));

        var refusedRejected = await AsAsync(w.Tenant, w.Contact, sp => sp.GetRequiredService<PortalOperations>().ReuseEvidenceAsync(secondId, "policy", rejectedPolicy.Id, None));
        Assert.NotNull(refusedRejected.Value!.Error);
        // Another vendor's contact can neither attach nor download the document, nor review it.
        var crossVendor = await AsAsync(w.Tenant, w.OtherContact, sp => sp.GetRequiredService<PortalOperations>().ReuseEvidenceAsync(otherId, "audit", iso.Id, None));
        Assert.NotNull(crossVendor.Value!.Error);
        Assert.Equal(0, await app.InDbAsync(db => db.EvidenceFiles.IgnoreQueryFilters().CountAsync(f => f.AssessmentId == otherId)));
        var otherClient = await SignedInAsync(app, w.OtherContact);
        var link = await app.InDbAsync(db => db.EvidenceFiles.IgnoreQueryFilters().FirstAsync(f => f.RecordId == iso.Id));
        AssertStatus(HttpStatusCode.NotFound, await otherClient.GetAsync($"/t/{w.Tenant.Slug}/portal/evidence/{link.Id}"), "download by another vendor");
        var byContact = await AsAsync(w.Tenant, w.Contact, sp => sp.GetRequiredService<EvidenceOperations>().AcceptAsync(iso.Id, false, None));
        Assert.Equal(OutcomeStatus.Forbidden, byContact.Status);
    }

    [Fact]
    public async Task Only_the_tenants_reviewers_and_admins_review_evidence_and_another_tenants_document_is_not_found()
    {
        var w = await WorldAsync();
        var assessmentId = await IssueAsync(w, w.Vendor, w.Contact, submitted: true, evidence: [PenTest(app.Scenario.Today.AddDays(-30))]);
        var record = await RecordOfAsync(assessmentId, "pentest");
        foreach (var roles in new[] { TenantRoles.Auditor, TenantRoles.CommitteeMember, TenantRoles.VendorManager })
        {
            var member = await app.CreateMemberAsync(w.Tenant, roles);
            var refused = await AsAsync(w.Tenant, member, sp => sp.GetRequiredService<EvidenceOperations>().RejectAsync(record.Id, "No.", None));
            Assert.Equal(OutcomeStatus.Forbidden, refused.Status);
        }
        var stranger = await app.CreateTenantAsync();
        var strangerReviewer = await app.CreateMemberAsync(stranger, TenantRoles.Reviewer | TenantRoles.TenantAdmin);
        var foreign = await AsAsync(stranger, strangerReviewer, sp => sp.GetRequiredService<EvidenceOperations>().AcceptAsync(record.Id, false, None));
        Assert.Equal(OutcomeStatus.NotFound, foreign.Status);
        var client = await SignedInAsync(app, strangerReviewer);
        AssertStatus(HttpStatusCode.NotFound, await client.GetAsync($"/t/{stranger.Slug}/evidence/review/{record.Id}"), "foreign review page");

        var admin = await AsAsync(w.Tenant, w.Admin, sp => sp.GetRequiredService<EvidenceOperations>().AcceptAsync(record.Id, false, None));
        Assert.True(admin.Succeeded, admin.Message);
        Assert.Equal(EvidenceReview.Accepted, (await RecordOfAsync(assessmentId, "pentest")).Review);
    }

    [Fact]
    public async Task Answer_assurance_reads_pending_accepted_verified_rejected_and_expired_evidence_from_the_records()
    {
        var w = await WorldAsync();
        var today = app.Scenario.Today;
        var assessmentId = await IssueAsync(w, w.Vendor, w.Contact, submitted: true, evidence:
        [
            PenTest(today.AddDays(-20)),
            new("audit", "soc2.pdf", "application/pdf", 4096) { Kind = EvidenceKind.Soc2Type2, DocumentDate = today.AddDays(-60), Review = EvidenceReview.Accepted, IssuerChecked = true },
            new("policy", "policy.pdf", "application/pdf", 1024) { Kind = EvidenceKind.Policy, DocumentDate = today.AddDays(-10), Review = EvidenceReview.Rejected },
        ]);
        var expiredId = await IssueAsync(w, w.Vendor, w.Contact, submitted: true, evidence:
        [
            PenTest(today.AddDays(-500), EvidenceReview.Accepted),
            new("audit", "iso.pdf", "application/pdf", 4096) { Kind = EvidenceKind.Iso27001Certificate, DocumentDate = today.AddYears(-3), ValidUntil = today.AddDays(-1), Review = EvidenceReview.Accepted },
            new("policy", "policy.pdf", "application/pdf", 1024) { Kind = EvidenceKind.Policy, DocumentDate = today.AddDays(-10), Review = EvidenceReview.Accepted },
        ]);

        var levels = await app.InDbAsync(db => AnswerAssurance.LoadAsync(db, assessmentId), w.Tenant.Id);
        Assert.Equal(AssuranceLevel.EvidenceProvided, levels["pentest"]);
        Assert.Equal(AssuranceLevel.IndependentlyVerified, levels["audit"]);
        Assert.False(levels.ContainsKey("policy"));
        var expired = await app.InDbAsync(db => AnswerAssurance.LoadAsync(db, expiredId), w.Tenant.Id);
        Assert.Equal(PolicyOnly, expired.Keys.Order());
        Assert.Equal(AssuranceLevel.EvidenceAccepted, expired["policy"]);

        // A policy cannot be "checked with its issuer": only an independent attestation can.
        var policy = await RecordOfAsync(expiredId, "policy");
        var refused = await AsAsync(w.Tenant, w.Reviewer, sp => sp.GetRequiredService<EvidenceOperations>().AcceptAsync(policy.Id, true, None));
        Assert.Equal(OutcomeStatus.Invalid, refused.Status);
    }
}
