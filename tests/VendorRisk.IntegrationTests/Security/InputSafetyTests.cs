using System.Net;
using Microsoft.EntityFrameworkCore;
using VendorRisk.Domain.Contracts;
using VendorRisk.Domain.Reassessments;
using VendorRisk.Domain.Questionnaires;
using VendorRisk.Domain.Tenancy;
using VendorRisk.Domain.Vendors;
using VendorRisk.Infrastructure.Exports;
using VendorRisk.IntegrationTests.Contracts;
using VendorRisk.IntegrationTests.Infrastructure;
using VendorRisk.IntegrationTests.Reassessments;

namespace VendorRisk.IntegrationTests.Security;

/// <summary>
/// Issue 16: V10 (a tab in <c>returnUrl</c> answered 500), V9 (a formula after a semicolon ran in a semicolon-locale spreadsheet)
/// and the bad-input sweep's dates whose arithmetic overflowed and made pages answer 500 on every visit.
/// </summary>
public sealed class InputSafetyTests(VendorRiskApp app) : IClassFixture<VendorRiskApp>
{
    private static readonly char[] Separators = [',', ';'];

    private static readonly string[] HostileReturnUrls =
        ["/%09/evil.example", "/%0a/evil.example", "/%0d%0a/evil.example", "/%5c%09evil.example", "%09//evil.example", "/ /evil.example"];

    [Fact]
    public async Task A_return_url_with_a_control_character_sends_the_person_home_instead_of_failing()
    {
        var user = await app.CreateUserAsync(SecurityTestKit.NewEmail("return"));
        foreach (var returnUrl in HostileReturnUrls)
        {
            var client = app.CreateBrowserClient();
            var form = await client.GetDocumentAsync($"/account/login?returnUrl={returnUrl}");

            var response = await client.SubmitAsync(form, $"/account/login?returnUrl={returnUrl}", new Dictionary<string, string>
            {
                ["Input.Email"] = user.Email!, ["Input.Password"] = VendorRiskApp.Password,
            });

            // Before the fix: 500 (LocalRedirect threw on "/\t/evil.example").
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal("/tenants", response.Headers.Location!.OriginalString);
        }
    }

    [Theory]
    [InlineData("Acme;=1+1")]
    [InlineData("Acme;+SUM(1,2)")]
    [InlineData("Acme;@cmd")]
    public void A_formula_after_any_separator_stays_inside_one_quoted_cell(string value)
    {
        var cell = SpreadsheetSafe.CsvCell(value);

        // Before the fix "Acme;=1+1" was written bare: a semicolon-locale spreadsheet split it and ran "=1+1".
        Assert.StartsWith("\"", cell, StringComparison.Ordinal);
        foreach (var separator in Separators)
            Assert.All(SplitCsv(cell, separator), field => Assert.DoesNotMatch("^[=+\\-@\t\r]", field));
        Assert.Equal("'=1+1", SpreadsheetSafe.CsvCell("=1+1"));
    }

