using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using VendorRisk.Application.Common;
using VendorRisk.Domain.Incidents;
using VendorRisk.Domain.Reassessments;
using VendorRisk.Domain.Tenancy;
using VendorRisk.Infrastructure.Persistence;
using VendorRisk.Infrastructure.Tenancy;

namespace VendorRisk.Application.Reassessments;

public sealed record ProposalRowDto(Guid Id, Guid VendorId, string VendorName, ProposalTrigger Trigger, string Reason, DateTimeOffset CreatedAt);

public sealed record DueRowDto(Guid VendorId, string VendorName, DateOnly DueOn, DateOnly ActsOn, bool ByAcceptance, string Tier);

/// <summary>The open review proposals (oldest first) and the reassessments coming due, with the policy's mode.</summary>
public sealed record ReassessmentOverviewDto(IReadOnlyList<ProposalRowDto> Proposals, IReadOnlyList<DueRowDto> Upcoming, ReassessmentMode Mode);

/// <summary>The reassessment policy as the form shows it, and whether the tenant has stored one (else the defaults).</summary>
public sealed record ReassessmentPolicyDto(ReassessmentPolicyDetails Details, int Version, bool IsStored);

public sealed record ProposalViewDto(Guid Id, Guid VendorId, string VendorName, Guid? OwnerUserId, ProposalTrigger Trigger, string Reason,
    DateTimeOffset CreatedAt, ProposalStatus Status, DateTimeOffset? DecidedAt, string? DecidedBy, string? DismissalReason, Guid? AssessmentId, int Version);

public sealed record ProposalDetailsDto(ProposalViewDto Proposal, bool CanDecide);

public sealed record VendorProposalDto(Guid Id, ProposalTrigger Trigger, string Reason, DateTimeOffset CreatedAt);

public sealed record VendorIncidentDto(Guid Id, string Title, IncidentType Type, IncidentStatus Status, DateTimeOffset ReportedAt);

/// <summary>The vendor page's "Reassessment and incidents" section.</summary>
public sealed record VendorReassessmentDto(ReassessmentSchedule? Schedule, IReadOnlyList<VendorProposalDto> Proposals, IReadOnlyList<VendorIncidentDto> Incidents);

/// <summary>The business owner of a proposal's vendor, as the resource of <see cref="ReassessmentOperations.Decide"/>.</summary>
public sealed record ProposalOwnership(Guid? OwnerUserId);

/// <summary>Deciding a review proposal: tenant admins, vendor managers, or the vendor's business owner (an internal member, not only an auditor).</summary>
public sealed class DecideProposalRequirement : IAuthorizationRequirement;

public sealed class ProposalOwnershipHandler(TenantContext tenant) : AuthorizationHandler<DecideProposalRequirement, ProposalOwnership>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, DecideProposalRequirement requirement, ProposalOwnership resource)
    {
        if (tenant.IsSet && (tenant.HasAnyRole(TenantRoles.TenantAdmin | TenantRoles.VendorManager)
                || (resource.OwnerUserId is { } owner && owner == tenant.UserId && tenant.HasAnyRole(TenantRolesExtensions.Internal & ~TenantRoles.Auditor))))
            context.Succeed(requirement);
        return Task.CompletedTask;
    }
}

/// <summary>What internal members read about reassessments and review proposals; the policy is the admins'.</summary>
public sealed class ReassessmentQueries(AppDbContext db, Access access)
{
    public static readonly RolePermission Read = new("reassessments.read", TenantRolesExtensions.Internal);

