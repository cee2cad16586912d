using System.Net;
using VendorRisk.IntegrationTests.Infrastructure;

namespace VendorRisk.IntegrationTests.Identity;

/// <summary>The app with a sign-in rate limit low enough to reach in a test.</summary>
public sealed class LowRateLimitApp : VendorRiskApp
{
    public const int AttemptsPerMinute = 3;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Security:SignInAttemptsPerMinute"] = AttemptsPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}

public sealed class RateLimitTests(LowRateLimitApp app) : IClassFixture<LowRateLimitApp>
{
    // One test per class: the limiter's window is shared by every request of this host.
    [Fact]
    public async Task Posts_to_the_identity_pages_beyond_the_limit_get_429_while_reads_still_work()
    {
        var client = app.CreateBrowserClient();
        var email = $"nobody-{Guid.NewGuid():N}@example.test";

        var allowed = new List<HttpStatusCode>();
        for (var i = 0; i < LowRateLimitApp.AttemptsPerMinute; i++)
            allowed.Add((await client.TrySignInAsync(email, "Wrong-Password-42")).StatusCode);
        var fourth = await client.TrySignInAsync(email, "Wrong-Password-42");
        // The limit covers every page that guesses at a secret, not just the sign-in form.
        var forgot = await client.SubmitAsync("/account/forgot-password", new Dictionary<string, string> { ["Input.Email"] = email });

        Assert.All(allowed, status => Assert.Equal(HttpStatusCode.OK, status));
        Assert.Equal(HttpStatusCode.TooManyRequests, fourth.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, forgot.StatusCode);
        for (var i = 0; i < 5; i++)
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/account/login")).StatusCode);
    }
}
