using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using VendorRisk.Domain.Contracts;
using VendorRisk.Domain.Findings;
using VendorRisk.Domain.Incidents;
using VendorRisk.Domain.Questionnaires;
using VendorRisk.Domain.Reassessments;
using VendorRisk.Domain.Tenancy;
using VendorRisk.IntegrationTests.Assessments;
using VendorRisk.IntegrationTests.Contracts;
using VendorRisk.IntegrationTests.Findings;
using VendorRisk.IntegrationTests.Infrastructure;
using VendorRisk.IntegrationTests.Reassessments;
using VendorRisk.IntegrationTests.Reviews;

namespace VendorRisk.IntegrationTests.Security;

/// <summary>
/// Issue 16, item 9, the rest of the sweep: due dates (assessments, findings, remediation targets, obligation corrections), the
/// accepted-until date of a risk acceptance, incident times, document dates of evidence and the number fields of the reassessment
/// policy and the decision gates. Each field gets the ends of the calendar, the day before the business range, yesterday where the
/// past is not allowed, the first day after the range, and values that are not dates or numbers at all. One world per field: every
/// refusal must carry a message, answer no 5xx and write nothing; the last value of a date field is the end of the range and must be
/// accepted; afterwards the pages that show the field still answer 200 (issue 16: one bad date once made a page answer 500 for good).
/// </summary>
public sealed partial class InputRangeSweepTests
{
    private const string Yesterday = "yesterday";
    private const string Tomorrow = "tomorrow";

    private enum Expect { Refuse, Accept }

    /// <summary>The values of a due date that may not lie in the past; the last one is accepted.</summary>
    private static readonly (string Value, Expect Expect)[] DueDates =
    [
        ("0001-01-01", Expect.Refuse), ("1899-12-31", Expect.Refuse), (Yesterday, Expect.Refuse), ("2201-01-01", Expect.Refuse),
        ("9999-12-31", Expect.Refuse), ("10000-01-01", Expect.Refuse), ("not-a-date", Expect.Refuse), ("2024-02-30", Expect.Refuse),
        ("2200-12-31", Expect.Accept),
    ];

    private DateOnly Today() => ContractsTestKit.Today(app);

    private string Resolve(string value) => value switch
    {
        Yesterday => Today().AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        Tomorrow => Today().AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        _ => value,
    };

    /// <summary>Sends every value, checks each answer and what was written, then checks that each of <paramref name="pages"/> answers 200.</summary>
    private async Task SweepAsync(string field, IEnumerable<(string Value, Expect Expect)> values, Func<string, Task<HttpResponseMessage>> send,
        Func<Task<int>> written, HttpClient reader, params string[] pages)
    {
        foreach (var (raw, expect) in values)
        {
            var value = Resolve(raw);
            var before = await written();
            var response = await send(value);
            var what = $"{field}={raw}";
            if (expect == Expect.Accept)
            {
                Assert.True(response.StatusCode == HttpStatusCode.Redirect,
                    $"{what} was not accepted: {(int)response.StatusCode} {string.Join(" | ", (await Forms.ParseAsync(response)).ValidationMessages())}");
                Assert.NotEqual(before, await written());
            }
            else
            {
                await AssertAnsweredAsync(response, mustRefuse: true, before, written, what);
            }
            foreach (var page in pages)
            {
                var shown = await reader.GetAsync(page);
                Assert.True(shown.StatusCode == HttpStatusCode.OK, $"after {what}, {page} answered {(int)shown.StatusCode}");
            }
        }
    }

    [Fact]
    public async Task Assessment_due_date_extremes()
    {
        var w = await app.WorldAsync();
        Task<int> Count() => app.InDbAsync(db => db.Assessments.CountAsync(), w.Tenant.Id);

        await SweepAsync("DueOn", DueDates.Append(("today", Expect.Refuse)).OrderBy(v => v.Item2),
            value =>
            {
                var fields = w.IssueFields("dana@vendor.example");
                fields["Input.DueOn"] = value == "today" ? Today().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : value;
                return w.Client.SubmitAsync(w.NewUrl(), fields);
            },
            Count, w.Client, $"/t/{w.Tenant.Slug}/vendors/details/{w.Vendor.Id}", $"/t/{w.Tenant.Slug}/assessments", $"/t/{w.Tenant.Slug}/reassessments");
    }

