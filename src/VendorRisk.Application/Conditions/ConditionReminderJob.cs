using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using VendorRisk.Application.Gates;
using VendorRisk.Application.Tenancy;
using VendorRisk.Domain.Reviews;
using VendorRisk.Domain.Tenancy;
using VendorRisk.Infrastructure.Email;
using VendorRisk.Infrastructure.Links;
using VendorRisk.Infrastructure.Persistence;

namespace VendorRisk.Application.Conditions;

/// <summary>
/// Daily: reminds the owner of every open condition of approval once when it comes within the tenant's reminder days of its due date
/// (<see cref="DecisionGatePolicy.ConditionReminderDays"/>), and once when it is overdue. The owner is the internal member, or every
/// enabled contact of the vendor for a vendor-owned condition (with a link to the portal). Each mail is sent exactly once per condition,
/// due date, kind and recipient: its outbox row carries the deduplication key <c>condition:{id}:{kind}:{due}:{user}</c>, checked before
/// enqueueing and guarded by the unique index, so a second (or concurrent) run adds nothing; a moved due date reminds again. Each tenant is
/// processed in a DI scope of its own (<see cref="TenantJobs"/>).
/// </summary>
public sealed class ConditionReminderJob(TenantJobs tenants, PublicLinks links, TimeProvider clock)
{
    public const string RecurringJobId = "condition-reminders";

    /// <returns>The number of reminders queued.</returns>
    public Task<int> RunAsync(CancellationToken cancellationToken) =>
        tenants.ForEachTenantAsync("Condition reminders", RunForTenantAsync, cancellationToken);

    private async Task<int> RunForTenantAsync(IServiceProvider services, TenantRef tenant, CancellationToken cancellationToken)
    {
        var db = services.GetRequiredService<AppDbContext>();
        var outbox = services.GetRequiredService<EmailOutbox>();
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var gates = await DecisionGates.PolicyAsync(db, cancellationToken);
        var horizon = Domain.Common.BusinessDates.AddDays(today, gates.ConditionReminderDays);
        var due = await db.DecisionConditions.AsNoTracking()
            .Where(c => c.Status == ConditionStatus.Open && c.DueOn <= horizon)
            .Join(db.Assessments, c => c.AssessmentId, a => a.Id, (c, a) => new { c, a.Title })
            .Join(db.Vendors, x => x.c.VendorId, v => v.Id, (x, v) => new { x.c, x.Title, Vendor = v.LegalName })
            .OrderBy(x => x.c.DueOn).ToListAsync(cancellationToken);

        var queued = 0;
        foreach (var item in due)
        {
            var c = item.c;
            var overdue = c.DueOn < today;
            var kind = overdue ? "overdue" : "due-soon";
            var recipients = c.OwnedByVendor
                ? await db.Memberships.Where(m => m.VendorId == c.VendorId && !m.IsDisabled && (m.Roles & TenantRoles.VendorContact) != 0)
                    .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => new { u.Id, u.Email, u.DisplayName }).ToListAsync(cancellationToken)
                : await db.Users.Where(u => u.Id == c.OwnerUserId).Select(u => new { u.Id, u.Email, u.DisplayName }).ToListAsync(cancellationToken);
            var link = c.OwnedByVendor ? links.PortalConditions(tenant.Slug) : links.ConditionDetails(tenant.Slug, c.Id);
            var content = overdue
                ? ConditionMails.Overdue(tenant.Name, item.Vendor, item.Title, c.Text, c.DueOn, link)
                : ConditionMails.DueSoon(tenant.Name, item.Vendor, item.Title, c.Text, c.DueOn, link);
            foreach (var r in recipients.Where(r => !string.IsNullOrEmpty(r.Email)))
            {
                var key = DeduplicationKey(c.Id, kind, c.DueOn, r.Id);
                if (await db.OutboxMessages.AnyAsync(m => m.DeduplicationKey == key, cancellationToken)) continue;
                outbox.Enqueue(content, r.Email!, r.DisplayName, overdue ? ConditionMails.KindOverdue : ConditionMails.KindDueSoon, tenant.Id, key);
                try
                {
                    await db.SaveChangesAsync(cancellationToken);
                    queued++;
                }
                catch (DbUpdateException)
                {
                    db.ChangeTracker.Clear();
                    // A concurrent run queued the same reminder between the check and the insert: it is sent once, by that run.
                    if (!await tenants.InTenantAsync(tenant.Id, s => s.GetRequiredService<AppDbContext>().OutboxMessages.AnyAsync(m => m.DeduplicationKey == key,
                            cancellationToken))) throw;
                }
            }
        }
        if (queued > 0) outbox.NudgeDelivery();
        return queued;
    }

    public static string DeduplicationKey(Guid conditionId, string kind, DateOnly dueOn, Guid userId) =>
        $"condition:{conditionId:N}:{kind}:{dueOn:yyyy-MM-dd}:{userId:N}";
}
