using System.Net;
using Microsoft.EntityFrameworkCore;
using VendorRisk.Domain.Api;
using VendorRisk.Domain.Tenancy;
using VendorRisk.Infrastructure.Api;
using VendorRisk.IntegrationTests.Api;
using VendorRisk.IntegrationTests.Infrastructure;

namespace VendorRisk.IntegrationTests.Security;

/// <summary>Issue 16, V11: token scopes follow the role, every token expires, and guessing tokens is limited per address.</summary>
public sealed class ApiTokenRuleTests(VendorRiskApp app) : IClassFixture<VendorRiskApp>
{
    [Theory]
    [InlineData(TenantRoles.CommitteeMember)]
    [InlineData(TenantRoles.Reviewer)]
    [InlineData(TenantRoles.Auditor)]
    [InlineData(TenantRoles.Reviewer | TenantRoles.CommitteeMember | TenantRoles.Auditor)]
    public async Task Roles_that_cannot_write_cannot_mint_a_read_write_token(TenantRoles roles)
    {
        var tenant = await app.CreateTenantAsync();
        var member = await app.CreateMemberAsync(tenant, roles);
        var browser = app.CreateBrowserClient();
        await browser.SignInAsync(member.Email!);
        var url = $"/t/{tenant.Slug}/tokens/create";

        // The form offers read only.
        var form = await browser.GetDocumentAsync(url);
        Assert.Null(form.QuerySelector("input[name='Input.Scope'][value=ReadWrite]"));
        Assert.NotNull(form.QuerySelector("input[name='Input.Scope'][value=Read]"));
        // A crafted post is refused on the field. Before the fix: 302 and a read-write token was stored.
        var response = await browser.SubmitAsync(url, new Dictionary<string, string>
        {
            ["Input.Name"] = "Sneaky", ["Input.Scope"] = "ReadWrite", ["Input.ExpiresOn"] = Day(30),
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("reading only", (await Forms.ParseAsync(response)).FieldError("Input.Scope"), StringComparison.Ordinal);
        Assert.Equal(0, await app.InDbAsync(db => db.PersonalAccessTokens.CountAsync(), tenant.Id));

        var readOnly = await browser.SubmitAsync(url, new Dictionary<string, string>
        {
            ["Input.Name"] = "Reader", ["Input.Scope"] = "Read", ["Input.ExpiresOn"] = Day(30),
        });
        Assert.Equal(HttpStatusCode.Redirect, readOnly.StatusCode);
        Assert.Equal(ApiTokenScope.Read, await app.InDbAsync(db => db.PersonalAccessTokens.Select(t => t.Scope).SingleAsync(), tenant.Id));
    }

    [Theory]
    [InlineData(TenantRoles.TenantAdmin)]
    [InlineData(TenantRoles.VendorManager)]
    [InlineData(TenantRoles.VendorManager | TenantRoles.CommitteeMember)]
    public async Task Roles_that_can_write_mint_read_write_tokens(TenantRoles roles)
    {
        var tenant = await app.CreateTenantAsync();
        var member = await app.CreateMemberAsync(tenant, roles);
        var browser = app.CreateBrowserClient();
        await browser.SignInAsync(member.Email!);

        var response = await browser.SubmitAsync($"/t/{tenant.Slug}/tokens/create", new Dictionary<string, string>
        {
            ["Input.Name"] = "Writer", ["Input.Scope"] = "ReadWrite", ["Input.ExpiresOn"] = Day(365),
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(ApiTokenScope.ReadWrite, await app.InDbAsync(db => db.PersonalAccessTokens.Select(t => t.Scope).SingleAsync(), tenant.Id));
    }

    [Fact]
    public async Task A_token_stored_without_expiry_is_refused_at_use_and_listed_as_to_be_replaced()
    {
        var tenant = await app.CreateTenantAsync();
        var member = await app.CreateMemberAsync(tenant, TenantRoles.VendorManager);
        var secret = await app.TokenAsync(tenant, member);
        Assert.Equal(HttpStatusCode.OK, (await app.ApiClient(secret).GetAsync("/api/v1/me")).StatusCode);
        // A token minted before expiry was required (the old code stored null for "never").
        await app.InDbAsync(db => db.PersonalAccessTokens.ExecuteUpdateAsync(s => s.SetProperty(t => t.ExpiresAt, (DateTimeOffset?)null)), tenant.Id);

        // Before the fix: 200.
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.ApiClient(secret).GetAsync("/api/v1/me")).StatusCode);
        var browser = app.CreateBrowserClient();
        await browser.SignInAsync(member.Email!);
        var list = await browser.GetDocumentAsync($"/t/{tenant.Slug}/tokens");
        Assert.Contains("no longer accepted", list.QuerySelector("tbody")!.TextContent, StringComparison.Ordinal);
    }

    private string Day(int fromToday) =>
        DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime).AddDays(fromToday).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>A host that accepts three invalid tokens a minute from one address.</summary>
public sealed class FewInvalidTokensApp : VendorRiskApp
{
    public const int PerMinute = 3;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Api:InvalidTokensPerMinute"] = PerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}

public sealed class InvalidTokenLimitTests(FewInvalidTokensApp app) : IClassFixture<FewInvalidTokensApp>
{
    // One test per class: the limiter's window is shared by every request of this host.
    [Fact]
    public async Task Different_invalid_tokens_from_one_address_share_one_limit()
    {
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i <= FewInvalidTokensApp.PerMinute; i++)
            statuses.Add((await app.ApiClient(ApiTokenSecrets.NewSecret()).GetAsync("/api/v1/me")).StatusCode);

        // Before the fix: every new guess had a bucket of its own, so all answered 401.
        Assert.All(statuses.Take(FewInvalidTokensApp.PerMinute), s => Assert.Equal(HttpStatusCode.Unauthorized, s));
        var refused = await app.ApiClient(ApiTokenSecrets.NewSecret()).GetAsync("/api/v1/me");
        var problem = await refused.AssertProblemAsync(HttpStatusCode.TooManyRequests, "a guess beyond the limit");
        Assert.Contains("invalid tokens", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.True(refused.Headers.Contains("Retry-After"));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
    }
}
