using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using VendorRisk.Domain.Assessments;
using VendorRisk.Domain.Common;
using VendorRisk.Domain.Questionnaires;
using VendorRisk.Domain.Questionnaires.Versioning;
using VendorRisk.Domain.Tenancy;
using VendorRisk.Application.Assessments;
using VendorRisk.Infrastructure.Audit;
using VendorRisk.Infrastructure.Email;
using VendorRisk.Infrastructure.Persistence;
using VendorRisk.Infrastructure.Tenancy;
using VendorRisk.Infrastructure.Links;

namespace VendorRisk.Application.Reassessments;

/// <summary>The assessment issued, or why none could be.</summary>
public sealed record IssueResult(Assessment? Assessment, string? Problem, int CarriedOver = 0);

/// <summary>
/// Issues a vendor's reassessment without a form: the questionnaire of the vendor's last assessment in its current
/// published version, sent to the contacts of that assessment who still hold portal access to this vendor, with the
/// answers of the vendor's last submission of that questionnaire carried over (to be confirmed or changed). Everything
/// (assessment, contacts, answers, e-mails, audit) joins the caller's unit of work; the caller saves.
/// </summary>
public sealed class ReassessmentIssuer(AppDbContext db, TenantContext tenant, EmailOutbox outbox, AuditLog audit, TimeProvider clock,
    PublicLinks links)
{
    public const int MinimumResponseDays = 14;

    /// <summary>
    /// The due date given to the vendor for a reassessment due on <paramref name="reassessmentDueOn"/>: that date, but never less than
    /// <see cref="MinimumResponseDays"/> from today.
    /// </summary>
    public static DateOnly AnswerDueOn(DateOnly reassessmentDueOn, DateOnly today) =>
        reassessmentDueOn > today.AddDays(MinimumResponseDays) ? reassessmentDueOn : today.AddDays(MinimumResponseDays);

    /// <summary>An assessment of the vendor the vendor or the reviewers are still working on, if any.</summary>
    public Task<string?> OpenAssessmentTitleAsync(Guid vendorId, CancellationToken cancellationToken) =>
        db.Assessments.Where(a => a.VendorId == vendorId && a.Status != AssessmentStatus.Draft
                && a.Status != AssessmentStatus.Approved && a.Status != AssessmentStatus.ApprovedWithConditions
                && a.Status != AssessmentStatus.Rejected && a.Status != AssessmentStatus.Cancelled && a.Status != AssessmentStatus.Expired)
            .OrderByDescending(a => a.CreatedAt).Select(a => a.Title).FirstOrDefaultAsync(cancellationToken);

    public async Task<IssueResult> IssueAsync(Guid vendorId, Guid? requestedBy, DateOnly dueOn, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (await OpenAssessmentTitleAsync(vendorId, cancellationToken) is { } open)
            return new(null, $"\"{open}\" is still open for this vendor: finish or cancel it first.");

        var last = await db.Assessments.Where(a => a.VendorId == vendorId && a.SentAt != null)
            .OrderByDescending(a => a.CreatedAt)
            .Select(a => new { a.Id, a.TemplateKey, a.RequestedByUserId }).FirstOrDefaultAsync(cancellationToken);
        if (last is null) return new(null, "This vendor has never been assessed: issue its first questionnaire from the vendor's page.");

        var template = await db.QuestionnaireTemplates
            .Where(t => t.TemplateKey == last.TemplateKey && t.Status == QuestionnaireStatus.Published)
            .OrderByDescending(t => t.PublishedAt).FirstOrDefaultAsync(cancellationToken);
        if (template is null)
            return new(null, $"The questionnaire \"{last.TemplateKey}\" has no published version any more: issue the reassessment by hand.");

        var contacts = await ActiveContactsAsync(vendorId, last.Id, cancellationToken);
        if (contacts.Count == 0)
            return new(null, "None of the contacts of the vendor's last assessment still has portal access: issue the reassessment by hand.");

        var owner = await db.Vendors.Where(v => v.Id == vendorId).Select(v => new { v.BusinessOwnerUserId, v.LegalName }).SingleAsync(cancellationToken);
        var requester = requestedBy ?? owner.BusinessOwnerUserId ?? last.RequestedByUserId;
        var title = $"{template.Title} (reassessment {dueOn:yyyy-MM})";
        if (title.Length > Assessment.TitleMaxLength) title = title[..Assessment.TitleMaxLength];

        var previous = await db.Assessments
            .Where(a => a.VendorId == vendorId && a.TemplateKey == template.TemplateKey && a.SubmittedAt != null
                && (a.Status == AssessmentStatus.Approved || a.Status == AssessmentStatus.ApprovedWithConditions || a.Status == AssessmentStatus.Rejected))
            .OrderByDescending(a => a.SubmittedAt).Select(a => (Guid?)a.Id).FirstOrDefaultAsync(cancellationToken);

        Assessment assessment;
        try
        {
            assessment = Assessment.Create(vendorId, template.Id, template.TemplateKey, template.SemanticVersion, template.ContentHash ?? "",
                title, dueOn, requester, now, previous);
            assessment.Send(now);
        }
        catch (DomainException e)
        {
            return new(null, e.Message);
        }
        db.Assessments.Add(assessment);

        var carried = 0;
        var carriedEvidence = 0;
        if (previous is { } previousId && template.Definition().Compile() is { IsSuccess: true } compiled)
        {
            (carried, carriedEvidence) = await CarriedAnswers.CarryAsync(db, previousId, assessment.Id, compiled.Value, now, cancellationToken);
        }

        var tenantName = await db.Tenants.Where(t => t.Id == tenant.TenantId).Select(t => t.Name).SingleAsync(cancellationToken);
        var portal = links.Portal();
        foreach (var (email, userId) in contacts)
        {
            db.AssessmentContacts.Add(AssessmentContact.Create(assessment.Id, email, userId));
            outbox.Enqueue(AssessmentMails.Waiting(tenantName, assessment.Title, assessment.DueOn, portal), email, null,
                AssessmentMails.KindWaiting, tenant.TenantId, $"assessment:{assessment.Id}:waiting:{email.ToLowerInvariant()}");
        }
        audit.Record(AuditActions.AssessmentSent, nameof(Assessment), assessment.Id, new
        {
            vendorId, templateId = template.Id, templateKey = template.TemplateKey, templateVersion = template.SemanticVersion,
            contentHash = template.ContentHash, dueOn = assessment.DueOn, contacts = contacts.Select(c => c.Email), invited = Array.Empty<string>(),
            previousAssessmentId = previous, carriedOverAnswers = carried, carriedOverEvidence = carriedEvidence, reassessment = true, automatic = requestedBy is null,
        });
        return new(assessment, null, carried);
    }

    /// <summary>The last assessment's contacts who are still active portal users of this vendor.</summary>
    private async Task<List<(string Email, Guid UserId)>> ActiveContactsAsync(Guid vendorId, Guid assessmentId, CancellationToken cancellationToken)
    {
        var contacts = await db.AssessmentContacts.Where(c => c.AssessmentId == assessmentId)
            .Select(c => new { c.Email, c.UserId }).ToListAsync(cancellationToken);
        var portalUsers = await db.Memberships
            .Where(m => m.VendorId == vendorId && !m.IsDisabled && m.Roles == TenantRoles.VendorContact)
            .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => new { u.Id, u.Email })
            .ToListAsync(cancellationToken);
        var active = new List<(string, Guid)>();
        foreach (var contact in contacts.OrderBy(c => c.Email, StringComparer.OrdinalIgnoreCase))
        {
            var user = portalUsers.FirstOrDefault(u => u.Id == contact.UserId)
                ?? portalUsers.FirstOrDefault(u => string.Equals(u.Email, contact.Email, StringComparison.OrdinalIgnoreCase));
            if (user is not null && active.All(a => a.Item2 != user.Id)) active.Add((contact.Email, user.Id));
        }
        return active;
    }
}
