using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using VendorRisk.Application.Tenancy;
using VendorRisk.Domain.Assessments;
using VendorRisk.Infrastructure.Email;
using VendorRisk.Infrastructure.Links;
using VendorRisk.Infrastructure.Persistence;

namespace VendorRisk.Application.Assessments;

/// <summary>
/// Daily: reminds the contacts of every assessment still waiting for the vendor (sent or in progress) 7 days and
/// 1 day before its due date, and once when it is overdue. Each mail is sent exactly once per contact and kind:
/// its outbox row carries the deduplication key <c>assessment:{id}:reminder:{kind}:{contact}</c>, checked before
/// enqueueing and guarded by the unique index, so a second (or concurrent) run adds nothing. A reminder whose
/// moment had already passed when the assessment was sent is skipped (a questionnaire sent 3 days before its due
/// date gets no "7 days" reminder). Then it expires what stayed unanswered too long past its due date
/// (<see cref="AssessmentOperations.ExpireOverdueAsync"/>). Each tenant is processed in a DI scope of its own (<see cref="TenantJobs"/>).
/// </summary>
public sealed class AssessmentReminderJob(TenantJobs tenants, PublicLinks links, TimeProvider clock)
{
    public const string RecurringJobId = "assessment-reminders";

    /// <returns>The number of reminders queued.</returns>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var queued = await tenants.ForEachTenantAsync("Assessment reminders", (services, tenant, ct) => RunForTenantAsync(services, tenant, ct), cancellationToken);
        await tenants.ForEachTenantAsync("Assessment expiry", ExpireAsync, cancellationToken);
        return queued;
    }

    /// <summary>Assessments still unanswered <see cref="AssessmentOperations.ExpiryGraceDays"/> days after their due date expire.</summary>
    private static async Task<int> ExpireAsync(IServiceProvider services, TenantRef tenant, CancellationToken cancellationToken)
    {
        var expired = await services.GetRequiredService<AssessmentOperations>().ExpireOverdueAsync(cancellationToken);
        return expired.Succeeded ? expired.Value : throw new InvalidOperationException(expired.Message);
    }

    private async Task<int> RunForTenantAsync(IServiceProvider services, TenantRef tenant, CancellationToken cancellationToken)
    {
        var db = services.GetRequiredService<AppDbContext>();
        var outbox = services.GetRequiredService<EmailOutbox>();
        var portalLink = links.Portal();

        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var horizon = today.AddDays(7);
        var assessments = await db.Assessments
            .Where(a => (a.Status == AssessmentStatus.Sent || a.Status == AssessmentStatus.InProgress) && a.DueOn <= horizon)
            .Select(a => new { a.Id, a.Title, a.DueOn, a.SentAt })
            .ToListAsync(cancellationToken);

        var queued = 0;
        foreach (var assessment in assessments)
        {
            var sentOn = assessment.SentAt is { } sent ? DateOnly.FromDateTime(sent.UtcDateTime) : (DateOnly?)null;
            if (KindFor(assessment.DueOn, today, sentOn) is not { } kind) continue;
            var contacts = await db.AssessmentContacts.Where(c => c.AssessmentId == assessment.Id)
                .OrderBy(c => c.Email).Select(c => new { c.Id, c.Email }).ToListAsync(cancellationToken);
            foreach (var contact in contacts)
            {
                var key = DeduplicationKey(assessment.Id, kind, contact.Id);
                if (await db.OutboxMessages.AnyAsync(m => m.DeduplicationKey == key, cancellationToken)) continue;
                outbox.Enqueue(AssessmentMails.Reminder(tenant.Name, assessment.Title, assessment.DueOn, kind, portalLink),
                    contact.Email, null, AssessmentMails.KindReminder, tenant.Id, key);
                try
                {
                    await db.SaveChangesAsync(cancellationToken);
                    queued++;
                }
                catch (DbUpdateException)
                {
                    db.ChangeTracker.Clear();
                    // A concurrent run queued the same reminder between the check and the insert: nothing to do.
                    if (!await ExistsElsewhereAsync(tenant.Id, key, cancellationToken)) throw;
                }
            }
        }
        if (queued > 0) outbox.NudgeDelivery();
        return queued;
    }

    /// <summary>Checked in a fresh scope: the failed context still holds the rejected row.</summary>
    private Task<bool> ExistsElsewhereAsync(Guid tenantId, string key, CancellationToken cancellationToken) =>
        tenants.InTenantAsync(tenantId, services =>
            services.GetRequiredService<AppDbContext>().OutboxMessages.AnyAsync(m => m.DeduplicationKey == key, cancellationToken));

    /// <summary>The reminder due today, if any: the most urgent one whose moment has come and that was not already past when the assessment was sent.</summary>
    public static ReminderKind? KindFor(DateOnly dueOn, DateOnly today, DateOnly? sentOn)
    {
        if (today > dueOn) return ReminderKind.Overdue;
        var daysLeft = dueOn.DayNumber - today.DayNumber;
        var sentDaysBefore = sentOn is { } s ? dueOn.DayNumber - s.DayNumber : int.MaxValue;
        if (daysLeft <= 1) return sentDaysBefore > 1 ? ReminderKind.OneDay : null;
        if (daysLeft <= 7) return sentDaysBefore > 7 ? ReminderKind.SevenDays : null;
        return null;
    }

    public static string DeduplicationKey(Guid assessmentId, ReminderKind kind, Guid contactId) =>
        $"assessment:{assessmentId}:reminder:{KindName(kind)}:{contactId:N}";

    public static string KindName(ReminderKind kind) => kind switch
    {
        ReminderKind.SevenDays => "7d",
        ReminderKind.OneDay => "1d",
        _ => "overdue",
    };
}
