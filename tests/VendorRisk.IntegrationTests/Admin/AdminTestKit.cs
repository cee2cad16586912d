using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Microsoft.EntityFrameworkCore;
using VendorRisk.Domain.Audit;
using VendorRisk.Domain.Messaging;
using VendorRisk.Domain.Tenancy;
using VendorRisk.IntegrationTests.Infrastructure;

namespace VendorRisk.IntegrationTests.Admin;

/// <summary>Steps the invitation and user-administration tests share.</summary>
internal static class AdminTestKit
{
    public const string InviteForm = "#invite-form";

    public static string UsersUrl(Tenant tenant) => $"/t/{tenant.Slug}/admin/users";

    public static string EditUrl(Tenant tenant, Guid membershipId) => $"/t/{tenant.Slug}/admin/users/{membershipId}";

    /// <summary>Fills in and submits the invite form as the signed-in admin.</summary>
    public static Task<HttpResponseMessage> InviteAsync(this HttpClient admin, Tenant tenant, string email, string role) =>
        admin.SubmitAsync(UsersUrl(tenant), new Dictionary<string, string>
        {
            ["Invite.Email"] = email,
            ["Invite.Role"] = role,
        }, InviteForm);

    /// <summary>The invitation e-mails queued for <paramref name="email"/>, oldest first.</summary>
    public static Task<List<OutboxMessage>> InvitationMailsAsync(this VendorRiskApp app, string email) =>
        app.InDbAsync(db => db.OutboxMessages.AsNoTracking()
            .Where(m => m.Kind == "invitation" && m.ToAddress == email)
            .OrderBy(m => m.CreatedAt).ThenBy(m => m.Id)
            .ToListAsync());

    /// <summary>The accept link of the newest invitation e-mail to <paramref name="email"/>, as found in its HTML.</summary>
    public static async Task<Uri> InvitationLinkAsync(this VendorRiskApp app, string email)
    {
        var mails = await app.InvitationMailsAsync(email);
        Assert.NotEmpty(mails);
        var html = await new HtmlParser().ParseDocumentAsync(app.BodyOf(mails[^1]).Html);
        var anchor = html.QuerySelector("a[href*='/invitations/accept?token=']") as IHtmlAnchorElement;
        Assert.NotNull(anchor);
        return new Uri(anchor.GetAttribute("href")!, UriKind.Absolute);
    }

    /// <summary>Invites through the UI and returns the path and query of the link in the e-mail.</summary>
    public static async Task<string> InviteAndGetLinkAsync(this VendorRiskApp app, HttpClient admin, Tenant tenant, string email, string role)
    {
        var response = await admin.InviteAsync(tenant, email, role);
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Redirect,
            $"Invite answered {(int)response.StatusCode}: {string.Join(" | ", (await Forms.ParseAsync(response)).ValidationMessages())}");
        return (await app.InvitationLinkAsync(email)).PathAndQuery;
    }

    /// <summary>A signed-in client of a new tenant admin of <paramref name="tenant"/>.</summary>
    public static async Task<HttpClient> SignedInAsync(this VendorRiskApp app, Tenant tenant, TenantRoles roles, string? email = null)
    {
        var user = await app.CreateMemberAsync(tenant, roles, email);
        var client = app.CreateBrowserClient();
        await client.SignInAsync(user.Email!);
        return client;
    }

    /// <summary>Posts a form of <paramref name="document"/> (anti-forgery token included) to any URL.</summary>
    public static Task<HttpResponseMessage> PostFormToAsync(this HttpClient client, IHtmlDocument document, string formSelector,
        string url, IDictionary<string, string>? fields = null)
    {
        var form = (IHtmlFormElement)(document.QuerySelector(formSelector) ?? throw new InvalidOperationException($"No form {formSelector}."));
        var values = form.QuerySelectorAll("input[type=hidden]").OfType<IHtmlInputElement>()
            .Where(i => fields is null || !fields.ContainsKey(i.Name!))
            .Select(i => new KeyValuePair<string, string>(i.Name!, i.Value)).ToList();
        if (fields is not null) values.AddRange(fields);
        return client.PostAsync(url, new FormUrlEncodedContent(values));
    }

    /// <summary>
    /// A valid anti-forgery token for this client's current identity, from the sign-in page: lets a test post
    /// to a handler the page under test did not offer (a crafted or replayed request).
    /// </summary>
    public static async Task<string> AntiforgeryTokenAsync(this HttpClient client)
    {
        var document = await client.GetDocumentAsync("/account/login");
        return document.QuerySelector("main input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
    }

    /// <summary>Posts fields plus a fresh anti-forgery token to <paramref name="url"/>.</summary>
    public static async Task<HttpResponseMessage> PostWithTokenAsync(this HttpClient client, string url, IDictionary<string, string>? fields = null)
    {
        var values = new Dictionary<string, string>(fields ?? new Dictionary<string, string>())
        {
            ["__RequestVerificationToken"] = await client.AntiforgeryTokenAsync(),
        };
        return await client.PostAsync(url, new FormUrlEncodedContent(values));
    }

    public static Task<List<AuditEvent>> AuditEventsAsync(this VendorRiskApp app, Tenant tenant, string action) =>
        app.InDbAsync(db => db.AuditEvents.AsNoTracking().Where(e => e.Action == action).OrderBy(e => e.Sequence).ToListAsync(), tenant.Id);

    public static Task<TenantMembership> MembershipAsync(this VendorRiskApp app, Tenant tenant, Guid userId) =>
        app.InDbAsync(db => db.Memberships.AsNoTracking().SingleAsync(m => m.UserId == userId), tenant.Id);

    public static string Text(this IHtmlDocument document, string selector) =>
        document.QuerySelector(selector)?.TextContent.Trim() ?? "";
}
