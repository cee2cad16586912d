using System.Net;
using AngleSharp.Html.Dom;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using VendorRisk.Infrastructure.Identity;
using VendorRisk.Infrastructure.Persistence;
using VendorRisk.IntegrationTests.Infrastructure;
using VendorRisk.Web.Pages.Account;

namespace VendorRisk.IntegrationTests.Identity;

/// <summary>
/// ASVS 5.0 6.5.2 (ADR-048): recovery codes are stored as salted PBKDF2 hashes, never in clear, and a code still signs in once.
/// Codes an earlier version stored in clear keep working and are hashed at the next start or first use.
/// </summary>
public sealed class RecoveryCodeStorageTests(VendorRiskApp app) : IClassFixture<VendorRiskApp>
{
    private sealed record Enrolled(AppUser User, IReadOnlyList<string> RecoveryCodes);

    private static string KeyOf(IHtmlDocument enrolment) =>
        enrolment.QuerySelector("[data-testid=authenticator-key]")!.GetAttribute("data-key")!;

    private async Task<Enrolled> EnrolAsync()
    {
        var user = await app.CreateUserAsync($"codes-{Guid.NewGuid():N}@example.test");
        var client = app.CreateBrowserClient();
        await client.SignInAsync(user.Email!);
        var enrolment = await client.GetDocumentAsync("/account/manage/enable-authenticator");
        var enabled = await client.SubmitAsync(enrolment, "/account/manage/enable-authenticator",
            new Dictionary<string, string> { ["Input.Code"] = app.CurrentTotp(KeyOf(enrolment)) });
        Assert.Equal(HttpStatusCode.Redirect, enabled.StatusCode);
        var codes = (await client.GetDocumentAsync("/account/manage/recovery-codes"))
            .QuerySelectorAll("[data-testid=recovery-codes] li code").Select(c => c.TextContent.Trim()).ToList();
        Assert.Equal(10, codes.Count);
        app.Clock.Advance(TimeSpan.FromSeconds(30));
        return new Enrolled(user, codes);
    }

    /// <summary>Every value of the user's rows in the user-token table, as stored.</summary>
    private Task<List<IdentityUserToken<Guid>>> TokenRowsAsync(Guid userId) =>
        app.InDbAsync(db => db.UserTokens.AsNoTracking().Where(t => t.UserId == userId).ToListAsync());

    /// <summary>A code as it could be written in a row: as shown, without its hyphen, in either case.</summary>
    private static IEnumerable<string> Spellings(string code) =>
        [code, code.Replace("-", "", StringComparison.Ordinal), code.ToLowerInvariant(), code.Replace("-", "", StringComparison.Ordinal).ToLowerInvariant()];

    private static void AssertNoCodeIn(IEnumerable<IdentityUserToken<Guid>> rows, IEnumerable<string> codes)
    {
        foreach (var row in rows)
        foreach (var spelling in codes.SelectMany(Spellings))
            Assert.DoesNotContain(spelling, row.Value ?? "", StringComparison.Ordinal);
    }

    private async Task<HttpResponseMessage> SignInWithCodeAsync(AppUser user, string code)
    {
        var client = app.CreateBrowserClient();
        await client.StartTwoFactorSignInAsync(user.Email!);
        return await client.SubmitAsync("/account/recovery-code-login", new Dictionary<string, string> { ["Input.RecoveryCode"] = code });
    }

    [Fact]
    public async Task Recovery_codes_are_stored_only_as_salted_hashes_and_a_code_signs_in_once()
    {
        var enrolled = await EnrolAsync();

        var rows = await TokenRowsAsync(enrolled.User.Id);
        AssertNoCodeIn(rows, enrolled.RecoveryCodes);
        Assert.DoesNotContain(rows, r => r.LoginProvider == HashedRecoveryCodeUserStore.LegacyProvider && r.Name == HashedRecoveryCodeUserStore.LegacyCodesName);
        var stored = Assert.Single(rows, r => r.Name == HashedRecoveryCodeUserStore.HashedCodesName).Value!;
        var parts = stored.Split('.');
        Assert.Equal(["pbkdf2-sha256", "100000"], parts[..2]);
        Assert.Equal(16, Convert.FromBase64String(parts[2]).Length);
        Assert.Equal(10, parts[3].Split(';').Length);

        // A code signs in once (typed in lower case without its hyphen), then no more.
        var code = enrolled.RecoveryCodes[3];
        var used = await SignInWithCodeAsync(enrolled.User, code.Replace("-", "", StringComparison.Ordinal).ToLowerInvariant());
        Assert.Equal(HttpStatusCode.Redirect, used.StatusCode);
        var again = await SignInWithCodeAsync(enrolled.User, code);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal([RecoveryCodeLoginModel.FailureMessage], (await Forms.ParseAsync(again)).ValidationMessages());
        var after = Assert.Single(await TokenRowsAsync(enrolled.User.Id), r => r.Name == HashedRecoveryCodeUserStore.HashedCodesName).Value!;
        Assert.Equal(9, after.Split('.')[3].Split(';').Length);
        AssertNoCodeIn(await TokenRowsAsync(enrolled.User.Id), enrolled.RecoveryCodes);
    }

