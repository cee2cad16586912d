using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using VendorRisk.Domain.Assessments;
using VendorRisk.Domain.Common;
using VendorRisk.Domain.Questionnaires;
using VendorRisk.Domain.Questionnaires.Evaluation;
using VendorRisk.Domain.Reviews;
using VendorRisk.Domain.Tenancy;
using VendorRisk.Application.Assessments;
using VendorRisk.Infrastructure.Audit;
using VendorRisk.Infrastructure.Email;
using VendorRisk.Infrastructure.Persistence;
using VendorRisk.Infrastructure.Tenancy;

namespace VendorRisk.Web.Pages.Assessments;

/// <summary>
/// One assessment as the tenant sees it: status, the live evaluation of the stored answers against the pinned
/// template version, every question with its answer, evidence and comment thread, and the lifecycle actions the
/// current status and the member's roles allow. Reading needs an internal membership (folder policy); every POST
/// works only on this tenant's assessment (404 otherwise) and checks the role it needs (403 otherwise).
/// The manual decision is for assessments outside a workflow; tenant admins and vendor managers may take it.
/// </summary>
public sealed class DetailsModel(AppDbContext db, TenantContext tenant, AuditLog audit, EmailOutbox outbox, TimeProvider clock,
    IConfiguration configuration) : PageModel
{
    public const TenantRoles ReviewRoles = TenantRoles.TenantAdmin | TenantRoles.VendorManager | TenantRoles.Reviewer;
    public const TenantRoles ManageRoles = TenantRoles.TenantAdmin | TenantRoles.VendorManager;

    public sealed record Header(Guid Id, string Title, AssessmentStatus Status, DateOnly DueOn, Guid VendorId, string VendorName,
        string TemplateKey, string TemplateVersion, string ContentHash, Guid TemplateId, DateTimeOffset? SentAt, DateTimeOffset? SubmittedAt,
        string? DecisionNote, Guid? PreviousAssessmentId, int Version, string ReopenedItemIdsJson);
    public sealed record AnswerRow(string ItemId, string? ValueJson, bool CarriedOver, DateTimeOffset UpdatedAt);
    public sealed record EvidenceRow(Guid Id, string ItemId, string FileName, long Length, DateTimeOffset UploadedAt);
    public sealed record CommentRow(Guid Id, string ItemId, string Author, string Body, bool VisibleToVendor, DateTimeOffset CreatedAt);

    public Header Assessment { get; private set; } = null!;
    public QuestionnaireDefinition? Definition { get; private set; }
    public QuestionnaireEvaluation? Evaluation { get; private set; }
    public string? DefinitionProblem { get; private set; }
    public IReadOnlyDictionary<string, AnswerRow> Answers { get; private set; } = new Dictionary<string, AnswerRow>();
    public ILookup<string, EvidenceRow> Evidence { get; private set; } = Array.Empty<EvidenceRow>().ToLookup(e => e.ItemId);
    public ILookup<string, CommentRow> Comments { get; private set; } = Array.Empty<CommentRow>().ToLookup(c => c.ItemId);
    public IReadOnlyList<string> Contacts { get; private set; } = [];
    public IReadOnlySet<string> Reopened { get; private set; } = new HashSet<string>();
    /// <summary>The review workflow that runs this assessment, if one is waiting: it alone decides, reopens and cancels.</summary>
    public Guid? ActiveReviewId { get; private set; }
    public bool CanReview => tenant.HasAnyRole(ReviewRoles);
    public bool CanManage => tenant.HasAnyRole(ManageRoles);
    public bool CanComment => tenant.HasAnyRole(ReviewRoles | TenantRoles.CommitteeMember);
    public string Slug => tenant.Slug!;
    public DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    public async Task<IActionResult> OnGetAsync(Guid id) => await LoadAsync(id) ? Page() : NotFound();

    public async Task<IActionResult> OnPostCommentAsync(Guid id, string? itemId, string? body, bool shared)
    {
        if (!await db.Assessments.AnyAsync(a => a.Id == id)) return NotFound();
        if (!CanComment) return Forbid();
        if (!await LoadAsync(id)) return NotFound();
        if (string.IsNullOrEmpty(itemId) || Definition?.AllItems().Any(i => i.Id == itemId) != true)
            return BadRequest();
        if (string.IsNullOrWhiteSpace(body) || body.Length > AssessmentComment.BodyMaxLength)
        {
            ModelState.AddModelError($"comment-{itemId}", $"Write a comment of 1 to {AssessmentComment.BodyMaxLength} characters.");
            return Page();
        }
        var comment = AssessmentComment.Create(id, itemId, tenant.UserId!.Value, body, shared, clock.GetUtcNow());
        db.AssessmentComments.Add(comment);
        audit.Record(AuditActions.AssessmentCommented, nameof(Domain.Assessments.Assessment), id, new { itemId, commentId = comment.Id, visibleToVendor = shared });
        await db.SaveChangesAsync();
        TempData["Status"] = shared ? "Your comment was added and is visible to the vendor." : "Your internal comment was added.";
        return Redirect($"/t/{Slug}/assessments/details/{id}#item-{itemId}");
    }

    public Task<IActionResult> OnPostClarifyAsync(Guid id, int version, List<string>? itemIds) =>
        ChangeAsync(id, version, ReviewRoles, assessment =>
        {
            var known = Definition!.AllItems().Where(i => i.IsAnswerable).Select(i => i.Id).ToHashSet(StringComparer.Ordinal);
            var chosen = (itemIds ?? []).Where(known.Contains).Distinct(StringComparer.Ordinal).ToList();
            if (chosen.Count == 0) throw new DomainException("Choose at least one question to reopen.");
            assessment.RequestClarification(chosen);
            var portal = PortalLink();
            foreach (var email in Contacts)
            {
                outbox.Enqueue(AssessmentMails.Clarification(tenant.TenantName ?? "", assessment.Title, chosen.Count, portal), email, null,
                    AssessmentMails.KindClarification, tenant.TenantId,
                    $"assessment:{assessment.Id}:clarification:{assessment.ClarificationRounds}:{email.ToLowerInvariant()}");
            }
            audit.Record(AuditActions.AssessmentClarificationRequested, nameof(Domain.Assessments.Assessment), assessment.Id,
                new { itemIds = chosen, round = assessment.ClarificationRounds, contacts = Contacts });
            return $"{chosen.Count} question{(chosen.Count == 1 ? " was" : "s were")} reopened and the vendor's contacts were told.";
        });

    public Task<IActionResult> OnPostStartReviewAsync(Guid id, int version) =>
        ChangeAsync(id, version, ReviewRoles, assessment =>
        {
            assessment.StartReview();
            audit.Record(AuditActions.AssessmentReviewStarted, nameof(Domain.Assessments.Assessment), assessment.Id);
            return "The review has started.";
        });

    public Task<IActionResult> OnPostCancelAsync(Guid id, int version) =>
        ChangeAsync(id, version, ManageRoles, assessment =>
        {
            var from = assessment.Status;
            assessment.Cancel(clock.GetUtcNow());
            audit.Record(AuditActions.AssessmentCancelled, nameof(Domain.Assessments.Assessment), assessment.Id, new { from = from.ToString() });
            return "The assessment was cancelled.";
        });

    public Task<IActionResult> OnPostDecideAsync(Guid id, int version, AssessmentDecision decision, string? note) =>
        ChangeAsync(id, version, ManageRoles, assessment =>
        {
            if (note is { Length: > 4000 }) throw new DomainException("Use at most 4000 characters for the note.");
            assessment.Decide(decision, note, clock.GetUtcNow());
            audit.Record(AuditActions.AssessmentDecided, nameof(Domain.Assessments.Assessment), assessment.Id,
                new { decision = decision.ToString(), note = assessment.DecisionNote, manual = true });
            return $"The assessment is now {Domain.Assessments.Assessment.Describe(assessment.Status)}.";
        }, async assessment =>
        {
            await Application.Assessments.CurrentDecision.RecordAsync(db, assessment);
            await Application.Reassessments.ReassessmentScheduling.ScheduleAfterDecisionAsync(db, assessment, null, clock.GetUtcNow());
        });

    /// <param name="alsoAsync">More writes for the same unit of work (e.g. the next reassessment after a decision).</param>
    private async Task<IActionResult> ChangeAsync(Guid id, int version, TenantRoles roles, Func<Assessment, string> change,
        Func<Assessment, Task>? alsoAsync = null)
    {
        var assessment = await db.Assessments.SingleOrDefaultAsync(a => a.Id == id);
        if (assessment is null) return NotFound();
        if (!tenant.HasAnyRole(roles)) return Forbid();
        if (!await LoadAsync(id)) return NotFound();
        if (ActiveReviewId is not null)
            return await RefuseAsync(id, "A review workflow runs this assessment: record decisions, clarifications and cancellation in the review.");
        db.Entry(assessment).Property(a => a.Version).OriginalValue = version;
        try
        {
            TempData["Status"] = change(assessment);
            if (alsoAsync is not null) await alsoAsync(assessment);
            await db.SaveChangesAsync();
        }
        catch (DomainException e)
        {
            return await RefuseAsync(id, e.Message);
        }
        catch (DbUpdateConcurrencyException)
        {
            return await RefuseAsync(id, "Someone else changed this assessment while you were looking at it. The page now shows the current state; please try again.");
        }
        outbox.NudgeDelivery();
        return Redirect($"/t/{Slug}/assessments/details/{id}");
    }

    private async Task<IActionResult> RefuseAsync(Guid id, string message)
    {
        TempData.Remove("Status");
        db.ChangeTracker.Clear();
        ModelState.AddModelError(string.Empty, message);
        return await LoadAsync(id) ? Page() : NotFound();
    }

    private string PortalLink()
    {
        var configured = configuration["App:PublicBaseUrl"];
        var origin = string.IsNullOrWhiteSpace(configured)
            ? $"{Request.Scheme}://{Request.Host.ToUriComponent()}{Request.PathBase.ToUriComponent()}"
            : configured.TrimEnd('/');
        return origin + "/portal";
    }

    private async Task<bool> LoadAsync(Guid id)
    {
        var header = await db.Assessments.AsNoTracking().Where(a => a.Id == id)
            .Join(db.Vendors, a => a.VendorId, v => v.Id, (a, v) => new Header(a.Id, a.Title, a.Status, a.DueOn, a.VendorId, v.LegalName,
                a.TemplateKey, a.TemplateVersion, a.ContentHash, a.TemplateId, a.SentAt, a.SubmittedAt, a.DecisionNote, a.PreviousAssessmentId,
                a.Version, a.ReopenedItemIdsJson))
            .SingleOrDefaultAsync();
        if (header is null) return false;
        Assessment = header;
        Reopened = (System.Text.Json.JsonSerializer.Deserialize<List<string>>(header.ReopenedItemIdsJson) ?? []).ToHashSet(StringComparer.Ordinal);

        var answerRows = await db.AssessmentAnswers.AsNoTracking().Where(a => a.AssessmentId == id)
            .Select(a => new AnswerRow(a.ItemId, a.ValueJson, a.CarriedOver, a.UpdatedAt)).ToListAsync();
        Answers = answerRows.ToDictionary(a => a.ItemId, StringComparer.Ordinal);
        var evidence = await db.EvidenceFiles.AsNoTracking().Where(e => e.AssessmentId == id).OrderBy(e => e.UploadedAt)
            .Select(e => new EvidenceRow(e.Id, e.ItemId, e.FileName, e.Length, e.UploadedAt)).ToListAsync();
        Evidence = evidence.ToLookup(e => e.ItemId, StringComparer.Ordinal);
        var comments = await db.AssessmentComments.AsNoTracking().Where(c => c.AssessmentId == id).OrderBy(c => c.CreatedAt)
            .GroupJoin(db.Users, c => c.AuthorUserId, u => u.Id, (c, u) => new { c, u })
            .SelectMany(x => x.u.DefaultIfEmpty(), (x, u) => new CommentRow(x.c.Id, x.c.ItemId, u != null ? u.DisplayName : "Unknown",
                x.c.Body, x.c.VisibleToVendor, x.c.CreatedAt))
            .ToListAsync();
        Comments = comments.ToLookup(c => c.ItemId, StringComparer.Ordinal);
        Contacts = await db.AssessmentContacts.Where(c => c.AssessmentId == id).OrderBy(c => c.Email).Select(c => c.Email).ToListAsync();
        ActiveReviewId = await db.Set<WorkflowInstance>().Where(i => i.AssessmentId == id && (i.Status == "waiting" || i.Status == "running"))
            .Select(i => (Guid?)i.Id).FirstOrDefaultAsync();

        var (compiled, problem) = await PinnedQuestionnaire.LoadAsync(db, tenant.TenantId!.Value, header.TemplateId, header.ContentHash);
        if (compiled is null)
        {
            DefinitionProblem = problem;
            return true;
        }
        Definition = compiled.Definition;
        var values = new Dictionary<string, AnswerValue>(StringComparer.Ordinal);
        foreach (var row in answerRows.Where(r => r.ValueJson is not null)) values[row.ItemId] = AnswerJson.Deserialize(row.ValueJson!);
        var attachments = evidence.GroupBy(e => e.ItemId, StringComparer.Ordinal).ToDictionary(g => g.Key,
            g => (IReadOnlyList<EvidenceAttachment>)g.Select(e => new EvidenceAttachment(e.Id.ToString(), DateOnly.FromDateTime(e.UploadedAt.UtcDateTime))).ToList(),
            StringComparer.Ordinal);
        Evaluation = new QuestionnaireEngine().Evaluate(compiled, values, attachments, Today);
        return true;
    }

    /// <summary>An answer in words: choice labels instead of values.</summary>
    public static string Display(QuestionnaireItem item, string? valueJson)
    {
        if (valueJson is null) return "";
        var value = AnswerJson.Deserialize(valueJson);
        string Label(string v) => item.Choices.FirstOrDefault(c => c.Value == v)?.Label ?? v;
        return value.Kind switch
        {
            AnswerKind.Choices => string.Join(", ", value.ListValue.Select(Label)),
            AnswerKind.Boolean => item.Choices.IsEmpty ? (value.BooleanValue ? "Yes" : "No") : Label(value.BooleanValue ? "true" : "false"),
            AnswerKind.Files => $"{value.ListValue.Length} file(s)",
            _ => item.Type == ItemType.SingleChoice ? Label(value.ToInvariantString()) : value.ToInvariantString(),
        };
    }
}
