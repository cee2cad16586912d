using System.Net;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using OtpNet;
using VendorRisk.Domain.Audit;
using VendorRisk.IntegrationTests.Infrastructure;

namespace VendorRisk.IntegrationTests.Identity;

internal static class IdentityTestExtensions
{
    /// <summary>The code an authenticator app would show now, by the app's clock.</summary>
    public static string CurrentTotp(this VendorRiskApp app, string base32Key) =>
        new Totp(Base32Encoding.ToBytes(base32Key)).ComputeTotp(app.Clock.GetUtcNow().UtcDateTime);

    /// <summary>A code from ten minutes ago: outside every tolerance window.</summary>
    public static string StaleTotp(this VendorRiskApp app, string base32Key) =>
        new Totp(Base32Encoding.ToBytes(base32Key)).ComputeTotp(app.Clock.GetUtcNow().UtcDateTime.AddMinutes(-10));

    /// <summary>Platform audit events (sign-in, 2FA, reset) about one user or typed e-mail, oldest first.</summary>
    public static Task<List<AuditEvent>> PlatformAuditAsync(this VendorRiskApp app, string action, string? actorName = null, Guid? entityId = null)
    {
        var entity = entityId?.ToString();
        return app.InDbAsync(db => db.AuditEvents
            .Where(e => e.Action == action)
            .Where(e => actorName == null || e.ActorName == actorName)
            .Where(e => entity == null || e.EntityId == entity)
            .OrderBy(e => e.Sequence)
            .ToListAsync());
    }

    public static async Task<IHtmlDocument> FollowAsync(this HttpClient client, HttpResponseMessage redirect)
    {
        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        return await client.GetDocumentAsync(redirect.Headers.Location!.OriginalString);
    }

    public static string Text(this IHtmlDocument document) => document.QuerySelector("main")!.TextContent;

    /// <summary>Posts e-mail and password and expects to land on the second sign-in step.</summary>
    public static async Task StartTwoFactorSignInAsync(this HttpClient client, string email, string password = VendorRiskApp.Password)
    {
        var response = await client.TrySignInAsync(email, password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/two-factor-login", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }
}
