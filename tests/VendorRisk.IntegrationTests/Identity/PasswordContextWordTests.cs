using System.Net;
using Microsoft.EntityFrameworkCore;
using VendorRisk.Application.Accounts;
using VendorRisk.Domain.Tenancy;
using VendorRisk.IntegrationTests.Infrastructure;
using VendorRisk.Web.Security;

namespace VendorRisk.IntegrationTests.Identity;

/// <summary>
/// ASVS 5.0 6.1.2, 6.2.11 and 6.2.4 (ADR-048): a new password may not be built on the product's name, the person's names and
/// e-mail, or their organisation's name; and the common-password list holds more than the 3,000 most common passwords that the
/// length rules would accept.
/// </summary>
public sealed class PasswordContextWordTests(VendorRiskApp app) : IClassFixture<VendorRiskApp>
{
    private const string Page = "/account/manage/change-password";

    private async Task<(Guid Id, HttpClient Browser)> MemberAsync(string organisation, string displayName, string email)
    {
        var tenant = await app.Scenario.TenantAsync(name: organisation);
        var user = await app.Scenario.MemberAsync(tenant.Id, TenantRoles.Reviewer, email);
        await app.InDbAsync(async db =>
        {
            var row = await db.Users.SingleAsync(u => u.Id == user.Id);
            row.DisplayName = displayName;
            return await db.SaveChangesAsync();
        });
        var browser = app.CreateBrowserClient();
        await browser.SignInAsync(email);
        return (user.Id, browser);
    }

    private static Task<HttpResponseMessage> ChangeAsync(HttpClient client, string next) =>
        client.SubmitAsync(Page, new Dictionary<string, string>
        {
            ["Input.CurrentPassword"] = VendorRiskApp.Password,
            ["Input.NewPassword"] = next,
            ["Input.ConfirmPassword"] = next,
        });

    private Task<string?> HashAsync(Guid id) => app.InDbAsync(db => db.Users.Where(u => u.Id == id).Select(u => u.PasswordHash).SingleAsync());

    [Theory]
    // The organisation's name, whole or one of its words, with anything under 12 characters around it.
    [InlineData("Quillfeather-2025!")]
    [InlineData("QUILLFEATHER LOGISTICS")]
    [InlineData("Logistics-123456")]
    // The person's name and e-mail.
    [InlineData("Bartholomew!2025")]
    [InlineData("Zoë Kowalczyk 1990")]
    [InlineData("bkowalczyk#2025!")]
    [InlineData("Harbourmail-2025")]
    // The product's name, however written.
    [InlineData("Vendor Risk 2025!")]
    [InlineData("vendor-risk-ok-12")]
    public async Task A_new_password_built_on_the_organisation_the_person_or_the_product_is_refused(string password)
    {
        var (id, browser) = await MemberAsync("Quillfeather Logistics", "Bartholomew Zoe Kowalczyk",
            $"bkowalczyk.{Guid.NewGuid():N}@harbourmail.test");
        var hash = await HashAsync(id);

        var refused = await ChangeAsync(browser, password);

        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Equal(ContextWordsPasswordValidator.Message, (await Forms.ParseAsync(refused)).FieldError("Input.NewPassword"));
        Assert.Equal(hash, await HashAsync(id));
    }

    [Fact]
    public async Task A_long_phrase_that_merely_mentions_the_organisation_is_accepted()
    {
        var (id, browser) = await MemberAsync("Quillfeather Logistics", "Bartholomew Kowalczyk", $"bart.{Guid.NewGuid():N}@example.test");
        var hash = await HashAsync(id);

        var changed = await ChangeAsync(browser, "quillfeather ships tulips over the alps");

        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        Assert.NotEqual(hash, await HashAsync(id));
    }

    [Theory]
    // From SecLists' top million (the larger embedded list), in any case.
    [InlineData("Michelangelo")]
    [InlineData("SLEEPYHOLLOW")]
    [InlineData("jesuslovesme")]
    public async Task A_common_password_of_the_larger_list_is_refused_in_any_case(string password)
    {
        var (id, browser) = await MemberAsync("Orchard Row", "Pat Example", $"pat.{Guid.NewGuid():N}@example.test");
        var hash = await HashAsync(id);

        var refused = await ChangeAsync(browser, password);

        Assert.Equal(CommonPasswordValidator.Message, (await Forms.ParseAsync(refused)).FieldError("Input.NewPassword"));
        Assert.Equal(hash, await HashAsync(id));
    }

    [Fact]
    public void The_common_password_list_holds_over_3000_passwords_the_length_rules_would_otherwise_accept()
    {
        var acceptable = CommonPasswordValidator.Passwords.Count(p => p.Length >= 12 && p.Distinct().Count() >= 4);

        Assert.True(acceptable >= 10_000, $"Only {acceptable} common passwords of 12+ characters with 4+ different characters.");
    }
}