    [Fact]
    public async Task Finding_due_date_extremes()
    {
        var scene = await FindingsTestKit.SceneAsync(app);
        var reviewer = await FindingsTestKit.SignedInAsync(app, scene.Review.Reviewer.Email!);
        async Task<int> Count() => (await FindingsTestKit.FindingsAsync(app, scene)).Count;

        await SweepAsync("DueOn", DueDates, value => reviewer.SubmitAsync(scene.NewUrl, FindingsTestKit.Fields(title: "Sweep " + value, dueOn: value)),
            Count, reviewer, scene.ListUrl, $"/t/{scene.Slug}/assessments/details/{scene.AssessmentId}");
    }

    [Fact]
    public async Task Risk_acceptance_until_extremes()
    {
        var scene = await FindingsTestKit.SceneAsync(app);
        var reviewer = await FindingsTestKit.SignedInAsync(app, scene.Review.Reviewer.Email!);
        var finding = await FindingsTestKit.RaiseAsync(app, scene, reviewer, FindingsTestKit.Fields(severity: "medium"));
        var url = scene.DetailsUrl(finding.Id);
        async Task<int> Accepted() => (await FindingsTestKit.FindingsAsync(app, scene)).Count(f => f.Status == FindingStatus.RiskAccepted);
        // The end of the business range is beyond the longest acceptance (365 days): refused too; a date within it is accepted last.
        var values = DueDates.Select(v => (v.Value, Expect.Refuse)).Append(("in-90-days", Expect.Accept));

        await SweepAsync("AcceptedUntil", values, value => reviewer.SubmitAsync(url, new Dictionary<string, string>
            {
                ["Input.Action"] = "accept-risk", ["Input.Note"] = "VPN with client certificates in front of the admin console",
                ["Input.AcceptedUntil"] = value == "in-90-days" ? Today().AddDays(90).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : value,
            }),
            Accepted, reviewer, url, scene.ListUrl);
    }

    [Fact]
    public async Task Remediation_target_date_extremes()
    {
        var scene = await FindingsTestKit.SceneAsync(app);
        var reviewer = await FindingsTestKit.SignedInAsync(app, scene.Review.Reviewer.Email!);
        var finding = await FindingsTestKit.RaiseAsync(app, scene, reviewer);
        var contact = await FindingsTestKit.SignedInAsync(app, scene.Contact.Email!);
        async Task<int> Planned() => (await FindingsTestKit.FindingAsync(app, scene, finding.Id)).RemediationTargetOn is null ? 0 : 1;

        await SweepAsync("TargetOn", DueDates, value => contact.SubmitAsync(scene.PortalUrl,
                new Dictionary<string, string> { ["Input.Plan"] = "Roll out FIDO2 keys to all admins", ["Input.TargetOn"] = value },
                $"[data-finding-id='{finding.Id}'] form"),
            Planned, contact, scene.PortalUrl, "/portal");
        Assert.Equal(HttpStatusCode.OK, (await reviewer.GetAsync(scene.DetailsUrl(finding.Id))).StatusCode);
    }

    [Fact]
    public async Task Obligation_due_date_correction_extremes()
    {
        var w = await app.ContractWorldAsync();
        var (_, first) = await app.SeedObligationAsync(w.Tenant.Id, w.Contract, w.Manager.Id, Recurrence.Monthly, Today().AddDays(7), plan: "30, 7, 1");
        var client = await app.SignedInAsync(w.Manager);
        var url = $"{w.Base}/obligations/occurrence/{first.Id}";
        async Task<int> Revision() => (await app.OccurrenceAsync(first.Id)).DueRevision;

        await SweepAsync("Move.DueOn", DueDates, value => client.SubmitAsync(url,
                new Dictionary<string, string> { ["Move.DueOn"] = value, ["Move.Reason"] = "The first date was typed wrongly." }, "[data-testid=move]"),
            Revision, client, url, $"{w.Base}/obligations", $"{w.Base}/contracts/details/{w.Contract.Id}");
    }

    public static TheoryData<string> IncidentFields() => ["StartedAt", "DetectedAt"];

