using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using VendorRisk.Domain.Api;
using VendorRisk.Domain.Contracts;
using VendorRisk.Domain.Tenancy;
using VendorRisk.IntegrationTests.Api;
using VendorRisk.IntegrationTests.Contracts;
using VendorRisk.IntegrationTests.Infrastructure;

namespace VendorRisk.IntegrationTests.Security;

/// <summary>
/// Issue 16, item 9: the extremes of every date and number field of the contract, obligation and token forms, the audit filter and
/// the API's query parameters, sent through the real pages and API. Each answer is a success or a refusal with a message (a form
/// shown again with its messages, or a 4xx problem), never a 5xx, and a refusal writes nothing.
/// </summary>
public sealed partial class InputRangeSweepTests(VendorRiskApp app) : IClassFixture<VendorRiskApp>
{
    /// <summary>Out of every sensible range: must be refused.</summary>
    private static readonly string[] BadDates = ["0001-01-01", "1899-12-31", "2201-01-01", "9999-12-31", "10000-01-01", "not-a-date", "2024-02-30"];
    /// <summary>At the edges of the business range: accepted or refused with a message, depending on the field's meaning.</summary>
    private static readonly string[] EdgeDates = ["1900-01-01", "2200-12-31"];
    private static readonly string[] BadNumbers = ["-2147483649", "2147483648", "99999999999999999999999999999999", "1e309", "NaN", "-1"];
    private static readonly string[] EdgeNumbers = ["0", "2147483647"];

