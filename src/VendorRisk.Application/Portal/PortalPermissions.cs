using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using VendorRisk.Domain.Assessments;
using VendorRisk.Domain.Tenancy;
using VendorRisk.Infrastructure.Persistence;
using VendorRisk.Infrastructure.Tenancy;

namespace VendorRisk.Application.Portal;

/// <summary>Answering an assessment as one of the vendor's contacts: its own vendor's assessment, and the person a bound contact of it.</summary>
public sealed record AnswerAssessment : IAuthorizationRequirement
{
    public static readonly AnswerAssessment Requirement = new();
}

public sealed class AnswerAssessmentHandler(AppDbContext db, TenantContext tenant) : AuthorizationHandler<AnswerAssessment, Assessment>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, AnswerAssessment requirement, Assessment resource)
    {
        if (tenant is not { IsSet: true, UserId: { } me, VendorId: { } vendorId } || !tenant.HasAnyRole(TenantRoles.VendorContact)
            || resource.VendorId != vendorId || resource.Status == AssessmentStatus.Draft)
            return;
        if (await db.AssessmentContacts.AnyAsync(c => c.AssessmentId == resource.Id && c.UserId == me)) context.Succeed(requirement);
    }
}
