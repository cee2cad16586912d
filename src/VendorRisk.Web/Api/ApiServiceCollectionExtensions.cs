using System.Security.Claims;
using System.Text.Json.Serialization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Routing.Template;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.OpenApi;
using VendorRisk.Domain.Api;
using VendorRisk.Domain.Tenancy;
using VendorRisk.Infrastructure.Api;
using VendorRisk.Infrastructure.Tenancy;
using VendorRisk.Web.Authorization;

namespace VendorRisk.Web.Api;

public static class ApiPolicies
{
    /// <summary>A valid token of an internal member (vendor contacts' tokens are refused with 403).</summary>
    public const string Read = "api:read";
    /// <summary>A read-write token of a tenant admin or vendor manager.</summary>
    public const string Write = "api:write";
}

public sealed record MeDto(Guid UserId, string UserName, string TenantSlug, string TenantName, IReadOnlyList<string> Roles, Guid TokenId, ApiTokenScope Scope);

/// <summary>The REST API under <c>/api/v1</c>: token authentication, policies, rate limit, OpenAPI document, endpoints.</summary>
public static class ApiServiceCollectionExtensions
{
    public const string Prefix = "/api/v1";
    public const string RateLimitPolicy = "api";
    public const string OpenApiPath = Prefix + "/openapi.json";

