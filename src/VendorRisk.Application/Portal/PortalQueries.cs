using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using VendorRisk.Application.Assessments;
using VendorRisk.Application.Common;
using VendorRisk.Application.Tenancy;
using VendorRisk.Domain.Assessments;
using VendorRisk.Domain.Contracts;
using VendorRisk.Domain.Findings;
using VendorRisk.Domain.Incidents;
using VendorRisk.Domain.Tenancy;
using VendorRisk.Infrastructure.Files;
using VendorRisk.Infrastructure.Persistence;
using VendorRisk.Infrastructure.Tenancy;

namespace VendorRisk.Application.Portal;

/// <summary>The vendor-contact membership a portal request acts through (the tenant of its route).</summary>
public sealed record PortalMembership(Guid MembershipId, Guid TenantId, string Slug, string TenantName, Guid VendorId, string VendorName);

/// <summary>The assessment a portal request acts on, after the contact passed <see cref="AnswerAssessment"/>.</summary>
public sealed record PortalGrant(PortalMembership Membership, Guid UserId, Assessment Assessment);

/// <summary>An assessment's answer sheet as its contact sees it, with the names of the people whose answers it shows.</summary>
public sealed record PortalSheet(PortalGrant Grant, AnswerSheet Sheet, IReadOnlyDictionary<Guid, string> ContributorNames);

/// <summary>A file handed to the contact (the offline workbook).</summary>
public sealed record PortalDownload(byte[] Content, string ContentType, string FileName);

/// <summary>A finding the reviewers gave the vendor, as the vendor's contact reads it.</summary>
public sealed record PortalFindingRow(Guid Id, string Severity, string Title, string? Description, IReadOnlyList<string> Questions, string Treatment,
    string? TreatmentPlan, DateOnly DueOn, FindingStatus Status, string? RemediationPlan, DateOnly? RemediationTargetOn, string? ReviewerNote,
    bool MayAnswer, int Version);

/// <summary>The vendor's findings on one assessment, open ones first.</summary>
public sealed record PortalFindings(PortalGrant Grant, IReadOnlyList<PortalFindingRow> Rows);

/// <summary>One incident the vendor reported (or that was recorded at the vendor), as its contact reads it.</summary>
public sealed record PortalIncidentRow(Guid Id, string Title, IncidentType Type, IncidentStatus Status, DateTimeOffset DetectedAt, DateTimeOffset ReportedAt,
    bool Late, int HoursLate, int WindowHours);

/// <summary>An organisation's incidents at the contact's vendor.</summary>
public sealed record PortalIncidents(Guid MembershipId, string Slug, string TenantName, string VendorName, IReadOnlyList<PortalIncidentRow> Incidents);

/// <summary>The incident report form of the portal: the membership it reports through, and the vendor's AI systems to choose among.</summary>
public sealed record PortalIncidentForm(PortalMembership Membership, IReadOnlyList<(Guid Id, string Name)> Systems);

/// <summary>An obligation occurrence that waits for the vendor's evidence.</summary>
public sealed record PortalObligationRow(Guid OccurrenceId, string Title, string? Clause, string ContractTitle, DateOnly DueOn, int? NotificationHours);

/// <summary>An organisation's obligations that wait for the contact's vendor.</summary>
public sealed record PortalObligations(string Slug, string TenantName, string VendorName, IReadOnlyList<PortalObligationRow> Open);

/// <summary>One questionnaire on the portal's home.</summary>
public sealed record PortalAssessmentRow(Guid Id, string Title, DateOnly DueOn, bool Overdue, AssessmentStatus Status, Progress Progress, bool CanAnswer,
    int WaitingFindings, int Findings);

/// <summary>An organisation on the portal's home, with the questionnaires it sent the contact.</summary>
public sealed record PortalOrganisation(string Slug, string TenantName, string VendorName, IReadOnlyList<PortalAssessmentRow> Assessments);

/// <summary>
/// What a vendor contact reads in the portal. Inside a tenant (every portal page but the home) the contact acts through the
/// membership the tenant door let in; the home, which lists every organisation that invited the contact, enters each of the
/// contact's own vendor-contact memberships through the door in a scope of its own.
/// </summary>
// ToUpper() runs in SQL (UPPER), where CurrentCulture has no meaning; Identity normalises e-mails to upper case.
#pragma warning disable CA1304, CA1311, CA1862
public sealed class PortalQueries(AppDbContext db, TenantContext tenant, Access access, TenantDoor door, IServiceScopeFactory scopes, TimeProvider clock)
{
    /// <summary>The contact's membership in the tenant of the route; null when the member is no vendor contact here.</summary>
    public async Task<PortalMembership?> CurrentAsync(CancellationToken cancellationToken)
    {
        if (tenant is not { IsSet: true, MembershipId: { } membershipId, VendorId: { } vendorId } || tenant.Roles != TenantRoles.VendorContact)
            return null;
        var vendorName = await db.Vendors.Where(v => v.Id == vendorId).Select(v => v.LegalName).SingleOrDefaultAsync(cancellationToken);
        return vendorName is null ? null : new PortalMembership(membershipId, tenant.TenantId!.Value, tenant.Slug!, tenant.TenantName ?? "", vendorId, vendorName);
    }

