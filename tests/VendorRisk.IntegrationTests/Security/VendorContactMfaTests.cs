using System.Net;
using Microsoft.EntityFrameworkCore;
using VendorRisk.Domain.Tenancy;
using VendorRisk.Infrastructure.Audit;
using VendorRisk.Infrastructure.Identity;
using VendorRisk.IntegrationTests.Admin;
using VendorRisk.IntegrationTests.Identity;
using VendorRisk.IntegrationTests.Infrastructure;

namespace VendorRisk.IntegrationTests.Security;

/// <summary>
/// ASVS 5.0 6.3.3 for vendor contacts (ADR-050): they enrol an authenticator and recovery codes on the same account pages as staff,
/// and the buying organisation's security policy can require it of them, enforced from their next sign-in by the enrolment gate.
/// </summary>
public sealed class VendorContactMfaTests(VendorRiskApp app) : IClassFixture<VendorRiskApp>
{
    private async Task<(Tenant Tenant, HttpClient Admin, AppUser Contact)> WorldAsync()
    {
        var tenant = await app.CreateTenantAsync();
        var admin = await app.SignedInAsync(tenant, TenantRoles.TenantAdmin);
        var vendor = await Assessments.AssessmentTestKit.AddVendorAsync(app, tenant, "Contact's vendor");
        var contact = await app.CreateMemberAsync(tenant, TenantRoles.VendorContact, vendorId: vendor.Id);
        return (tenant, admin, contact);
    }

    private static async Task AssertSentToEnrolAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/account/manage/enable-authenticator", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task A_vendor_contact_is_held_at_enrolment_when_the_organisation_requires_it_of_vendor_contacts_and_enrols_like_staff()
    {
        var (tenant, admin, contact) = await WorldAsync();
        // Staff only: the contact is not asked.
        Assert.Equal(HttpStatusCode.Redirect, (await SecurityPolicyTests.SavePolicyAsync(admin, tenant, "AllStaff")).StatusCode);
        var before = app.CreateBrowserClient();
        await before.SignInAsync(contact.Email!);
        Assert.Equal(HttpStatusCode.OK, (await before.GetAsync("/portal")).StatusCode);

        Assert.Equal(HttpStatusCode.Redirect, (await SecurityPolicyTests.SavePolicyAsync(admin, tenant, "AllStaff", vendorContacts: true)).StatusCode);
        var saved = await admin.GetDocumentAsync(SecurityPolicyTests.PolicyUrl(tenant));
        Assert.True(saved.QuerySelector("#Input_VendorContactsMfa")!.HasAttribute("checked"));
        var changed = (await app.AuditEventsAsync(tenant, AuditActions.SecurityPolicyChanged))[^1];
        Assert.Contains("\"vendorContacts\":true", changed.DetailsJson, StringComparison.Ordinal);

        var browser = app.CreateBrowserClient();
        await browser.SignInAsync(contact.Email!);
        // Before ADR-050 a vendor contact was never held, whatever the organisation wanted.
        await AssertSentToEnrolAsync(browser, "/portal");
        await AssertSentToEnrolAsync(browser, "/tenants");
        var enrolment = await browser.GetDocumentAsync("/account/manage/enable-authenticator");
        Assert.NotNull(enrolment.QuerySelector("[data-testid=enrolment-required]"));
        var key = enrolment.QuerySelector("[data-testid=authenticator-key]")!.GetAttribute("data-key")!;
        var enabled = await browser.SubmitAsync(enrolment, "/account/manage/enable-authenticator",
            new Dictionary<string, string> { ["Input.Code"] = app.CurrentTotp(key) });
        Assert.Equal("/account/manage/recovery-codes", enabled.Headers.Location!.OriginalString);
        var codes = await browser.GetDocumentAsync("/account/manage/recovery-codes");
        Assert.NotEmpty(codes.QuerySelectorAll("[data-testid=recovery-codes] li"));

        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/portal")).StatusCode);
        Assert.True(await app.InDbAsync(db => db.Users.Where(u => u.Id == contact.Id).Select(u => u.TwoFactorEnabled).SingleAsync()));

        // Covered, the contact cannot switch it off.
        app.Clock.Advance(TimeSpan.FromSeconds(30));
        await browser.SubmitAsync("/account/manage/two-factor", new Dictionary<string, string> { ["Input.Code"] = app.CurrentTotp(key) },
            "[data-testid=disable-two-factor]");
        Assert.Contains("requires it for your role", (await browser.GetDocumentAsync("/account/manage/two-factor")).Text(), StringComparison.Ordinal);
        Assert.True(await app.InDbAsync(db => db.Users.Where(u => u.Id == contact.Id).Select(u => u.TwoFactorEnabled).SingleAsync()));
    }

    [Fact]
    public async Task The_vendor_contact_requirement_stands_apart_from_the_staff_setting_and_holds_no_staff_member()
    {
        var (tenant, admin, contact) = await WorldAsync();
        var reviewer = await app.CreateMemberAsync(tenant, TenantRoles.Reviewer);
        Assert.Equal(HttpStatusCode.Redirect, (await SecurityPolicyTests.SavePolicyAsync(admin, tenant, "Optional", vendorContacts: true)).StatusCode);

        var staff = app.CreateBrowserClient();
        await staff.SignInAsync(reviewer.Email!);
        Assert.Equal(HttpStatusCode.OK, (await staff.GetAsync($"/t/{tenant.Slug}/dashboard")).StatusCode);
        var browser = app.CreateBrowserClient();
        await browser.SignInAsync(contact.Email!);
        await AssertSentToEnrolAsync(browser, "/portal");

        // Chosen roles keep their own rule; the vendor contacts' box is kept beside them.
        Assert.Equal(HttpStatusCode.Redirect, (await SecurityPolicyTests.SavePolicyAsync(admin, tenant, "ChosenRoles", ["Reviewer"], vendorContacts: true)).StatusCode);
        var page = await admin.GetDocumentAsync(SecurityPolicyTests.PolicyUrl(tenant));
        Assert.True(page.QuerySelector("#Input_VendorContactsMfa")!.HasAttribute("checked"));
        Assert.True(page.QuerySelector("#Input_MfaRoles_Reviewer")!.HasAttribute("checked"));
        // The vendor contact role alone is not a staff role to choose.
        var refused = await SecurityPolicyTests.SavePolicyAsync(admin, tenant, "ChosenRoles", ["VendorContact"]);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.NotNull((await Forms.ParseAsync(refused)).FieldError("Input.MfaRoles"));
    }
}
