using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using UglyToad.PdfPig;
using VendorRisk.Domain.Assessments;
using VendorRisk.Domain.Findings;
using VendorRisk.Domain.Questionnaires;
using VendorRisk.Application.Exports;
using VendorRisk.IntegrationTests.Api;
using VendorRisk.IntegrationTests.Infrastructure;
using VendorRisk.Testing;
using static VendorRisk.IntegrationTests.Reviews.ReviewTestKit;

namespace VendorRisk.IntegrationTests.Reports;

/// <summary>
/// Issue 14, item 9: the PDF report, the decisions and findings exports (CSV and XLSX) and <c>GET /api/v1/decisions</c> show the same
/// residual rating, reviewers' findings, reviewers' decisions and committee votes for every decided assessment, and (issue 14, item 2)
/// the same claimed and verified score and rating.
/// </summary>
public sealed class ArtefactAgreementTests(VendorRiskApp app) : IClassFixture<VendorRiskApp>
{
    private const string OpenFinding = "Administrators share one account";
    private const string ClosedFinding = "Backups are not tested";

    private static string PdfText(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        var text = string.Join("\n", document.GetPages().Select(p => string.Join(" ", p.GetWords().Select(w => w.Text))));
        return string.Join(" ", text.Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries));
    }

    private static string Utc(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC";

    private static string Label(string code) => code switch
    {
        "approve" => "Approve",
        "approveWithConditions" => "Approve with conditions",
        "reject" => "Reject",
        _ => throw new InvalidOperationException(code),
    };

    private Task<int> RaiseFindingsAsync(Guid tenantId, Guid assessmentId, Guid reviewer) =>
        app.InDbAsync(async db =>
        {
            var now = app.Clock.GetUtcNow();
            var due = DateOnly.FromDateTime(now.UtcDateTime).AddDays(30);
            db.ReviewFindings.Add(ReviewFinding.Raise(assessmentId, null, new FindingDetails(FindingSeverity.High, OpenFinding, null, [],
                FindingTreatment.Mitigate, "Named admin accounts", FindingOwnerKind.Internal, reviewer, due), reviewer, now));
            var closed = ReviewFinding.Raise(assessmentId, null, new FindingDetails(FindingSeverity.Low, ClosedFinding, null, [],
                FindingTreatment.Accept, null, FindingOwnerKind.Internal, reviewer, due), reviewer, now);
            closed.Close("Restore test seen", reviewer, now);
            db.ReviewFindings.Add(closed);
            return await db.SaveChangesAsync();
        }, tenantId);

    [Fact]
    public async Task The_pdf_both_exports_and_the_api_show_the_same_residual_rating_findings_reviewers_and_votes()
    {
        // A committee decision through the review workflow (residual "medium" set by the workflow, three reviewers, three votes)...
        var decided = await ReportTestKit.DecidedAsync(app, "Workflow Vendor");
        var scene = decided.Scene;
        await RaiseFindingsAsync(scene.Tenant.Id, decided.AssessmentId, scene.Reviewer.Id);
        // ...and a decision recorded with a reviewer's residual rating of 4 x 4 (high) and no workflow, as the demo data has.
        var rated = await app.Scenario.VendorAsync(scene.Tenant.Id, "Rated Vendor", (v, now) => v.SetComputedTier(RiskTier.High, now));
        var ratedAssessment = await app.Scenario.AssessmentAsync(scene.Tenant.Id, new AssessmentPlan(rated.Id, await TemplateAsync(app, scene), scene.Requester.Id)
        {
            Title = "Rated review",
            Answers = new Dictionary<string, string> { ["mfa"] = AssessmentPlan.Json(AnswerValue.Boolean(true)) },
            Submitted = true,
            Score = 70,
            InReview = true,
            Residual = (4, 4),
            Decision = AssessmentDecision.ApprovedWithConditions,
            DecisionNote = "Named admin accounts within 30 days",
            WithConsequences = true,
        });
        await RaiseFindingsAsync(scene.Tenant.Id, ratedAssessment.Id, scene.Reviewer.Id);

        var api = app.ApiClient(await app.TokenAsync(scene.Tenant, scene.Requester));
        var decisions = (await (await api.GetAsync("/api/v1/decisions")).JsonAsync()).GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(2, decisions.Count);
        var byId = decisions.ToDictionary(d => d.GetProperty("assessmentId").GetGuid());
        var workflowDecision = byId[decided.AssessmentId];
        var ratedDecision = byId[ratedAssessment.Id];
        Assert.Equal("medium", workflowDecision.GetProperty("residualLevel").GetString());
        Assert.Equal(JsonValueKind.Null, workflowDecision.GetProperty("residual").ValueKind);
        Assert.Equal("high", ratedDecision.GetProperty("residualLevel").GetString());
        Assert.Equal("high", ratedDecision.GetProperty("residual").GetProperty("level").GetString());
        Assert.Equal(3, workflowDecision.GetProperty("votes").GetArrayLength());
        // The workflow decision claims "encryption at rest: yes" (100) with evidence nobody accepted: nothing is verified. The rated one
        // left the scored question unanswered: 0 claimed, nothing unverified.
        (decimal, decimal, string?, bool) Assurance(JsonElement d) =>
            (d.GetProperty("assurance").GetProperty("claimedScore").GetDecimal(), d.GetProperty("assurance").GetProperty("verifiedScore").GetDecimal(),
                d.GetProperty("assurance").GetProperty("rating").GetString(), d.GetProperty("assurance").GetProperty("unverified").GetBoolean());
        Assert.Equal((100.00m, 0.00m, "Weak", true), Assurance(workflowDecision));
        Assert.Equal((0.00m, 0.00m, "Weak", false), Assurance(ratedDecision));
        Assert.Equal(3, workflowDecision.GetProperty("reviewerDecisions").GetArrayLength());
        Assert.Equal(2, workflowDecision.GetProperty("conditions").GetArrayLength());
        // The committee's conditions are tracked (ADR-027): owned by the vendor, with a due date and a state in words.
        Assert.All(workflowDecision.GetProperty("conditions").EnumerateArray(), c =>
        {
            Assert.Equal("Open", c.GetProperty("state").GetString());
            Assert.EndsWith("(vendor)", c.GetProperty("owner").GetString(), StringComparison.Ordinal);
            Assert.Equal(JsonValueKind.String, c.GetProperty("id").ValueKind);
        });

        var client = app.CreateBrowserClient();
        await client.SignInAsync(scene.Requester.Email!);
        var decisionSheets = new[]
        {
            ExportTests.ParseCsv(Encoding.UTF8.GetString((await ExportAsync(client, scene.Tenant.Slug, "Decisions", "Csv"))[3..])),
            ExportTests.ReadXlsx(await ExportAsync(client, scene.Tenant.Slug, "Decisions", "Xlsx")),
        };
        var findingSheets = new[]
        {
            ExportTests.ParseCsv(Encoding.UTF8.GetString((await ExportAsync(client, scene.Tenant.Slug, "Findings", "Csv"))[3..])),
            ExportTests.ReadXlsx(await ExportAsync(client, scene.Tenant.Slug, "Findings", "Xlsx")),
        };

        foreach (var decision in decisions)
        {
            var findings = decision.GetProperty("reviewFindings").EnumerateArray()
                .Select(f => (f.GetProperty("severity").GetString()!, f.GetProperty("title").GetString()!, f.GetProperty("status").GetString()!,
                    f.GetProperty("treatment").GetString()!)).ToList();
            Assert.Equal([("High", OpenFinding, "Open", "Mitigate"), ("Low", ClosedFinding, "Closed", "Accept")], findings);
            await AssertArtefactsAgreeAsync(client, scene.Tenant.Slug, decision, decisionSheets, findingSheets, latest: true);
        }
    }

    [Fact]
    public async Task Every_demo_decision_shows_the_same_residual_rating_findings_and_votes_in_the_pdf_the_exports_and_the_api()
    {
        var data = Application.Seeding.DemoSeeder.Load(SeedData);
        await app.InScopeAsync(sp => sp.GetRequiredService<Application.Seeding.DemoSeeder>().SeedAsync(data, VendorRisk.Infrastructure.Identity.AppRole.PlatformOperator, SeedData));
        var tenant = await app.InDbAsync(db => db.Tenants.SingleAsync(t => t.Slug == data.Tenant.Slug));
        var email = data.Users.Single(u => u.Email.StartsWith("manager@", StringComparison.Ordinal)).Email;
        var manager = await app.InDbAsync(db => db.Users.SingleAsync(u => u.Email == email));
        var api = app.ApiClient(await app.TokenAsync(tenant, manager));
        var decisions = (await (await api.GetAsync("/api/v1/decisions?pageSize=100")).JsonAsync()).GetProperty("items").EnumerateArray().ToList();
        Assert.True(decisions.Count >= 3, "The demo data should carry a few decisions.");
        // ADR-027 in the demo: an open condition of approval, and an accepted risk with its expiry.
        Assert.Contains(decisions, d => d.GetProperty("conditions").EnumerateArray().Any(c => c.GetProperty("state").GetString() == "Open"));
        Assert.Contains(decisions, d => d.GetProperty("acceptedRisks").EnumerateArray()
            .Any(a => a.GetProperty("state").GetString() == "Accepted" && a.GetProperty("acceptedUntil").ValueKind == JsonValueKind.String));
        Assert.Contains(decisions, d => d.GetProperty("residual").ValueKind != JsonValueKind.Null);
        // ADR-025 in the demo: evidence a reviewer accepted and evidence rejected with its reason.
        var reviews = await app.InDbAsync(db => db.EvidenceRecords.Select(r => new { r.Review, r.RejectionReason }).ToListAsync(), tenant.Id);
        Assert.Contains(reviews, r => r.Review == VendorRisk.Domain.Evidence.EvidenceReview.Accepted);
        Assert.Contains(reviews, r => r.Review == VendorRisk.Domain.Evidence.EvidenceReview.Rejected && !string.IsNullOrWhiteSpace(r.RejectionReason));

        var client = app.CreateBrowserClient();
        await client.SignInAsync(email, data.Password);
        var decisionSheets = new[]
        {
            ExportTests.ParseCsv(Encoding.UTF8.GetString((await ExportAsync(client, tenant.Slug, "Decisions", "Csv"))[3..])),
            ExportTests.ReadXlsx(await ExportAsync(client, tenant.Slug, "Decisions", "Xlsx")),
        };
        var findingSheets = new[]
        {
            ExportTests.ParseCsv(Encoding.UTF8.GetString((await ExportAsync(client, tenant.Slug, "Findings", "Csv"))[3..])),
            ExportTests.ReadXlsx(await ExportAsync(client, tenant.Slug, "Findings", "Xlsx")),
        };
        var latest = (await app.InDbAsync(db => db.Assessments.AsNoTracking().Where(a => a.SubmittedAt != null && a.Status != AssessmentStatus.Cancelled)
                .Select(a => new { a.Id, a.VendorId, a.SubmittedAt }).ToListAsync(), tenant.Id))
            .GroupBy(a => a.VendorId).Select(g => g.OrderByDescending(a => a.SubmittedAt).ThenByDescending(a => a.Id).First().Id).ToHashSet();
        foreach (var decision in decisions)
            await AssertArtefactsAgreeAsync(client, tenant.Slug, decision, decisionSheets, findingSheets,
                latest.Contains(decision.GetProperty("assessmentId").GetGuid()));
    }

    private static readonly string SeedData = Path.Combine(AppContext.BaseDirectory, "seed-data");

    private static async Task<byte[]> ExportAsync(HttpClient client, string tenantSlug, string kind, string format)
    {
        var response = await client.SubmitAsync($"/t/{tenantSlug}/exports",
            new Dictionary<string, string> { ["Input.Kind"] = kind, ["Input.Format"] = format });
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsByteArrayAsync();
    }

    /// <summary>The PDF report, both decisions exports and (for a vendor's latest assessment) both findings exports show what the API's decision shows.</summary>
    private static async Task AssertArtefactsAgreeAsync(HttpClient client, string tenantSlug, JsonElement decision, List<List<string>>[] decisionSheets,
        List<List<string>>[] findingSheets, bool latest)
    {
        var id = decision.GetProperty("assessmentId").GetGuid();
        var title = decision.GetProperty("title").GetString()!;
        var vendor = decision.GetProperty("vendorName").GetString()!;
        var level = decision.GetProperty("residualLevel").GetString() ?? "";
        var residual = decision.GetProperty("residual");
        var residualText = level.Length == 0 ? "Not assessed"
            : residual.ValueKind == JsonValueKind.Null ? char.ToUpperInvariant(level[0]) + level[1..]
            : $"{char.ToUpperInvariant(level[0]) + level[1..]} (likelihood {residual.GetProperty("likelihood").GetInt32()} x impact "
                + $"{residual.GetProperty("impact").GetInt32()} = {residual.GetProperty("likelihood").GetInt32() * residual.GetProperty("impact").GetInt32()})";
        var votes = decision.GetProperty("votes").EnumerateArray()
            .Select(v => $"{v.GetProperty("voter").GetString()}: {Label(v.GetProperty("vote").GetString()!)}, {Utc(v.GetProperty("at").GetDateTimeOffset())}").ToList();
        var reviewers = decision.GetProperty("reviewerDecisions").EnumerateArray()
            .Select(r => $"{r.GetProperty("reviewer").GetString()}: {Label(r.GetProperty("outcome").GetString()!)}, {Utc(r.GetProperty("at").GetDateTimeOffset())}").ToList();
        var findings = decision.GetProperty("reviewFindings").EnumerateArray()
            .Select(f => (Severity: f.GetProperty("severity").GetString()!, Title: f.GetProperty("title").GetString()!, Status: f.GetProperty("status").GetString()!,
                Treatment: f.GetProperty("treatment").GetString()!)).ToList();
        var open = findings.Count(f => f.Status is "Open" or "RemediationProposed");
        // The conditions (owner, due date, state) and accepted risks, in the lines every artefact prints (DecisionRecords).
        var conditionLines = decision.GetProperty("conditions").EnumerateArray().Select(c =>
            $"{c.GetProperty("conditions").GetString()}; owner {c.GetProperty("owner").GetString()}"
            + (c.GetProperty("dueOn").ValueKind == JsonValueKind.Null ? "" : $"; due {c.GetProperty("dueOn").GetString()}")
            + $"; {c.GetProperty("state").GetString()}").ToList();
        var acceptedLines = decision.GetProperty("acceptedRisks").EnumerateArray().Select(a =>
            $"{a.GetProperty("severity").GetString()}: {a.GetProperty("title").GetString()}; accepted until "
            + (a.GetProperty("acceptedUntil").ValueKind == JsonValueKind.Null ? "no expiry" : a.GetProperty("acceptedUntil").GetString())
            + $" by {a.GetProperty("acceptedBy").GetString()}"
            + (a.GetProperty("reason").ValueKind == JsonValueKind.Null ? "" : $": {a.GetProperty("reason").GetString()}")
            + $"; {a.GetProperty("state").GetString()}").ToList();
        var outcome = decision.GetProperty("decision").GetString() switch
        {
            "Approved" => "Approved",
            "ApprovedWithConditions" => "Approved with conditions",
            _ => "Rejected",
        };

        // Claimed and verified score and the rating (ADR-026), as the API gives them.
        var assurance = decision.GetProperty("assurance");
        var scored = assurance.ValueKind != JsonValueKind.Null;
        string Figure(string name) => assurance.GetProperty(name).ValueKind == JsonValueKind.Null ? "-"
            : Domain.Evidence.AssuranceVerdict.Figure(assurance.GetProperty(name).GetDecimal());
        var claimed = scored ? Figure("claimedScore") : "";
        var verified = scored ? Figure("verifiedScore") : "";
        var rating = scored ? assurance.GetProperty("rating").GetString() ?? "Not rated" : "";
        var unverified = scored ? assurance.GetProperty("summary").GetString()! : "";

        // The PDF report.
        var pdf = PdfText(await client.GetByteArrayAsync($"/t/{tenantSlug}/reports/assessment/{id}"));
        if (scored)
        {
            Assert.Contains($"Claimed score {claimed} / 100", pdf, StringComparison.Ordinal);
            Assert.Contains($"Verified score {verified} / 100", pdf, StringComparison.Ordinal);
            Assert.Contains("Rating " + rating, pdf, StringComparison.Ordinal);
            Assert.Contains("Unverified " + unverified, pdf, StringComparison.Ordinal);
            Assert.Contains($"Score claimed {claimed}, verified {verified}; rating {rating}", pdf, StringComparison.Ordinal);
        }
        Assert.Contains("Residual risk " + residualText, pdf, StringComparison.Ordinal);
        Assert.Contains("Residual rating " + residualText, pdf, StringComparison.Ordinal);
        Assert.Contains($"Review findings ({findings.Count}, {open} open)", pdf, StringComparison.Ordinal);
        foreach (var f in findings)
            Assert.Contains($"{f.Severity}: {f.Title} Status {StatusLabel(f.Status)}; treatment {f.Treatment}", pdf, StringComparison.Ordinal);
        foreach (var line in votes.Concat(reviewers)) Assert.Contains(line, pdf, StringComparison.Ordinal);
        Assert.Contains($"Committee votes ({votes.Count})", pdf, StringComparison.Ordinal);
        Assert.Contains($"Reviewer decisions ({reviewers.Count})", pdf, StringComparison.Ordinal);
        Assert.Contains("Approval Decision " + outcome, pdf, StringComparison.Ordinal);
        Assert.Contains("Signature", pdf, StringComparison.Ordinal);
        Assert.DoesNotContain("approveWithConditions", pdf, StringComparison.Ordinal);
        foreach (var line in conditionLines.Concat(acceptedLines)) Assert.Contains(line, pdf, StringComparison.Ordinal);

        // Both decisions exports.
        foreach (var sheet in decisionSheets)
        {
            Assert.Equal(ExportBuilder.DecisionColumns, sheet[0]);
            string Cell(List<string> row, string column) => row[sheet[0].IndexOf(column)];
            var row = Assert.Single(sheet.Skip(1), r => r[0] == vendor && r[1] == title);
            Assert.Equal(level, Cell(row, "Residual risk"));
            Assert.Equal(residualText, Cell(row, "Residual rating"));
            Assert.Equal(residual.ValueKind == JsonValueKind.Null ? "" : residual.GetProperty("likelihood").GetInt32().ToString(CultureInfo.InvariantCulture),
                Cell(row, "Likelihood"));
            Assert.Equal(votes.Count.ToString(CultureInfo.InvariantCulture), Cell(row, "Committee votes"));
            Assert.Equal(votes, Cell(row, "Votes").Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.Equal(reviewers, Cell(row, "Reviewer decisions").Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.Equal(outcome.ToLowerInvariant(), Cell(row, "Outcome"));
            Assert.Equal(open.ToString(CultureInfo.InvariantCulture), Cell(row, "Open review findings"));
            Assert.Equal((claimed, verified, rating, unverified), (Cell(row, "Claimed score"), Cell(row, "Verified score"), Cell(row, "Rating"), Cell(row, "Unverified")));
            Assert.Equal(findings.Select(f => $"{f.Severity}: {f.Title} ({StatusLabel(f.Status)}, {f.Treatment.ToLowerInvariant()})"),
                Cell(row, "Review findings").Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.Equal(conditionLines, Cell(row, "Conditions").Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.Equal(acceptedLines, Cell(row, "Accepted risks").Split('\n', StringSplitOptions.RemoveEmptyEntries));
        }

        // Both findings exports: the reviewers' findings of the vendor's latest assessment, with status and treatment.
        foreach (var sheet in latest ? findingSheets : [])
        {
            Assert.Equal(ExportBuilder.FindingColumns, sheet[0]);
            var rows = sheet.Skip(1).Where(r => r[0] == vendor && r[10] == "Review").Select(r => (r[7], r[8], r[11], r[12])).ToList();
            Assert.Equal(findings.Select(f => (f.Severity, f.Title, StatusLabel(f.Status), f.Treatment)), rows);
        }
    }

    private static string StatusLabel(string status) => status switch
    {
        "RemediationProposed" => "Remediation proposed",
        "RiskAccepted" => "Risk accepted",
        _ => status,
    };
}