    /// <summary>
    /// The assessment (tracked) when the signed-in contact may answer it (<see cref="AnswerAssessment"/>); null means 404. On first
    /// access the contact row invited by the contact's e-mail address is bound to their account.
    /// </summary>
    public async Task<PortalGrant?> OpenAssessmentAsync(Guid assessmentId, CancellationToken cancellationToken)
    {
        // The common case (every autosave): a contact bound to the assessment. One query reads the assessment (tracked), the bound
        // contact row (tracked: AnswerAssessmentHandler accepts it as read) and the vendor's name; the first visit, which binds the
        // contact by e-mail, and every refusal take the longer way below (ADR-045).
        if (tenant is { IsSet: true, MembershipId: { } membershipId, VendorId: { } vendorId, UserId: { } me } && tenant.Roles == TenantRoles.VendorContact)
        {
            var bound = await (
                    from a in db.Assessments
                    where a.Id == assessmentId && a.VendorId == vendorId && a.Status != AssessmentStatus.Draft
                    join c in db.AssessmentContacts on a.Id equals c.AssessmentId
                    where c.UserId == me
                    join v in db.Vendors on a.VendorId equals v.Id
                    select new { Assessment = a, Contact = c, v.LegalName })
                .FirstOrDefaultAsync(cancellationToken);
            if (bound is not null)
            {
                var membership = new PortalMembership(membershipId, tenant.TenantId!.Value, tenant.Slug!, tenant.TenantName ?? "", vendorId, bound.LegalName);
                return await access.AllowsAsync(AnswerAssessment.Requirement, bound.Assessment) ? new PortalGrant(membership, me, bound.Assessment) : null;
            }
        }
        return await OpenUnboundAsync(assessmentId, cancellationToken);
    }

    /// <summary><see cref="OpenAssessmentAsync"/> for a contact not bound yet (bound here by e-mail), or refused.</summary>
    private async Task<PortalGrant?> OpenUnboundAsync(Guid assessmentId, CancellationToken cancellationToken)
    {
        if (await CurrentAsync(cancellationToken) is not { } membership || tenant.UserId is not { } userId) return null;
        var assessment = await db.Assessments.SingleOrDefaultAsync(a => a.Id == assessmentId && a.VendorId == membership.VendorId
            && a.Status != AssessmentStatus.Draft, cancellationToken);
        if (assessment is null) return null;
        if (!await db.AssessmentContacts.AnyAsync(c => c.AssessmentId == assessmentId && c.UserId == userId, cancellationToken))
        {
            var email = await db.Users.Where(u => u.Id == userId).Select(u => u.NormalizedEmail).SingleOrDefaultAsync(cancellationToken);
            var contact = email is null ? null : await db.AssessmentContacts
                .Where(c => c.AssessmentId == assessmentId && c.UserId == null && c.Email.ToUpper() == email)
                .FirstOrDefaultAsync(cancellationToken);
            if (contact is null) return null;
            contact.BindUser(userId);
            await db.SaveChangesAsync(cancellationToken);
        }
        return await access.AllowsAsync(AnswerAssessment.Requirement, assessment) ? new PortalGrant(membership, userId, assessment) : null;
    }

    /// <summary>
    /// <see cref="SheetAsync"/> after forgetting what this scope loaded before (after an operation that was refused), so the page shows the
    /// database as it is.
    /// </summary>
    public Task<PortalSheet?> FreshSheetAsync(Guid assessmentId, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        return SheetAsync(assessmentId, cancellationToken);
    }