    [Fact]
    public async Task The_vendor_csv_export_quotes_a_formula_after_a_semicolon()
    {
        var tenant = await app.CreateTenantAsync();
        var manager = await app.CreateMemberAsync(tenant, TenantRoles.VendorManager);
        await app.Scenario.VendorAsync(tenant.Id, "Acme;=1+1");
        var client = app.CreateBrowserClient();
        await client.SignInAsync(manager.Email!);

        var response = await client.SubmitAsync($"/t/{tenant.Slug}/exports", new Dictionary<string, string> { ["Input.Kind"] = "Vendors", ["Input.Format"] = "Csv" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var csv = await response.Content.ReadAsStringAsync();
        Assert.Contains("\"Acme;=1+1\"", csv, StringComparison.Ordinal);
        foreach (var line in csv.Split("\r\n"))
            Assert.All(SplitCsv(line, ';'), field => Assert.DoesNotMatch("^[=+@]", field));
    }

    [Fact]
    public async Task Contracts_stored_at_the_ends_of_the_calendar_still_show_and_the_form_refuses_such_dates()
    {
        var w = await app.ContractWorldAsync();
        var early = await StoredContractAsync(w, new DateOnly(1, 1, 1), new DateOnly(1, 1, 5), notice: 10, renewal: null);
        var late = await StoredContractAsync(w, new DateOnly(9999, 12, 1), new DateOnly(9999, 12, 31), notice: 10, renewal: 1);
        var client = await app.SignedInAsync(w.Manager);

        // Before the fix both pages answered 500 on every visit (AddDays/AddMonths overflowed).
        foreach (var id in new[] { early, late })
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"{w.Base}/contracts/details/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"{w.Base}/contracts")).StatusCode);

        var before = await app.CountAllAsync<Contract>();
        var refused = await client.SubmitAsync($"{w.Base}/contracts/edit?vendorId={w.VendorA.Id}", new Dictionary<string, string>
        {
            ["Input.VendorId"] = w.VendorA.Id.ToString(), ["Input.Title"] = "Ancient agreement", ["Input.StartsOn"] = "0001-01-01",
            ["Input.EndsOn"] = "0001-01-05", ["Input.NoticePeriodDays"] = "10", ["Input.OwnerUserId"] = w.Manager.Id.ToString(),
        });
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("between 1900-01-01 and 2200-12-31", string.Join(" ", (await Forms.ParseAsync(refused)).ValidationMessages()), StringComparison.Ordinal);
        Assert.Equal(before, await app.CountAllAsync<Contract>());
    }

    [Fact]
    public async Task Meeting_a_monthly_obligation_due_in_the_last_month_of_the_calendar_closes_it_without_a_successor()
    {
        var w = await app.ContractWorldAsync();
        var (obligation, first) = await app.SeedObligationAsync(w.Tenant.Id, w.Contract, w.Manager.Id, Recurrence.Monthly, DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime).AddDays(10));
        await app.InDbAsync(async db =>
        {
            var o = await db.Set<Obligation>().SingleAsync(x => x.Id == obligation.Id);
            db.Entry(o).Property(x => x.FirstDueOn).CurrentValue = new DateOnly(9999, 12, 15);
            var occurrence = await db.Set<ObligationOccurrence>().SingleAsync(x => x.Id == first.Id);
            db.Entry(occurrence).Property(x => x.DueOn).CurrentValue = new DateOnly(9999, 12, 15);
            return await db.SaveChangesAsync();
        }, w.Tenant.Id);

        // Before the fix: ArgumentOutOfRangeException from AddMonths (500 on "Meet").
        await app.MeetAsync(w.Tenant.Id, first.Id, w.Manager.Id);

        Assert.Single(await app.OccurrencesAsync(obligation.Id));
        Assert.Throws<Domain.Common.DomainException>(() => Obligation.Create(w.Contract.Id, w.VendorA.Id, "pen-test-report", new DateOnly(9999, 12, 15),
            new ObligationTerms("Report", null, w.Manager.Id, Recurrence.Monthly, "30", false, null), app.Clock.GetUtcNow()));
    }

    [Fact]
    public async Task A_committee_condition_due_at_the_start_of_the_calendar_does_not_break_the_reassessments_page()
    {
        var w = await app.ReassessmentWorldAsync(ReassessmentMode.ProposeToOwner, RiskTier.Medium);
        await app.DecidedAssessmentAsync(w, w.Vendors[RiskTier.Medium], acceptanceExpiresOn: new DateOnly(1, 1, 1));
        var client = app.CreateBrowserClient();
        await client.SignInAsync(w.Owner.Email!);

        // Before the fix: 500 (the lead time was subtracted from 0001-01-01), with no page able to repair it.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/t/{w.Tenant.Slug}/reassessments")).StatusCode);
        await app.RunReassessmentsAsync();
    }

    private Task<Guid> StoredContractAsync(ContractWorld w, DateOnly start, DateOnly end, int notice, int? renewal) =>
        app.InDbAsync(async db =>
        {
            // Stored before the range check existed: written past the entity's rules, as old rows are.
            var contract = Contract.Create(w.VendorA.Id, new ContractTerms("Edge " + Guid.NewGuid().ToString("N")[..6], null, new DateOnly(2020, 1, 1),
                new DateOnly(2021, 1, 1), renewal, notice, null, null), w.Manager.Id, app.Clock.GetUtcNow());
            db.Set<Contract>().Add(contract);
            db.Entry(contract).Property(c => c.StartsOn).CurrentValue = start;
            db.Entry(contract).Property(c => c.EndsOn).CurrentValue = end;
            await db.SaveChangesAsync();
            return contract.Id;
        }, w.Tenant.Id);

    /// <summary>The fields a spreadsheet splitting on <paramref name="separator"/> sees (RFC 4180 quotes honoured).</summary>
    private static List<string> SplitCsv(string line, char separator)
    {
        var fields = new List<string>();
        var field = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else field.Append(c);
            }
            else if (c == '"' && field.Length == 0) quoted = true;
            else if (c == separator) { fields.Add(field.ToString()); field.Clear(); }
            else field.Append(c);
        }
        fields.Add(field.ToString());
        return fields;
    }
}
