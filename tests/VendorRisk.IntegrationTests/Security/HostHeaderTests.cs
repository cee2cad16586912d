using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using VendorRisk.Domain.Tenancy;
using VendorRisk.Infrastructure.Links;
using VendorRisk.IntegrationTests.Admin;
using VendorRisk.IntegrationTests.Infrastructure;

namespace VendorRisk.IntegrationTests.Security;

/// <summary>The app as Production runs it: with its public address configured (and no <c>AllowedHosts</c> setting).</summary>
public sealed class PublicAddressApp : VendorRiskApp
{
    public const string PublicHost = "risk.example.test";

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        [PublicLinks.Setting] = $"https://{PublicHost}",
    };

    /// <summary>A browser on the public address.</summary>
    public HttpClient CreatePublicClient() => CreateClient(new WebApplicationFactoryClientOptions
    {
        AllowAutoRedirect = false, HandleCookies = true, BaseAddress = new Uri($"https://{PublicHost}/"),
    });
}

/// <summary>
/// Issue 16, V2: <c>POST /account/forgot-password</c> with <c>Host: evil.example</c> mailed a valid reset link on evil.example.
/// Links come only from <see cref="PublicLinks"/>, and a request naming a host other than the public one is refused outright.
/// </summary>
public sealed class HostHeaderTests(PublicAddressApp app) : IClassFixture<PublicAddressApp>
{
    [Fact]
    public async Task A_request_naming_another_host_is_refused_and_mails_no_reset_link()
    {
        var user = await app.CreateUserAsync($"host-{Guid.NewGuid():N}@example.test");
        var client = app.CreatePublicClient();
        var form = await client.GetDocumentAsync("/account/forgot-password");
        client.DefaultRequestHeaders.Host = "evil.example";

        var poisoned = await client.SubmitAsync(form, "/account/forgot-password", new Dictionary<string, string> { ["Input.Email"] = user.Email! });

        // Before the fix: 302 and a reset mail queued (AllowedHosts was "*").
        Assert.Equal(HttpStatusCode.BadRequest, poisoned.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/account/login")).StatusCode);
        Assert.False(await app.InDbAsync(db => db.OutboxMessages.IgnoreQueryFilters().AnyAsync(m => m.ToAddress == user.Email)));
    }

    [Fact]
    public async Task The_public_host_is_served_and_its_reset_link_starts_at_the_public_address()
    {
        var user = await app.CreateUserAsync($"host-{Guid.NewGuid():N}@example.test");
        var client = app.CreatePublicClient();

        var requested = await client.SubmitAsync("/account/forgot-password", new Dictionary<string, string> { ["Input.Email"] = user.Email! });

        Assert.Equal(HttpStatusCode.Redirect, requested.StatusCode);
        var mail = await app.InDbAsync(db => db.OutboxMessages.IgnoreQueryFilters().SingleAsync(m => m.ToAddress == user.Email));
        Assert.Contains($"https://{PublicAddressApp.PublicHost}/account/reset-password?userId=", app.BodyOf(mail).Text, StringComparison.Ordinal);
    }
}

/// <summary>V2 for invitations, on a host without a configured address (development): the link never takes the request's host.</summary>
public sealed class InvitationHostHeaderTests(UnconfiguredAddressApp app) : IClassFixture<UnconfiguredAddressApp>
{
    [Fact]
    public async Task An_invitation_link_starts_at_the_public_address_whatever_host_the_request_named()
    {
        var tenant = await app.CreateTenantAsync();
        var admin = await app.SignedInAsync(tenant, TenantRoles.TenantAdmin);
        admin.DefaultRequestHeaders.Host = "attacker.example";
        var email = $"invitee-{Guid.NewGuid():N}@example.test";

        var invited = await admin.InviteAsync(tenant, email, "Reviewer");

        Assert.Equal(HttpStatusCode.Redirect, invited.StatusCode);
        var link = await app.InvitationLinkAsync(email);
        Assert.StartsWith(app.Services.GetRequiredService<PublicLinks>().BaseUrl + "/invitations/accept?token=", link.AbsoluteUri, StringComparison.Ordinal);
        var mail = Assert.Single(await app.InvitationMailsAsync(email));
        Assert.DoesNotContain("attacker.example", app.BodyOf(mail).Html + app.BodyOf(mail).Text, StringComparison.Ordinal);
    }
}
