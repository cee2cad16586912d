using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using VendorRisk.Infrastructure.Identity;

namespace VendorRisk.Application.Common;

/// <summary>
/// Permissions of the platform rather than of a tenant: they belong to the signed-in person's account (an Identity role, the operator's
/// by default, <c>Security:OperatorRole</c>), and are asked of ASP.NET Core's authorisation service for that person. Operations of the
/// whole platform (the mail outbox) start here; they enter no tenant.
/// </summary>
public sealed class PlatformAccess(IAuthorizationService authorization, IHttpContextAccessor http, IConfiguration configuration)
{
    public const string OperatorRoleSetting = "Security:OperatorRole";

    /// <summary>Null when the person acting is a platform operator; otherwise the failure to return.</summary>
    public async Task<Failure?> DemandOperatorAsync()
    {
        var person = http.HttpContext?.User;
        var role = configuration[OperatorRoleSetting] ?? AppRole.PlatformOperator;
        return person is not null && (await authorization.AuthorizeAsync(person, null, new RolesAuthorizationRequirement([role]))).Succeeded
            ? null
            : Fail.Forbidden("Only platform operators may do this.");
    }
}
