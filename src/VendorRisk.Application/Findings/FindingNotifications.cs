using Microsoft.EntityFrameworkCore;
using VendorRisk.Domain.Findings;
using VendorRisk.Infrastructure.Email;
using VendorRisk.Infrastructure.Links;
using VendorRisk.Infrastructure.Persistence;
using VendorRisk.Infrastructure.Tenancy;

namespace VendorRisk.Application.Findings;

/// <summary>
/// Queues the finding e-mails in the caller's unit of work (they commit with the change): to the assessment's vendor
/// contacts when a finding is assigned to the vendor, to the finding's internal owner when the vendor answers. Links come
/// from <see cref="PublicLinks"/>.
/// </summary>
public sealed class FindingNotifications(AppDbContext db, EmailOutbox outbox, TenantContext tenant, PublicLinks links)
{
    public async Task<int> AssignedToVendorAsync(ReviewFinding finding, string assessmentTitle, CancellationToken cancellationToken)
    {
        var contacts = await db.AssessmentContacts.AsNoTracking().Where(c => c.AssessmentId == finding.AssessmentId)
            .Select(c => c.Email).ToListAsync(cancellationToken);
        // The vendor portal lives outside the tenant's address space (/portal/...).
        var link = links.To($"/portal/findings/{finding.AssessmentId}");
        foreach (var email in contacts.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            outbox.Enqueue(FindingMails.AssignedToVendor(tenant.TenantName ?? "", assessmentTitle, finding.Title, finding.Severity.ToString().ToLowerInvariant(),
                    finding.DueOn, link), email, null, FindingMails.KindAssignedToVendor, tenant.TenantId,
                $"finding:{finding.Id}:assigned:{finding.Version}:{email.ToLowerInvariant()}");
        }
        return contacts.Count;
    }

    /// <summary>To the internal owner, or for a vendor-owned finding to the reviewer who raised it (its internal owner).</summary>
    public async Task<string?> RemediationProposedAsync(Guid tenantId, string slug, ReviewFinding finding, string vendorName, string assessmentTitle,
        CancellationToken cancellationToken)
    {
        var recipient = finding.OwnerUserId ?? finding.RaisedByUserId;
        var email = await db.Users.AsNoTracking().Where(u => u.Id == recipient).Select(u => u.Email).SingleOrDefaultAsync(cancellationToken);
        if (email is null) return null;
        outbox.Enqueue(FindingMails.RemediationProposed(vendorName, assessmentTitle, finding.Title, finding.RemediationTargetOn!.Value,
                links.FindingDetails(slug, finding.Id)), email, null, FindingMails.KindRemediationProposed, tenantId,
            $"finding:{finding.Id}:remediation:{finding.Version}");
        return email;
    }
}
