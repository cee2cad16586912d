using Microsoft.EntityFrameworkCore;
using VendorRisk.Domain.Findings;
using VendorRisk.Infrastructure.Email;
using VendorRisk.Application.Findings;
using VendorRisk.Infrastructure.Persistence;
using VendorRisk.Infrastructure.Tenancy;

namespace VendorRisk.Web.Pages.Findings;

/// <summary>
/// Queues the finding e-mails in the caller's unit of work (they commit with the change): to the assessment's vendor
/// contacts when a finding is assigned to the vendor, to the finding's internal owner when the vendor answers.
/// </summary>
public static class FindingNotifications
{
    /// <summary>The absolute origin of links: <c>App:PublicBaseUrl</c> when configured, else the request's own.</summary>
    public static string Origin(IConfiguration configuration, HttpRequest request)
    {
        var configured = configuration["App:PublicBaseUrl"];
        return string.IsNullOrWhiteSpace(configured)
            ? $"{request.Scheme}://{request.Host.ToUriComponent()}{request.PathBase.ToUriComponent()}"
            : configured.TrimEnd('/');
    }

    public static async Task<int> AssignedToVendorAsync(AppDbContext db, EmailOutbox outbox, TenantContext tenant, ReviewFinding finding,
        string assessmentTitle, string origin, CancellationToken cancellationToken)
    {
        var contacts = await db.AssessmentContacts.AsNoTracking().Where(c => c.AssessmentId == finding.AssessmentId)
            .Select(c => c.Email).ToListAsync(cancellationToken);
        var link = $"{origin}/portal/findings/{finding.AssessmentId}";
        foreach (var email in contacts.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            outbox.Enqueue(FindingMails.AssignedToVendor(tenant.TenantName ?? "", assessmentTitle, finding.Title, finding.Severity.ToString().ToLowerInvariant(),
                    finding.DueOn, link), email, null, FindingMails.KindAssignedToVendor, tenant.TenantId,
                $"finding:{finding.Id}:assigned:{finding.Version}:{email.ToLowerInvariant()}");
        }
        return contacts.Count;
    }

    /// <summary>To the internal owner, or for a vendor-owned finding to the reviewer who raised it (its internal owner).</summary>
    public static async Task<string?> RemediationProposedAsync(AppDbContext db, EmailOutbox outbox, Guid tenantId, string slug, ReviewFinding finding,
        string vendorName, string assessmentTitle, string origin, CancellationToken cancellationToken)
    {
        var recipient = finding.OwnerUserId ?? finding.RaisedByUserId;
        var email = await db.Users.AsNoTracking().Where(u => u.Id == recipient).Select(u => u.Email).SingleOrDefaultAsync(cancellationToken);
        if (email is null) return null;
        outbox.Enqueue(FindingMails.RemediationProposed(vendorName, assessmentTitle, finding.Title, finding.RemediationTargetOn!.Value,
                $"{origin}/t/{slug}/findings/details/{finding.Id}"), email, null, FindingMails.KindRemediationProposed, tenantId,
            $"finding:{finding.Id}:remediation:{finding.Version}");
        return email;
    }
}
