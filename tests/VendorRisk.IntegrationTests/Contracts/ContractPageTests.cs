using System.Net;
using Microsoft.EntityFrameworkCore;
using VendorRisk.Domain.Contracts;
using VendorRisk.Application.Contracts;
using VendorRisk.IntegrationTests.Infrastructure;

namespace VendorRisk.IntegrationTests.Contracts;

public sealed class ContractPageTests(VendorRiskApp app) : IClassFixture<VendorRiskApp>
{
    private static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private static Dictionary<string, string> ContractFields(ContractWorld w, DateOnly start, DateOnly? end) => new()
    {
        ["Input.VendorId"] = w.VendorA.Id.ToString(),
        ["Input.Title"] = "Data processing agreement",
        ["Input.Reference"] = "DPA-7",
        ["Input.StartsOn"] = Day(start),
        ["Input.EndsOn"] = end is { } e ? Day(e) : "",
        ["Input.NoticePeriodDays"] = "60",
        ["Input.Value"] = "2500.50",
        ["Input.Currency"] = "eur",
        ["Input.OwnerUserId"] = w.Manager.Id.ToString(),
    };

    private static Dictionary<string, string> ObligationFields(ContractWorld w, string recurrence = "Yearly", string hours = "72", string plan = "30, 7, 1",
        DateOnly? firstDue = null) => new()
    {
        ["Input.Title"] = "Incident notification",
        ["Input.ClauseReference"] = "14.2",
        ["Input.OwnerUserId"] = w.Manager.Id.ToString(),
        ["Input.Recurrence"] = recurrence,
        ["Input.FirstDueOn"] = Day(firstDue ?? DateOnly.FromDateTime(DateTime.UtcNow).AddDays(60)),
        ["Input.ReminderPlan"] = plan,
        ["Input.NotificationHours"] = hours,
        ["Input.NeedsVendorEvidence"] = "true",
    };

    [Fact]
    public async Task A_manager_creates_a_contract_and_adds_an_obligation_from_the_catalogue_whose_first_occurrence_is_scheduled()
    {
        var w = await app.ContractWorldAsync();
        var client = await app.SignedInAsync(w.Manager);
        var today = app.Today();

        var created = await client.SubmitAsync($"{w.Base}/contracts/edit?vendorId={w.VendorA.Id}", ContractFields(w, today, today.AddYears(2)));
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var contract = await app.InDbAsync(db => db.Set<Contract>().SingleAsync(c => c.Title == "Data processing agreement"), w.Tenant.Id);
        Assert.Equal($"{w.Base}/contracts/details/{contract.Id}", created.Headers.Location!.OriginalString);
        Assert.Equal(("EUR", 2500.50m, today.AddYears(2).AddDays(-60)), (contract.Currency, contract.Value!.Value, contract.NoticeDeadline!.Value));

        var details = await client.GetDocumentAsync($"{w.Base}/contracts/details/{contract.Id}");
        Assert.Contains("give notice by", details.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(details.QuerySelector("select#type option[value='incident-notification']"));

        var form = await client.GetDocumentAsync($"{w.Base}/obligations/edit?contractId={contract.Id}&type=incident-notification");
        Assert.Equal("72", form.QuerySelector("#Input_NotificationHours")!.GetAttribute("value"));
        var added = await client.SubmitAsync(form, $"{w.Base}/obligations/edit?contractId={contract.Id}&type=incident-notification",
            ObligationFields(w, firstDue: today.AddDays(60)));
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);

        var obligation = await app.InDbAsync(db => db.Set<Obligation>().SingleAsync(o => o.ContractId == contract.Id), w.Tenant.Id);
        Assert.Equal(("incident-notification", 72, "30,7,1", Recurrence.Yearly, w.VendorA.Id),
            (obligation.TypeKey, obligation.NotificationHours!.Value, obligation.ReminderPlan, obligation.Recurrence, obligation.VendorId));
        var first = Assert.Single(await app.OccurrencesAsync(obligation.Id));
        Assert.Equal((1, today.AddDays(60), OccurrenceStatus.Open), (first.Sequence, first.DueOn, first.Status));
        var actions = await app.InDbAsync(db => db.AuditEvents.Select(e => e.Action).ToListAsync(), w.Tenant.Id);
        Assert.Contains("contract.created", actions);
        Assert.Contains(ObligationLifecycle.ActionCreated, actions);
    }

