using System.Net;
using Microsoft.EntityFrameworkCore;
using VendorRisk.Domain.Api;
using VendorRisk.Domain.Tenancy;
using VendorRisk.Infrastructure.Api;
using VendorRisk.IntegrationTests.Infrastructure;

namespace VendorRisk.IntegrationTests.Api;

public sealed class TokenPageTests(VendorRiskApp app) : IClassFixture<VendorRiskApp>
{
    [Fact]
    public async Task A_created_token_is_shown_exactly_once_is_stored_only_as_a_hash_and_works_at_once()
    {
        var tenant = await app.CreateTenantAsync();
        var manager = await app.CreateMemberAsync(tenant, TenantRoles.VendorManager);
        var browser = app.CreateBrowserClient();
        await browser.SignInAsync(manager.Email!);
        var tokensUrl = $"/t/{tenant.Slug}/tokens";

        var created = await browser.SubmitAsync($"{tokensUrl}/create", new Dictionary<string, string>
        {
            ["Input.Name"] = "Nightly export", ["Input.Scope"] = "ReadWrite", ["Input.ExpiresOn"] = Day(30),
        });
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        Assert.Equal(tokensUrl, created.Headers.Location!.OriginalString);

        var list = await browser.GetDocumentAsync(tokensUrl);
        var secret = (list.QuerySelector("#new-token-value") as AngleSharp.Html.Dom.IHtmlInputElement)!.Value;
        Assert.StartsWith(ApiTokenSecrets.Prefix, secret, StringComparison.Ordinal);
        Assert.True(secret.Length >= 40);
        Assert.NotNull(list.QuerySelector("[data-copy-target=new-token-value]"));
        Assert.Contains("Nightly export", list.QuerySelector("tbody")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Read and write", list.QuerySelector("tbody")!.TextContent, StringComparison.Ordinal);

        var again = await browser.GetDocumentAsync(tokensUrl);
        Assert.Null(again.QuerySelector("#new-token-value"));
        Assert.DoesNotContain(secret, again.DocumentElement.OuterHtml, StringComparison.Ordinal);

        var stored = await app.InDbAsync(db => db.PersonalAccessTokens.AsNoTracking().SingleAsync(), tenant.Id);
        Assert.Equal(ApiTokenSecrets.Hash(secret), stored.TokenHash);
        Assert.Equal(ApiTokenScope.ReadWrite, stored.Scope);
        Assert.Equal(manager.Id, stored.UserId);
        Assert.Equal(new DateTimeOffset(DateOnly.Parse(Day(31), System.Globalization.CultureInfo.InvariantCulture).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero), stored.ExpiresAt);
        var rows = await app.InDbAsync(db => db.PersonalAccessTokens.IgnoreQueryFilters().Select(t => t.TokenHash + t.DisplayPrefix + t.Name).ToListAsync());
        Assert.DoesNotContain(rows, r => r.Contains(secret, StringComparison.Ordinal));
        var audit = await app.InDbAsync(db => db.AuditEvents.SingleAsync(e => e.Action == "api-token.created"), tenant.Id);
        Assert.DoesNotContain(secret, audit.DetailsJson, StringComparison.Ordinal);
        Assert.Equal(stored.Id.ToString(), audit.EntityId);

        var me = await app.ApiClient(secret).GetAsync("/api/v1/me");
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
    }

    [Fact]
    public async Task Revoking_a_token_on_the_page_makes_it_answer_401_and_is_audited()
    {
        var tenant = await app.CreateTenantAsync();
        var member = await app.CreateMemberAsync(tenant, TenantRoles.Reviewer);
        var secret = await app.TokenAsync(tenant, member);
        var browser = app.CreateBrowserClient();
        await browser.SignInAsync(member.Email!);
        var id = await app.InDbAsync(db => db.PersonalAccessTokens.Select(t => t.Id).SingleAsync(), tenant.Id);
        Assert.Equal(HttpStatusCode.OK, (await app.ApiClient(secret).GetAsync("/api/v1/vendors")).StatusCode);

        var revoked = await browser.SubmitAsync($"/t/{tenant.Slug}/tokens", new Dictionary<string, string>(), $"form[action*='{id}']");

        Assert.Equal(HttpStatusCode.Redirect, revoked.StatusCode);
        await (await app.ApiClient(secret).GetAsync("/api/v1/vendors")).AssertProblemAsync(HttpStatusCode.Unauthorized, "revoked");
        var page = await browser.GetDocumentAsync($"/t/{tenant.Slug}/tokens");
        Assert.Contains("Revoked", page.QuerySelector($"tr[data-token-id='{id}']")!.TextContent, StringComparison.Ordinal);
        Assert.Null(page.QuerySelector($"form[action*='{id}']"));
        Assert.True(await app.InDbAsync(db => db.AuditEvents.AnyAsync(e => e.Action == "api-token.revoked" && e.EntityId == id.ToString()), tenant.Id));
    }

    [Fact]
    public async Task Nobody_sees_or_revokes_another_members_token_and_another_tenants_token_is_not_found()
    {
        var tenant = await app.CreateTenantAsync();
        var owner = await app.CreateMemberAsync(tenant, TenantRoles.TenantAdmin);
        var ownerSecret = await app.TokenAsync(tenant, owner);
        var ownerTokenId = await app.InDbAsync(db => db.PersonalAccessTokens.Select(t => t.Id).SingleAsync(), tenant.Id);
        var colleague = await app.CreateMemberAsync(tenant, TenantRoles.TenantAdmin);
        var browser = app.CreateBrowserClient();
        await browser.SignInAsync(colleague.Email!);
        await app.TokenAsync(tenant, colleague);

        var page = await browser.GetDocumentAsync($"/t/{tenant.Slug}/tokens");
        Assert.Null(page.QuerySelector($"tr[data-token-id='{ownerTokenId}']"));
        Assert.Single(page.QuerySelectorAll("tbody tr"));

        var ownForm = page.QuerySelector("tbody form")!.GetAttribute("action")!;
        var forged = ownForm[..ownForm.LastIndexOf('/')] + "/" + ownerTokenId;
        var response = await browser.SubmitAsync(page, $"/t/{tenant.Slug}/tokens", new Dictionary<string, string>(), "tbody form");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var token = Forms.ParseAsync(await browser.GetAsync($"/t/{tenant.Slug}/tokens/create"));
        var antiforgery = ((await token).QuerySelector("input[name=__RequestVerificationToken]") as AngleSharp.Html.Dom.IHtmlInputElement)!.Value;
        var refused = await browser.PostAsync(forged, new FormUrlEncodedContent([new("__RequestVerificationToken", antiforgery)]));

        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.ApiClient(ownerSecret).GetAsync("/api/v1/me")).StatusCode);
        Assert.Null(await app.InDbAsync(db => db.PersonalAccessTokens.Where(t => t.Id == ownerTokenId).Select(t => t.RevokedAt).SingleAsync(), tenant.Id));
    }

    [Fact]
    public async Task A_vendor_contact_cannot_open_or_post_the_token_pages_and_gets_no_token()
    {
        var tenant = await app.CreateTenantAsync();
        var vendor = await Assessments.AssessmentTestKit.AddVendorAsync(app, tenant, "Contact's vendor");
        var contact = await app.CreateMemberAsync(tenant, TenantRoles.VendorContact, vendorId: vendor.Id);
        var browser = app.CreateBrowserClient();
        await browser.SignInAsync(contact.Email!);

        foreach (var url in new[] { $"/t/{tenant.Slug}/tokens", $"/t/{tenant.Slug}/tokens/create", $"/t/{tenant.Slug}/tokens/api-reference" })
            Assessments.AssessmentTestKit.AssertDenied(await browser.GetAsync(url));
        var token = (await browser.GetDocumentAsync("/portal")).QuerySelector("input[name=__RequestVerificationToken]") as AngleSharp.Html.Dom.IHtmlInputElement;
        var post = await browser.PostAsync($"/t/{tenant.Slug}/tokens/create", new FormUrlEncodedContent(
        [
            new("__RequestVerificationToken", token?.Value ?? ""), new("Input.Name", "sneaky"), new("Input.Scope", "ReadWrite"),
        ]));

        Assert.True(post.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.BadRequest or HttpStatusCode.Forbidden, $"{(int)post.StatusCode}");
        if (post.StatusCode == HttpStatusCode.Redirect) Assert.Equal("/errors/403", post.Headers.Location!.AbsolutePath);
        Assert.Equal(0, await app.InDbAsync(db => db.PersonalAccessTokens.CountAsync(), tenant.Id));
    }

    [Fact]
    public async Task A_missing_name_and_an_expiry_that_is_missing_in_the_past_or_beyond_a_year_are_field_errors()
    {
        var tenant = await app.CreateTenantAsync();
        var member = await app.CreateMemberAsync(tenant, TenantRoles.Auditor | TenantRoles.Reviewer);
        var browser = app.CreateBrowserClient();
        await browser.SignInAsync(member.Email!);
        var url = $"/t/{tenant.Slug}/tokens/create";

        var noName = await Forms.ParseAsync(await browser.SubmitAsync(url, new Dictionary<string, string> { ["Input.Name"] = "", ["Input.ExpiresOn"] = Day(10) }));
        var past = await Forms.ParseAsync(await browser.SubmitAsync(url, new Dictionary<string, string> { ["Input.Name"] = "x", ["Input.ExpiresOn"] = Day(-1) }));
        var far = await Forms.ParseAsync(await browser.SubmitAsync(url, new Dictionary<string, string> { ["Input.Name"] = "x", ["Input.ExpiresOn"] = Day(400) }));
        var never = await browser.SubmitAsync(url, new Dictionary<string, string> { ["Input.Name"] = "No expiry", ["Input.ExpiresOn"] = "", ["Input.Scope"] = "Read" });

        Assert.NotNull(noName.FieldError("Input.Name"));
        Assert.NotNull(past.FieldError("Input.ExpiresOn"));
        Assert.NotNull(far.FieldError("Input.ExpiresOn"));
        // Issue 16, V11: a token without expiry used to be created; every token now expires within a year.
        Assert.NotNull((await Forms.ParseAsync(never)).FieldError("Input.ExpiresOn"));
        Assert.Equal(0, await app.InDbAsync(db => db.PersonalAccessTokens.CountAsync(), tenant.Id));
    }

    private string Day(int fromToday) =>
        DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime).AddDays(fromToday).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
