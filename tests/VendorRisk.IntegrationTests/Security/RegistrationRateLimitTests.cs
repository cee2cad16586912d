using System.Net;
using VendorRisk.IntegrationTests.Identity;
using VendorRisk.IntegrationTests.Infrastructure;

namespace VendorRisk.IntegrationTests.Security;

/// <summary>Issue 16, V8: sign-up was not rate-limited (13 organisations in a burst from one address).</summary>
public sealed class RegistrationRateLimitTests(LowRateLimitApp app) : IClassFixture<LowRateLimitApp>
{
    // One test per class: the limiter's window is shared by every request of this host.
    [Fact]
    public async Task Sign_ups_beyond_the_limit_from_one_address_get_429_and_create_nothing()
    {
        var client = app.CreateBrowserClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i <= LowRateLimitApp.AttemptsPerMinute; i++)
        {
            var slug = "burst" + Guid.NewGuid().ToString("N")[..10];
            statuses.Add((await client.SubmitAsync("/account/register", new Dictionary<string, string>
            {
                ["Input.OrganisationName"] = "Burst " + slug, ["Input.Slug"] = slug, ["Input.DisplayName"] = "Bea Burst",
                ["Input.Email"] = SecurityTestKit.NewEmail("burst"), ["Input.Password"] = "A-long-enough-passphrase-42",
            })).StatusCode);
            client = app.CreateBrowserClient(); // a fresh browser each time, as a script would be
        }

        // Before the fix: every sign-up answered 302 and created an organisation.
        Assert.All(statuses.Take(LowRateLimitApp.AttemptsPerMinute), s => Assert.Equal(HttpStatusCode.Redirect, s));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/account/register")).StatusCode);
    }
}