    public static TheoryData<string, string, bool> ContractCases()
    {
        var data = new TheoryData<string, string, bool>();
        foreach (var field in new[] { "StartsOn", "EndsOn" })
        {
            foreach (var value in BadDates) data.Add(field, value, true);
            foreach (var value in EdgeDates) data.Add(field, value, false);
        }
        foreach (var field in new[] { "NoticePeriodDays", "RenewalPeriodMonths", "Value" })
        {
            // The value is a decimal amount: 2147483648 is an amount like any other.
            foreach (var value in BadNumbers) data.Add(field, value, !(field == "Value" && value == "2147483648"));
            foreach (var value in EdgeNumbers) data.Add(field, value, false);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(ContractCases))]
    public async Task Contract_form_extremes(string field, string value, bool mustRefuse)
    {
        var w = await app.ContractWorldAsync();
        var client = await app.SignedInAsync(w.Manager);
        var fields = new Dictionary<string, string>
        {
            ["Input.VendorId"] = w.VendorA.Id.ToString(), ["Input.Title"] = "Sweep " + field, ["Input.StartsOn"] = "2026-01-01",
            ["Input.EndsOn"] = "2027-12-31", ["Input.RenewalPeriodMonths"] = "12", ["Input.NoticePeriodDays"] = "60", ["Input.Value"] = "1000",
            ["Input.Currency"] = "EUR", ["Input.OwnerUserId"] = w.Manager.Id.ToString(),
        };
        fields["Input." + field] = value;
        var before = await app.CountAllAsync<Contract>();

        var response = await client.SubmitAsync($"{w.Base}/contracts/edit?vendorId={w.VendorA.Id}", fields);

        await AssertAnsweredAsync(response, mustRefuse, before, () => app.CountAllAsync<Contract>(), $"{field}={value}");
        if (response.StatusCode == HttpStatusCode.Redirect)
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"{w.Base}/contracts")).StatusCode);
    }

    public static TheoryData<string, string, bool> ObligationCases()
    {
        var data = new TheoryData<string, string, bool>();
        foreach (var value in BadDates) data.Add("FirstDueOn", value, true);
        data.Add("FirstDueOn", "2200-12-31", false);
        foreach (var value in BadNumbers) data.Add("NotificationHours", value, true);
        data.Add("NotificationHours", "2147483647", false);
        return data;
    }

    [Theory]
    [MemberData(nameof(ObligationCases))]
    public async Task Obligation_form_extremes(string field, string value, bool mustRefuse)
    {
        var w = await app.ContractWorldAsync();
        var client = await app.SignedInAsync(w.Manager);
        var fields = new Dictionary<string, string>
        {
            ["Input.Title"] = "Incident notification", ["Input.OwnerUserId"] = w.Manager.Id.ToString(), ["Input.Recurrence"] = "Monthly",
            ["Input.FirstDueOn"] = app.Today().AddDays(30).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), ["Input.ReminderPlan"] = "30, 7, 1",
            ["Input.NotificationHours"] = "72",
        };
        fields["Input." + field] = value;
        var before = await app.CountAllAsync<Obligation>();

        var response = await client.SubmitAsync($"{w.Base}/obligations/edit?contractId={w.Contract.Id}&type=incident-notification", fields);

        await AssertAnsweredAsync(response, mustRefuse, before, () => app.CountAllAsync<Obligation>(), $"{field}={value}");
        if (response.StatusCode == HttpStatusCode.Redirect)
        {
            // The obligation's pages still work at the end of the range, and so does "Meet" (issue 16: 500 at 9999-12-15).
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"{w.Base}/contracts/details/{w.Contract.Id}")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"{w.Base}/obligations")).StatusCode);
        }
    }

    [Theory]
    [InlineData("0001-01-01")]
    [InlineData("1899-12-31")]
    [InlineData("9999-12-31")]
    [InlineData("10000-01-01")]
    [InlineData("not-a-date")]
    public async Task Token_expiry_extremes(string value)
    {
        var tenant = await app.CreateTenantAsync();
        var member = await app.CreateMemberAsync(tenant, TenantRoles.VendorManager);
        var client = app.CreateBrowserClient();
        await client.SignInAsync(member.Email!);

        var response = await client.SubmitAsync($"/t/{tenant.Slug}/tokens/create", new Dictionary<string, string>
        {
            ["Input.Name"] = "Sweep", ["Input.Scope"] = "Read", ["Input.ExpiresOn"] = value,
        });

        await AssertAnsweredAsync(response, mustRefuse: true, 0, () => app.InDbAsync(db => db.PersonalAccessTokens.CountAsync(), tenant.Id), value);
    }

    [Theory]
    [InlineData("0001-01-01", "9999-12-31")]
    [InlineData("9999-12-31", "0001-01-01")]
    [InlineData("10000-01-01", "x")]
    [InlineData("2200-12-31", "2200-12-31")]
    public async Task Audit_filter_extremes(string from, string to)
    {
        var tenant = await app.CreateTenantAsync();
        var admin = await app.CreateMemberAsync(tenant, TenantRoles.TenantAdmin);
        var client = app.CreateBrowserClient();
        await client.SignInAsync(admin.Email!);

        var response = await client.GetAsync($"/t/{tenant.Slug}/audit?from={from}&to={to}");

        Assert.True((int)response.StatusCode < 500, $"audit {from}..{to} answered {(int)response.StatusCode}");
    }

    public static TheoryData<string> ApiQueries() =>
    [
        "/api/v1/obligations?dueFrom=0001-01-01&dueTo=9999-12-31",
        "/api/v1/obligations?dueFrom=9999-12-31",
        "/api/v1/obligations?dueTo=0001-01-01",
        "/api/v1/obligations?dueFrom=10000-01-01",
        "/api/v1/obligations?dueFrom=2024-02-30",
        "/api/v1/obligations?page=2147483647&pageSize=100",
        "/api/v1/obligations?page=2147483648",
        "/api/v1/obligations?page=0&pageSize=0",
        "/api/v1/obligations?pageSize=101",
        "/api/v1/vendors?page=2147483647&pageSize=100",
        "/api/v1/assessments?page=2147483647&pageSize=100",
        "/api/v1/decisions?page=2147483647&pageSize=100",
        "/api/v1/vendors?page=-1",
    ];

    [Theory]
    [MemberData(nameof(ApiQueries))]
    public async Task Api_query_extremes(string query)
    {
        var tenant = await app.CreateTenantAsync();
        var member = await app.CreateMemberAsync(tenant, TenantRoles.Auditor);
        var api = app.ApiClient(await app.TokenAsync(tenant, member, ApiTokenScope.Read));

        var response = await api.GetAsync(query);

        Assert.True((int)response.StatusCode < 500, $"{query} answered {(int)response.StatusCode}");
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{query} answered {(int)response.StatusCode}: {body}");
            Assert.True(body.Contains("\"errors\"", StringComparison.Ordinal) || body.Contains("\"detail\"", StringComparison.Ordinal), body);
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("ab")]
    [InlineData("x")]
    public async Task Api_vendor_writes_with_extreme_text_are_refused_with_a_problem(string repeat)
    {
        var tenant = await app.CreateTenantAsync();
        var member = await app.CreateMemberAsync(tenant, TenantRoles.VendorManager);
        var api = app.ApiClient(await app.TokenAsync(tenant, member, ApiTokenScope.ReadWrite));
        var before = await app.InDbAsync(db => db.Vendors.CountAsync(), tenant.Id);

        var name = repeat.Length == 0 ? "" : string.Concat(Enumerable.Repeat(repeat, 200_000));
        var response = await api.PostAsync("/api/v1/vendors", ApiTestKit.Json(new { legalName = name, criticality = "Critical" }));

        Assert.True((int)response.StatusCode is >= 400 and < 500, $"answered {(int)response.StatusCode}");
        Assert.Equal(before, await app.InDbAsync(db => db.Vendors.CountAsync(), tenant.Id));
    }

    private static async Task AssertAnsweredAsync(HttpResponseMessage response, bool mustRefuse, int before, Func<Task<int>> count, string what)
    {
        Assert.True((int)response.StatusCode < 500, $"{what} answered {(int)response.StatusCode}");
        if (response.StatusCode == HttpStatusCode.Redirect)
        {
            Assert.False(mustRefuse, $"{what} was accepted");
            return;
        }
        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.BadRequest, $"{what} answered {(int)response.StatusCode}");
        var page = await Forms.ParseAsync(response);
        // Field messages (most forms render them in [data-valmsg-for] spans; the document form in "-error" spans) and the summary.
        var messages = page.QuerySelectorAll("[data-valmsg-for], .validation-summary-errors li, .field-validation-error, main [id$='-error']")
            .Select(e => e.TextContent.Trim()).Where(t => t.Length > 0).ToList();
        Assert.True(messages.Count > 0, $"{what} was refused without a message: {page.Title} {page.QuerySelector("main")?.TextContent.Trim()[..Math.Min(600, page.QuerySelector("main")?.TextContent.Trim().Length ?? 0)]}");
        Assert.Equal(before, await count());
    }
}