    [Fact]
    public async Task Two_sets_of_codes_never_share_a_salt_so_equal_codes_would_not_hash_alike()
    {
        var first = await EnrolAsync();
        var second = await EnrolAsync();

        var salts = await app.InDbAsync(db => db.UserTokens.AsNoTracking()
            .Where(t => (t.UserId == first.User.Id || t.UserId == second.User.Id) && t.Name == HashedRecoveryCodeUserStore.HashedCodesName)
            .Select(t => t.Value!).ToListAsync());

        Assert.Equal(2, salts.Select(v => v.Split('.')[2]).Distinct().Count());
    }

    /// <summary>Puts <paramref name="codes"/> back the way Identity (and this app before ADR-048) stored them: one clear row.</summary>
    private Task<int> StoreInClearAsync(Guid userId, IReadOnlyList<string> codes) =>
        app.InDbAsync(async db =>
        {
            await db.UserTokens.Where(t => t.UserId == userId && t.Name == HashedRecoveryCodeUserStore.HashedCodesName).ExecuteDeleteAsync();
            db.UserTokens.Add(new IdentityUserToken<Guid>
            {
                UserId = userId, LoginProvider = HashedRecoveryCodeUserStore.LegacyProvider, Name = HashedRecoveryCodeUserStore.LegacyCodesName,
                Value = string.Join(';', codes),
            });
            return await db.SaveChangesAsync();
        });

    [Fact]
    public async Task A_clear_code_from_before_hashing_signs_in_once_and_the_rest_are_then_stored_hashed()
    {
        var enrolled = await EnrolAsync();
        await StoreInClearAsync(enrolled.User.Id, enrolled.RecoveryCodes);

        var used = await SignInWithCodeAsync(enrolled.User, enrolled.RecoveryCodes[0]);

        Assert.Equal(HttpStatusCode.Redirect, used.StatusCode);
        var rows = await TokenRowsAsync(enrolled.User.Id);
        Assert.DoesNotContain(rows, r => r.LoginProvider == HashedRecoveryCodeUserStore.LegacyProvider && r.Name == HashedRecoveryCodeUserStore.LegacyCodesName);
        AssertNoCodeIn(rows, enrolled.RecoveryCodes);
        Assert.Equal(HttpStatusCode.OK, (await SignInWithCodeAsync(enrolled.User, enrolled.RecoveryCodes[0])).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await SignInWithCodeAsync(enrolled.User, enrolled.RecoveryCodes[1])).StatusCode);
    }

    [Fact]
    public async Task Clear_codes_from_before_hashing_are_hashed_at_the_next_start_and_keep_working()
    {
        var enrolled = await EnrolAsync();
        await StoreInClearAsync(enrolled.User.Id, enrolled.RecoveryCodes);
        Assert.Contains(await TokenRowsAsync(enrolled.User.Id), r => r.LoginProvider == HashedRecoveryCodeUserStore.LegacyProvider && r.Name == HashedRecoveryCodeUserStore.LegacyCodesName);

        // The next start of the app (here a second instance on the same database) hashes them before any request.
        await using (var restarted = new SecondHost(app.DataFolder)) _ = restarted.Services;

        var rows = await TokenRowsAsync(enrolled.User.Id);
        Assert.DoesNotContain(rows, r => r.LoginProvider == HashedRecoveryCodeUserStore.LegacyProvider && r.Name == HashedRecoveryCodeUserStore.LegacyCodesName);
        AssertNoCodeIn(rows, enrolled.RecoveryCodes);
        var stored = Assert.Single(rows, r => r.Name == HashedRecoveryCodeUserStore.HashedCodesName).Value!;
        Assert.Equal(10, stored.Split('.')[3].Split(';').Length);
        Assert.Equal(HttpStatusCode.Redirect, (await SignInWithCodeAsync(enrolled.User, enrolled.RecoveryCodes[9])).StatusCode);
    }

    private sealed class SecondHost(string dataFolder) : VendorRiskApp(dataFolder);
}
