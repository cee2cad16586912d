using Microsoft.EntityFrameworkCore;
using VendorRisk.Application.Common;
using VendorRisk.Application.Gates;
using VendorRisk.Domain.Common;
using VendorRisk.Domain.Findings;
using VendorRisk.Domain.Questionnaires;
using VendorRisk.Infrastructure.Audit;
using VendorRisk.Infrastructure.Email;
using VendorRisk.Infrastructure.Persistence;
using VendorRisk.Infrastructure.Tenancy;

namespace VendorRisk.Application.Findings;

/// <summary>
/// Raising a finding on an assessment, editing it (its treatment, owner, due date, ...), and the reviewer's moves on it: close as
/// verified, accept the risk, reopen. Only a reviewer who may act on the assessment's review (<see cref="ActOnFindings"/>). An edit or a
/// move carries the version the reviewer started from: a newer one is a conflict, not an overwrite. Assigning a finding to the vendor
/// e-mails the assessment's vendor contacts in the same transaction.
/// </summary>
public sealed class FindingOperations(AppDbContext db, TenantContext tenant, Access access, FindingScopes scopes, FindingNotifications notifications,
    EmailOutbox outbox, AuditLog audit, TimeProvider clock)
{
    /// <summary>Raises a finding on the assessment's review; its id on success.</summary>
    public Task<Outcome<Guid>> RaiseAsync(Guid assessmentId, FindingFields fields, CancellationToken cancellationToken) =>
        SaveAsync(assessmentId, null, fields, 0, cancellationToken);

    /// <summary>Changes a finding's fields (its treatment among them), from <paramref name="expectedVersion"/>.</summary>
    public async Task<Outcome> EditAsync(Guid assessmentId, Guid findingId, FindingFields fields, int expectedVersion, CancellationToken cancellationToken) =>
        await SaveAsync(assessmentId, findingId, fields, expectedVersion, cancellationToken);

    public Task<Outcome> CloseAsync(Guid findingId, string? note, int expectedVersion, CancellationToken cancellationToken) =>
        MoveAsync(findingId, FindingMoves.Close, note, expectedVersion, cancellationToken);

    /// <summary>Accepts the finding's risk until <paramref name="until"/> (required), with a rationale, by a role the tenant's gates allow for its severity.</summary>
    public Task<Outcome> AcceptRiskAsync(Guid findingId, string? rationale, DateOnly? until, int expectedVersion, CancellationToken cancellationToken) =>
        MoveAsync(findingId, FindingMoves.AcceptRisk, rationale, expectedVersion, cancellationToken, until);

    public Task<Outcome> ReopenAsync(Guid findingId, string? reason, int expectedVersion, CancellationToken cancellationToken) =>
        MoveAsync(findingId, FindingMoves.Reopen, reason, expectedVersion, cancellationToken);

    /// <summary>
    /// One of the <see cref="FindingMoves"/> by name (as a form posts it); the note is required to accept the risk or reopen, and accepting
    /// the risk needs the date the acceptance expires (<paramref name="acceptedUntil"/>, at most the gates' longest acceptance from today).
    /// Accepting the risk of a high or critical finding needs a role the tenant's gates name (ADR-027); other moves, and accepting a lower
    /// finding, need a reviewer acting on the review (<see cref="ActOnFindings"/>).
    /// </summary>
    public async Task<Outcome> MoveAsync(Guid findingId, string? move, string? note, int expectedVersion, CancellationToken cancellationToken,
        DateOnly? acceptedUntil = null)
    {
        var found = await db.ReviewFindings.AsNoTracking().Where(f => f.Id == findingId).Select(f => new { f.AssessmentId, f.Severity }).SingleOrDefaultAsync(cancellationToken);
        if (found is null || await scopes.LoadAsync(found.AssessmentId, cancellationToken) is not { } scope) return Fail.NotFound("There is no such finding.");
        var gates = await DecisionGates.PolicyAsync(db, cancellationToken);
        if (move is FindingMoves.AcceptRisk && gates.AcceptanceRolesFor(found.Severity) is not null)
        {
            if (!RiskAcceptors.Allows(tenant, gates, found.Severity, scope)) return Fail.Forbidden(DecisionGates.AcceptanceRule(gates, found.Severity));
        }
        else if (await access.DemandAsync(ActOnFindings.Requirement, scope) is { } forbidden) return forbidden;
        var finding = await db.ReviewFindings.SingleAsync(f => f.Id == findingId, cancellationToken);

        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var errors = new List<FieldError>();
        if (string.IsNullOrWhiteSpace(move)) errors.Add(new("Action", "Choose what to do."));
        else if (!FindingMoves.Allowed(finding.Status, finding.OwnerKind).Contains(move))
            errors.Add(new("Action", $"A finding that is {ReviewFinding.Describe(finding.Status)} cannot be changed that way; reload the page."));
        if (note is { Length: > ReviewFinding.NoteMaxLength }) errors.Add(new("Note", $"Use at most {ReviewFinding.NoteMaxLength} characters."));
        if (move is FindingMoves.AcceptRisk && string.IsNullOrWhiteSpace(note)) errors.Add(new("Note", "Give the rationale for accepting the risk."));
        if (move is FindingMoves.AcceptRisk)
        {
            var latest = BusinessDates.AddDays(today, gates.MaxAcceptanceDays);
            if (acceptedUntil is null) errors.Add(new("AcceptedUntil", "Give the date the acceptance expires."));
            else if (!BusinessDates.InRange(acceptedUntil.Value)) errors.Add(new("AcceptedUntil", BusinessDates.OutOfRangeMessage("The expiry date")));
            else if (acceptedUntil <= today) errors.Add(new("AcceptedUntil", "The acceptance must expire after today."));
            else if (acceptedUntil > latest)
                errors.Add(new("AcceptedUntil", $"An acceptance may run at most {gates.MaxAcceptanceDays} days: choose {latest:yyyy-MM-dd} or earlier."));
        }
        if (move is FindingMoves.Reopen && string.IsNullOrWhiteSpace(note)) errors.Add(new("Note", "Give the reason for reopening the finding."));
        if (errors.Count > 0) return Fail.Invalid(errors);
        if (finding.Version != expectedVersion) return MovedMeanwhile(finding.Status);

        db.Entry(finding).Property(f => f.Version).OriginalValue = expectedVersion;
        var me = tenant.UserId!.Value;
        var now = clock.GetUtcNow();
        var from = finding.Status;
        try
        {
            switch (move)
            {
                case FindingMoves.Close: finding.Close(note, me, now); break;
                case FindingMoves.AcceptRisk: finding.AcceptRisk(note, acceptedUntil, me, now); break;
                default: finding.Reopen(note, me, now); break;
            }
        }
        catch (DomainException e)
        {
            return Fail.Invalid("", e.Message);
        }
        audit.Record(move switch { FindingMoves.Close => AuditActions.FindingClosed, FindingMoves.AcceptRisk => AuditActions.FindingRiskAccepted, _ => AuditActions.FindingReopened },
            nameof(ReviewFinding), finding.Id, new
            {
                finding.AssessmentId, from = ReviewFinding.Describe(from), to = ReviewFinding.Describe(finding.Status), note = finding.ResolutionNote,
                treatment = ReviewFinding.Describe(finding.Treatment), acceptedUntil = finding.RiskAcceptedUntil, severity = FindingQueries.Name(finding.Severity),
            });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            var status = await db.ReviewFindings.AsNoTracking().Where(f => f.Id == findingId).Select(f => f.Status).SingleAsync(cancellationToken);
            return MovedMeanwhile(status);
        }
        return Outcome.Ok();
    }

    private static Failure MovedMeanwhile(FindingStatus status) => Fail.Conflict(
        $"This finding changed while you were looking at it: it is now {ReviewFinding.Describe(status)}. Check it and choose again.");

    private async Task<Outcome<Guid>> SaveAsync(Guid assessmentId, Guid? findingId, FindingFields fields, int expectedVersion, CancellationToken cancellationToken)
    {
        if (await scopes.LoadAsync(assessmentId, cancellationToken) is not { } scope) return Fail.NotFound("There is no such assessment.");
        if (findingId is { } known && !await db.ReviewFindings.AnyAsync(f => f.Id == known && f.AssessmentId == assessmentId, cancellationToken))
            return Fail.NotFound("There is no such finding.");
        if (await access.DemandAsync(ActOnFindings.Requirement, scope) is { } forbidden) return forbidden;

        var finding = findingId is { } id ? await db.ReviewFindings.SingleAsync(f => f.Id == id, cancellationToken) : null;
        var (errors, details) = await ValidateAsync(scope, fields, finding, cancellationToken);
        if (errors.Count > 0) return Fail.Invalid(errors);
        if (finding is not null && finding.Version != expectedVersion) return await EditedMeanwhileAsync(finding.Id, cancellationToken);

        var me = tenant.UserId!.Value;
        var now = clock.GetUtcNow();
        bool assignedToVendor;
        try
        {
            if (finding is null)
            {
                finding = ReviewFinding.Raise(assessmentId, scope.InstanceId, details!, me, now);
                db.ReviewFindings.Add(finding);
                assignedToVendor = finding.OwnedByVendor;
                audit.Record(AuditActions.FindingRaised, nameof(ReviewFinding), finding.Id, Snapshot(finding));
            }
            else
            {
                var before = Snapshot(finding);
                var wasVendor = finding.OwnedByVendor;
                db.Entry(finding).Property(f => f.Version).OriginalValue = expectedVersion;
                finding.Edit(details!, me, now);
                assignedToVendor = finding.OwnedByVendor && !wasVendor;
                audit.Record(AuditActions.FindingEdited, nameof(ReviewFinding), finding.Id, new { before, after = Snapshot(finding) });
            }
        }
        catch (DomainException e)
        {
            return Fail.Invalid("", e.Message);
        }
        if (assignedToVendor) await notifications.AssignedToVendorAsync(finding, scope.AssessmentTitle, cancellationToken);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return await EditedMeanwhileAsync(finding.Id, cancellationToken);
        }
        if (assignedToVendor) outbox.NudgeDelivery();
        return finding.Id;
    }

    private async Task<(List<FieldError>, FindingDetails?)> ValidateAsync(FindingScope scope, FindingFields fields, ReviewFinding? finding,
        CancellationToken cancellationToken)
    {
        var errors = new List<FieldError>();
        var severity = Parse<FindingSeverity>(fields.Severity);
        var treatment = Parse<FindingTreatment>(fields.Treatment);
        if (string.IsNullOrWhiteSpace(fields.Severity)) errors.Add(new(nameof(fields.Severity), "Choose a severity."));
        else if (severity is null) errors.Add(new(nameof(fields.Severity), "Choose a severity: low, medium, high or critical."));
        if (string.IsNullOrWhiteSpace(fields.Title)) errors.Add(new(nameof(fields.Title), "Give the finding a title."));
        else if (fields.Title.Length > ReviewFinding.TitleMaxLength) errors.Add(new(nameof(fields.Title), $"Use at most {ReviewFinding.TitleMaxLength} characters."));
        if (fields.Description is { Length: > ReviewFinding.TextMaxLength })
            errors.Add(new(nameof(fields.Description), $"Use at most {ReviewFinding.TextMaxLength} characters."));
        if (string.IsNullOrWhiteSpace(fields.Treatment)) errors.Add(new(nameof(fields.Treatment), "Choose a treatment."));
        else if (treatment is null) errors.Add(new(nameof(fields.Treatment), "Choose a treatment: mitigate, accept, transfer or avoid."));
        if (fields.TreatmentPlan is { Length: > ReviewFinding.TextMaxLength })
            errors.Add(new(nameof(fields.TreatmentPlan), $"Use at most {ReviewFinding.TextMaxLength} characters."));
        Guid? ownerUserId = null;
        if (string.IsNullOrWhiteSpace(fields.Owner)) errors.Add(new(nameof(fields.Owner), "Choose who owns the finding."));
        else if (fields.Owner != FindingFields.VendorOwner)
        {
            var owners = await FindingRows.OwnersAsync(db, cancellationToken);
            if (Guid.TryParse(fields.Owner, out var owner) && owners.Any(o => o.Id == owner)) ownerUserId = owner;
            else errors.Add(new(nameof(fields.Owner), "Choose the vendor or a person of this organisation."));
        }
        var known = (await FindingRows.QuestionsAsync(db, tenant.TenantId!.Value, scope, cancellationToken)).Select(q => q.Id).ToHashSet(StringComparer.Ordinal);
        if (fields.ItemIds.Any(i => !known.Contains(i))) errors.Add(new(nameof(fields.ItemIds), "Choose questions of this assessment."));
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        if (fields.DueOn is null) errors.Add(new(nameof(fields.DueOn), "Give the due date."));
        else if (fields.DueOn != finding?.DueOn && !BusinessDates.InRange(fields.DueOn.Value))
            errors.Add(new(nameof(fields.DueOn), BusinessDates.OutOfRangeMessage("The due date")));
        else if (fields.DueOn < today && fields.DueOn != finding?.DueOn) errors.Add(new(nameof(fields.DueOn), "The due date cannot be in the past."));
        if (errors.Count > 0) return (errors, null);
        return (errors, new FindingDetails(severity!.Value, fields.Title!, fields.Description, fields.ItemIds, treatment!.Value, fields.TreatmentPlan,
            ownerUserId is null ? FindingOwnerKind.Vendor : FindingOwnerKind.Internal, ownerUserId, fields.DueOn!.Value));
    }

    /// <summary>Someone saved the finding after the form was loaded: say who and what changed (the person's input stays in the form).</summary>
    private async Task<Failure> EditedMeanwhileAsync(Guid findingId, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        var current = await db.ReviewFindings.AsNoTracking().SingleAsync(f => f.Id == findingId, cancellationToken);
        var last = new[] { (current.UpdatedAt, current.UpdatedByUserId), (current.RemediationAt, current.RemediationByUserId),
            (current.ResolvedAt, current.ResolvedByUserId) }.Where(x => x.Item1 is not null).OrderByDescending(x => x.Item1).Select(x => x.Item2).FirstOrDefault();
        var by = await db.Users.AsNoTracking().Where(u => u.Id == last).Select(u => u.DisplayName).FirstOrDefaultAsync(cancellationToken);
        return Fail.Conflict(
            $"{(string.IsNullOrEmpty(by) ? "Someone else" : by)} changed this finding while you were editing it (it is now {ReviewFinding.Describe(current.Status)}, " +
            $"titled \"{current.Title}\"). Your changes are still in the form: check them against the current finding and save again.");
    }

    private static object Snapshot(ReviewFinding f) => new
    {
        f.AssessmentId, severity = FindingQueries.Name(f.Severity), f.Title, f.Description, itemIds = f.LinkedItemIds, treatment = FindingQueries.Name(f.Treatment),
        f.TreatmentPlan, owner = f.OwnedByVendor ? FindingFields.VendorOwner : f.OwnerUserId.ToString(), f.DueOn, status = FindingQueries.Name(f.Status),
    };

    /// <summary>A defined member by name (any case); numbers are refused, so "42" is not a treatment.</summary>
    private static T? Parse<T>(string? value) where T : struct, Enum =>
        Enum.GetValues<T>().Cast<T?>().FirstOrDefault(v => string.Equals(v!.Value.ToString(), value?.Trim(), StringComparison.OrdinalIgnoreCase));
}