    public static IServiceCollection AddVendorRiskApi(this IServiceCollection services, IConfiguration configuration)
    {
        var requestsPerMinute = configuration.GetValue("Api:RequestsPerMinute", 120);

        services.AddSingleton<InvalidTokenThrottle>();
        // Added as an extra scheme: the Identity cookie stays the default for pages, and API endpoints name only this one.
        services.AddAuthentication().AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, ApiTokenAuthenticationHandler>(
            ApiTokenDefaults.Scheme, _ => { });
        services.Configure<AuthorizationOptions>(o =>
        {
            o.AddPolicy(ApiPolicies.Read, p => p.AddAuthenticationSchemes(ApiTokenDefaults.Scheme).RequireAuthenticatedUser()
                .AddRequirements(new TenantRoleRequirement(TenantRolesExtensions.Internal)));
            o.AddPolicy(ApiPolicies.Write, p => p.AddAuthenticationSchemes(ApiTokenDefaults.Scheme).RequireAuthenticatedUser()
                .RequireClaim(ApiTokenDefaults.ScopeClaim, nameof(ApiTokenScope.ReadWrite))
                .AddRequirements(new TenantRoleRequirement(TenantRoles.TenantAdmin | TenantRoles.VendorManager)));
        });

        services.Configure<RateLimiterOptions>(o =>
        {
            // Keyed on the token (its hash: the secret itself is never kept), before authentication runs; a request
            // without a token is keyed on its address.
            o.AddPolicy(RateLimitPolicy, context => RateLimitPartition.GetFixedWindowLimiter(PartitionKey(context),
                _ => new FixedWindowRateLimiterOptions { PermitLimit = requestsPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
            var previous = o.OnRejected;
            o.OnRejected = async (rejected, cancellationToken) =>
            {
                var http = rejected.HttpContext;
                if (!http.Request.Path.StartsWithSegments(Prefix))
                {
                    if (previous is not null) await previous(rejected, cancellationToken);
                    return;
                }
                var seconds = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
                    ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)) : 60;
                http.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                await ApiProblems.Write(http, StatusCodes.Status429TooManyRequests, "Too many requests",
                    $"This token may make {requestsPerMinute} requests a minute. Retry after {seconds} seconds.");
            };
        });

        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter());
            // Numbers are JSON numbers: "12" is no integer (and the document says `integer`, not `integer|string`).
            o.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
        });
        services.AddOpenApi("v1", o =>
        {
            o.ShouldInclude = d => d.RelativePath?.StartsWith("api/v1/", StringComparison.OrdinalIgnoreCase) == true;
            ApiDocument.Configure(o);
            o.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "VendorRisk API",
                    Version = "v1",
                    Description = "Vendors, AI systems, assessments and decisions of one organisation. Authenticate with a personal access " +
                        "token (Authorization: Bearer vrk_...); the token decides the organisation. Errors are RFC 9457 problem details.",
                };
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes["bearer"] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    BearerFormat = "vrk_ personal access token",
                    Description = "A personal access token created on the API tokens page of an organisation.",
                };
                document.Security ??= [];
                document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("bearer", document)] = [] });
                return Task.CompletedTask;
            });
        });
        return services;
    }

    private static string PartitionKey(HttpContext context)
    {
        string? header = context.Request.Headers.Authorization;
        if (header is { Length: > 7 } && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            var secret = header[7..].Trim();
            if (ApiTokenSecrets.LooksLikeToken(secret)) return "token:" + ApiTokenSecrets.Hash(secret);
        }
        return "address:" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown");
    }

    /// <summary>
    /// For <c>/api</c> paths: no HTML error pages (status-code pages are off), and any error without a body gets a
    /// problem-details body, including a body that cannot be read and an unexpected failure. Goes after the status-code
    /// pages middleware and before routing.
    /// </summary>
    public static IApplicationBuilder UseVendorRiskApi(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (!context.Request.Path.StartsWithSegments("/api"))
            {
                await next();
                return;
            }
            if (context.Features.Get<IStatusCodePagesFeature>() is { } statusPages) statusPages.Enabled = false;
            if (HttpMethods.IsHead(context.Request.Method))
            {
                // HEAD is GET without the body: same status and headers (Content-Length included), nothing written.
                context.Request.Method = HttpMethods.Get;
                context.Response.Body = Stream.Null;
            }
            try
            {
                await next();
            }
            catch (BadHttpRequestException e) when (!context.Response.HasStarted)
            {
                context.Response.Clear();
                // The exception's message names the handler's parameter (an internal name): say what to send instead.
                await ApiProblems.Write(context, e.StatusCode, "The request could not be read.", e.StatusCode switch
                {
                    StatusCodes.Status413PayloadTooLarge => "The body is too large.",
                    StatusCodes.Status415UnsupportedMediaType => "Send the body as application/json.",
                    _ => "Send a JSON object with the fields and types described in " + OpenApiPath + ".",
                });
                return;
            }
            catch (Exception e) when (!context.Response.HasStarted && e is not OperationCanceledException)
            {
                context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("VendorRisk.Api")
                    .LogError(e, "Unhandled error in {Path}", context.Request.Path);
                context.Response.Clear();
                await ApiProblems.Write(context, StatusCodes.Status500InternalServerError, "Something went wrong.",
                    "The error was logged. Quote the trace id when you report it.");
                return;
            }
            if (!context.Response.HasStarted && context.Response.StatusCode >= 400 && context.Response.ContentType is null)
            {
                var status = context.Response.StatusCode;
                await ApiProblems.Write(context, status, ReasonPhrases.GetReasonPhrase(status));
            }
        });

    public static IEndpointRouteBuilder MapVendorRiskApi(this IEndpointRouteBuilder app)
    {
        app.MapOpenApi(OpenApiPath).AllowAnonymous().ExcludeFromDescription();

        var api = app.MapGroup(Prefix).RequireAuthorization(ApiPolicies.Read).RequireRateLimiting(RateLimitPolicy);
        api.MapGet("/me", Me).WithName("GetMe").WithTags("Token").WithSummary("Who the token acts for")
            .WithDescription("The user, organisation, current roles and scope of the token in the Authorization header.")
            .Produces<MeDto>();
        VendorEndpoints.Map(api);
        AssessmentEndpoints.Map(api);
        ObligationEndpoints.Map(api);
        TemplateEndpoints.Map(api);
        // Any other path under the API answers a problem-details 404, not the HTML error page.
        app.Map(Prefix + "/{**rest}", NoEndpoint).AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    /// <summary>
    /// Routing found no endpoint for this method and content type. When an endpoint has this path, the method is wrong (405
    /// with Allow) or, for the same method, the body's content type (415); otherwise there is no such path (404).
    /// </summary>
    private static IResult NoEndpoint(HttpContext http, EndpointDataSource endpoints, IInlineConstraintResolver constraints)
    {
        var path = http.Request.Path;
        var methods = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var endpoint in endpoints.Endpoints.OfType<RouteEndpoint>())
        {
            var pattern = endpoint.RoutePattern;
            if (pattern.RawText is not { } raw || !raw.StartsWith(Prefix + "/", StringComparison.Ordinal) || raw.Contains("**", StringComparison.Ordinal)
                || endpoint.Metadata.GetMetadata<HttpMethodMetadata>() is not { } allowed) continue;
            var values = new RouteValueDictionary();
            if (!new TemplateMatcher(new RouteTemplate(pattern), new RouteValueDictionary()).TryMatch(path, values)) continue;
            var satisfied = pattern.ParameterPolicies.All(p => p.Value.All(reference => reference.Content is not { } inline
                || constraints.ResolveConstraint(inline) is not { } constraint
                || constraint.Match(http, null, p.Key, values, RouteDirection.IncomingRequest)));
            if (satisfied) methods.UnionWith(allowed.HttpMethods);
        }
        if (methods.Count == 0)
            return ApiProblems.Result(http, StatusCodes.Status404NotFound, "Not found",
                "There is no such API endpoint. The endpoints are listed in " + OpenApiPath + ".");
        if (methods.Contains(http.Request.Method))
            return ApiProblems.Result(http, StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", "Send the body as application/json.");
        if (methods.Contains(HttpMethods.Get)) methods.Add(HttpMethods.Head);
        var allow = string.Join(", ", methods);
        http.Response.Headers.Allow = allow;
        return ApiProblems.Result(http, StatusCodes.Status405MethodNotAllowed, "Method not allowed", $"This address answers {allow}.");
    }

    private static IResult Me(HttpContext http, TenantContext tenant)
    {
        var scope = Enum.Parse<ApiTokenScope>(http.User.FindFirstValue(ApiTokenDefaults.ScopeClaim)!);
        return ApiRepresentation.Ok(http, new MeDto(tenant.UserId!.Value, http.User.Identity!.Name!, tenant.Slug!, tenant.TenantName!,
            [.. tenant.Roles.Each().Select(r => r.ToString())], Guid.Parse(VendorEndpoints.TokenId(http)!), scope));
    }
}
