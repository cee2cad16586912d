using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using VendorRisk.Domain.Contracts;
using VendorRisk.Domain.Tenancy;
using VendorRisk.Infrastructure.Email;
using VendorRisk.Infrastructure.Persistence;
using VendorRisk.Infrastructure.Tenancy;
using VendorRisk.Infrastructure.Links;
using VendorRisk.Application.Tenancy;

namespace VendorRisk.Application.Contracts;

/// <summary>
/// Daily: reminds owners (and, for obligations that need vendor evidence, the vendor's portal contacts) of open
/// obligation occurrences at the days of each obligation's reminder plan, and escalates an overdue occurrence once to
/// its owner and the tenant admins. The job carries no state: it lists the tenants and processes each in a DI scope of
/// its own that enters that tenant. Each reminder is an <see cref="ObligationReminder"/> row keyed by occurrence and
/// step (unique index) written in the same transaction as its outbox mails (themselves keyed), so a second or
/// concurrent run creates nothing.
/// </summary>
public sealed class ObligationReminderJob(TenantJobs jobs)
{
    public const string RecurringJobId = "obligation-reminders";

    /// <returns>The number of reminders created.</returns>
    public Task<int> RunAsync(CancellationToken cancellationToken) =>
        // One tenant's failure must not starve the others; the next run retries it.
        jobs.ForEachTenantAsync("Obligation reminders",
            (services, tenant, ct) => services.GetRequiredService<ObligationReminderScan>().RunAsync(tenant.Slug, tenant.Name, ct), cancellationToken);

    /// <summary>One tenant, by id only: the scope enters the tenant before anything is read. An id that is no tenant touches nothing.</summary>
    public async Task<int> RunForTenantAsync(Guid tenantId, CancellationToken cancellationToken)
    {
        var tenant = (await jobs.TenantsAsync(cancellationToken)).FirstOrDefault(t => t.Id == tenantId);
        if (tenant is null) return 0;
        return await jobs.InTenantAsync(tenantId,
            services => services.GetRequiredService<ObligationReminderScan>().RunAsync(tenant.Slug, tenant.Name, cancellationToken));
    }
}

