using Microsoft.EntityFrameworkCore;
using VendorRisk.Infrastructure.Persistence;

namespace VendorRisk.Application.Members;

/// <summary>
/// Links a vendor contact's account to the assessments they were invited to answer. Called when a vendor-contact
/// invitation is accepted (inside the acceptance transaction, in the inviting tenant's scope): every assessment
/// contact of that vendor with the invited address and no account yet gets the user's id. An existing member is
/// bound at once when the assessment is sent.
/// </summary>
public static class AssessmentContactBinding
{
    public static async Task<int> BindAsync(AppDbContext db, Guid vendorId, string email, Guid userId, CancellationToken cancellationToken = default)
    {
        var address = email.Trim();
        // Compared in memory: addresses are case-insensitive, and a vendor has few unbound contacts.
        var contacts = (await db.AssessmentContacts
            .Where(c => c.UserId == null)
            .Where(c => db.Assessments.Any(a => a.Id == c.AssessmentId && a.VendorId == vendorId))
            .ToListAsync(cancellationToken))
            .Where(c => string.Equals(c.Email, address, StringComparison.OrdinalIgnoreCase))
            .ToList();
        foreach (var contact in contacts) contact.BindUser(userId);
        return contacts.Count;
    }
}
