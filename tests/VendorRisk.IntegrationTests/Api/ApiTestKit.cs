using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using VendorRisk.Domain.Api;
using VendorRisk.Domain.Tenancy;
using VendorRisk.Infrastructure.Api;
using VendorRisk.Infrastructure.Identity;
using VendorRisk.IntegrationTests.Infrastructure;

namespace VendorRisk.IntegrationTests.Api;

internal static class ApiTestKit
{
    /// <summary>A token inserted straight into the database, as a forger with database access (or a test) would.</summary>
    public static Task<string> TokenAsync(this VendorRiskApp app, Tenant tenant, AppUser user, ApiTokenScope scope = ApiTokenScope.Read,
        DateTimeOffset? expiresAt = null, bool revoked = false) =>
        app.InDbAsync(async db =>
        {
            var secret = ApiTokenSecrets.NewSecret();
            var token = PersonalAccessToken.Create(user.Id, "test token", scope, ApiTokenSecrets.Hash(secret), secret[..12], app.Clock.GetUtcNow(),
                expiresAt ?? app.Clock.GetUtcNow().AddDays(90));
            if (revoked) token.Revoke(app.Clock.GetUtcNow());
            db.PersonalAccessTokens.Add(token);
            await db.SaveChangesAsync();
            return secret;
        }, tenant.Id);

    /// <summary>A client with no cookies that sends <paramref name="secret"/> as a bearer token (none when null).</summary>
    public static HttpClient ApiClient(this VendorRiskApp app, string? secret)
    {
        var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        if (secret is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        return client;
    }

    public static StringContent Json(object body) => new(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");

    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response)
    {
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.Clone();
    }

    /// <summary>Asserts an RFC 9457 problem-details answer with this status and returns its body.</summary>
    public static async Task<JsonElement> AssertProblemAsync(this HttpResponseMessage response, HttpStatusCode status, string what)
    {
        Assert.True(response.StatusCode == status, $"{what}: expected {(int)status}, got {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.JsonAsync();
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()));
        Assert.True(problem.TryGetProperty("traceId", out _), "problem details carry a trace id");
        return problem;
    }

    public static HttpRequestMessage Request(HttpMethod method, string url, object? body = null, string? ifMatch = null, string? ifNoneMatch = null)
    {
        var request = new HttpRequestMessage(method, url);
        if (body is not null) request.Content = Json(body);
        if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        if (ifNoneMatch is not null) request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
        return request;
    }
}

/// <summary>
/// One organisation with something behind every endpoint: a vendor with an AI system, an approved assessment whose
/// answers raise a finding, and the review workflow's outcome; its tenant admin's read-write token.
/// </summary>
internal sealed record ApiWorld(Tenant Tenant, AppUser Admin, Guid VendorId, Guid AiSystemId, Guid AssessmentId, string WriteToken)
{
    /// <summary>The first due date (occurrence) of an obligation of the vendor's contract.</summary>
    public Guid ObligationId { get; init; }

    /// <summary>The published template of the assessment.</summary>
    public Guid TemplateId { get; init; }

    /// <summary>Every API endpoint, with a body for writes.</summary>
    public IReadOnlyList<(HttpMethod Method, string Url, object? Body)> Endpoints =>
    [
        (HttpMethod.Get, "/api/v1/me", null),
        (HttpMethod.Get, "/api/v1/vendors", null),
        (HttpMethod.Get, $"/api/v1/vendors/{VendorId}", null),
        (HttpMethod.Post, "/api/v1/vendors", new { legalName = "Created " + Guid.NewGuid().ToString("N")[..6] }),
        (HttpMethod.Put, $"/api/v1/vendors/{VendorId}", new { legalName = "Renamed", criticality = "High" }),
        (HttpMethod.Get, $"/api/v1/vendors/{VendorId}/ai-systems", null),
        (HttpMethod.Get, $"/api/v1/vendors/{VendorId}/ai-systems/{AiSystemId}", null),
        (HttpMethod.Get, "/api/v1/assessments", null),
        (HttpMethod.Get, $"/api/v1/assessments/{AssessmentId}", null),
        (HttpMethod.Get, "/api/v1/decisions", null),
        (HttpMethod.Get, $"/api/v1/decisions/{AssessmentId}", null),
        (HttpMethod.Get, "/api/v1/obligations", null),
        (HttpMethod.Get, $"/api/v1/obligations/{ObligationId}", null),
        (HttpMethod.Get, "/api/v1/templates", null),
        (HttpMethod.Get, $"/api/v1/templates/{TemplateId}", null),
        (HttpMethod.Get, $"/api/v1/templates/{TemplateId}/export", null),
    ];
}

internal static class ApiWorlds
{
    public static async Task<ApiWorld> ApiWorldAsync(this VendorRiskApp app)
    {
        var world = await Assessments.AssessmentTestKit.WorldAsync(app, TenantRoles.TenantAdmin);
        var assessment = await Assessments.AssessmentTestKit.SeedAssessmentAsync(app, world, Domain.Assessments.AssessmentStatus.Approved,
            new Dictionary<string, string>
            {
                ["has_policy"] = Domain.Assessments.AnswerJson.Serialize(Domain.Questionnaires.AnswerValue.False),
                ["trains_on_data"] = Domain.Assessments.AnswerJson.Serialize(Domain.Questionnaires.AnswerValue.Text("never")),
            });
        var now = app.Clock.GetUtcNow();
        var aiSystemId = await app.InDbAsync(async db =>
        {
            var system = Domain.Vendors.AiSystem.Create(world.Vendor.Id, "Triage assistant", new Domain.Vendors.AiSystemProfile
            {
                Purpose = "Sorts incoming tickets",
                FoundationModels = [new Domain.Vendors.FoundationModel("Example Labs", "ex-large", "2026-05")],
                Subprocessors = ["Cloud Hosting Ltd"],
            }, world.Manager.Id, now);
            db.AiSystems.Add(system);
            var instance = Domain.Reviews.WorkflowInstance.Create(assessment.Id, "ai-vendor-review", 1, "hash", world.Manager.Id, now);
            instance.SetResidualRisk("medium");
            instance.Store("{}", "completed", null, "approved", now);
            db.Add(instance);
            await db.SaveChangesAsync();
            return system.Id;
        }, world.Tenant.Id);
        var contract = await Contracts.ContractsTestKit.SeedContractAsync(app, world.Tenant.Id, world.Vendor.Id, world.Manager.Id);
        var (_, occurrence) = await Contracts.ContractsTestKit.SeedObligationAsync(app, world.Tenant.Id, contract, world.Manager.Id,
            Domain.Contracts.Recurrence.Yearly, DateOnly.FromDateTime(now.UtcDateTime).AddDays(30));
        var token = await app.TokenAsync(world.Tenant, world.Manager, ApiTokenScope.ReadWrite);
        return new ApiWorld(world.Tenant, world.Manager, world.Vendor.Id, aiSystemId, assessment.Id, token) { ObligationId = occurrence.Id, TemplateId = world.Template.Id };
    }
}
