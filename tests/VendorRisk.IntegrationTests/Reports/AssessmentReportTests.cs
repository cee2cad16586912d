using System.Net;
using Microsoft.EntityFrameworkCore;
using UglyToad.PdfPig;
using VendorRisk.Domain.Assessments;
using VendorRisk.Domain.Tenancy;
using VendorRisk.IntegrationTests.Infrastructure;
using VendorRisk.Application.Reports;
using VendorRisk.Infrastructure.Reports;

namespace VendorRisk.IntegrationTests.Reports;

public sealed class AssessmentReportTests(VendorRiskApp app) : IClassFixture<VendorRiskApp>
{
    private async Task<HttpClient> SignedInAsync(string email)
    {
        var client = app.CreateBrowserClient();
        await client.SignInAsync(email);
        return client;
    }

    private static string Text(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        return string.Join("\n", document.GetPages().Select(p => string.Join(" ", p.GetWords().Select(w => w.Text))));
    }

    private static string Squeeze(string text) => string.Join(" ", text.Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries));

    /// <summary>Debian's fonts-droid-fallback, which .ci/test.sh installs: the report's fallback for CJK text (ADR-031).</summary>
    private const string FallbackFont = "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf";

    [Fact]
    public async Task Chinese_and_japanese_text_is_drawn_with_the_fallback_font_or_shown_as_question_marks_with_a_note_never_as_boxes()
    {
        const string cjk = "株式会社ルーメン";
        var decided = await ReportTestKit.DecidedAsync(app, "Lumen " + cjk);
        var client = await SignedInAsync(decided.Scene.Requester.Email!);

        var pdf = await client.GetByteArrayAsync($"/t/{decided.Scene.Tenant.Slug}/reports/assessment/{decided.AssessmentId}");

        using var document = PdfDocument.Open(pdf);
        var letters = document.GetPages().SelectMany(p => p.Letters).ToList();
        var cjkLetters = letters.Where(l => l.Value.Any(c => c >= '\u3000')).ToList();
        var text = Squeeze(Text(pdf));
        if (File.Exists(FallbackFont))
        {
            // Every CJK character drawn, each with the fallback font (DejaVu Sans would draw an empty box).
            Assert.Contains(cjk, string.Concat(cjkLetters.Select(l => l.Value)), StringComparison.Ordinal);
            Assert.All(cjkLetters, l => Assert.Contains("Droid Sans Fallback", l.FontName, StringComparison.Ordinal));
        }
        else
        {
            Assert.Empty(cjkLetters);
            Assert.Contains("Lumen ????????", text, StringComparison.Ordinal);
            Assert.Contains(Squeeze(AssessmentPdfRenderer.MissingFontNote), text, StringComparison.Ordinal);
        }
    }

    /// <summary>Debian's fonts-nanum, which .ci/test.sh installs: the report's fallback for Korean Hangul (Droid Sans Fallback has none).</summary>
    private const string HangulFont = "/usr/share/fonts/truetype/nanum/NanumGothic.ttf";

    [Fact]
    public async Task Korean_hangul_is_drawn_with_the_hangul_fallback_font_and_the_report_passes_qpdf()
    {
        const string hangul = "주식회사 루멘";
        var decided = await ReportTestKit.DecidedAsync(app, "Lumen " + hangul);
        var client = await SignedInAsync(decided.Scene.Requester.Email!);

        var pdf = await client.GetByteArrayAsync($"/t/{decided.Scene.Tenant.Slug}/reports/assessment/{decided.AssessmentId}");

        using var document = PdfDocument.Open(pdf);
        var hangulLetters = document.GetPages().SelectMany(p => p.Letters).Where(l => l.Value.Any(c => c is >= '\uAC00' and <= '\uD7A3')).ToList();
        var text = Squeeze(Text(pdf));
        if (File.Exists(HangulFont))
        {
            // The vendor's name as written, each syllable drawn with NanumGothic, and no note about characters that could not be drawn.
            Assert.Contains("Lumen " + hangul, text, StringComparison.Ordinal);
            Assert.True(hangulLetters.Count >= 6, $"{hangulLetters.Count} Hangul letters drawn");
            Assert.All(hangulLetters, l => Assert.Contains("NanumGothic", l.FontName, StringComparison.Ordinal));
            Assert.DoesNotContain(Squeeze(AssessmentPdfRenderer.MissingFontNote), text, StringComparison.Ordinal);
        }
        else
        {
            Assert.Empty(hangulLetters);
            Assert.Contains("Lumen ???? ??", text, StringComparison.Ordinal);
            Assert.Contains(Squeeze(AssessmentPdfRenderer.MissingFontNote), text, StringComparison.Ordinal);
        }

        if (Outputs.Validators.Executable("qpdf") is null) return;
        var file = Path.Combine(Path.GetTempPath(), $"vendorrisk-hangul-{Guid.NewGuid():N}.pdf");
        await File.WriteAllBytesAsync(file, pdf);
        try
        {
            var (exit, output) = await Outputs.Validators.QpdfCheckAsync(file);
            // 0: sound; 3: sound with the known warning on PDFsharp's compressed streams (ADR-031).
            Assert.True(exit is 0 or 3, $"qpdf --check exited {exit}:\n{output}");
            Assert.DoesNotContain("ERROR", output, StringComparison.OrdinalIgnoreCase);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Two_reports_of_one_assessment_on_one_day_get_different_file_names()
    {
        var decided = await ReportTestKit.DecidedAsync(app, "Twice Reported");
        var client = await SignedInAsync(decided.Scene.Requester.Email!);
        var url = $"/t/{decided.Scene.Tenant.Slug}/reports/assessment/{decided.AssessmentId}";
        static string NameOf(HttpResponseMessage response) =>
            response.Content.Headers.ContentDisposition!.FileNameStar ?? response.Content.Headers.ContentDisposition.FileName!.Trim('"');

        var first = NameOf(await client.GetAsync(url));
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        var second = NameOf(await client.GetAsync(url));

        Assert.Matches("^assessment-twice-reported-[0-9]{8}-[0-9]{6}\\.pdf$", first);
        Assert.NotEqual(first, second);
    }

    [Fact]
    public async Task The_report_of_a_decided_assessment_is_a_pdf_with_the_decision_votes_findings_and_residual_risk()
    {
        var decided = await ReportTestKit.DecidedAsync(app);
        var scene = decided.Scene;
        var assessment = await app.InDbAsync(db => db.Assessments.AsNoTracking().SingleAsync(a => a.Id == decided.AssessmentId), scene.Tenant.Id);
        Assert.Equal(AssessmentStatus.ApprovedWithConditions, assessment.Status);

        var client = await SignedInAsync(scene.Requester.Email!);
        var response = await client.GetAsync($"/t/{scene.Tenant.Slug}/reports/assessment/{decided.AssessmentId}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        var disposition = response.Content.Headers.ContentDisposition!;
        Assert.Equal("attachment", disposition.DispositionType);
        Assert.Matches("^assessment-lumen-analytics-[0-9]{8}-[0-9]{6}\\.pdf$", disposition.FileNameStar ?? disposition.FileName!.Trim('"'));

        var pdf = await response.Content.ReadAsByteArrayAsync();
        // Tagged for accessibility (a structure tree, marked content, the document's language), as screen readers need.
        var raw = System.Text.Encoding.Latin1.GetString(pdf);
        Assert.Contains("/StructTreeRoot", raw, StringComparison.Ordinal);
        Assert.Contains("/Marked true", raw, StringComparison.Ordinal);
        Assert.Contains("/Lang", raw, StringComparison.Ordinal);
        var text = Squeeze(Text(pdf));
        Assert.Contains("Assessment report", text, StringComparison.Ordinal);
        Assert.Contains("Lumen Analytics", text, StringComparison.Ordinal);
        Assert.Contains("Decision Approved with conditions", text, StringComparison.Ordinal);
        Assert.Contains(ReportTestKit.Conditions, text, StringComparison.Ordinal);
        Assert.Contains(ReportTestKit.FindingTitle, text, StringComparison.Ordinal);
        Assert.Contains("High: " + ReportTestKit.FindingTitle, text, StringComparison.Ordinal);
        Assert.Contains("Claimed score 100.00 / 100", text, StringComparison.Ordinal);
        // The one scored answer has evidence nobody accepted: nothing of the claim is verified (ADR-026).
        Assert.Contains("Verified score 0.00 / 100 (unverified answers)", text, StringComparison.Ordinal);
        Assert.Contains("Unverified 1 of 1 scored answers unverified (1 with evidence awaiting review)", text, StringComparison.Ordinal);
        Assert.Contains("1 compliant", text, StringComparison.Ordinal);
        Assert.Contains("Residual risk Medium", text, StringComparison.Ordinal);
        Assert.Contains($"{scene.Committee[0].DisplayName}: Approve with conditions", text, StringComparison.Ordinal);
        Assert.Contains($"{scene.Committee[1].DisplayName}: Approve with conditions", text, StringComparison.Ordinal);
        Assert.Contains($"{scene.Committee[2].DisplayName}: Approve,", text, StringComparison.Ordinal);
        Assert.Contains("Do you enforce MFA? No", text, StringComparison.Ordinal);
        Assert.Contains("Yes, AES-256", text, StringComparison.Ordinal);
        Assert.Contains("encryption-policy.pdf", text, StringComparison.Ordinal);
        Assert.Contains("47.1 KB", text, StringComparison.Ordinal);
        Assert.Contains("Verified: All", text, StringComparison.Ordinal);
        Assert.Contains("review.started", text, StringComparison.Ordinal);
        Assert.Contains("Page 1 of", text, StringComparison.Ordinal);

        var downloads = await app.InDbAsync(db => db.AuditEvents.CountAsync(e => e.Action == ReportQueries.AssessmentDownloadedAction
            && e.EntityId == decided.AssessmentId.ToString() && e.ActorUserId == scene.Requester.Id), scene.Tenant.Id);
        Assert.Equal(1, downloads);
    }

    [Fact]
    public async Task Long_answers_wrap_and_the_report_runs_over_numbered_pages()
    {
        var paragraph = string.Join(" ", Enumerable.Range(1, 60).Select(i => $"Step {i}: the on-call engineer records the event, informs the customer and keeps the evidence."));
        var decided = await ReportTestKit.DecidedAsync(app, "Long Winded AI", string.Join("\n", Enumerable.Repeat(paragraph, 4)));
        var client = await SignedInAsync(decided.Scene.Requester.Email!);

        var pdf = await client.GetByteArrayAsync($"/t/{decided.Scene.Tenant.Slug}/reports/assessment/{decided.AssessmentId}");

        using var document = PdfDocument.Open(pdf);
        Assert.True(document.NumberOfPages >= 3, $"expected the long answer to span pages, got {document.NumberOfPages}");
        var last = document.NumberOfPages;
        var lastPage = Squeeze(string.Join(" ", document.GetPage(last).GetWords().Select(w => w.Text)));
        Assert.Contains($"Page {last} of {last}", lastPage, StringComparison.Ordinal);
        var allText = Squeeze(Text(pdf));
        Assert.Contains("Step 60: the on-call engineer", allText, StringComparison.Ordinal);
        // Every word stays inside the page: nothing is cut off at the right margin.
        foreach (var page in document.GetPages())
            Assert.All(page.GetWords(), w => Assert.True(w.BoundingBox.Right <= page.Width - 40, $"'{w.Text}' runs past the margin on page {page.Number}"));
    }

    [Fact]
    public async Task Another_tenant_a_vendor_contact_and_an_anonymous_visitor_get_no_report_and_an_auditor_does()
    {
        var decided = await ReportTestKit.DecidedAsync(app, "Guarded Vendor");
        var scene = decided.Scene;
        var url = $"/t/{scene.Tenant.Slug}/reports/assessment/{decided.AssessmentId}";
        var auditsBefore = await app.CountAllAsync<Domain.Audit.AuditEvent>();

        var other = await app.CreateTenantAsync();
        var outsider = await app.CreateMemberAsync(other, TenantRoles.TenantAdmin);
        var outsiderClient = await SignedInAsync(outsider.Email!);
        Assert.Equal(HttpStatusCode.NotFound, (await outsiderClient.GetAsync($"/t/{other.Slug}/reports/assessment/{decided.AssessmentId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await outsiderClient.GetAsync(url)).StatusCode);

        var contact = await app.CreateMemberAsync(scene.Tenant, TenantRoles.VendorContact, vendorId: scene.VendorId);
        var contactClient = await SignedInAsync(contact.Email!);
        var refused = await contactClient.GetAsync(url);
        Assert.True(refused.StatusCode == HttpStatusCode.Forbidden
            || (refused.StatusCode == HttpStatusCode.Redirect && refused.Headers.Location?.AbsolutePath == "/errors/403"),
            $"Expected a refusal, got {(int)refused.StatusCode}");
        Assert.NotEqual("application/pdf", refused.Content.Headers.ContentType?.MediaType);

        var anonymous = await app.CreateBrowserClient().GetAsync(url);
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.StartsWith("/account/login", anonymous.Headers.Location!.AbsolutePath, StringComparison.Ordinal);

        // Sign-ins are audited on the platform chain; nothing was written to the tenant's chain by the refusals.
        Assert.Equal(0, await app.InDbAsync(db => db.AuditEvents.CountAsync(e => e.Action == ReportQueries.AssessmentDownloadedAction), scene.Tenant.Id));
        Assert.True(await app.CountAllAsync<Domain.Audit.AuditEvent>() >= auditsBefore);

        var auditor = await app.CreateMemberAsync(scene.Tenant, TenantRoles.Auditor);
        var auditorClient = await SignedInAsync(auditor.Email!);
        var allowed = await auditorClient.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Equal("application/pdf", allowed.Content.Headers.ContentType?.MediaType);
    }
}
