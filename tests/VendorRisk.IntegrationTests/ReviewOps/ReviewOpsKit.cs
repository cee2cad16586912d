using System.Net;
using Microsoft.EntityFrameworkCore;
using VendorRisk.Domain.Reviews;
using VendorRisk.Domain.Tenancy;
using VendorRisk.Domain.Audit;
using VendorRisk.Infrastructure.Identity;
using VendorRisk.IntegrationTests.Infrastructure;
using VendorRisk.IntegrationTests.Reviews;

namespace VendorRisk.IntegrationTests.ReviewOps;

internal static class ReviewOpsKit
{
    public static Task SetSpecialismsAsync(this VendorRiskApp app, Tenant tenant, AppUser user, ReviewerSpecialisms specialisms) =>
        app.InDbAsync(async db =>
        {
            var membership = await db.Memberships.SingleAsync(m => m.UserId == user.Id);
            membership.ChangeSpecialisms(specialisms);
            return await db.SaveChangesAsync();
        }, tenant.Id);

    public static async Task<HttpClient> SignedInAsync(this VendorRiskApp app, AppUser user)
    {
        var client = app.CreateBrowserClient();
        await client.SignInAsync(user.Email!);
        return client;
    }

    public static Task<List<WorkflowJournalEntry>> JournalAsync(this VendorRiskApp app, ReviewScene scene, Guid instanceId) =>
        app.InDbAsync(db => db.Set<WorkflowJournalEntry>().AsNoTracking().Where(j => j.InstanceId == instanceId).OrderBy(j => j.Sequence).ToListAsync(),
            scene.Tenant.Id);

    public static Task<List<WorkflowTimer>> TimersAsync(this VendorRiskApp app, ReviewScene scene, Guid instanceId) =>
        app.InDbAsync(db => db.Set<WorkflowTimer>().AsNoTracking().Where(t => t.InstanceId == instanceId).ToListAsync(), scene.Tenant.Id);

    public static Task<List<AuditEvent>> AuditAsync(this VendorRiskApp app, Tenant tenant, string action) =>
        app.InDbAsync(db => db.AuditEvents.AsNoTracking().Where(e => e.Action == action).OrderBy(e => e.Sequence).ToListAsync(), tenant.Id);

    /// <summary>Refused: 403 from the page's resource check, or the policy's redirect to the 403 page.</summary>
    public static void AssertRefused(HttpResponseMessage response) =>
        Assert.True(response.StatusCode == HttpStatusCode.Forbidden
            || (response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location?.AbsolutePath == "/errors/403"),
            $"Expected a refusal, got {(int)response.StatusCode} {response.Headers.Location}");

    /// <summary>Posts fields with a valid anti-forgery token taken from <paramref name="tokenPage"/> (a crafted request).</summary>
    public static async Task<HttpResponseMessage> PostCraftedAsync(this HttpClient client, string url, string tokenPage, IDictionary<string, string> fields)
    {
        var token = (await client.GetDocumentAsync(tokenPage)).QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value")
            ?? throw new InvalidOperationException($"No anti-forgery token on {tokenPage}.");
        return await client.PostAsync(url, new FormUrlEncodedContent(new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = token }));
    }
}
