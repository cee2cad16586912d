using VendorRisk.Domain.Questionnaires;
using VendorRisk.Domain.Reviews;
using VendorRisk.Domain.Tenancy;
using VendorRisk.Infrastructure.Tenancy;

namespace VendorRisk.Application.Findings;

/// <summary>
/// Who may accept the risk of a high or critical finding (ADR-027): a member holding one of the roles the tenant's gates name for the
/// severity, never a vendor contact and never the assessment's requester. Lower findings follow <see cref="ActOnFindings"/>.
/// </summary>
public static class RiskAcceptors
{
    public static bool Allows(TenantContext tenant, DecisionGatePolicy gates, FindingSeverity severity, FindingScope scope) =>
        gates.AcceptanceRolesFor(severity) is { } roles && tenant.UserId is { } me && me != scope.RequesterUserId
        && tenant.HasAnyRole(roles) && !tenant.HasAnyRole(TenantRoles.VendorContact);
}
