using System.Net;
using Microsoft.EntityFrameworkCore;
using VendorRisk.Domain.Api;
using VendorRisk.Domain.Questionnaires;
using VendorRisk.Domain.Questionnaires.Serialization;
using VendorRisk.Domain.Questionnaires.Versioning;
using VendorRisk.Domain.Tenancy;
using VendorRisk.IntegrationTests.Api;
using VendorRisk.IntegrationTests.Infrastructure;
using static VendorRisk.IntegrationTests.Portal.PortalTestKit;
using static VendorRisk.IntegrationTests.Templates.VsaqFixtures;

namespace VendorRisk.IntegrationTests.Templates;

/// <summary>
/// Issue 18, item 1, acceptance: a VSAQ file imported again with one inserted item differs from the first version by exactly that item,
/// and every answer a vendor gave on the first version carries over to the second, through the API, the portal and the assessment pages.
/// The portal shows the file's markup sanitised and its warning tip with the "why" prompt only where they apply.
/// </summary>
public sealed class VsaqReimportTests(VendorRiskApp app) : IClassFixture<VendorRiskApp>
{
    private sealed record World(Tenant Tenant, Domain.Vendors.Vendor Vendor, HttpClient Api, HttpClient Manager, VendorRisk.Infrastructure.Identity.AppUser Contact);

    private async Task<World> WorldAsync()
    {
        var tenant = await app.CreateTenantAsync();
        var manager = await app.CreateMemberAsync(tenant, TenantRoles.VendorManager);
        var vendor = await app.Scenario.VendorAsync(tenant.Id, "Supplier " + Guid.NewGuid().ToString("N")[..6]);
        var contact = await app.CreateMemberAsync(tenant, TenantRoles.VendorContact, vendorId: vendor.Id);
        var browser = app.CreateBrowserClient();
        await browser.SignInAsync(manager.Email!);
        return new World(tenant, vendor, app.ApiClient(await app.TokenAsync(tenant, manager, ApiTokenScope.ReadWrite)), browser, contact);
    }

    private static async Task<(Guid Id, QuestionnaireDefinition Definition)> ImportAndPublishAsync(World w, string vsaq, string version)
    {
        var id = await ImportedIdAsync(await ImportAsync(w.Api, "supplier.json", vsaq, "vsaq", "supplier-review", version));
        Assert.Equal(HttpStatusCode.OK, (await w.Api.PostAsync($"/api/v1/templates/{id}/publish", null)).StatusCode);
        var definition = QuestionnaireJson.Parse(await (await w.Api.GetAsync($"/api/v1/templates/{id}/export")).Content.ReadAsStringAsync()).Value;
        return (id, definition);
    }

    private async Task<Guid> SendAsync(World w, Guid templateId)
    {
        var response = await w.Manager.SubmitAsync($"/t/{w.Tenant.Slug}/assessments/new?vendorId={w.Vendor.Id}", new Dictionary<string, string>
        {
            ["Input.TemplateId"] = templateId.ToString(),
            ["Input.Title"] = "Supplier review",
            ["Input.DueOn"] = app.Scenario.Today.AddDays(30).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ["Input.OtherEmails"] = w.Contact.Email!,
        });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.OriginalString;
        return Guid.Parse(location[(location.LastIndexOf('/') + 1)..]);
    }

