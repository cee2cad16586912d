using System.Net;
using AngleSharp.Html.Dom;
using OtpNet;
using VendorRisk.Infrastructure.Identity;
using VendorRisk.IntegrationTests.Infrastructure;
using VendorRisk.Web.Pages.Account;

namespace VendorRisk.IntegrationTests.Identity;

/// <summary>
/// ASVS 5.0 6.5.5 (ADR-048): an authenticator code lives at most 30 seconds. Only the code of the current time step is accepted:
/// not the previous step's, not the next one's, and not the current one once its step has passed. Identity's own provider (and
/// this app's before ADR-048) accepted two steps either side, so each refusal below was an acceptance there.
/// </summary>
public sealed class AuthenticatorCodeLifetimeTests(VendorRiskApp app) : IClassFixture<VendorRiskApp>
{
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(30);

    private static string KeyOf(IHtmlDocument enrolment) =>
        enrolment.QuerySelector("[data-testid=authenticator-key]")!.GetAttribute("data-key")!;

    private async Task<(AppUser User, string Key)> EnrolAsync()
    {
        var user = await app.CreateUserAsync($"totp-{Guid.NewGuid():N}@example.test");
        var client = app.CreateBrowserClient();
        await client.SignInAsync(user.Email!);
        var enrolment = await client.GetDocumentAsync("/account/manage/enable-authenticator");
        var key = KeyOf(enrolment);
        var enabled = await client.SubmitAsync(enrolment, "/account/manage/enable-authenticator",
            new Dictionary<string, string> { ["Input.Code"] = app.CurrentTotp(key) });
        Assert.Equal(HttpStatusCode.Redirect, enabled.StatusCode);
        return (user, key);
    }

    /// <summary>Moves the app's clock to the first instant of the next time step.</summary>
    private DateTimeOffset StartOfNextStep()
    {
        var now = app.Clock.GetUtcNow();
        var next = new DateTimeOffset(now.UtcTicks - now.UtcTicks % Step.Ticks, TimeSpan.Zero) + Step;
        app.Clock.Advance(next - now);
        return next;
    }

    private static string CodeAt(string key, DateTimeOffset at) => new Totp(Base32Encoding.ToBytes(key)).ComputeTotp(at.UtcDateTime);

    private static async Task<bool> AcceptedAsync(HttpClient client, string code)
    {
        var response = await client.SubmitAsync("/account/two-factor-login", new Dictionary<string, string> { ["Input.TwoFactorCode"] = code });
        if (response.StatusCode == HttpStatusCode.Redirect) return true;
        Assert.Equal([TwoFactorLoginModel.FailureMessage], (await Forms.ParseAsync(response)).ValidationMessages());
        return false;
    }

    [Fact]
    public async Task Only_the_code_of_the_current_30_second_step_signs_in()
    {
        var (user, key) = await EnrolAsync();
        var start = StartOfNextStep();
        var client = app.CreateBrowserClient();
        await client.StartTwoFactorSignInAsync(user.Email!);

        Assert.False(await AcceptedAsync(client, CodeAt(key, start - Step)), "The previous step's code was accepted.");
        Assert.False(await AcceptedAsync(client, CodeAt(key, start + Step)), "The next step's code was accepted.");
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/tenants")).StatusCode);

        // The current code, at the last moment of its step, signs in.
        app.Clock.Advance(Step - TimeSpan.FromMilliseconds(1));
        Assert.True(await AcceptedAsync(client, CodeAt(key, start)));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/tenants")).StatusCode);
    }

    [Fact]
    public async Task A_code_typed_after_its_step_has_passed_is_refused_and_the_next_one_works()
    {
        var (user, key) = await EnrolAsync();
        var start = StartOfNextStep();
        var shown = CodeAt(key, start);
        var client = app.CreateBrowserClient();
        await client.StartTwoFactorSignInAsync(user.Email!);

        // Thirty seconds after the code appeared, it is gone.
        app.Clock.Advance(Step);
        Assert.NotEqual(shown, CodeAt(key, app.Clock.GetUtcNow()));
        Assert.False(await AcceptedAsync(client, shown), "A code was accepted 30 seconds after its step began.");
        Assert.Equal(1, (await app.FindUserAsync(user.Email!))!.AccessFailedCount);

        Assert.True(await AcceptedAsync(client, CodeAt(key, app.Clock.GetUtcNow())));
    }

    [Fact]
    public async Task Enrolment_also_takes_only_the_current_step_s_code()
    {
        var user = await app.CreateUserAsync($"totp-enrol-{Guid.NewGuid():N}@example.test");
        var client = app.CreateBrowserClient();
        await client.SignInAsync(user.Email!);
        var enrolment = await client.GetDocumentAsync("/account/manage/enable-authenticator");
        var key = KeyOf(enrolment);
        var start = StartOfNextStep();

        var previous = await client.SubmitAsync(enrolment, "/account/manage/enable-authenticator",
            new Dictionary<string, string> { ["Input.Code"] = CodeAt(key, start - Step) });

        Assert.Equal(HttpStatusCode.OK, previous.StatusCode);
        Assert.NotNull((await Forms.ParseAsync(previous)).FieldError("Input.Code"));
        Assert.False((await app.FindUserAsync(user.Email!))!.TwoFactorEnabled);
        var current = await client.SubmitAsync(enrolment, "/account/manage/enable-authenticator",
            new Dictionary<string, string> { ["Input.Code"] = CodeAt(key, start) });
        Assert.Equal(HttpStatusCode.Redirect, current.StatusCode);
    }
}
