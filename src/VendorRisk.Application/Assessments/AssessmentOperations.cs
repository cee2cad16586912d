using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using VendorRisk.Application.Common;
using VendorRisk.Application.Members;
using VendorRisk.Domain.Assessments;
using VendorRisk.Domain.Common;
using VendorRisk.Domain.Questionnaires;
using VendorRisk.Domain.Questionnaires.Versioning;
using VendorRisk.Domain.Tenancy;
using VendorRisk.Infrastructure.Audit;
using VendorRisk.Infrastructure.Email;
using VendorRisk.Infrastructure.Files;
using VendorRisk.Infrastructure.Identity;
using VendorRisk.Infrastructure.Links;
using VendorRisk.Infrastructure.Persistence;
using VendorRisk.Infrastructure.Tenancy;

namespace VendorRisk.Application.Assessments;

/// <summary>
/// What the send form asks: one published questionnaire version, a title, a due date, contacts ticked from the vendor's known ones
/// (<see cref="Contacts"/>) and more addresses typed (<see cref="OtherEmails"/>, separated by commas, semicolons or new lines).
/// </summary>
public sealed record SendAssessment(Guid? TemplateId, string? Title, DateOnly? DueOn, IReadOnlyList<string> Contacts, string? OtherEmails);

/// <summary>A sent assessment: who it went to and how many answers came over from the previous one.</summary>
public sealed record SentAssessment(Guid Id, string Title, IReadOnlyList<string> Contacts, int CarriedOverAnswers);

/// <summary>An evidence file to hand out as an attachment; the caller disposes <see cref="Content"/>.</summary>
public sealed record EvidenceDownload(Stream Content, string FileName, string ContentType);