    [Theory]
    [MemberData(nameof(IncidentFields))]
    public async Task Incident_time_extremes(string field)
    {
        var w = await app.ReassessmentWorldAsync(ReassessmentMode.ProposeToOwner, RiskTier.High);
        var contact = w.Vendors[RiskTier.High].Contact;
        var membershipId = await app.InDbAsync(db => db.Memberships.Where(m => m.UserId == contact.Id).Select(m => m.Id).SingleAsync(), w.Tenant.Id);
        var portal = app.CreateBrowserClient();
        await portal.SignInAsync(contact.Email!);
        var url = $"/t/{w.Tenant.Slug}/portal/report-incident/{membershipId}";
        var anHourAgo = app.Clock.GetUtcNow().AddHours(-1).UtcDateTime.ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture);
        var tomorrow = app.Clock.GetUtcNow().AddDays(1).UtcDateTime.ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture);
        (string, Expect)[] values =
        [
            ("0001-01-01T00:00", Expect.Refuse), ("1899-12-31T23:59", Expect.Refuse), (tomorrow, Expect.Refuse), ("9999-12-31T23:59", Expect.Refuse),
            ("10000-01-01T00:00", Expect.Refuse), ("not-a-time", Expect.Refuse), ("2024-02-30T10:00", Expect.Refuse),
            // The first moment of the range: started then, detected an hour ago (or the reverse order for detection: refused above).
            (field == "StartedAt" ? "1900-01-01T00:00" : anHourAgo, Expect.Accept),
        ];
        Task<int> Count() => app.InDbAsync(db => db.Incidents.CountAsync(), w.Tenant.Id);

        await SweepAsync(field, values, value =>
            {
                var fields = new Dictionary<string, string>
                {
                    ["Input.Type"] = nameof(IncidentType.HarmfulOrBiasedOutput), ["Input.Title"] = "Sweep", ["Input.StartedAt"] = "1900-01-01T00:00",
                    ["Input.DetectedAt"] = anHourAgo, ["Input.DataAffected"] = "Applicant scores", ["Input.ActionsTaken"] = "Model rolled back",
                };
                fields["Input." + field] = value;
                return portal.SubmitAsync(url, fields);
            },
            Count, portal, $"/t/{w.Tenant.Slug}/portal/incidents", "/portal");
        var owner = app.CreateBrowserClient();
        await owner.SignInAsync(w.Owner.Email!);
        var incident = await app.InDbAsync(db => db.Incidents.SingleAsync(), w.Tenant.Id);
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync($"/t/{w.Tenant.Slug}/incidents/details/{incident.Id}")).StatusCode);
    }

    public static TheoryData<string> DocumentFields() => ["DocumentDate", "ValidUntil"];

    [Theory]
    [MemberData(nameof(DocumentFields))]
    public async Task Vendor_document_date_extremes(string field)
    {
        var scene = await ReviewTestKit.SceneAsync(app);
        var manager = app.CreateBrowserClient();
        await manager.SignInAsync(scene.Requester.Email!);
        var url = $"/t/{scene.Tenant.Slug}/vendors/details/{scene.VendorId}";
        var pdf = "%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"u8.ToArray();
        Task<int> Count() => app.InDbAsync(db => db.EvidenceRecords.CountAsync(r => r.VendorId == scene.VendorId), scene.Tenant.Id);
        (string, Expect)[] values =
        [
            ("0001-01-01", Expect.Refuse), ("1899-12-31", Expect.Refuse), ("2201-01-01", Expect.Refuse), ("9999-12-31", Expect.Refuse),
            ("10000-01-01", Expect.Refuse), ("not-a-date", Expect.Refuse), ("2024-02-30", Expect.Refuse),
            // A document cannot be dated in the future; an expiry may lie anywhere up to the end of the range.
            .. field == "DocumentDate" ? new[] { (Tomorrow, Expect.Refuse), ("1900-01-01", Expect.Accept) } : [("2200-12-31", Expect.Accept)],
        ];

        await SweepAsync(field, values, value =>
            {
                var fields = new Dictionary<string, string>
                {
                    ["NewDocument.Kind"] = "iso27001-certificate", ["NewDocument.DocumentDate"] = "1900-01-01", ["NewDocument.ValidUntil"] = "",
                    ["NewDocument.Issuer"] = "BSI Group", ["NewDocument.Scope"] = "Hosted platform",
                };
                fields["NewDocument." + field] = value;
                return manager.UploadAsync(url, url + "?handler=Upload", "certificate.pdf", pdf, fields);
            },
            Count, manager, url, $"/t/{scene.Tenant.Slug}/vendors");
    }

    private static readonly string[] NumberExtremes = ["-2147483649", "-1", "2147483647", "2147483648", "99999999999999999999", "1e309", "NaN", "1.5"];

    public static TheoryData<string> PolicyNumberFields() =>
        ["CriticalMonths", "HighMonths", "MediumMonths", "LowMonths", "LeadTimeDays", "IncidentNotificationHours"];

    [Theory]
    [MemberData(nameof(PolicyNumberFields))]
    public async Task Reassessment_policy_number_extremes(string field)
    {
        var tenant = await app.CreateTenantAsync();
        var admin = await app.CreateMemberAsync(tenant, TenantRoles.TenantAdmin);
        var client = app.CreateBrowserClient();
        await client.SignInAsync(admin.Email!);
        var url = $"/t/{tenant.Slug}/reassessments/policy";
        Task<int> Count() => app.InDbAsync(db => db.ReassessmentPolicies.CountAsync(), tenant.Id);
        // Months 1-120, lead time 0-365 days, notification window 1-2160 hours: the first value past each end is refused.
        var (low, high) = field switch { "LeadTimeDays" => ("-1", "366"), "IncidentNotificationHours" => ("0", "2161"), _ => ("0", "121") };
        var values = NumberExtremes.Append(low).Append(high).Select(v => (v, Expect.Refuse)).Append(("12", Expect.Accept));

        await SweepAsync(field, values, value =>
            {
                var fields = new Dictionary<string, string>
                {
                    ["Input.CriticalMonths"] = "6", ["Input.HighMonths"] = "12", ["Input.MediumMonths"] = "24", ["Input.LowMonths"] = "36",
                    ["Input.LeadTimeDays"] = "30", ["Input.Mode"] = "IssueAutomatically", ["Input.IncidentNotificationHours"] = "72",
                };
                fields["Input." + field] = value;
                return client.SubmitAsync(url, fields);
            },
            Count, client, url, $"/t/{tenant.Slug}/reassessments");
    }

    public static TheoryData<string> GateNumberFields() => ["MaxAcceptanceDays", "ConditionReminderDays"];

    [Theory]
    [MemberData(nameof(GateNumberFields))]
    public async Task Decision_gate_number_extremes(string field)
    {
        var tenant = await app.CreateTenantAsync();
        var admin = await app.CreateMemberAsync(tenant, TenantRoles.TenantAdmin);
        var client = app.CreateBrowserClient();
        await client.SignInAsync(admin.Email!);
        var url = $"/t/{tenant.Slug}/admin/decision-gates";
        Task<int> Count() => app.InDbAsync(db => db.DecisionGatePolicies.CountAsync(), tenant.Id);
        var (low, high) = field == "MaxAcceptanceDays"
            ? ("0", (VendorRisk.Domain.Reviews.DecisionGatePolicy.MaxAcceptanceDaysLimit + 1).ToString(CultureInfo.InvariantCulture))
            : ("-1", (VendorRisk.Domain.Reviews.DecisionGatePolicy.MaxReminderDays + 1).ToString(CultureInfo.InvariantCulture));
        var values = NumberExtremes.Append(low).Append(high).Select(v => (v, Expect.Refuse)).Append(("30", Expect.Accept));

        await SweepAsync(field, values, value =>
            {
                var fields = new Dictionary<string, string>
                {
                    ["Input.BlockingSeverity"] = "High", ["Input.CriticalAcceptanceRoles"] = "TenantAdmin", ["Input.HighAcceptanceRoles"] = "TenantAdmin",
                    ["Input.MaxAcceptanceDays"] = "365", ["Input.ConditionReminderDays"] = "7",
                };
                fields["Input." + field] = value;
                return client.SubmitAsync(url, fields);
            },
            Count, client, url, $"/t/{tenant.Slug}/vendors");
    }
}
