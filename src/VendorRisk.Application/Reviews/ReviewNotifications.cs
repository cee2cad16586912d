using Microsoft.EntityFrameworkCore;
using VendorRisk.Application.Assessments;
using VendorRisk.Domain.Assessments;
using VendorRisk.Domain.Reviews;
using VendorRisk.Domain.Workflows;
using VendorRisk.Domain.Workflows.Runtime;
using VendorRisk.Infrastructure.Email;
using VendorRisk.Infrastructure.Links;
using VendorRisk.Infrastructure.Persistence;
using VendorRisk.Infrastructure.Tenancy;

namespace VendorRisk.Application.Reviews;

/// <summary>
/// The e-mails a review step sends (its <see cref="SendNotification"/> commands): to assignees, role pools, the committee and the
/// vendor's contacts, queued in the outbox within the step's unit of work, with links from the one link builder.
/// </summary>
public sealed class ReviewNotifications(AppDbContext db, WorkflowCatalog catalog, TenantContext tenant, EmailOutbox outbox, PublicLinks links)
{
    /// <returns>Whether any e-mail was queued.</returns>
    public async Task<bool> NotifyAsync(WorkflowInstance instance, Assessment assessment, WorkflowInstanceState state, SendNotification command,
        WorkflowHostData host, CancellationToken cancellationToken)
    {
        var userIds = new HashSet<Guid>();
        var toVendor = false;
        foreach (var recipient in command.To)
        {
            switch (recipient.Kind)
            {
                case RecipientKind.User when WorkflowEffects.ParseUser(recipient.Value) is { } id:
                    userIds.Add(id);
                    break;
                case RecipientKind.Role when recipient.Value is { } role:
                    await host.EnsureMembersAsync(cancellationToken);
                    foreach (var id in host.MembersHolding(role).Where(id => id != instance.RequesterUserId || role == WorkflowRoles.TenantAdmin))
                        userIds.Add(id);
                    break;
                case RecipientKind.Vendor:
                    toVendor = true;
                    break;
            }
        }

        var bookmark = command.TaskId is null ? null : state.Bookmarks.FirstOrDefault(b => b.Id == command.TaskId);
        var title = bookmark?.ActivityId is { } a ? (tasksTitle(a) ?? a) : null;
        string? tasksTitle(string activityId) => catalog.Find(instance.DefinitionId, instance.DefinitionVersion)?.Activity(activityId) switch
        {
            AwaitDecisionActivity d => d.Title ?? d.Id,
            CommitteeApprovalActivity => "Committee vote",
            RequestClarificationActivity => "Clarification",
            _ => null,
        };
        var vendorName = (await host.VendorAsync(cancellationToken)).LegalName;
        var (tenantSlug, tenantName) = (tenant.Slug, tenant.TenantName);
        if (tenantSlug is null || tenantName is null)
        {
            // A job or the system acting in the tenant: its slug and name in one read.
            var row = await db.Tenants.Where(t => t.Id == tenant.TenantId).Select(t => new { t.Slug, t.Name }).SingleAsync(cancellationToken);
            (tenantSlug, tenantName) = (row.Slug, row.Name);
        }
        var link = command.TaskId is null ? links.ReviewInstance(tenantSlug, instance.Id)
            : command.Template == WorkflowInterpreter.VoteRequestedTemplate ? links.Committee(tenantSlug)
            : links.ReviewInbox(tenantSlug);
        var note = command.Template == WorkflowInterpreter.ClarificationRequestedTemplate ? state.PendingClarification?.Comment : bookmark?.Note;
        if (command.Template is "review-rejected" or "review-approved-with-conditions") note = null;

        var sent = false;
        var internalMail = WorkflowEmailTemplates.Render(command.Template, new WorkflowMailContext(tenantName, assessment.Title, vendorName, title,
            bookmark?.DueAt, link, note));
        var users = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id)).Select(u => new { u.Email, u.DisplayName }).ToListAsync(cancellationToken);
        foreach (var user in users.Where(u => u.Email is not null))
        {
            outbox.Enqueue(internalMail, user.Email!, user.DisplayName, command.Template, tenant.TenantId);
            sent = true;
        }

        if (toVendor)
        {
            // A clarification names each reopened question with the reviewer's question and links straight to it (issue 14).
            var reopened = command.Template == WorkflowInterpreter.ClarificationRequestedTemplate ? Reopening.Staged(db, assessment.Id) : [];
            var vendorMail = reopened.Count > 0
                ? await Reopening.MailAsync(db, links, tenantSlug, tenantName, assessment, reopened, bookmark?.DueAt, cancellationToken)
                : WorkflowEmailTemplates.Render(command.Template, new WorkflowMailContext(tenantName, assessment.Title, vendorName, title,
                    bookmark?.DueAt, null, command.Template == WorkflowInterpreter.ClarificationRequestedTemplate ? note : null));
            var contacts = await db.AssessmentContacts.AsNoTracking().Where(c => c.AssessmentId == assessment.Id).Select(c => c.Email).ToListAsync(cancellationToken);
            foreach (var email in contacts.Distinct(StringComparer.OrdinalIgnoreCase))
            {
                outbox.Enqueue(vendorMail, email, null, command.Template, tenant.TenantId);
                sent = true;
            }
        }
        return sent;
    }
}