/// <summary>The work of one tenant's daily scan, in the scope's tenant. Without a tenant it reads and writes nothing.</summary>
public sealed class ObligationReminderScan(AppDbContext db, TenantContext tenant, EmailOutbox outbox, TimeProvider clock,
    PublicLinks links, TenantJobs jobs, ILogger<ObligationReminderScan> logger)
{
    private sealed record Candidate(Guid OccurrenceId, int DueRevision, DateOnly DueOn, Guid ObligationId, string Title, string ReminderPlan,
        Guid OwnerUserId, Guid VendorId, bool NeedsVendorEvidence, string ContractTitle);

    private sealed record Recipient(Guid UserId, string Email, string? Name);

    private sealed record Planned(ObligationReminder Reminder, List<OutboxPlan> Mails);

    private sealed record OutboxPlan(EmailContent Content, Recipient To, string Kind, string Key);

    public async Task<int> RunAsync(string slug, string tenantName, CancellationToken cancellationToken)
    {
        if (tenant.TenantId is not { } tenantId) return 0;
        var created = await ObligationsAsync(tenantId, slug, tenantName, cancellationToken);
        created += await NoticeDeadlinesAsync(tenantId, slug, cancellationToken);
        if (created > 0) outbox.NudgeDelivery();
        return created;
    }

    /// <summary>
    /// Reminds each contract's owner (the admins when the owner left) of the next notice deadline of the contract's current or
    /// next term at the days of <see cref="ContractReminder.NoticePlan"/>: one <see cref="ContractReminder"/> per contract,
    /// deadline and step, written with its outbox mails in one transaction. A deadline that has passed is not reminded.
    /// </summary>
    private async Task<int> NoticeDeadlinesAsync(Guid tenantId, string slug, CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var lead = ContractReminder.NoticePlan.Max();
        // Contracts with an end and a notice period whose term can still end: not ended, or renewing.
        var contracts = await db.Set<Contract>()
            .Where(c => c.EndsOn != null && c.NoticePeriodDays != null && (c.RenewalPeriodMonths != null || c.EndsOn >= today))
            .Join(db.Vendors, c => c.VendorId, v => v.Id, (c, v) => new { c.Id, c.Title, c.Reference, c.EndsOn, c.RenewalPeriodMonths, c.NoticePeriodDays, c.OwnerUserId, Vendor = v.LegalName })
            .AsNoTracking().ToListAsync(cancellationToken);
        var due = new List<(Guid ContractId, string Title, string Vendor, Guid OwnerUserId, bool Renews, ContractDeadline Deadline, string Step)>();
        foreach (var c in contracts)
        {
            var deadline = Contract.DeadlinesBetween(c.EndsOn, c.RenewalPeriodMonths, c.NoticePeriodDays, today, today.AddDays(lead))
                .FirstOrDefault(d => d.Kind == ContractDeadlineKind.NoticeDeadline);
            if (deadline is null) continue;
            if (ObligationReminder.StepFor(ContractReminder.NoticePlan, deadline.On, today) is not { } step) continue;
            due.Add((c.Id, c.Reference is null ? c.Title : $"{c.Title} ({c.Reference})", c.Vendor, c.OwnerUserId, c.RenewalPeriodMonths is not null, deadline, step));
        }
        if (due.Count == 0) return 0;
        var ids = due.Select(d => d.ContractId).ToList();
        var sent = (await db.Set<ContractReminder>().Where(r => ids.Contains(r.ContractId) && r.Kind == ContractReminder.KindNotice)
                .Select(r => new { r.ContractId, r.DeadlineOn, r.Step }).ToListAsync(cancellationToken))
            .Select(r => (r.ContractId, r.DeadlineOn, r.Step)).ToHashSet();
        due = due.Where(d => !sent.Contains((d.ContractId, d.Deadline.On, d.Step))).ToList();
        if (due.Count == 0) return 0;

        var people = await PeopleAsync([], cancellationToken);
        var created = 0;
        foreach (var d in due)
        {
            var to = people.Members.GetValueOrDefault(d.OwnerUserId) is { } owner ? [owner] : people.Admins;
            var content = ObligationMails.NoticeDeadline(d.Title, d.Vendor, d.Deadline.On, d.Deadline.TermEndsOn,
                d.Renews, d.Deadline.On.DayNumber - today.DayNumber, links.ContractDetails(slug, d.ContractId));
            db.Set<ContractReminder>().Add(ContractReminder.Create(d.ContractId, ContractReminder.KindNotice, d.Deadline.On, d.Step, to.Count, clock.GetUtcNow()));
            foreach (var r in to)
                outbox.Enqueue(content, r.Email, r.Name, ObligationMails.KindNoticeDeadline, tenantId, NoticeKey(d.ContractId, d.Deadline.On, d.Step, r.UserId));
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                created++;
            }
            catch (DbUpdateException e)
            {
                // A concurrent run created this reminder first (unique contract, kind, deadline, step): it is sent once, by that run.
                db.ChangeTracker.Clear();
                logger.LogInformation(e, "A concurrent run created the notice reminder of contract {ContractId} first", d.ContractId);
                if (!await NoticeExistsElsewhereAsync(tenantId, d.ContractId, d.Deadline.On, d.Step, cancellationToken)) throw;
            }
        }
        return created;
    }

    public static string NoticeKey(Guid contractId, DateOnly deadline, string step, Guid userId) =>
        $"contract:{contractId:N}:notice:{deadline:yyyyMMdd}:reminder:{step}:{userId:N}";

    private async Task<bool> NoticeExistsElsewhereAsync(Guid tenantId, Guid contractId, DateOnly deadline, string step, CancellationToken cancellationToken)
    {
        return await jobs.InTenantAsync(tenantId, services => services.GetRequiredService<AppDbContext>().Set<ContractReminder>()
            .AnyAsync(r => r.ContractId == contractId && r.Kind == ContractReminder.KindNotice && r.DeadlineOn == deadline && r.Step == step, cancellationToken));
    }

    private async Task<int> ObligationsAsync(Guid tenantId, string slug, string tenantName, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);

        // Set-based: how far ahead any plan of this tenant looks, then the open occurrences inside that window
        // (index TenantId, Status, DueOn), leaving out overdue ones already escalated (unique index OccurrenceId, Step).
        var lead = await db.Set<Obligation>().MaxAsync(o => (int?)o.LeadDays, cancellationToken) ?? 0;
        var horizon = today.AddDays(lead);
        var reminders = db.Set<ObligationReminder>();
        var candidates = await (
                from occurrence in db.Set<ObligationOccurrence>()
                where occurrence.Status == OccurrenceStatus.Open && occurrence.DueOn <= horizon
                      && !(occurrence.DueOn < today && reminders.Any(r => r.OccurrenceId == occurrence.Id && r.DueRevision == occurrence.DueRevision && r.Step == ObligationReminder.Overdue))
                join obligation in db.Set<Obligation>() on occurrence.ObligationId equals obligation.Id
                join contract in db.Set<Contract>() on obligation.ContractId equals contract.Id
                select new Candidate(occurrence.Id, occurrence.DueRevision, occurrence.DueOn, obligation.Id, obligation.Title, obligation.ReminderPlan,
                    obligation.OwnerUserId, obligation.VendorId, obligation.NeedsVendorEvidence, contract.Title))
            .AsNoTracking().ToListAsync(cancellationToken);

        var due = candidates
            .Select(c => (Candidate: c, Step: ObligationReminder.StepFor(Obligation.ParsePlan(c.ReminderPlan), c.DueOn, today)))
            .Where(x => x.Step is not null)
            .ToList();
        if (due.Count == 0) return 0;

        var ids = due.Select(x => x.Candidate.OccurrenceId).ToList();
        var sent = (await reminders.Where(r => ids.Contains(r.OccurrenceId)).Select(r => new { r.OccurrenceId, r.DueRevision, r.Step }).ToListAsync(cancellationToken))
            .Select(r => (r.OccurrenceId, r.DueRevision, r.Step)).ToHashSet();
        due = due.Where(x => !sent.Contains((x.Candidate.OccurrenceId, x.Candidate.DueRevision, x.Step!))).ToList();
        if (due.Count == 0) return 0;

        var people = await PeopleAsync(due.Select(x => x.Candidate.VendorId).Distinct().ToList(), cancellationToken);
        var vendors = await db.Vendors.Where(v => due.Select(x => x.Candidate.VendorId).Contains(v.Id))
            .Select(v => new { v.Id, v.LegalName }).ToDictionaryAsync(v => v.Id, v => v.LegalName, cancellationToken);
        var planned = due.Select(x => Plan(x.Candidate, x.Step!, today, now, slug, tenantName, links, people,
            vendors.GetValueOrDefault(x.Candidate.VendorId, "the vendor"))).ToList();

        return await SaveAllAsync(tenantId, planned, cancellationToken);
    }

    private sealed record People(Dictionary<Guid, Recipient> Members, List<Recipient> Admins, ILookup<Guid, Recipient> VendorContacts);

    /// <summary>The tenant's active members with their e-mail: internal ones by id, admins, and vendor contacts by vendor.</summary>
    private async Task<People> PeopleAsync(List<Guid> vendorIds, CancellationToken cancellationToken)
    {
        var members = await db.Memberships.Where(m => !m.IsDisabled)
            .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => new { u.Id, u.Email, u.DisplayName, m.Roles, m.VendorId })
            .Where(x => x.Email != null && (x.VendorId == null || vendorIds.Contains(x.VendorId.Value)))
            .ToListAsync(cancellationToken);
        var internalMembers = members.Where(m => m.VendorId is null && m.Roles.HasAny(TenantRolesExtensions.Internal)).ToList();
        return new People(
            internalMembers.ToDictionary(m => m.Id, m => new Recipient(m.Id, m.Email!, m.DisplayName)),
            internalMembers.Where(m => m.Roles.HasFlag(TenantRoles.TenantAdmin)).OrderBy(m => m.Email)
                .Select(m => new Recipient(m.Id, m.Email!, m.DisplayName)).ToList(),
            members.Where(m => m.VendorId is not null && m.Roles == TenantRoles.VendorContact)
                .ToLookup(m => m.VendorId!.Value, m => new Recipient(m.Id, m.Email!, m.DisplayName)));
    }

    private static Planned Plan(Candidate c, string step, DateOnly today, DateTimeOffset now, string slug, string tenantName,
        PublicLinks links, People people, string vendorName)
    {
        var internalLink = links.ObligationOccurrence(slug, c.OccurrenceId);
        var owner = people.Members.GetValueOrDefault(c.OwnerUserId);
        var mails = new List<OutboxPlan>();
        if (step == ObligationReminder.Overdue)
        {
            // Escalation: the owner and every tenant admin, each once; an owner who left the organisation is replaced by the admins.
            var to = new List<Recipient>();
            if (owner is not null) to.Add(owner);
            to.AddRange(people.Admins.Where(a => a.UserId != c.OwnerUserId));
            foreach (var r in to)
                mails.Add(new(ObligationMails.Overdue(c.Title, c.ContractTitle, vendorName, c.DueOn, r.UserId == c.OwnerUserId, internalLink),
                    r, ObligationMails.KindOverdue, Key(c.OccurrenceId, c.DueRevision, step, r.UserId)));
        }
        else
        {
            var daysLeft = c.DueOn.DayNumber - today.DayNumber;
            var to = owner is not null ? [owner] : people.Admins;
            foreach (var r in to)
                mails.Add(new(ObligationMails.Reminder(tenantName, c.Title, c.ContractTitle, vendorName, c.DueOn, daysLeft, false, internalLink),
                    r, ObligationMails.KindReminder, Key(c.OccurrenceId, c.DueRevision, step, r.UserId)));
            if (c.NeedsVendorEvidence)
            {
                foreach (var r in people.VendorContacts[c.VendorId])
                    mails.Add(new(ObligationMails.Reminder(tenantName, c.Title, c.ContractTitle, vendorName, c.DueOn, daysLeft, true, links.To("/portal/obligations")),
                        r, ObligationMails.KindReminder, Key(c.OccurrenceId, c.DueRevision, step, r.UserId)));
            }
        }
        return new Planned(ObligationReminder.Create(c.OccurrenceId, step, mails.Count, now, c.DueRevision), mails);
    }

    /// <summary>
    /// The outbox key of one reminder mail. A corrected due date (revision 1, 2...) has keys of its own; revision 0 keeps
    /// the key format of reminders sent before dates could be corrected.
    /// </summary>
    public static string Key(Guid occurrenceId, int dueRevision, string step, Guid userId) => dueRevision == 0
        ? $"obligation-occurrence:{occurrenceId:N}:reminder:{step}:{userId:N}"
        : $"obligation-occurrence:{occurrenceId:N}:due-revision:{dueRevision}:reminder:{step}:{userId:N}";

    /// <summary>
    /// All of the tenant's new reminders in one transaction; if a concurrent run created one of them first (unique
    /// index), the batch is rolled back and each reminder is tried on its own, so the others still go out once.
    /// </summary>
    private async Task<int> SaveAllAsync(Guid tenantId, List<Planned> planned, CancellationToken cancellationToken)
    {
        foreach (var p in planned) Add(tenantId, p);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return planned.Count;
        }
        catch (DbUpdateException e)
        {
            logger.LogInformation(e, "A concurrent run created some obligation reminders first; retrying one by one");
            db.ChangeTracker.Clear();
        }

        var created = 0;
        foreach (var p in planned)
        {
            Add(tenantId, p);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                created++;
            }
            catch (DbUpdateException)
            {
                db.ChangeTracker.Clear();
                if (!await ExistsElsewhereAsync(tenantId, p.Reminder.OccurrenceId, p.Reminder.DueRevision, p.Reminder.Step, cancellationToken)) throw;
            }
        }
        return created;
    }

    private void Add(Guid tenantId, Planned p)
    {
        var reminder = ObligationReminder.Create(p.Reminder.OccurrenceId, p.Reminder.Step, p.Reminder.Recipients, p.Reminder.CreatedAt,
            p.Reminder.DueRevision);
        db.Set<ObligationReminder>().Add(reminder);
        foreach (var m in p.Mails) outbox.Enqueue(m.Content, m.To.Email, m.To.Name, m.Kind, tenantId, m.Key);
    }

    /// <summary>Checked in a fresh scope: the failed context may still hold the rejected rows.</summary>
    private async Task<bool> ExistsElsewhereAsync(Guid tenantId, Guid occurrenceId, int dueRevision, string step, CancellationToken cancellationToken)
    {
        return await jobs.InTenantAsync(tenantId, services => services.GetRequiredService<AppDbContext>().Set<ObligationReminder>()
            .AnyAsync(r => r.OccurrenceId == occurrenceId && r.DueRevision == dueRevision && r.Step == step, cancellationToken));
    }
}