    [Fact]
    public async Task Reimporting_with_one_inserted_item_differs_by_that_item_and_carries_every_answer_over()
    {
        var w = await WorldAsync();
        var (v1, first) = await ImportAndPublishAsync(w, Supplier, "1.0.0");
        var assessment = await SendAsync(w, v1);

        // The vendor answers every question the first version shows it (the warning's "why" appears with the "no" answer).
        var vendor = await SignedInAsync(app, w.Contact);
        var url = $"/t/{w.Tenant.Slug}/portal/assessments/{assessment}";
        var token = await AnyTokenAsync(vendor, url);
        string IdOf(string text) => first.AllItems().Single(i => i.IsAnswerable && i.Text == text).Id;
        var answers = new Dictionary<string, string[]>
        {
            ["mfa"] = ["mfa_none"],
            ["warn_mfa_why"] = ["Hardware keys for administrators."],
            [IdOf("How many administrators?")] = ["3"],
            [IdOf("Anything else about access?")] = ["Nothing else."],
            [IdOf("Which kinds of data do you hold?")] = ["data_health"],
            [IdOf("Retention in days")] = ["30"],
            ["policy"] = ["true"],
        };
        foreach (var (itemId, values) in answers)
            AssertStatus(HttpStatusCode.OK, await AutosaveAsync(vendor, token, url, itemId, 0, values), itemId);
        Assert.Equal(HttpStatusCode.Redirect, (await vendor.SubmitAsync(url, new Dictionary<string, string>(), "form[action*='handler=Submit']")).StatusCode);
        var given = (await AnswersAsync(app, assessment)).ToDictionary(a => a.ItemId, a => a.ValueJson, StringComparer.Ordinal);
        Assert.Equal(answers.Keys.Order(StringComparer.Ordinal), given.Keys.Order(StringComparer.Ordinal));

        var (v2, second) = await ImportAndPublishAsync(w, SupplierWithInsertedItem, "1.1.0");

        var change = Assert.Single(QuestionnaireDiff.Compare(first, second).Changes);
        Assert.Equal(ItemChangeKind.Added, change.Kind);
        Assert.Equal("Do you have a password policy?", second.AllItems().Single(i => i.Id == change.ItemId).Text);

        var reassessment = await SendAsync(w, v2);
        var carried = await AnswersAsync(app, reassessment);
        Assert.All(carried, a => Assert.True(a.CarriedOver, a.ItemId));
        Assert.Equal(given.OrderBy(a => a.Key, StringComparer.Ordinal), carried.Select(a => KeyValuePair.Create(a.ItemId, a.ValueJson)).OrderBy(a => a.Key, StringComparer.Ordinal));
        var audit = await app.InDbAsync(db => db.AuditEvents.Where(e => e.Action == "assessment.sent" && e.EntityId == reassessment.ToString()).Select(e => e.DetailsJson).SingleAsync(), w.Tenant.Id);
        Assert.Contains("\"carriedOverAnswers\":7", audit, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_portal_renders_sanitised_markup_and_shows_the_warning_tip_and_why_prompt_where_they_apply()
    {
        var w = await WorldAsync();
        var (v1, _) = await ImportAndPublishAsync(w, Supplier, "1.0.0");
        var assessment = await SendAsync(w, v1);
        var vendor = await SignedInAsync(app, w.Contact);
        var url = $"/t/{w.Tenant.Slug}/portal/assessments/{assessment}";

        var page = await vendor.GetDocumentAsync(url);
        var legend = page.QuerySelector("#item-mfa legend")!;
        Assert.Equal("two factors", legend.QuerySelector("b")?.TextContent);
        var link = legend.QuerySelector("a")!;
        Assert.Equal(("https://example.com/mfa", "noopener noreferrer nofollow", null), (link.GetAttribute("href"), link.GetAttribute("rel"), link.GetAttribute("onclick")));
        Assert.Equal("everyone", page.QuerySelector("#item-mfa label i")?.TextContent);
        Assert.DoesNotContain("&lt;b&gt;", page.DocumentElement.OuterHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("alert(1)", page.DocumentElement.OuterHtml, StringComparison.Ordinal);
        Assert.True(page.QuerySelector("#item-warn_mfa")!.HasAttribute("hidden"), "the warning waits for the answer it applies to");
        Assert.True(page.QuerySelector("#item-warn_mfa_why")!.HasAttribute("hidden"));

        var token = await AnyTokenAsync(vendor, url);
        AssertStatus(HttpStatusCode.OK, await AutosaveAsync(vendor, token, url, "mfa", 0, "mfa_none"), "mfa");
        page = await vendor.GetDocumentAsync(url);

        var warning = page.QuerySelector("#item-warn_mfa")!;
        Assert.False(warning.HasAttribute("hidden"));
        Assert.Equal("second factor", warning.QuerySelector("[data-testid=warning-tip] b")?.TextContent);
        var why = page.QuerySelector("#item-warn_mfa_why")!;
        Assert.False(why.HasAttribute("hidden"));
        Assert.StartsWith("Explain any compensating control:", why.QuerySelector("label")!.TextContent.Trim(), StringComparison.Ordinal);
        Assert.NotNull(why.QuerySelector("textarea"));
    }
}
