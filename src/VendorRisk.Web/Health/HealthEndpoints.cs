using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using VendorRisk.Infrastructure.Health;
using VendorRisk.Web.Security;

namespace VendorRisk.Web.Health;

/// <summary>
/// The health checks a load balancer and a monitor call (ADR-030): <c>/health/live</c> (the process answers: no database, no
/// authentication, answered by the first middleware), <c>/health/ready</c> (database, job storage, evidence store, outbox backlog),
/// and <c>/health</c> (the database, as before issue 17).
/// </summary>
public static class HealthEndpoints
{
    public const string LivePath = "/health/live";
    public const string ReadyPath = "/health/ready";

    public static IServiceCollection AddVendorRiskHealth(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", tags: [Readiness.Tag])
            .AddCheck<JobStorageHealthCheck>("job-storage", tags: [Readiness.Tag])
            .AddCheck<EvidenceStoreHealthCheck>("evidence-store", tags: [Readiness.Tag])
            .AddCheck<OutboxBacklogHealthCheck>("outbox-backlog", tags: [Readiness.Tag]);
        return services;
    }

    /// <summary>
    /// Answers <c>GET/HEAD /health/live</c> before anything else runs: a load balancer polls it often, and all it asks is whether the
    /// process still serves requests.
    /// </summary>
    public static IApplicationBuilder UseLiveness(this IApplicationBuilder app) =>
        app.Use(static (context, next) =>
        {
            var request = context.Request;
            if (!request.Path.Equals(LivePath, StringComparison.OrdinalIgnoreCase) || !(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)))
                return next(context);
            var response = context.Response;
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = "text/plain; charset=utf-8";
            response.Headers.CacheControl = "no-store";
            response.ContentLength = 7;
            return HttpMethods.IsHead(request.Method) ? Task.CompletedTask : response.WriteAsync("Healthy");
        });

    public static void MapVendorRiskHealth(this IEndpointRouteBuilder endpoints)
    {
        // Short-circuited like /health/ready: no authentication, rate limiter or tenant door for an anonymous probe (ADR-047).
        endpoints.MapHealthChecks("/health", new HealthCheckOptions { Predicate = c => c.Name == "database" }).AllowAnonymous().ShortCircuit();
        endpoints.MapHealthChecks(ReadyPath, new HealthCheckOptions
        {
            Predicate = c => c.Tags.Contains(Readiness.Tag),
            ResponseWriter = WriteReadinessAsync,
        }).AllowAnonymous().ShortCircuit();
    }

    /// <summary>Overall status and each check's sentence, as JSON; never an exception's message.</summary>
    private static Task WriteReadinessAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        var body = new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new
            {
                status = e.Value.Status.ToString(),
                description = e.Value.Description,
                data = e.Value.Data.Count == 0 ? null : e.Value.Data,
            }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body, JsonOptions));
    }

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };
}
