using System.Net;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using VendorRisk.Domain.Audit;
using VendorRisk.Domain.Tenancy;
using VendorRisk.Domain.Vendors;
using VendorRisk.IntegrationTests.Infrastructure;

using RiskTier = VendorRisk.Domain.Questionnaires.RiskTier;

namespace VendorRisk.IntegrationTests.Vendors;

public sealed class VendorInventoryTests(VendorRiskApp app) : IClassFixture<VendorRiskApp>
{
    private async Task<(Tenant Tenant, HttpClient Client)> SignedInAsync(TenantRoles roles)
    {
        var tenant = await app.CreateTenantAsync();
        var user = await app.CreateMemberAsync(tenant, roles);
        var client = app.CreateBrowserClient();
        await client.SignInAsync(user.Email!);
        return (tenant, client);
    }

    private Task<Vendor> AddVendorAsync(Tenant tenant, string name) =>
        app.InDbAsync(async db =>
        {
            var vendor = Vendor.Create(name, null, null, null, app.Clock.GetUtcNow());
            db.Vendors.Add(vendor);
            await db.SaveChangesAsync();
            return vendor;
        }, tenant.Id);

    private static Dictionary<string, string> VendorFields(string name, string website = "https://vendor.example", string country = "de") => new()
    {
        ["Input.LegalName"] = name, ["Input.Website"] = website, ["Input.Country"] = country,
        ["Input.Description"] = "Scores claims.", ["Input.Criticality"] = "High",
    };

    [Fact]
    public async Task A_manager_adds_a_vendor_and_the_change_is_audited()
    {
        var (tenant, client) = await SignedInAsync(TenantRoles.VendorManager);

        var response = await client.SubmitAsync($"/t/{tenant.Slug}/vendors/create", VendorFields("Quillon Analytics GmbH"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var vendor = await app.InDbAsync(db => db.Vendors.SingleAsync(v => v.LegalName == "Quillon Analytics GmbH"), tenant.Id);
        Assert.Equal("DE", vendor.Country);
        Assert.Equal(BusinessCriticality.High, vendor.Criticality);
        Assert.Equal(VendorStatus.Prospect, vendor.Status);
        Assert.EndsWith($"/vendors/details/{vendor.Id}", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
        var audited = await app.InDbAsync(db => db.AuditEvents.AnyAsync(e => e.Action == "vendor.created" && e.EntityId == vendor.Id.ToString()), tenant.Id);
        Assert.True(audited);
    }

    [Theory]
    [InlineData("", "https://ok.example", "DE", "Input.LegalName", "legal name")]
    [InlineData("Fine Ltd", "not a url", "DE", "Input.Website", "https://")]
    [InlineData("Fine Ltd", "https://ok.example", "Germany", "Input.Country", "two-letter")]
    public async Task Bad_vendor_input_gets_a_field_message_and_writes_nothing(string name, string website, string country, string field, string fragment)
    {
        var (tenant, client) = await SignedInAsync(TenantRoles.VendorManager);
        var before = await app.CountAllAsync<Vendor>();

        var response = await client.SubmitAsync($"/t/{tenant.Slug}/vendors/create", VendorFields(name, website, country));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var error = (await Forms.ParseAsync(response)).FieldError(field);
        Assert.NotNull(error);
        Assert.Contains(fragment, error, StringComparison.Ordinal);
        Assert.Equal(before, await app.CountAllAsync<Vendor>());
    }

    [Fact]
    public async Task A_duplicate_legal_name_is_refused_with_a_message()
    {
        var (tenant, client) = await SignedInAsync(TenantRoles.TenantAdmin);
        await AddVendorAsync(tenant, "Twice Ltd");

        var response = await client.SubmitAsync($"/t/{tenant.Slug}/vendors/create", VendorFields("Twice Ltd"));

        Assert.Contains("already exists", (await Forms.ParseAsync(response)).FieldError("Input.LegalName"), StringComparison.Ordinal);
        Assert.Equal(1, await app.InDbAsync(db => db.Vendors.CountAsync(v => v.LegalName == "Twice Ltd"), tenant.Id));
    }

    [Fact]
    public async Task A_reviewer_may_read_vendors_but_not_create_or_change_them()
    {
        var (tenant, client) = await SignedInAsync(TenantRoles.Reviewer);
        var vendor = await AddVendorAsync(tenant, "Read Only Ltd");

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/t/{tenant.Slug}/vendors/details/{vendor.Id}")).StatusCode);
        var create = await client.GetAsync($"/t/{tenant.Slug}/vendors/create");
        Assert.Equal("/errors/403", create.Headers.Location?.AbsolutePath);

        var details = await client.GetDocumentAsync($"/t/{tenant.Slug}/vendors/details/{vendor.Id}");
        Assert.Null(details.QuerySelector("form[action*='handler=AddContact']"));
        var token = details.QuerySelector("input[name=__RequestVerificationToken]") as IHtmlInputElement;
        // The form is not shown; a hand-made POST is refused all the same.
        var post = await client.PostAsync($"/t/{tenant.Slug}/vendors/details/{vendor.Id}?handler=AddContact", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token?.Value ?? await AntiforgeryTokenAsync(client, tenant),
            ["NewContact.Name"] = "Eve", ["NewContact.Email"] = "eve@example.test",
        }));
        Assert.Equal(HttpStatusCode.Redirect, post.StatusCode);
        Assert.Equal("/errors/403", post.Headers.Location?.AbsolutePath);
        Assert.Equal(0, await app.InDbAsync(db => db.VendorContacts.CountAsync(), tenant.Id));
    }

    [Fact]
    public async Task An_auditor_cannot_write_even_through_a_crafted_post()
    {
        var tenant = await app.CreateTenantAsync();
        var auditor = await app.CreateMemberAsync(tenant, TenantRoles.Auditor);
        var vendor = await AddVendorAsync(tenant, "Audited Ltd");
        var client = app.CreateBrowserClient();
        await client.SignInAsync(auditor.Email!);

        var post = await client.PostAsync($"/t/{tenant.Slug}/vendors/details/{vendor.Id}?handler=Status", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = await AntiforgeryTokenAsync(client, tenant),
            ["transition"] = "onboard", ["version"] = "0",
        }));