    public async Task<Outcome<ReassessmentOverviewDto>> OverviewAsync(CancellationToken cancellationToken)
    {
        if (await access.DemandAsync(Read) is { } forbidden) return forbidden;
        var policy = await ReassessmentScheduling.PolicyAsync(db, cancellationToken);
        var proposals = await db.ReviewProposals.AsNoTracking().Where(p => p.Status == ProposalStatus.Open)
            .OrderBy(p => p.CreatedAt).Take(500)
            .Join(db.Vendors, p => p.VendorId, v => v.Id, (p, v) => new ProposalRowDto(p.Id, v.Id, v.LegalName, p.Trigger, p.Reason, p.CreatedAt))
            .ToListAsync(cancellationToken);
        var schedules = await db.ReassessmentSchedules.AsNoTracking()
            .Join(db.Vendors, s => s.VendorId, v => v.Id, (s, v) => new { s.VendorId, v.LegalName, s.DueOn, s.AcceptanceExpiresOn, s.CadenceDueOn, s.Tier })
            .OrderBy(s => s.DueOn).Take(200).ToListAsync(cancellationToken);
        var upcoming = schedules.Select(s => new DueRowDto(s.VendorId, s.LegalName, s.DueOn, policy.ActsOn(s.DueOn),
            s.AcceptanceExpiresOn is { } e && e < s.CadenceDueOn, s.Tier.ToString())).ToList();
        return new ReassessmentOverviewDto(proposals.OrderBy(p => p.CreatedAt).ToList(), upcoming, policy.Mode);
    }

    public async Task<Outcome<ReassessmentPolicyDto>> PolicyAsync(CancellationToken cancellationToken)
    {
        if (await access.DemandAsync(ReassessmentOperations.ManagePolicy) is { } forbidden) return forbidden;
        var stored = await db.ReassessmentPolicies.AsNoTracking().FirstOrDefaultAsync(cancellationToken);
        var p = stored ?? ReassessmentPolicy.Defaults();
        return new ReassessmentPolicyDto(new ReassessmentPolicyDetails(p.CriticalMonths, p.HighMonths, p.MediumMonths, p.LowMonths, p.LeadTimeDays, p.Mode,
            p.IncidentNotificationHours), p.Version, stored is not null);
    }

    public async Task<Outcome<ProposalDetailsDto>> ProposalAsync(Guid id, CancellationToken cancellationToken)
    {
        if (await access.DemandAsync(Read) is { } forbidden) return forbidden;
        var view = await db.ReviewProposals.AsNoTracking().Where(p => p.Id == id)
            .Join(db.Vendors, p => p.VendorId, v => v.Id, (p, v) => new { p, v.LegalName, v.BusinessOwnerUserId })
            .GroupJoin(db.Users, x => x.p.DecidedByUserId, u => u.Id, (x, u) => new { x, u })
            .SelectMany(x => x.u.DefaultIfEmpty(), (x, u) => new ProposalViewDto(x.x.p.Id, x.x.p.VendorId, x.x.LegalName, x.x.BusinessOwnerUserId, x.x.p.Trigger,
                x.x.p.Reason, x.x.p.CreatedAt, x.x.p.Status, x.x.p.DecidedAt, u != null ? u.DisplayName : null, x.x.p.DismissalReason,
                x.x.p.AssessmentId, x.x.p.Version))
            .SingleOrDefaultAsync(cancellationToken);
        if (view is null) return Fail.NotFound("There is no such proposal.");
        return new ProposalDetailsDto(view, await access.AllowsAsync(ReassessmentOperations.Decide, new ProposalOwnership(view.OwnerUserId)));
    }

    public async Task<Outcome<VendorReassessmentDto>> VendorSectionAsync(Guid vendorId, CancellationToken cancellationToken)
    {
        if (await access.DemandAsync(Read) is { } forbidden) return forbidden;
        var schedule = await db.ReassessmentSchedules.AsNoTracking().SingleOrDefaultAsync(s => s.VendorId == vendorId, cancellationToken);
        var proposals = await db.ReviewProposals.AsNoTracking().Where(p => p.VendorId == vendorId && p.Status == ProposalStatus.Open)
            .OrderBy(p => p.CreatedAt).Select(p => new VendorProposalDto(p.Id, p.Trigger, p.Reason, p.CreatedAt)).ToListAsync(cancellationToken);
        var incidents = await db.Incidents.AsNoTracking().Where(i => i.VendorId == vendorId)
            .OrderByDescending(i => i.ReportedAt).Take(5).Select(i => new VendorIncidentDto(i.Id, i.Title, i.Type, i.Status, i.ReportedAt))
            .ToListAsync(cancellationToken);
        return new VendorReassessmentDto(schedule, proposals, incidents);
    }
}