    /// <summary>The answer sheet of an assessment the contact may answer (<see cref="OpenAssessmentAsync"/>); null means 404.</summary>
    public async Task<PortalSheet?> SheetAsync(Guid assessmentId, CancellationToken cancellationToken)
    {
        if (await OpenAssessmentAsync(assessmentId, cancellationToken) is not { } grant) return null;
        var sheet = await AnswerSheet.LoadAsync(db, grant.Assessment, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime), cancellationToken);
        return await WithContributorsAsync(grant, sheet, cancellationToken);
    }

    /// <summary>The sheet with the display names of the people who last changed its answers.</summary>
    internal async Task<PortalSheet> WithContributorsAsync(PortalGrant grant, AnswerSheet sheet, CancellationToken cancellationToken)
    {
        var people = sheet.Answers.Values.Select(a => a.UpdatedByUserId).OfType<Guid>().Distinct().ToList();
        var names = await db.Users.Where(u => people.Contains(u.Id))
            .Select(u => new { u.Id, Name = u.DisplayName != "" ? u.DisplayName : u.Email })
            .ToDictionaryAsync(u => u.Id, u => u.Name ?? "", cancellationToken);
        return new PortalSheet(grant, sheet, names);
    }

    /// <summary>The questionnaire as an XLSX workbook to fill in offline; null means 404.</summary>
    public async Task<PortalDownload?> WorkbookAsync(Guid assessmentId, CancellationToken cancellationToken)
    {
        if (await OpenAssessmentAsync(assessmentId, cancellationToken) is not { } grant) return null;
        var sheet = await AnswerSheet.LoadAsync(db, grant.Assessment, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime), cancellationToken);
        return new PortalDownload(WorkbookReport.Write(sheet, grant.Assessment), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            EvidenceInspector.SafeFileName(grant.Assessment.Title) + ".xlsx");
    }

    /// <summary>
    /// The findings the reviewers gave the vendor on an assessment the contact may answer (<see cref="OpenAssessmentAsync"/>; null means
    /// 404): only findings owned by the vendor, open ones first, then by severity and due date.
    /// </summary>
    public async Task<PortalFindings?> FindingsAsync(Guid assessmentId, CancellationToken cancellationToken)
    {
        if (await OpenAssessmentAsync(assessmentId, cancellationToken) is not { } grant) return null;
        var (compiled, _) = await PinnedQuestionnaire.LoadAsync(db, grant.Assessment, cancellationToken);
        var questions = compiled?.Definition.AllItems().ToDictionary(i => i.Id, i => i.Text, StringComparer.Ordinal) ?? [];
        // Inside the assessment's tenant (the filter applies); only the vendor's own findings of this assessment.
        var findings = await db.ReviewFindings.AsNoTracking()
            .Where(f => f.AssessmentId == assessmentId && f.OwnerKind == FindingOwnerKind.Vendor)
            .OrderByDescending(f => f.RaisedAt).ToListAsync(cancellationToken);
        return new PortalFindings(grant, [.. findings.OrderBy(f => f.IsOpen ? 0 : 1).ThenByDescending(f => f.Severity).ThenBy(f => f.DueOn)
            .Select(f => new PortalFindingRow(f.Id, f.Severity.ToString().ToLowerInvariant(), f.Title, f.Description,
                [.. f.LinkedItemIds.Select(i => questions.GetValueOrDefault(i) ?? i)], ReviewFinding.Describe(f.Treatment), f.TreatmentPlan, f.DueOn,
                f.Status, f.RemediationPlan, f.RemediationTargetOn,
                // A reviewer's reason for sending a plan back is for the vendor; accept-risk rationales stay internal.
                f.Status == FindingStatus.Open && f.ResolvedAt is not null ? f.ResolutionNote : null,
                f.VendorMayAnswer, f.Version))]);
    }

    /// <summary>The incidents at the contact's vendor in the route's organisation, latest report first (at most 200); empty outside a portal membership.</summary>
    public async Task<IReadOnlyList<PortalIncidents>> IncidentsAsync(CancellationToken cancellationToken)
    {
        if (await CurrentAsync(cancellationToken) is not { } membership) return [];
        var incidents = await db.Incidents.AsNoTracking()
            .Where(i => i.VendorId == membership.VendorId)
            .OrderByDescending(i => i.ReportedAt).Take(200).ToListAsync(cancellationToken);
        return [new PortalIncidents(membership.MembershipId, membership.Slug, membership.TenantName, membership.VendorName, incidents
            .Select(i => new PortalIncidentRow(i.Id, i.Title, i.Type, i.Status, i.DetectedAt, i.ReportedAt, i.ReportedLate, i.HoursLate, i.NotificationWindowHours))
            .ToList())];
    }

    /// <summary>The incident form for the contact's own membership <paramref name="membershipId"/> of the route's organisation; null means 404.</summary>
    public async Task<PortalIncidentForm?> IncidentFormAsync(Guid membershipId, CancellationToken cancellationToken)
    {
        if (await CurrentAsync(cancellationToken) is not { } membership || membership.MembershipId != membershipId) return null;
        var systems = (await db.AiSystems.Where(s => s.VendorId == membership.VendorId).OrderBy(s => s.Name)
                .Select(s => new { s.Id, s.Name }).ToListAsync(cancellationToken))
            .Select(s => (s.Id, s.Name)).ToList();
        return new PortalIncidentForm(membership, systems);
    }

    /// <summary>The obligation occurrences of the route's organisation that wait for the contact's vendor's evidence, by due date.</summary>
    public async Task<IReadOnlyList<PortalObligations>> ObligationsAsync(CancellationToken cancellationToken)
    {
        if (await CurrentAsync(cancellationToken) is not { } m) return [];
        var rows = await (
                from o in db.Set<ObligationOccurrence>()
                where o.Status == OccurrenceStatus.Open
                join ob in db.Set<Obligation>() on o.ObligationId equals ob.Id
                where ob.VendorId == m.VendorId && ob.NeedsVendorEvidence
                join c in db.Set<Contract>() on ob.ContractId equals c.Id
                orderby o.DueOn, ob.Title
                select new PortalObligationRow(o.Id, ob.Title, ob.ClauseReference, c.Title, o.DueOn, ob.NotificationHours))
            .AsNoTracking().ToListAsync(cancellationToken);
        return [new PortalObligations(m.Slug, m.TenantName, m.VendorName, rows)];
    }

    /// <summary>Every organisation in which the user is an active vendor contact, by name, each with the questionnaires sent to them.</summary>
    public async Task<IReadOnlyList<PortalOrganisation>> HomeAsync(Guid userId, CancellationToken cancellationToken)
    {
        var organisations = new List<PortalOrganisation>();
        foreach (var membership in (await door.MembershipsOfAsync(userId, cancellationToken)).Where(m => m.Roles == TenantRoles.VendorContact && m.VendorId is not null))
        {
            await using var scope = scopes.CreateAsyncScope();
            if (!await scope.ServiceProvider.GetRequiredService<TenantDoor>().EnterAsMemberAsync(membership.Slug, userId, cancellationToken)) continue;
            if (await scope.ServiceProvider.GetRequiredService<PortalQueries>().OrganisationAsync(cancellationToken) is { } organisation)
                organisations.Add(organisation);
        }
        return organisations;
    }

    /// <summary>The questionnaires of the current tenant the contact answers (bound, or invited by their address), by due date.</summary>
    private async Task<PortalOrganisation?> OrganisationAsync(CancellationToken cancellationToken)
    {
        if (await CurrentAsync(cancellationToken) is not { } membership || tenant.UserId is not { } userId) return null;
        var email = await db.Users.Where(u => u.Id == userId).Select(u => u.NormalizedEmail).SingleOrDefaultAsync(cancellationToken);
        var contactOf = db.AssessmentContacts
            .Where(c => c.UserId == userId || (c.UserId == null && email != null && c.Email.ToUpper() == email))
            .Select(c => c.AssessmentId);
        var assessments = await db.Assessments.AsNoTracking()
            .Where(a => a.VendorId == membership.VendorId && a.Status != AssessmentStatus.Draft && contactOf.Contains(a.Id))
            .OrderBy(a => a.DueOn).ThenBy(a => a.Title)
            .ToListAsync(cancellationToken);
        var ids = assessments.Select(a => a.Id).ToList();
        var answers = (await db.AssessmentAnswers.AsNoTracking().Where(a => ids.Contains(a.AssessmentId))
                .Select(a => new { a.AssessmentId, a.ItemId, a.ValueJson }).ToListAsync(cancellationToken))
            .ToLookup(a => a.AssessmentId);
        var findings = (await db.ReviewFindings.AsNoTracking()
                .Where(f => ids.Contains(f.AssessmentId) && f.OwnerKind == FindingOwnerKind.Vendor)
                .Select(f => new { f.AssessmentId, f.Status }).ToListAsync(cancellationToken))
            .ToLookup(f => f.AssessmentId);
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var rows = new List<PortalAssessmentRow>();
        foreach (var assessment in assessments)
        {
            var compiled = await AnswerSheet.CompileAsync(db, assessment, cancellationToken);
            var evaluation = AnswerSheet.EvaluateValues(compiled, answers[assessment.Id].Select(a => (a.ItemId, a.ValueJson)));
            var progress = AnswerSheet.ProgressOf(evaluation, compiled.Definition.AllItems());
            var open = assessment.Status is AssessmentStatus.Sent or AssessmentStatus.InProgress or AssessmentStatus.ClarificationRequested;
            rows.Add(new PortalAssessmentRow(assessment.Id, assessment.Title, assessment.DueOn, open && assessment.DueOn < today, assessment.Status, progress, open,
                findings[assessment.Id].Count(f => f.Status == FindingStatus.Open), findings[assessment.Id].Count()));
        }
        return new PortalOrganisation(membership.Slug, membership.TenantName, membership.VendorName, rows);
    }
}
#pragma warning restore CA1304, CA1311, CA1862
