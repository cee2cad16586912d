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
        // A contact row this scope read from the database unchanged (PortalQueries.OpenAssessmentAsync reads it with the assessment) is
        // the answer already: no second read of the same row on every autosave (ADR-045).
        if (db.ChangeTracker.Entries<AssessmentContact>().Any(e => e.State == EntityState.Unchanged && e.Entity.AssessmentId == resource.Id && e.Entity.UserId == me)
            || await db.AssessmentContacts.AnyAsync(c => c.AssessmentId == resource.Id && c.UserId == me))
            context.Succeed(requirement);
    }
}

/// <summary>
/// Answering a finding as one of the vendor's contacts: a finding the reviewers gave the vendor to answer, on an assessment of the
/// contact's own vendor of which the person is a bound contact.
/// </summary>
public sealed record AnswerFinding : IAuthorizationRequirement
{
    public static readonly AnswerFinding Requirement = new();
}

public sealed class AnswerFindingHandler(AppDbContext db, TenantContext tenant) : AuthorizationHandler<AnswerFinding, Domain.Findings.ReviewFinding>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, AnswerFinding requirement, Domain.Findings.ReviewFinding resource)
    {
        if (tenant is not { IsSet: true, UserId: { } me, VendorId: { } vendorId } || !tenant.HasAnyRole(TenantRoles.VendorContact)
            || resource.OwnerKind != Domain.Findings.FindingOwnerKind.Vendor)
            return;
        if (await db.Assessments.AnyAsync(a => a.Id == resource.AssessmentId && a.VendorId == vendorId && a.Status != AssessmentStatus.Draft
                && db.AssessmentContacts.Any(c => c.AssessmentId == a.Id && c.UserId == me)))
            context.Succeed(requirement);
    }
}

/// <summary>Sending evidence for an obligation as one of the vendor's contacts: an obligation of the contact's own vendor that waits for its evidence.</summary>
public sealed record SendObligationEvidence : IAuthorizationRequirement
{
    public static readonly SendObligationEvidence Requirement = new();
}

public sealed class SendObligationEvidenceHandler(TenantContext tenant) : AuthorizationHandler<SendObligationEvidence, Domain.Contracts.Obligation>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, SendObligationEvidence requirement, Domain.Contracts.Obligation resource)
    {
        if (tenant is { IsSet: true, UserId: not null, VendorId: { } vendorId } && tenant.HasAnyRole(TenantRoles.VendorContact)
            && resource.VendorId == vendorId && resource.NeedsVendorEvidence)
            context.Succeed(requirement);
        return Task.CompletedTask;
    }
}
