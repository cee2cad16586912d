using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using VendorRisk.Infrastructure.Audit;
using VendorRisk.IntegrationTests.Infrastructure;
using VendorRisk.Web.Pages.Account;

namespace VendorRisk.IntegrationTests.Identity;

public sealed class SignInTests(VendorRiskApp app) : IClassFixture<VendorRiskApp>
{
    private static string NewEmail() => $"user-{Guid.NewGuid():N}@example.test";

    [Fact]
    public async Task The_right_password_signs_in_and_records_a_success_event()
    {
        var user = await app.CreateUserAsync(NewEmail());
        var client = app.CreateBrowserClient();

        var response = await client.TrySignInAsync(user.Email!);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/tenants", response.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/tenants")).StatusCode);
        var success = Assert.Single(await app.PlatformAuditAsync(AuditActions.SignInSucceeded, user.Email));
        Assert.Equal(user.Id, success.ActorUserId);
    }

    [Fact]
    public async Task A_local_return_url_is_followed_and_a_foreign_one_is_not()
    {
        var user = await app.CreateUserAsync(NewEmail());
        var local = app.CreateBrowserClient();
        var foreign = app.CreateBrowserClient();

        var toLocal = await local.SubmitAsync("/account/login?returnUrl=%2Ftenants%3Fx%3D1",
            new Dictionary<string, string> { ["Input.Email"] = user.Email!, ["Input.Password"] = VendorRiskApp.Password });
        var toForeign = await foreign.SubmitAsync("/account/login?returnUrl=%2F%2Fevil.example%2F",
            new Dictionary<string, string> { ["Input.Email"] = user.Email!, ["Input.Password"] = VendorRiskApp.Password });

        Assert.Equal("/tenants?x=1", toLocal.Headers.Location!.OriginalString);
        Assert.Equal("/tenants", toForeign.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task An_unknown_e_mail_and_a_wrong_password_get_the_same_answer()
    {
        var user = await app.CreateUserAsync(NewEmail());
        var client = app.CreateBrowserClient();

        var wrongPassword = await client.TrySignInAsync(user.Email!, "Not-The-Password-42");
        var unknownEmail = await client.TrySignInAsync(NewEmail(), "Not-The-Password-42");

        Assert.Equal(HttpStatusCode.OK, wrongPassword.StatusCode);
        Assert.Equal(HttpStatusCode.OK, unknownEmail.StatusCode);
        var wrongPasswordMessages = (await Forms.ParseAsync(wrongPassword)).ValidationMessages();
        var unknownEmailMessages = (await Forms.ParseAsync(unknownEmail)).ValidationMessages();
        Assert.Equal([LoginModel.FailureMessage], wrongPasswordMessages);
        Assert.Equal(wrongPasswordMessages, unknownEmailMessages);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/tenants")).StatusCode);
    }

    [Fact]
    public async Task A_failed_sign_in_with_an_unknown_e_mail_is_audited_without_an_actor()
    {
        var email = NewEmail();
        var client = app.CreateBrowserClient();

        var response = await client.TrySignInAsync(email, "Not-The-Password-42");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var failure = Assert.Single(await app.PlatformAuditAsync(AuditActions.SignInFailed, email));
        Assert.Null(failure.ActorUserId);
        Assert.Null(failure.EntityId);
        Assert.Contains(email, failure.DetailsJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failed_sign_in_of_a_known_user_is_audited_against_that_user()
    {
        var user = await app.CreateUserAsync(NewEmail());
        var client = app.CreateBrowserClient();

        await client.TrySignInAsync(user.Email!, "Not-The-Password-42");

        var failure = Assert.Single(await app.PlatformAuditAsync(AuditActions.SignInFailed, user.Email));
        Assert.Equal(user.Id, failure.ActorUserId);
        Assert.Equal(user.Id.ToString(), failure.EntityId);
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_and_then_the_right_password_fails_with_the_same_message()
    {
        var user = await app.CreateUserAsync(NewEmail());
        var client = app.CreateBrowserClient();

        for (var attempt = 1; attempt <= 4; attempt++)
            await client.TrySignInAsync(user.Email!, $"Wrong-Password-Number-{attempt}");
        var afterFour = await app.FindUserAsync(user.Email!);
        Assert.Equal(4, afterFour!.AccessFailedCount);
        Assert.Null(afterFour.LockoutEnd);

        var fifth = await client.TrySignInAsync(user.Email!, "Wrong-Password-Number-5");
        var locked = await app.FindUserAsync(user.Email!);
        Assert.NotNull(locked!.LockoutEnd);
        // Identity stamps the lockout with the system clock.
        Assert.InRange(locked.LockoutEnd.Value, DateTimeOffset.UtcNow.AddMinutes(14), DateTimeOffset.UtcNow.AddMinutes(16));

        var rightPassword = await client.TrySignInAsync(user.Email!);

        Assert.Equal(HttpStatusCode.OK, rightPassword.StatusCode);
        Assert.Equal([LoginModel.FailureMessage], (await Forms.ParseAsync(fifth)).ValidationMessages());
        Assert.Equal([LoginModel.FailureMessage], (await Forms.ParseAsync(rightPassword)).ValidationMessages());
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/tenants")).StatusCode);
        Assert.Equal(4, (await app.PlatformAuditAsync(AuditActions.SignInFailed, user.Email)).Count);
        Assert.Equal(2, (await app.PlatformAuditAsync(AuditActions.LockedOut, user.Email)).Count);
        Assert.Empty(await app.PlatformAuditAsync(AuditActions.SignInSucceeded, user.Email));
    }

    [Fact]
    public async Task Bad_input_gets_field_messages_not_an_error_page()
    {
        var client = app.CreateBrowserClient();

        var response = await client.SubmitAsync("/account/login",
            new Dictionary<string, string> { ["Input.Email"] = "not-an-address", ["Input.Password"] = "" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await Forms.ParseAsync(response);
        Assert.NotNull(page.FieldError("Input.Email"));
        Assert.NotNull(page.FieldError("Input.Password"));
    }

    [Fact]
    public async Task The_audit_chain_stays_valid_after_sign_in_events()
    {
        var user = await app.CreateUserAsync(NewEmail());
        var client = app.CreateBrowserClient();
        await client.TrySignInAsync(NewEmail(), "Not-The-Password-42");
        await client.TrySignInAsync(user.Email!, "Not-The-Password-42");
        await client.SignInAsync(user.Email!);

        var verification = await app.InScopeAsync(sp => sp.GetRequiredService<AuditVerifier>().VerifyCurrentChainAsync());

        Assert.True(verification.IsIntact, verification.Message);
        Assert.True(await app.InDbAsync(db => db.AuditEvents.AnyAsync()));
    }
}