    [Fact]
    public async Task A_contract_that_ends_before_it_starts_or_has_a_negative_value_is_refused_with_messages_and_nothing_is_saved()
    {
        var w = await app.ContractWorldAsync();
        var client = await app.SignedInAsync(w.Manager);
        var before = await app.SnapshotAsync();
        var today = app.Today();

        var fields = ContractFields(w, today, today.AddDays(-1));
        fields["Input.Value"] = "-5";
        fields["Input.Currency"] = "EURO";
        var response = await client.SubmitAsync($"{w.Base}/contracts/edit?vendorId={w.VendorA.Id}", fields);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await Forms.ParseAsync(response);
        Assert.Equal("The end date must be after the start date.", page.FieldError("Input.EndsOn"));
        Assert.Equal("The value cannot be negative.", page.FieldError("Input.Value"));
        Assert.Equal("Use the three-letter currency code, such as EUR or USD.", page.FieldError("Input.Currency"));
        Assert.Equal("Data processing agreement", page.QuerySelector("#Input_Title")!.GetAttribute("value"));
        Assert.Equal(before, await app.SnapshotAsync());
    }

    [Fact]
    public async Task An_obligation_with_an_unknown_recurrence_negative_hours_or_a_bad_reminder_plan_is_refused_with_field_messages()
    {
        var w = await app.ContractWorldAsync();
        var client = await app.SignedInAsync(w.Manager);
        var url = $"{w.Base}/obligations/edit?contractId={w.Contract.Id}&type=incident-notification";
        var before = await app.SnapshotAsync();

        var response = await client.SubmitAsync(url, ObligationFields(w, recurrence: "Fortnightly", hours: "-4", plan: "30, soon"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await Forms.ParseAsync(response);
        Assert.Equal(RecurrenceText.Choices, page.FieldError("Input.Recurrence"));
        Assert.Equal("The notification period cannot be negative.", page.FieldError("Input.NotificationHours"));
        Assert.Equal(Obligation.ReminderPlanMessage, page.FieldError("Input.ReminderPlan"));
        Assert.Equal(before, await app.SnapshotAsync());

        // A number is not a recurrence either, even one the enum would accept.
        var numeric = await client.SubmitAsync(url, ObligationFields(w, recurrence: "2"));
        Assert.Equal(RecurrenceText.Choices, (await Forms.ParseAsync(numeric)).FieldError("Input.Recurrence"));
        Assert.Equal(before, await app.SnapshotAsync());
    }

    [Fact]
    public async Task Meeting_an_occurrence_with_a_note_closes_it_schedules_the_next_and_is_audited()
    {
        var w = await app.ContractWorldAsync();
        var (obligation, first) = await app.SeedObligationAsync(w.Tenant.Id, w.Contract, w.Manager.Id, Recurrence.Monthly, new DateOnly(2030, 1, 31));
        var client = await app.SignedInAsync(w.Manager);
        var url = $"{w.Base}/obligations/occurrence/{first.Id}";

        var empty = await client.SubmitAsync(url, new Dictionary<string, string> { ["Meet.Note"] = " " }, "form[data-testid=meet-note]");
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Equal("Write a note that says how the obligation was met, or upload evidence.", (await Forms.ParseAsync(empty)).FieldError("Meet.Note"));
        Assert.Single(await app.OccurrencesAsync(obligation.Id));

        var met = await client.SubmitAsync(url, new Dictionary<string, string> { ["Meet.Note"] = "Report received by e-mail; filed as DOC-1." },
            "form[data-testid=meet-note]");

        Assert.Equal(HttpStatusCode.Redirect, met.StatusCode);
        var occurrences = await app.OccurrencesAsync(obligation.Id);
        Assert.Equal(2, occurrences.Count);
        Assert.Equal((OccurrenceStatus.Met, "Report received by e-mail; filed as DOC-1.", w.Manager.Id),
            (occurrences[0].Status, occurrences[0].Note, occurrences[0].ClosedByUserId!.Value));
        // The 31st, in February: the month's last day.
        Assert.Equal((2, new DateOnly(2030, 2, 28), OccurrenceStatus.Open), (occurrences[1].Sequence, occurrences[1].DueOn, occurrences[1].Status));
        Assert.Equal($"{w.Base}/obligations/occurrence/{occurrences[1].Id}", met.Headers.Location!.OriginalString);
        var actions = await app.InDbAsync(db => db.AuditEvents.Where(e => e.EntityId == first.Id.ToString() || e.EntityId == occurrences[1].Id.ToString())
            .Select(e => e.Action).ToListAsync(), w.Tenant.Id);
        Assert.Equal([ObligationLifecycle.ActionMet, ObligationLifecycle.ActionScheduled], actions.Order());

        // Meeting it again is refused: it is closed.
        var again = await client.PostWithTokenAsync(url, url + "?handler=Meet", new Dictionary<string, string> { ["Meet.Note"] = "Again" });
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.Contains("This occurrence was already met.", (await Forms.ParseAsync(again)).ValidationMessages());
        Assert.Equal(2, (await app.OccurrencesAsync(obligation.Id)).Count);
    }

    [Fact]
    public async Task Evidence_of_a_disallowed_type_is_refused_and_accepted_evidence_meets_the_occurrence_and_downloads_as_an_attachment()
    {
        var w = await app.ContractWorldAsync();
        var (obligation, first) = await app.SeedObligationAsync(w.Tenant.Id, w.Contract, w.Manager.Id, Recurrence.Yearly, app.Today().AddDays(20));
        var client = await app.SignedInAsync(w.Manager);
        var page = $"{w.Base}/obligations/occurrence/{first.Id}";
        var before = await app.SnapshotAsync();

        var refused = await client.UploadAsync(page, page + "?handler=Upload", "pentest.pdf", ContractsTestKit.Executable);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("An executable renamed .pdf is not a PDF.", (await Forms.ParseAsync(refused)).FieldError("file"));
        var wrongKind = await client.UploadAsync(page, page + "?handler=Upload", "pentest.html", "<html></html>"u8.ToArray());
        Assert.Equal("Only PDF, Word, Excel, CSV, text, PNG and JPEG files are accepted.", (await Forms.ParseAsync(wrongKind)).FieldError("file"));
        Assert.Equal(before, await app.SnapshotAsync());

        var accepted = await client.UploadAsync(page, page + "?handler=Upload", "pentest-2026.pdf", ContractsTestKit.Pdf,
            new Dictionary<string, string> { ["Meet.Note"] = "Independent test by Example Labs" });
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        var closed = await app.OccurrenceAsync(first.Id);
        Assert.Equal(OccurrenceStatus.Met, closed.Status);
        Assert.NotNull(closed.EvidenceFileId);
        Assert.Equal(2, (await app.OccurrencesAsync(obligation.Id)).Count);

        var download = await client.GetAsync($"{w.Base}/contracts/file/{closed.EvidenceFileId}");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal(ContractsTestKit.Pdf, await download.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Waiving_needs_a_reason_and_a_waived_one_off_obligation_schedules_nothing()
    {
        var w = await app.ContractWorldAsync();
        var (obligation, first) = await app.SeedObligationAsync(w.Tenant.Id, w.Contract, w.Manager.Id, Recurrence.OneOff, app.Today().AddDays(5),
            type: "data-deletion-at-termination", title: "Data deletion");
        var client = await app.SignedInAsync(w.Admin);
        var url = $"{w.Base}/obligations/occurrence/{first.Id}";

        var tooShort = await client.SubmitAsync(url, new Dictionary<string, string> { ["Waive.Reason"] = "no" }, "form[data-testid=waive]");
        Assert.Equal(HttpStatusCode.BadRequest, tooShort.StatusCode);
        Assert.Equal("Give the reason for the waiver in 10 to 2000 characters.", (await Forms.ParseAsync(tooShort)).FieldError("Waive.Reason"));
        Assert.Equal(OccurrenceStatus.Open, (await app.OccurrenceAsync(first.Id)).Status);

        var waived = await client.SubmitAsync(url, new Dictionary<string, string> { ["Waive.Reason"] = "The contract was extended; no deletion yet." },
            "form[data-testid=waive]");
        Assert.Equal(HttpStatusCode.Redirect, waived.StatusCode);
        var occurrence = Assert.Single(await app.OccurrencesAsync(obligation.Id));
        Assert.Equal((OccurrenceStatus.Waived, "The contract was extended; no deletion yet."), (occurrence.Status, occurrence.Note));
        var shown = await client.GetDocumentAsync(url);
        Assert.Equal("Waived", shown.QuerySelector("[data-testid=occurrence-status]")!.TextContent.Trim());
        Assert.Null(shown.QuerySelector("form[data-testid=waive]"));
    }

    [Fact]
    public async Task The_deadlines_list_and_month_calendar_show_open_occurrences_and_overdue_ones_are_marked()
    {
        var w = await app.ContractWorldAsync();
        var today = app.Today();
        var (_, soon) = await app.SeedObligationAsync(w.Tenant.Id, w.Contract, w.Manager.Id, Recurrence.Yearly, today.AddDays(3), title: "Soon due");
        var (_, late) = await app.SeedObligationAsync(w.Tenant.Id, w.Contract, w.Admin.Id, Recurrence.Yearly, today.AddDays(-2), title: "Already late");
        var (_, far) = await app.SeedObligationAsync(w.Tenant.Id, w.Contract, w.Manager.Id, Recurrence.Yearly, today.AddDays(200), title: "Far away");
        var client = await app.SignedInAsync(w.Manager);

        var list = await client.GetDocumentAsync($"{w.Base}/obligations");
        var rows = list.QuerySelectorAll("[data-testid=deadlines] tbody tr").Select(r => r.GetAttribute("data-occurrence-id")).ToList();
        Assert.Equal([late.Id.ToString(), soon.Id.ToString()], rows);
        Assert.Contains("Overdue", list.QuerySelector($"tr[data-occurrence-id='{late.Id}']")!.TextContent, StringComparison.Ordinal);

        var mine = await client.GetDocumentAsync($"{w.Base}/obligations?mine=true");
        Assert.Equal([soon.Id.ToString()], mine.QuerySelectorAll("[data-testid=deadlines] tbody tr").Select(r => r.GetAttribute("data-occurrence-id")));

        var month = today.AddDays(200);
        var calendar = await client.GetDocumentAsync($"{w.Base}/obligations?view=calendar&month={month:yyyy-MM}");
        var table = calendar.QuerySelector("table[data-testid=calendar]")!;
        Assert.Equal(7, table.QuerySelectorAll("thead th[scope=col]").Length);
        Assert.NotNull(table.QuerySelector("caption"));
        var cell = table.QuerySelector($"td[data-date='{Day(month)}']")!;
        Assert.Contains("Far away", cell.TextContent, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"{w.Base}/obligations?view=calendar&month=2026-13")).StatusCode);
    }

    [Fact]
    public async Task A_tenant_obligation_type_added_to_the_catalogue_is_offered_for_new_obligations_until_retired()
    {
        var w = await app.ContractWorldAsync();
        var client = await app.SignedInAsync(w.Manager);
        var url = $"{w.Base}/obligations/catalogue";

        var bad = await client.SubmitAsync(url, new Dictionary<string, string> { ["Input.Name"] = "Model card update", ["Input.DefaultRecurrence"] = "Weekly" },
            "form[data-testid=type-form]");
        Assert.Equal(RecurrenceText.Choices, (await Forms.ParseAsync(bad)).FieldError("Input.DefaultRecurrence"));

        var added = await client.SubmitAsync(url, new Dictionary<string, string>
        {
            ["Input.Name"] = "Model card update", ["Input.DefaultRecurrence"] = "Quarterly", ["Input.NeedsVendorEvidence"] = "true",
        }, "form[data-testid=type-form]");
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        var type = await app.InDbAsync(db => db.Set<ObligationType>().SingleAsync(), w.Tenant.Id);
        Assert.StartsWith(ObligationType.KeyPrefix, type.Key, StringComparison.Ordinal);

        var details = await client.GetDocumentAsync($"{w.Base}/contracts/details/{w.Contract.Id}");
        Assert.NotNull(details.QuerySelector($"select#type option[value='{type.Key}']"));
        var form = await client.GetDocumentAsync($"{w.Base}/obligations/edit?contractId={w.Contract.Id}&type={type.Key}");
        Assert.Equal("Model card update", form.QuerySelector("#Input_Title")!.GetAttribute("value"));
        Assert.NotNull(form.QuerySelector("option[value=Quarterly][selected]"));

        var retired = await client.PostWithTokenAsync(url, $"{url}?handler=Retire&id={type.Id}", new Dictionary<string, string> { ["restore"] = "false" });
        Assert.Equal(HttpStatusCode.Redirect, retired.StatusCode);
        details = await client.GetDocumentAsync($"{w.Base}/contracts/details/{w.Contract.Id}");
        Assert.Null(details.QuerySelector($"select#type option[value='{type.Key}']"));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"{w.Base}/obligations/edit?contractId={w.Contract.Id}&type={type.Key}")).StatusCode);
    }

    [Fact]
    public async Task The_vendor_page_links_to_its_contracts_and_the_list_shows_the_next_due_date()
    {
        var w = await app.ContractWorldAsync();
        await app.SeedObligationAsync(w.Tenant.Id, w.Contract, w.Manager.Id, Recurrence.Yearly, app.Today().AddDays(12));
        var client = await app.SignedInAsync(w.Manager);

        var vendor = await client.GetDocumentAsync($"{w.Base}/vendors/details/{w.VendorA.Id}");
        Assert.Equal($"/t/{w.Slug}/contracts?vendorId={w.VendorA.Id}", vendor.QuerySelector("[data-testid=vendor-contracts]")!.GetAttribute("href"));
        var list = await client.GetDocumentAsync($"/t/{w.Slug}/contracts?vendorId={w.VendorA.Id}");
        var row = list.QuerySelector($"tr[data-contract-id='{w.Contract.Id}']")!;
        Assert.Contains(Day(app.Today().AddDays(12)), row.TextContent, StringComparison.Ordinal);
        var other = await client.GetDocumentAsync($"/t/{w.Slug}/contracts?vendorId={w.VendorB.Id}");
        Assert.Null(other.QuerySelector("tr[data-contract-id]"));
    }
}
