using System.Net;
using Microsoft.EntityFrameworkCore;
using VendorRisk.Domain.Audit;
using VendorRisk.Domain.Tenancy;
using VendorRisk.Infrastructure.Audit;
using VendorRisk.Infrastructure.Identity;
using VendorRisk.IntegrationTests.Infrastructure;

namespace VendorRisk.IntegrationTests.Identity;

public sealed class SignUpTests(VendorRiskApp app) : IClassFixture<VendorRiskApp>
{
    private static Dictionary<string, string> Form(string? slug = null, string? email = null, string password = VendorRiskApp.Password,
        string organisation = "Acme Health") => new()
    {
        ["Input.OrganisationName"] = organisation,
        ["Input.Slug"] = slug ?? "acme-" + Guid.NewGuid().ToString("N")[..8],
        ["Input.DisplayName"] = "Ada Admin",
        ["Input.Email"] = email ?? $"ada-{Guid.NewGuid():N}@example.test",
        ["Input.Password"] = password,
    };

    private async Task<(int Tenants, int Users, int Memberships, int AuditEvents)> CountRowsAsync() =>
        (await app.CountAllAsync<Tenant>(), await app.CountAllAsync<AppUser>(),
            await app.CountAllAsync<TenantMembership>(), await app.CountAllAsync<AuditEvent>());

    [Fact]
    public async Task Sign_up_creates_the_tenant_an_admin_membership_and_an_audit_event_and_signs_in()
    {
        var form = Form();
        var client = app.CreateBrowserClient();

        var response = await client.SubmitAsync("/account/register", form);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var slug = form["Input.Slug"];
        Assert.Equal($"/t/{slug}/dashboard", response.Headers.Location!.OriginalString);
        var tenant = await app.InDbAsync(db => db.Tenants.SingleAsync(t => t.Slug == slug));
        Assert.Equal("Acme Health", tenant.Name);
        var user = await app.FindUserAsync(form["Input.Email"]);
        Assert.NotNull(user);
        Assert.Equal("Ada Admin", user.DisplayName);
        var membership = await app.InDbAsync(db => db.Memberships.SingleAsync(m => m.UserId == user.Id), tenant.Id);
        Assert.Equal(TenantRoles.TenantAdmin, membership.Roles);
        var created = await app.InDbAsync(db => db.AuditEvents.SingleAsync(e => e.Action == AuditActions.TenantCreated), tenant.Id);
        Assert.Equal(user.Id, created.ActorUserId);
        Assert.Equal(tenant.Id.ToString(), created.EntityId);
        // Signed in as the new admin: the tenant's dashboard opens.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/t/{slug}/dashboard")).StatusCode);
    }

    [Fact]
    public async Task A_taken_short_name_is_refused_on_the_slug_field_and_nothing_is_written()
    {
        var existing = await app.CreateTenantAsync();
        await AssertRefusedAsync(Form(slug: existing.Slug), "Input.Slug", "taken");
    }

    [Theory]
    [InlineData("Bad Slug!")]
    [InlineData("ab")]
    [InlineData("admin")]
    public async Task An_invalid_short_name_is_refused_on_the_slug_field_and_nothing_is_written(string slug) =>
        await AssertRefusedAsync(Form(slug: slug), "Input.Slug", null);

    [Fact]
    public async Task A_short_password_is_refused_on_the_password_field_and_nothing_is_written() =>
        await AssertRefusedAsync(Form(password: "short-pw"), "Input.Password", "12");

    [Fact]
    public async Task A_common_password_is_refused_on_the_password_field_and_nothing_is_written() =>
        await AssertRefusedAsync(Form(password: "password1234"), "Input.Password", "too easy to guess");

    [Fact]
    public async Task A_malformed_e_mail_is_refused_on_the_e_mail_field_and_nothing_is_written() =>
        await AssertRefusedAsync(Form(email: "not-an-address"), "Input.Email", "valid e-mail");

    [Fact]
    public async Task An_e_mail_that_already_has_an_account_is_refused_on_the_e_mail_field_and_nothing_is_written()
    {
        var existing = await app.CreateUserAsync($"taken-{Guid.NewGuid():N}@example.test");
        await AssertRefusedAsync(Form(email: existing.Email!.ToUpperInvariant()), "Input.Email", "Sign in with this e-mail");
    }

    [Fact]
    public async Task Several_problems_are_all_shown_at_once_next_to_their_fields()
    {
        var existing = await app.CreateTenantAsync();
        var client = app.CreateBrowserClient();

        var response = await client.SubmitAsync("/account/register", Form(slug: existing.Slug, password: "password1234"));

        var page = await Forms.ParseAsync(response);
        Assert.NotNull(page.FieldError("Input.Slug"));
        Assert.NotNull(page.FieldError("Input.Password"));
    }

    private async Task AssertRefusedAsync(Dictionary<string, string> form, string field, string? messagePart)
    {
        var before = await CountRowsAsync();
        var client = app.CreateBrowserClient();

        var response = await client.SubmitAsync("/account/register", form);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await Forms.ParseAsync(response);
        var error = page.FieldError(field);
        Assert.True(error is not null, $"No message on {field}; page shows: {string.Join(" | ", page.ValidationMessages())}");
        if (messagePart is not null) Assert.Contains(messagePart, error, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(before, await CountRowsAsync());
        // Not signed in either: signed-in pages still send the browser to sign in.
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/tenants")).StatusCode);
    }
}