        Assert.NotEqual(HttpStatusCode.OK, post.StatusCode);
        Assert.Equal(VendorStatus.Prospect, await app.InDbAsync(db => db.Vendors.Where(v => v.Id == vendor.Id).Select(v => v.Status).SingleAsync(), tenant.Id));
    }

    [Fact]
    public async Task Another_tenants_vendor_ids_answer_404_and_change_nothing()
    {
        var (tenant, client) = await SignedInAsync(TenantRoles.TenantAdmin);
        var other = await app.CreateTenantAsync();
        var foreign = await AddVendorAsync(other, "Foreign Ltd");
        var token = await AntiforgeryTokenAsync(client, tenant);

        foreach (var url in new[]
        {
            $"/t/{tenant.Slug}/vendors/details/{foreign.Id}", $"/t/{tenant.Slug}/vendors/edit/{foreign.Id}",
            $"/t/{tenant.Slug}/vendors/ai-system/{foreign.Id}", $"/t/{other.Slug}/vendors/details/{foreign.Id}",
        })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(url)).StatusCode);
        }
        foreach (var (url, fields) in new (string, Dictionary<string, string>)[]
        {
            ($"/t/{tenant.Slug}/vendors/details/{foreign.Id}?handler=Status", new() { ["transition"] = "onboard", ["version"] = "0" }),
            ($"/t/{tenant.Slug}/vendors/details/{foreign.Id}?handler=AddContact", new() { ["NewContact.Name"] = "X", ["NewContact.Email"] = "x@example.test" }),
            ($"/t/{tenant.Slug}/vendors/edit/{foreign.Id}", VendorFields("Renamed")),
            ($"/t/{tenant.Slug}/vendors/ai-system/{foreign.Id}", new() { ["Input.Name"] = "Injected", ["Input.Purpose"] = "x" }),
        })
        {
            fields["__RequestVerificationToken"] = token;
            Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync(url, new FormUrlEncodedContent(fields))).StatusCode);
        }

        var unchanged = await app.InDbAsync(db => db.Vendors.SingleAsync(v => v.Id == foreign.Id), other.Id);
        Assert.Equal("Foreign Ltd", unchanged.LegalName);
        Assert.Equal(VendorStatus.Prospect, unchanged.Status);
        Assert.Equal(0, await app.InDbAsync(db => db.VendorContacts.CountAsync() , other.Id));
        Assert.Equal(0, await app.InDbAsync(db => db.AiSystems.CountAsync(), other.Id));
    }

    [Fact]
    public async Task Status_changes_follow_the_lifecycle_and_illegal_ones_get_a_message()
    {
        var (tenant, client) = await SignedInAsync(TenantRoles.VendorManager);
        var vendor = await AddVendorAsync(tenant, "Lifecycle Ltd");
        var url = $"/t/{tenant.Slug}/vendors/details/{vendor.Id}";

        var illegal = await client.PostAsync($"{url}?handler=Status", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = await AntiforgeryTokenAsync(client, tenant), ["transition"] = "activate", ["version"] = "0",
        }));
        Assert.Equal(HttpStatusCode.OK, illegal.StatusCode);
        Assert.Contains("only from Onboarding", (await Forms.ParseAsync(illegal)).ValidationMessages().Single(), StringComparison.Ordinal);

        var onboard = await client.SubmitAsync(url, new Dictionary<string, string>(), "form[action*='handler=Status']:has(input[value=onboard])");
        Assert.Equal(HttpStatusCode.Redirect, onboard.StatusCode);
        Assert.Equal(VendorStatus.Onboarding, await app.InDbAsync(db => db.Vendors.Where(v => v.Id == vendor.Id).Select(v => v.Status).SingleAsync(), tenant.Id));
    }

    [Fact]
    public async Task A_stale_edit_gets_a_conflict_message_instead_of_overwriting()
    {
        var (tenant, client) = await SignedInAsync(TenantRoles.VendorManager);
        var vendor = await AddVendorAsync(tenant, "Contested Ltd");
        var editUrl = $"/t/{tenant.Slug}/vendors/edit/{vendor.Id}";
        var staleForm = await client.GetDocumentAsync(editUrl);

        // Someone else saves first.
        await app.InDbAsync(async db =>
        {
            var v = await db.Vendors.SingleAsync(x => x.Id == vendor.Id);
            v.UpdateDetails("Contested Holdings Ltd", null, null, null);
            return await db.SaveChangesAsync();
        }, tenant.Id);

        var response = await client.SubmitAsync(staleForm, editUrl, VendorFields("My Rename Ltd"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Someone else saved this vendor", string.Join(" ", (await Forms.ParseAsync(response)).ValidationMessages()), StringComparison.Ordinal);
        Assert.Equal("Contested Holdings Ltd", await app.InDbAsync(db => db.Vendors.Where(v => v.Id == vendor.Id).Select(v => v.LegalName).SingleAsync(), tenant.Id));
    }

    [Fact]
    public async Task A_tier_override_needs_a_justification_and_is_audited()
    {
        var (tenant, client) = await SignedInAsync(TenantRoles.VendorManager);
        var vendor = await AddVendorAsync(tenant, "Tiered Ltd");
        var url = $"/t/{tenant.Slug}/vendors/details/{vendor.Id}";

        var tooShort = await client.SubmitAsync(url, new Dictionary<string, string> { ["TierOverride.Tier"] = "High", ["TierOverride.Justification"] = "because" },
            "form[action*='handler=OverrideTier']");
        Assert.Equal(HttpStatusCode.OK, tooShort.StatusCode);
        Assert.NotNull((await Forms.ParseAsync(tooShort)).FieldError("TierOverride.Justification"));

        var ok = await client.SubmitAsync(url, new Dictionary<string, string>
        {
            ["TierOverride.Tier"] = "High", ["TierOverride.Justification"] = "Processes patient data for 40,000 people a month.",
        }, "form[action*='handler=OverrideTier']");
        Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
        var saved = await app.InDbAsync(db => db.Vendors.SingleAsync(v => v.Id == vendor.Id), tenant.Id);
        Assert.Equal(RiskTier.High, saved.InherentTier);
        Assert.True(await app.InDbAsync(db => db.AuditEvents.AnyAsync(e => e.Action == "vendor.tier-overridden" && e.DetailsJson.Contains("40,000")), tenant.Id));
    }

    [Fact]
    public async Task Changing_an_AI_systems_foundation_model_is_a_material_revision_visible_in_its_history()
    {
        var (tenant, client) = await SignedInAsync(TenantRoles.VendorManager);
        var vendor = await AddVendorAsync(tenant, "Model Swap Ltd");
        var newUrl = $"/t/{tenant.Slug}/vendors/ai-system/{vendor.Id}";
        var fields = new Dictionary<string, string>
        {
            ["Input.Name"] = "Summariser", ["Input.Purpose"] = "Summarises notes.", ["Input.FoundationModels"] = "Example Labs | Atlas | 1",
            ["Input.Subprocessors"] = "Cloudnine Hosting", ["Input.Deployment"] = "Saas", ["Input.EuAiActRiskClass"] = "Limited",
        };
        Assert.Equal(HttpStatusCode.Redirect, (await client.SubmitAsync(newUrl, fields)).StatusCode);
        var system = await app.InDbAsync(db => db.AiSystems.SingleAsync(s => s.VendorId == vendor.Id), tenant.Id);

        fields["Input.FoundationModels"] = "Other AI | Nimbus | 7";
        fields["Input.Subprocessors"] = "Cloudnine Hosting\nNew Sub Ltd";
        Assert.Equal(HttpStatusCode.Redirect, (await client.SubmitAsync($"{newUrl}/{system.Id}", fields)).StatusCode);

        var revisions = await app.InDbAsync(db => db.AiSystemRevisions.Where(r => r.AiSystemId == system.Id).OrderBy(r => r.Number).ToListAsync(), tenant.Id);
        Assert.Equal([1, 2], revisions.Select(r => r.Number));
        Assert.True(revisions[1].IsMaterial);
        Assert.Contains(revisions[1].Changes, c => c.Field == "Foundation models" && c.After!.Contains("Nimbus", StringComparison.Ordinal));
        Assert.Contains(revisions[1].Changes, c => c.Field == "Subprocessors" && c.IsMaterial);

        var history = await client.GetDocumentAsync($"/t/{tenant.Slug}/vendors/ai-system-history/{vendor.Id}/{system.Id}");
        Assert.Contains("material change", history.QuerySelector("[data-testid=revision-2]")!.TextContent, StringComparison.Ordinal);

        var unchanged = await client.SubmitAsync($"{newUrl}/{system.Id}", fields);
        Assert.Contains("Nothing changed", string.Join(" ", (await Forms.ParseAsync(unchanged)).ValidationMessages()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_malformed_foundation_model_line_is_reported_by_line()
    {
        var (tenant, client) = await SignedInAsync(TenantRoles.VendorManager);
        var vendor = await AddVendorAsync(tenant, "Bad Lines Ltd");
        var response = await client.SubmitAsync($"/t/{tenant.Slug}/vendors/ai-system/{vendor.Id}", new Dictionary<string, string>
        {
            ["Input.Name"] = "X", ["Input.Purpose"] = "Y", ["Input.FoundationModels"] = "Example Labs | Atlas\njust a name",
        });
        Assert.Contains("Line 2", (await Forms.ParseAsync(response)).FieldError("Input.FoundationModels"), StringComparison.Ordinal);
        Assert.Equal(0, await app.InDbAsync(db => db.AiSystems.CountAsync(), tenant.Id));
    }

    [Fact]
    public async Task Fourth_parties_show_which_vendors_share_a_provider()
    {
        var (tenant, client) = await SignedInAsync(TenantRoles.Reviewer);
        foreach (var (vendorName, provider) in new[] { ("Alpha Ltd", "Example Labs"), ("Beta Ltd", "example labs"), ("Gamma Ltd", "Other AI") })
        {
            var vendor = await AddVendorAsync(tenant, vendorName);
            await app.InDbAsync(async db =>
            {
                db.AiSystems.Add(AiSystem.Create(vendor.Id, "System of " + vendorName, new AiSystemProfile
                {
                    Purpose = "p", FoundationModels = [new FoundationModel(provider, "m", null)],
                }, null, app.Clock.GetUtcNow()));
                return await db.SaveChangesAsync();
            }, tenant.Id);
        }

        var page = await client.GetDocumentAsync($"/t/{tenant.Slug}/vendors/fourth-parties");
        var firstRow = page.QuerySelector("[data-testid=providers] tbody tr")!;
        Assert.Contains("Example Labs", firstRow.TextContent, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("2", firstRow.QuerySelectorAll("td")[1].TextContent.Trim());
        Assert.Contains("Alpha Ltd", firstRow.TextContent, StringComparison.Ordinal);
        Assert.Contains("Beta Ltd", firstRow.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_vendor_list_searches_filters_and_pages()
    {
        var (tenant, client) = await SignedInAsync(TenantRoles.Reviewer);
        for (var i = 1; i <= 30; i++) await AddVendorAsync(tenant, $"Vendor {i:00}");
        var special = await AddVendorAsync(tenant, "Zeta 50% Off Ltd");
        await app.InDbAsync(async db =>
        {
            var v = await db.Vendors.SingleAsync(x => x.Id == special.Id);
            v.StartOnboarding();
            return await db.SaveChangesAsync();
        }, tenant.Id);
        var list = $"/t/{tenant.Slug}/vendors";

        var page2 = await client.GetDocumentAsync($"{list}?p=2");
        Assert.Equal(31 - IndexPageSize, page2.QuerySelectorAll("tbody tr").Length);
        Assert.Contains("31 vendors", page2.QuerySelector("[data-testid=vendor-total]")!.TextContent, StringComparison.Ordinal);

        var search = await client.GetDocumentAsync($"{list}?q=50%25");
        Assert.Equal(["Zeta 50% Off Ltd"], search.QuerySelectorAll("tbody tr td:first-child").Select(c => c.TextContent.Trim()));

        var onboarding = await client.GetDocumentAsync($"{list}?status=Onboarding");
        Assert.Single(onboarding.QuerySelectorAll("tbody tr"));

        // The owner filter lists the tenant's staff and keeps the chosen one selected.
        var owner = await app.CreateMemberAsync(tenant, TenantRoles.VendorManager);
        await app.InDbAsync(async db =>
        {
            var v = await db.Vendors.SingleAsync(x => x.Id == special.Id);
            v.AssignOwnership(owner.Id, BusinessCriticality.High);
            return await db.SaveChangesAsync();
        }, tenant.Id);
        var owned = await client.GetDocumentAsync($"{list}?ownerId={owner.Id}");
        Assert.Equal(["Zeta 50% Off Ltd"], owned.QuerySelectorAll("tbody tr td:first-child").Select(c => c.TextContent.Trim()));
        var options = owned.QuerySelectorAll("#ownerId option").Cast<IHtmlOptionElement>().ToList();
        Assert.Equal(3, options.Count); // Anyone, the signed-in reviewer, the owner
        Assert.Equal(owner.Id.ToString(), Assert.Single(options, o => o.IsSelected).Value);
        Assert.DoesNotContain(options, o => o.OuterHtml.Contains("!option", StringComparison.Ordinal));
    }

    private const int IndexPageSize = VendorRisk.Web.Pages.Vendors.IndexModel.PageSize;

    private static async Task<string> AntiforgeryTokenAsync(HttpClient client, Tenant tenant)
    {
        var page = await client.GetDocumentAsync($"/t/{tenant.Slug}/dashboard");
        var token = page.QuerySelector("input[name=__RequestVerificationToken]") as IHtmlInputElement;
        return token?.Value ?? throw new InvalidOperationException("No anti-forgery token on the dashboard (the sign-out form carries one).");
    }
}