/// <summary>
/// What the tenant's members do with an assessment: send it to a vendor, comment on a question, reopen questions for clarification,
/// start the review and cancel outside a workflow, download evidence. The assessment pages and jobs call these. Deciding by hand is
/// <c>Reviews/ManualDecisionOperations</c>: what follows a decision (the next reassessment) lies above this area.
/// </summary>
public sealed class AssessmentOperations(AppDbContext db, Access access, TenantContext tenant, AuditLog audit, EmailOutbox outbox,
    InvitationSender invitations, UserManager<AppUser> users, IEvidenceStorage storage, PublicLinks links, TimeProvider clock)
{
    public const int MaxContacts = 20;
    public const int OtherEmailsMaxLength = 4000;

    public static readonly RolePermission Send = new("assessments.send", AssessmentQueries.ManageRoles);
    public static readonly RolePermission Manage = new("assessments.manage", AssessmentQueries.ManageRoles);
    public static readonly RolePermission Review = new("assessments.review", AssessmentQueries.ReviewRoles);
    public static readonly RolePermission Comment = new("assessments.comment", AssessmentQueries.ReviewRoles | TenantRoles.CommitteeMember);
    public static readonly RolePermission DownloadEvidence = new("assessments.evidence.download", TenantRolesExtensions.Internal);
    /// <summary>Only the daily job expires assessments.</summary>
    public static readonly RolePermission Expire = new("assessments.expire", TenantRoles.None, ForJobs: true);

    /// <summary>
    /// Days after its due date that an assessment the vendor never submitted expires: the overdue reminder goes out the day after the
    /// due date, and the vendor can still submit late until then.
    /// </summary>
    public const int ExpiryGraceDays = 30;

    private DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    /// <summary>
    /// Issues a questionnaire to a vendor. The assessment, its contacts, carried-over answers, the invitations or notifications and the
    /// audit event are written in one transaction. A contact who is already a portal user of this vendor is bound at once and notified;
    /// anyone else gets a vendor-contact invitation and is bound when they accept it (Members/AssessmentContactBinding).
    /// </summary>
    public async Task<Outcome<SentAssessment>> SendAsync(Guid vendorId, SendAssessment input, CancellationToken cancellationToken)
    {
        if (await access.DemandAsync(Send) is { } forbidden) return forbidden;
        if (!await db.Vendors.AnyAsync(v => v.Id == vendorId, cancellationToken)) return Fail.NotFound("There is no such vendor.");
        var today = Today;
        var errors = new List<FieldError>();
        var title = input.Title?.Trim() ?? "";
        if (title.Length == 0) errors.Add(new(nameof(input.Title), "Enter a title."));
        else if (title.Length > Assessment.TitleMaxLength) errors.Add(new(nameof(input.Title), $"Use at most {Assessment.TitleMaxLength} characters."));
        if (input.DueOn is null) errors.Add(new(nameof(input.DueOn), "Enter the due date."));
        if (input.OtherEmails is { Length: > OtherEmailsMaxLength }) errors.Add(new(nameof(input.OtherEmails), $"Use at most {OtherEmailsMaxLength} characters."));

        var templates = await db.QuestionnaireTemplates.Where(t => t.Status == QuestionnaireStatus.Published).Select(t => t.Id).ToListAsync(cancellationToken);
        if (templates.Count == 0)
            errors.Add(new(nameof(input.TemplateId), "There is no published questionnaire yet. Publish one under Templates first."));
        else if (input.TemplateId is not { } chosen || !templates.Contains(chosen))
            errors.Add(new(nameof(input.TemplateId), "Choose one of the published questionnaires."));
        if (input.DueOn is { } outside && !BusinessDates.InRange(outside)) errors.Add(new(nameof(input.DueOn), BusinessDates.OutOfRangeMessage("The due date")));
        else if (input.DueOn is { } due && due <= today) errors.Add(new(nameof(input.DueOn), "The due date must be in the future."));

        var known = await KnownContactsAsync(vendorId, cancellationToken);
        var emails = new List<string>();
        foreach (var ticked in input.Contacts.Where(c => !string.IsNullOrWhiteSpace(c)))
        {
            if (known.Any(k => string.Equals(k, ticked.Trim(), StringComparison.OrdinalIgnoreCase))) emails.Add(ticked.Trim());
            else errors.Add(new(nameof(input.Contacts), "Choose contacts from the list, or type their addresses below."));
        }
        var typed = (input.OtherEmails ?? "").Split([',', ';', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var email in typed)
        {
            if (InvitationSender.IsWellFormedEmail(email)) emails.Add(email);
            else errors.Add(new(nameof(input.OtherEmails), $"\"{email}\" is not a valid e-mail address."));
        }
        emails = [.. emails.DistinctBy(e => e.ToLowerInvariant())];
        if (emails.Count == 0 && !errors.Any(e => e.Field == nameof(input.OtherEmails)))
            errors.Add(new(nameof(input.Contacts), "Choose or enter at least one contact who will answer."));
        if (emails.Count > MaxContacts) errors.Add(new(nameof(input.OtherEmails), $"Send to at most {MaxContacts} contacts at once."));
        if (errors.Count > 0) return Fail.Invalid(errors);

        // Who is already a portal user of this vendor, and who needs an invitation.
        var plan = new List<(string Email, Guid? UserId)>();
        foreach (var email in emails)
        {
            var user = await users.FindByEmailAsync(email);
            var membership = user is null ? null : await db.Memberships.Where(m => m.UserId == user.Id)
                .Select(m => new { m.Roles, m.VendorId, m.IsDisabled }).SingleOrDefaultAsync(cancellationToken);
            if (membership is { Roles: TenantRoles.VendorContact, IsDisabled: false } && membership.VendorId == vendorId)
            {
                plan.Add((email, user!.Id));
                continue;
            }
            if (membership is { Roles: TenantRoles.VendorContact } && membership.VendorId != vendorId)
            {
                errors.Add(new(nameof(input.OtherEmails), $"{email} is a contact of another vendor in this organisation."));
                continue;
            }
            var problem = await invitations.CheckAsync(email, TenantRoles.VendorContact, vendorId, cancellationToken);
            // A pending invitation to this vendor is fine: accepting it binds the contact to this assessment too.
            if (problem is not null && problem.PendingInvitationId is null) errors.Add(new(nameof(input.OtherEmails), problem.Message));
            plan.Add((email, problem?.PendingInvitationId is null ? null : Guid.Empty));
        }
        if (errors.Count > 0) return Fail.Invalid(errors);

        var template = await db.QuestionnaireTemplates.SingleAsync(t => t.Id == input.TemplateId, cancellationToken);
        var now = clock.GetUtcNow();
        var previous = await PreviousAssessmentAsync(vendorId, template.TemplateKey, cancellationToken);

        Assessment assessment;
        try
        {
            assessment = Assessment.Create(vendorId, template.Id, template.TemplateKey, template.SemanticVersion, template.ContentHash ?? "",
                title, input.DueOn!.Value, tenant.UserId!.Value, now, previous);
            assessment.Send(now);
        }
        catch (DomainException e)
        {
            return Fail.Invalid("", e.Message);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.Assessments.Add(assessment);
        var (carried, carriedEvidence) = previous is { } previousId ? await CarryAnswersAsync(previousId, assessment, template.Definition(), now, cancellationToken) : (0, 0);
        var portal = links.Portal();
        var invited = new List<string>();
        foreach (var (email, userId) in plan)
        {
            var bound = userId is { } id && id != Guid.Empty ? id : (Guid?)null;
            db.AssessmentContacts.Add(AssessmentContact.Create(assessment.Id, email, bound));
            if (bound is not null)
            {
                outbox.Enqueue(AssessmentMails.Waiting(tenant.TenantName ?? "", assessment.Title, assessment.DueOn, portal), email, null,
                    AssessmentMails.KindWaiting, tenant.TenantId, $"assessment:{assessment.Id}:waiting:{email.ToLowerInvariant()}");
            }
            else if (userId is null)
            {
                await invitations.AddAsync(email, TenantRoles.VendorContact, vendorId, cancellationToken: cancellationToken);
                invited.Add(email);
            }
            // Otherwise a pending invitation already leads to the portal.
        }
        audit.Record(AuditActions.AssessmentSent, nameof(Assessment), assessment.Id, new
        {
            vendorId, templateId = template.Id, templateKey = template.TemplateKey, templateVersion = template.SemanticVersion,
            contentHash = template.ContentHash, dueOn = assessment.DueOn, contacts = plan.Select(p => p.Email), invited,
            previousAssessmentId = previous, carriedOverAnswers = carried, carriedOverEvidence = carriedEvidence,
        });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        outbox.NudgeDelivery();
        return new SentAssessment(assessment.Id, assessment.Title, [.. plan.Select(p => p.Email)], carried);
    }

    private async Task<List<string>> KnownContactsAsync(Guid vendorId, CancellationToken cancellationToken)
    {
        var people = await db.VendorContacts.Where(c => c.VendorId == vendorId).Select(c => c.Email).ToListAsync(cancellationToken);
        var portalUsers = await db.Memberships.Where(m => m.VendorId == vendorId && !m.IsDisabled)
            .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => u.Email!).ToListAsync(cancellationToken);
        return [.. people, .. portalUsers];
    }

    /// <summary>The vendor's latest submitted or decided assessment of the same questionnaire, if any.</summary>
    private Task<Guid?> PreviousAssessmentAsync(Guid vendorId, string templateKey, CancellationToken cancellationToken) =>
        db.Assessments
            .Where(a => a.VendorId == vendorId && a.TemplateKey == templateKey && a.SubmittedAt != null
                && (a.Status == AssessmentStatus.Submitted || a.Status == AssessmentStatus.InReview
                    || a.Status == AssessmentStatus.ClarificationRequested || a.Status == AssessmentStatus.Approved
                    || a.Status == AssessmentStatus.ApprovedWithConditions || a.Status == AssessmentStatus.Rejected))
            .OrderByDescending(a => a.SubmittedAt)
            .Select(a => (Guid?)a.Id)
            .FirstOrDefaultAsync(cancellationToken);

    /// <summary>Carries the previous assessment's answers and its still-valid evidence (ADR-025): the numbers of each.</summary>
    private async Task<(int Answers, int Evidence)> CarryAnswersAsync(Guid previousId, Assessment assessment, QuestionnaireDefinition definition, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var compiled = definition.Compile();
        if (compiled.IsFailure) return (0, 0);
        return await CarriedAnswers.CarryAsync(db, previousId, assessment.Id, compiled.Value, now, cancellationToken);
    }

    /// <summary>
    /// Adds a comment to one question, internal or shared with the vendor. Invalid on <c>ItemId</c> for a question the pinned
    /// questionnaire does not have, on <c>Body</c> for an empty or too long text.
    /// </summary>
    public async Task<Outcome> CommentAsync(Guid id, string? itemId, string? body, bool shared, CancellationToken cancellationToken)
    {
        var assessment = await db.Assessments.AsNoTracking().Where(a => a.Id == id)
            .Select(a => new { a.TemplateId, a.ContentHash }).SingleOrDefaultAsync(cancellationToken);
        if (assessment is null) return Fail.NotFound("There is no such assessment.");
        if (await access.DemandAsync(Comment) is { } forbidden) return forbidden;
        var (compiled, _) = await PinnedQuestionnaire.LoadAsync(db, tenant.TenantId!.Value, assessment.TemplateId, assessment.ContentHash, cancellationToken);
        if (string.IsNullOrEmpty(itemId) || compiled?.Definition.AllItems().Any(i => i.Id == itemId) != true)
            return Fail.Invalid("ItemId", "There is no such question.");
        if (string.IsNullOrWhiteSpace(body) || body.Length > AssessmentComment.BodyMaxLength)
            return Fail.Invalid("Body", $"Write a comment of 1 to {AssessmentComment.BodyMaxLength} characters.");
        var comment = AssessmentComment.Create(id, itemId, tenant.UserId!.Value, body, shared, clock.GetUtcNow());
        db.AssessmentComments.Add(comment);
        audit.Record(AuditActions.AssessmentCommented, nameof(Assessment), id, new { itemId, commentId = comment.Id, visibleToVendor = shared });
        await db.SaveChangesAsync(cancellationToken);
        return Outcome.Ok();
    }

    /// <summary>
    /// A reviewer accepts the vendor's reason for answering "not applicable" (ADR-026): from then on the question is left out of the
    /// verified score, as it is of the claimed one. Invalid on <c>ItemId</c> when the question has no reason to accept (not answered
    /// "not applicable", no reason given, or already accepted).
    /// </summary>
    public async Task<Outcome<string>> AcceptNotApplicableAsync(Guid id, string? itemId, CancellationToken cancellationToken)
    {
        if (!await db.Assessments.AnyAsync(a => a.Id == id, cancellationToken)) return Fail.NotFound("There is no such assessment.");
        if (await access.DemandAsync(Review) is { } forbidden) return forbidden;
        var answer = string.IsNullOrEmpty(itemId) ? null
            : await db.AssessmentAnswers.SingleOrDefaultAsync(a => a.AssessmentId == id && a.ItemId == itemId, cancellationToken);
        if (answer?.NotApplicableReason is null) return Fail.Invalid("ItemId", "This question has no \"not applicable\" reason to accept.");
        if (answer.NotApplicableAccepted) return Fail.Invalid("ItemId", "This reason was already accepted.");
        answer.AcceptNotApplicable(tenant.UserId!.Value, clock.GetUtcNow());
        audit.Record(AuditActions.AssessmentNotApplicableAccepted, nameof(Assessment), id, new { itemId, reason = answer.NotApplicableReason });
        await db.SaveChangesAsync(cancellationToken);
        return "The reason was accepted: the question no longer counts against the verified score.";
    }

    /// <summary>
    /// Reopens the chosen questions for the vendor, each with the reviewer's question (<paramref name="comment"/> for all of them, and a
    /// question's own comment of <paramref name="questionComments"/>), and e-mails its contacts the questions with links straight to them;
    /// the message for the person on success. Invalid on <c>comment</c> when a chosen question would have no reason, or a text is too long.
    /// </summary>
    public async Task<Outcome<string>> RequestClarificationAsync(Guid id, int version, IReadOnlyList<string>? itemIds, string? comment,
        IReadOnlyDictionary<string, string?>? questionComments, CancellationToken cancellationToken)
    {
        var own = (questionComments ?? new Dictionary<string, string?>()).Where(c => !string.IsNullOrWhiteSpace(c.Value))
            .ToDictionary(c => c.Key, c => c.Value!.Trim(), StringComparer.Ordinal);
        var chosenIds = (itemIds ?? []).Distinct(StringComparer.Ordinal).ToList();
        var errors = new List<FieldError>();
        if (comment is { } all && all.Trim().Length > ReopenedItem.ReasonMaxLength)
            errors.Add(new(nameof(comment), $"Use at most {ReopenedItem.ReasonMaxLength} characters."));
        foreach (var (itemId, text) in own.Where(c => c.Value.Length > ReopenedItem.ReasonMaxLength))
            errors.Add(new($"comments[{itemId}]", $"Use at most {ReopenedItem.ReasonMaxLength} characters."));
        if (string.IsNullOrWhiteSpace(comment) && chosenIds.Any(i => !own.ContainsKey(i)))
            errors.Add(new(nameof(comment), "Tell the vendor what to clarify: a comment for all the questions, or one at each question."));
        if (errors.Count > 0 && await db.Assessments.AnyAsync(a => a.Id == id, cancellationToken) && await access.DemandAsync(Review) is null)
            return Fail.Invalid(errors);
        return await ChangeAsync(id, version, Review, async (assessment, ct) =>
        {
            var (compiled, problem) = await PinnedQuestionnaire.LoadAsync(db, assessment, ct);
            if (compiled is null) throw new DomainException(problem!);
            var answerable = compiled.Definition.AllItems().Where(i => i.IsAnswerable).Select(i => i.Id).ToHashSet(StringComparer.Ordinal);
            if (chosenIds.Any(i => !answerable.Contains(i))) throw new DomainException("Choose questions of this assessment.");
            if (chosenIds.Count == 0) throw new DomainException("Choose at least one question to reopen.");
            var reopened = await Reopening.ReopenAsync(db, assessment,
                [.. chosenIds.Select(i => new ReopenRequest(i, Reopening.ReasonFor(i, comment, own)!))], ReopenedItem.SourceClarification,
                tenant.UserId, clock.GetUtcNow(), ct);
            var round = assessment.ClarificationRounds;
            var contacts = await Reopening.MailContactsAsync(db, links, outbox, tenant, assessment, reopened,
                email => $"assessment:{assessment.Id}:clarification:{round}:{email}", ct);
            audit.Record(AuditActions.AssessmentClarificationRequested, nameof(Assessment), assessment.Id,
                new { itemIds = chosenIds, round = assessment.ClarificationRounds, contacts });
            return $"{chosenIds.Count} question{(chosenIds.Count == 1 ? " was" : "s were")} reopened and the vendor's contacts were told.";
        }, cancellationToken);
    }

    public Task<Outcome<string>> StartReviewAsync(Guid id, int version, CancellationToken cancellationToken) =>
        ChangeAsync(id, version, Review, (assessment, _) =>
        {
            assessment.StartReview();
            audit.Record(AuditActions.AssessmentReviewStarted, nameof(Assessment), assessment.Id);
            return Task.FromResult("The review has started.");
        }, cancellationToken);

    public Task<Outcome<string>> CancelAsync(Guid id, int version, CancellationToken cancellationToken) =>
        ChangeAsync(id, version, Manage, (assessment, _) =>
        {
            var from = assessment.Status;
            assessment.Cancel(clock.GetUtcNow());
            audit.Record(AuditActions.AssessmentCancelled, nameof(Assessment), assessment.Id, new { from = from.ToString() });
            return Task.FromResult("The assessment was cancelled.");
        }, cancellationToken);

    /// <summary>
    /// A lifecycle step outside a review workflow: NotFound, Forbidden, Conflict when a workflow runs the assessment, the step is not
    /// allowed in its status (the domain's message) or someone changed it since <paramref name="version"/>.
    /// </summary>
    internal async Task<Outcome<string>> ChangeAsync(Guid id, int version, RolePermission permission,
        Func<Assessment, CancellationToken, Task<string>> change, CancellationToken cancellationToken)
    {
        var assessment = await db.Assessments.SingleOrDefaultAsync(a => a.Id == id, cancellationToken);
        if (assessment is null) return Fail.NotFound("There is no such assessment.");
        if (await access.DemandAsync(permission) is { } forbidden) return forbidden;
        if (await db.Set<Domain.Reviews.WorkflowInstance>().AnyAsync(i => i.AssessmentId == id && (i.Status == "waiting" || i.Status == "running"), cancellationToken))
            return Fail.Conflict("A review workflow runs this assessment: record decisions, clarifications and cancellation in the review.");
        db.Entry(assessment).Property(a => a.Version).OriginalValue = version;
        var message = "";
        if (await db.ChangeAndSaveAsync(async () => message = await change(assessment, cancellationToken),
                "Someone else changed this assessment while you were looking at it. The page now shows the current state; please try again.",
                cancellationToken) is { } refused)
            return refused;
        outbox.NudgeDelivery();
        return message;
    }

    /// <summary>
    /// Expires every assessment of the tenant still waiting for the vendor (sent or in progress) more than
    /// <see cref="ExpiryGraceDays"/> days after its due date, each with its audit event, in one transaction; the number expired.
    /// Safe to run twice: an expired assessment is no longer waiting.
    /// </summary>
    public async Task<Outcome<int>> ExpireOverdueAsync(CancellationToken cancellationToken)
    {
        if (await access.DemandAsync(Expire) is { } forbidden) return forbidden;
        var now = clock.GetUtcNow();
        var lastDueOn = DateOnly.FromDateTime(now.UtcDateTime).AddDays(-ExpiryGraceDays - 1);
        var overdue = await db.Assessments
            .Where(a => (a.Status == AssessmentStatus.Sent || a.Status == AssessmentStatus.InProgress) && a.DueOn <= lastDueOn)
            .OrderBy(a => a.DueOn).ThenBy(a => a.Id)
            .ToListAsync(cancellationToken);
        foreach (var assessment in overdue)
        {
            var from = assessment.Status;
            assessment.Expire(now);
            audit.Record(AuditActions.AssessmentExpired, nameof(Assessment), assessment.Id,
                new { from = from.ToString(), dueOn = assessment.DueOn, graceDays = ExpiryGraceDays });
        }
        if (overdue.Count > 0) await db.SaveChangesAsync(cancellationToken);
        return overdue.Count;
    }

    /// <summary>
    /// One evidence file of this tenant's assessments for an internal member, audited (<see cref="AuditActions.EvidenceDownloaded"/>).
    /// NotFound for another tenant's file, like a missing one.
    /// </summary>
    public async Task<Outcome<EvidenceDownload>> DownloadEvidenceAsync(Guid fileId, CancellationToken cancellationToken)
    {
        if (await access.DemandAsync(DownloadEvidence) is { } forbidden) return forbidden;
        var file = await db.EvidenceFiles.AsNoTracking().Where(f => f.Id == fileId)
            .Select(f => new { f.Id, f.AssessmentId, f.ItemId, f.FileName, f.ContentType, f.StorageKey }).SingleOrDefaultAsync(cancellationToken);
        if (file is null) return Fail.NotFound("There is no such file.");
        var stream = await storage.OpenReadAsync(file.StorageKey, cancellationToken);
        if (stream is null) return Fail.NotFound("The file is no longer stored.");
        audit.Record(AuditActions.EvidenceDownloaded, "EvidenceFile", file.Id,
            new { assessmentId = file.AssessmentId, itemId = file.ItemId, fileName = file.FileName, byVendor = false });
        await db.SaveChangesAsync(cancellationToken);
        return new EvidenceDownload(stream, file.FileName, file.ContentType);
    }
}
