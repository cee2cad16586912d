using System.Net;
using VendorRisk.Domain.Tenancy;
using VendorRisk.IntegrationTests.Infrastructure;

namespace VendorRisk.IntegrationTests.Api;

/// <summary>A host that allows three API requests a minute per token.</summary>
public sealed class TightRateLimitApp : VendorRiskApp
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Api:RequestsPerMinute"] = "3" };
}

public sealed class RateLimitApiTests(TightRateLimitApp app) : IClassFixture<TightRateLimitApp>
{
    [Fact]
    public async Task A_token_over_its_rate_limit_gets_429_problem_details_with_retry_after_while_another_token_goes_on()
    {
        var tenant = await app.CreateTenantAsync();
        var member = await app.CreateMemberAsync(tenant, TenantRoles.Reviewer);
        var busy = app.ApiClient(await app.TokenAsync(tenant, member));
        var quiet = app.ApiClient(await app.TokenAsync(tenant, member));

        for (var i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.OK, (await busy.GetAsync("/api/v1/vendors")).StatusCode);
        var refused = await busy.GetAsync("/api/v1/vendors");

        var problem = await refused.AssertProblemAsync(HttpStatusCode.TooManyRequests, "fourth request");
        Assert.Contains("3 requests a minute", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var retryAfter = int.Parse(refused.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, 60);
        Assert.Equal(HttpStatusCode.OK, (await quiet.GetAsync("/api/v1/vendors")).StatusCode);
    }
}
