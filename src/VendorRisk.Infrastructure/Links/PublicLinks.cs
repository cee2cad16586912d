using System.Globalization;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace VendorRisk.Infrastructure.Links;

/// <summary>
/// The one builder of absolute links: every address in an e-mail, a calendar feed, a PDF or an API document starts at the
/// portal's public address, <c>App:PublicBaseUrl</c>, never at a request's Host header (which a client chooses). Outside
/// Production an unset address falls back to the address Kestrel listens on, so the demo's links work as they are; Production
/// refuses to start without it (see <see cref="LinksServiceCollectionExtensions.AddVendorRiskLinks"/>).
/// </summary>
public sealed class PublicLinks
{
    public const string Setting = "App:PublicBaseUrl";

    private readonly Uri? _configured;
    private readonly IServiceProvider _services;
    private Uri? _resolved;

    public PublicLinks(PublicAddress address, IServiceProvider services)
    {
        _configured = address.Configured;
        _services = services;
    }

    /// <summary>The public origin with its path base and no trailing slash, e.g. <c>https://risk.example.com</c>.</summary>
    public string BaseUrl => Base.ToString().TrimEnd('/');

    private Uri Base => _resolved ??= _configured ?? ListeningAddress() ?? new Uri("http://localhost/");

    /// <summary>The first address the server listens on (Kestrel's, once started); none for an in-memory test server.</summary>
    private Uri? ListeningAddress()
    {
        var addresses = _services.GetService<IServer>()?.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        foreach (var address in addresses)
        {
            // Wildcard bindings (http://+:80, http://*:80, http://[::]:80) are reached on this machine as localhost.
            var reachable = address.Replace("://+", "://localhost", StringComparison.Ordinal)
                .Replace("://*", "://localhost", StringComparison.Ordinal)
                .Replace("://[::]", "://localhost", StringComparison.Ordinal);
            if (Uri.TryCreate(reachable, UriKind.Absolute, out var uri)) return uri;
        }
        return null;
    }

    /// <summary>An absolute link to <paramref name="pathAndQuery"/>, which starts with '/'.</summary>
    public string To(string pathAndQuery)
    {
        if (!pathAndQuery.StartsWith('/')) throw new ArgumentException("A path starts with '/'.", nameof(pathAndQuery));
        return BaseUrl + pathAndQuery;
    }

    private string InTenant(string slug, string path) => To($"/t/{Uri.EscapeDataString(slug)}/{path}");

    private static string Id(Guid id) => id.ToString("D", CultureInfo.InvariantCulture);

    public string Home() => To("/");
    public string SignIn() => To("/account/login");
    public string InvitationAccept(string token) => To($"/invitations/accept?token={Uri.EscapeDataString(token)}");
    /// <summary>The e-mailed link that completes a sign-up (its code is the Data-Protection-protected sign-up).</summary>
    public string SignUp(string code) => To($"/account/complete-sign-up?code={Uri.EscapeDataString(code)}");
    /// <summary>Where anyone asks for a password-reset link.</summary>
    public string ForgotPassword() => To("/account/forgot-password");
    public string PasswordReset(Guid userId, string code) =>
        To($"/account/reset-password?userId={Id(userId)}&code={Uri.EscapeDataString(code)}");

    /// <summary>The vendor portal's home (every organisation that invited the contact).</summary>
    public string Portal() => To("/portal");
    public string PortalAssessment(string slug, Guid assessmentId) => InTenant(slug, $"portal/assessments/{Id(assessmentId)}");
    /// <summary>One question of an assessment in the vendor portal (the page scrolls to it).</summary>
    public string PortalAssessmentItem(string slug, Guid assessmentId, string itemId) =>
        PortalAssessment(slug, assessmentId) + "#item-" + Uri.EscapeDataString(itemId);
    public string PortalObligations(string slug) => InTenant(slug, "portal/obligations");
    public string PortalFindings(string slug, Guid assessmentId) => InTenant(slug, $"portal/findings/{Id(assessmentId)}");

    public string AssessmentDetails(string slug, Guid assessmentId) => InTenant(slug, $"assessments/details/{Id(assessmentId)}");
    public string ReviewInbox(string slug) => InTenant(slug, "reviews");
    public string ReviewInstance(string slug, Guid instanceId) => InTenant(slug, $"reviews/instance/{Id(instanceId)}");
    public string Committee(string slug) => InTenant(slug, "committee");
    public string FindingDetails(string slug, Guid findingId) => InTenant(slug, $"findings/details/{Id(findingId)}");
    public string ContractDetails(string slug, Guid contractId) => InTenant(slug, $"contracts/details/{Id(contractId)}");
    public string ObligationOccurrence(string slug, Guid occurrenceId) => InTenant(slug, $"obligations/occurrence/{Id(occurrenceId)}");
    public string ObligationFeed(string slug, string secret) => InTenant(slug, $"obligations/feed/{Uri.EscapeDataString(secret)}");
    public string IncidentDetails(string slug, Guid incidentId) => InTenant(slug, $"incidents/details/{Id(incidentId)}");
    public string ReassessmentProposal(string slug, Guid proposalId) => InTenant(slug, $"reassessments/proposal/{Id(proposalId)}");
    public string ConditionDetails(string slug, Guid conditionId) => InTenant(slug, $"conditions/details/{Id(conditionId)}");
    public string PortalConditions(string slug) => InTenant(slug, "portal/conditions");

    /// <summary>The REST API's root, as the OpenAPI document's server.</summary>
    public string Api() => To("/api/v1");
}

/// <summary><c>App:PublicBaseUrl</c> as read and checked at start-up; null when it is not set.</summary>
public sealed record PublicAddress(Uri? Configured);

public static class LinksServiceCollectionExtensions
{
    /// <summary>
    /// Reads and checks <c>App:PublicBaseUrl</c>: an absolute http(s) address without query or fragment. Production refuses to
    /// start without it: links in mail would otherwise depend on whatever address a request came in on.
    /// </summary>
    public static IServiceCollection AddVendorRiskLinks(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var address = Read(configuration[PublicLinks.Setting], environment);
        services.AddSingleton(address);
        services.AddSingleton<PublicLinks>();
        return services;
    }

    public static PublicAddress Read(string? configured, IHostEnvironment environment)
    {
        if (string.IsNullOrWhiteSpace(configured))
        {
            return environment.IsProduction()
                ? throw new InvalidConfigurationException(
                    $"{PublicLinks.Setting} is not set. Set it to the portal's public address (e.g. https://risk.example.com): " +
                    "every link in e-mails, calendar feeds and reports starts there. (Environment variable App__PublicBaseUrl.)")
                : new PublicAddress(null);
        }
        if (!Uri.TryCreate(configured.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
            || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment) || !string.IsNullOrEmpty(uri.UserInfo))
        {
            throw new InvalidConfigurationException(
                $"{PublicLinks.Setting} '{configured}' is not an absolute http(s) address without query, fragment or user name, such as https://risk.example.com.");
        }
        var path = uri.AbsolutePath.EndsWith('/') ? uri.AbsolutePath : uri.AbsolutePath + "/";
        return new PublicAddress(new UriBuilder(uri.Scheme, uri.Host, uri.Port, path).Uri);
    }
}
