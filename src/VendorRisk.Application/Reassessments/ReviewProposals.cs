using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using VendorRisk.Domain.Reassessments;
using VendorRisk.Infrastructure.Audit;
using VendorRisk.Infrastructure.Email;
using VendorRisk.Infrastructure.Persistence;
using VendorRisk.Infrastructure.Tenancy;
using VendorRisk.Infrastructure.Links;

namespace VendorRisk.Application.Reassessments;

/// <summary>
/// Creates review proposals for the current tenant: the proposal, the e-mail to the vendor's owner (or the tenant
/// admins when the vendor has none) and the audit event join the caller's unit of work; the caller saves. A proposal
/// that already exists for (vendor, trigger, source key) is not created again (null); the unique index catches a
/// concurrent writer.
/// </summary>
public sealed class ReviewProposals(AppDbContext db, TenantContext tenant, EmailOutbox outbox, AuditLog audit, TimeProvider clock,
    PublicLinks links)
{
    public async Task<ReviewProposal?> ProposeAsync(Guid vendorId, ProposalTrigger trigger, string sourceKey, Guid? sourceId, string reason,
        CancellationToken cancellationToken)
    {
        if (await db.ReviewProposals.AnyAsync(p => p.VendorId == vendorId && p.Trigger == trigger && p.SourceKey == sourceKey, cancellationToken)
            || db.ChangeTracker.Entries<ReviewProposal>().Any(e => e.State == EntityState.Added && e.Entity.VendorId == vendorId
                && e.Entity.Trigger == trigger && e.Entity.SourceKey == sourceKey))
            return null;
        var proposal = ReviewProposal.Create(vendorId, trigger, sourceKey, sourceId, reason, clock.GetUtcNow());
        db.ReviewProposals.Add(proposal);

        var names = await db.Tenants.Where(t => t.Id == tenant.TenantId)
            .Select(t => new { t.Slug, t.Name }).SingleAsync(cancellationToken);
        var vendorName = await db.Vendors.Where(v => v.Id == vendorId).Select(v => v.LegalName).SingleAsync(cancellationToken);
        var link = links.ReassessmentProposal(names.Slug, proposal.Id);
        var mail = ReassessmentMails.Proposal(names.Name, vendorName, trigger, proposal.Reason, link);
        foreach (var recipient in await Recipients.ForVendorAsync(db, vendorId, alsoAdmins: false, cancellationToken))
        {
            outbox.Enqueue(mail, recipient.Email, recipient.Name, ReassessmentMails.KindProposal, tenant.TenantId,
                $"proposal:{proposal.Id:N}:owner:{recipient.UserId:N}");
        }
        audit.Record("reassessment.proposed", nameof(ReviewProposal), proposal.Id,
            new { vendorId, trigger = trigger.ToString(), sourceKey, sourceId, reason = proposal.Reason });
        return proposal;
    }
}
