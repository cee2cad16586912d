using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using VendorRisk.Domain.Assessments;
using VendorRisk.Domain.Common;
using VendorRisk.Domain.Questionnaires;
using VendorRisk.Domain.Questionnaires.Versioning;
using VendorRisk.Domain.Tenancy;
using VendorRisk.Application.Assessments;
using VendorRisk.Application.Members;
using VendorRisk.Infrastructure.Audit;
using VendorRisk.Infrastructure.Email;
using VendorRisk.Infrastructure.Identity;
using VendorRisk.Infrastructure.Persistence;
using VendorRisk.Infrastructure.Tenancy;
using VendorRisk.Web.Authorization;

namespace VendorRisk.Web.Pages.Assessments;

/// <summary>
/// Issues a questionnaire to a vendor: one published template version (pinned by id and content hash), a title,
/// a due date and the vendor contacts who answer. Sending writes the assessment, its contacts, carried-over answers,
/// the invitations or notifications and the audit event in one transaction. A contact who is already a portal user
/// of this vendor is bound at once and notified; anyone else gets a vendor-contact invitation, and is bound to the
/// assessment when they accept it (by e-mail address, see <see cref="AssessmentContactBinding"/>).
/// </summary>
[Authorize(Policy = Policies.ManageVendors)]
public sealed class NewModel(
    AppDbContext db, TenantContext tenant, InvitationSender invitations, EmailOutbox outbox, AuditLog audit,
    UserManager<AppUser> users, TimeProvider clock, IConfiguration configuration) : PageModel
{
    public const int MaxContacts = 20;

    public sealed record TemplateOption(Guid Id, string Key, string Version, string Title);
    public sealed record ContactOption(string Email, string Label);

    [BindProperty(SupportsGet = true)] public Guid VendorId { get; set; }
    [BindProperty] public InputModel Input { get; set; } = new();

    public string VendorName { get; private set; } = "";
    public IReadOnlyList<TemplateOption> Templates { get; private set; } = [];
    public IReadOnlyList<ContactOption> KnownContacts { get; private set; } = [];
    public string Slug => tenant.Slug!;
    public DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    public sealed class InputModel
    {
        [Display(Name = "Questionnaire")]
        public Guid? TemplateId { get; set; }

        [Required(ErrorMessage = "Enter a title.")]
        [StringLength(Assessment.TitleMaxLength, ErrorMessage = "Use at most {1} characters.")]
        public string Title { get; set; } = "";

        [Required(ErrorMessage = "Enter the due date.")]
        public DateOnly? DueOn { get; set; }

        /// <summary>Addresses ticked from the vendor's known contacts.</summary>
        public List<string> Contacts { get; set; } = [];

        /// <summary>More addresses, separated by commas, semicolons or new lines.</summary>
        [StringLength(4000, ErrorMessage = "Use at most {1} characters.")]
        public string? OtherEmails { get; set; }
    }

    public async Task<IActionResult> OnGetAsync()
    {
        if (!await LoadAsync()) return NotFound();
        Input.DueOn = Today.AddDays(30);
        Input.TemplateId = Templates.Count == 1 ? Templates[0].Id : null;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!await LoadAsync()) return NotFound();

        if (Templates.Count == 0)
            ModelState.AddModelError("Input.TemplateId", "There is no published questionnaire yet. Publish one under Templates first.");
        else if (Input.TemplateId is not { } chosen || Templates.All(t => t.Id != chosen))
            ModelState.AddModelError("Input.TemplateId", "Choose one of the published questionnaires.");
        if (Input.DueOn is { } due && due <= Today)
            ModelState.AddModelError("Input.DueOn", "The due date must be in the future.");

        var emails = new List<string>();
        foreach (var ticked in Input.Contacts.Where(c => !string.IsNullOrWhiteSpace(c)))
        {
            if (KnownContacts.Any(k => string.Equals(k.Email, ticked.Trim(), StringComparison.OrdinalIgnoreCase))) emails.Add(ticked.Trim());
            else ModelState.AddModelError("Input.Contacts", "Choose contacts from the list, or type their addresses below.");
        }
        var typed = (Input.OtherEmails ?? "").Split([',', ';', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var email in typed)
        {
            if (InvitationSender.IsWellFormedEmail(email)) emails.Add(email);
            else ModelState.AddModelError("Input.OtherEmails", $"\"{email}\" is not a valid e-mail address.");
        }
        emails = emails.DistinctBy(e => e.ToLowerInvariant()).ToList();
        if (emails.Count == 0 && ModelState.GetFieldValidationState("Input.OtherEmails") != Microsoft.AspNetCore.Mvc.ModelBinding.ModelValidationState.Invalid)
            ModelState.AddModelError("Input.Contacts", "Choose or enter at least one contact who will answer.");
        if (emails.Count > MaxContacts)
            ModelState.AddModelError("Input.OtherEmails", $"Send to at most {MaxContacts} contacts at once.");
        if (!ModelState.IsValid) return Page();

        // Who is already a portal user of this vendor, and who needs an invitation.
        var plan = new List<(string Email, Guid? UserId)>();
        foreach (var email in emails)
        {
            var user = await users.FindByEmailAsync(email);
            var membership = user is null ? null : await db.Memberships.Where(m => m.UserId == user.Id)
                .Select(m => new { m.Roles, m.VendorId, m.IsDisabled }).SingleOrDefaultAsync();
            if (membership is { Roles: TenantRoles.VendorContact, IsDisabled: false } && membership.VendorId == VendorId)
            {
                plan.Add((email, user!.Id));
                continue;
            }
            if (membership is { Roles: TenantRoles.VendorContact } && membership.VendorId != VendorId)
            {
                ModelState.AddModelError("Input.OtherEmails", $"{email} is a contact of another vendor in this organisation.");
                continue;
            }
            var problem = await invitations.CheckAsync(email, TenantRoles.VendorContact, VendorId);
            // A pending invitation to this vendor is fine: accepting it binds the contact to this assessment too.
            if (problem is not null && problem.PendingInvitationId is null) ModelState.AddModelError("Input.OtherEmails", problem.Message);
            plan.Add((email, problem?.PendingInvitationId is null ? null : Guid.Empty));
        }
        if (!ModelState.IsValid) return Page();

        var template = await db.QuestionnaireTemplates.SingleAsync(t => t.Id == Input.TemplateId);
        var now = clock.GetUtcNow();
        var previous = await PreviousAssessmentAsync(template.TemplateKey);

        Assessment assessment;
        try
        {
            assessment = Assessment.Create(VendorId, template.Id, template.TemplateKey, template.SemanticVersion, template.ContentHash ?? "",
                Input.Title, Input.DueOn!.Value, tenant.UserId!.Value, now, previous);
            assessment.Send(now);
        }
        catch (DomainException e)
        {
            ModelState.AddModelError(string.Empty, e.Message);
            return Page();
        }

        await using var transaction = await db.Database.BeginTransactionAsync();
        db.Assessments.Add(assessment);
        var carried = previous is { } previousId ? await CarryAnswersAsync(previousId, assessment, template.Definition(), now) : 0;
        var portal = PortalLink();
        var invited = new List<string>();
        var notified = new List<string>();
        foreach (var (email, userId) in plan)
        {
            var bound = userId is { } id && id != Guid.Empty ? id : (Guid?)null;
            db.AssessmentContacts.Add(AssessmentContact.Create(assessment.Id, email, bound));
            if (bound is not null)
            {
                outbox.Enqueue(AssessmentMails.Waiting(tenant.TenantName ?? "", assessment.Title, assessment.DueOn, portal), email, null,
                    AssessmentMails.KindWaiting, tenant.TenantId, $"assessment:{assessment.Id}:waiting:{email.ToLowerInvariant()}");
                notified.Add(email);
            }
            else if (userId is null)
            {
                await invitations.AddAsync(email, TenantRoles.VendorContact, VendorId);
                invited.Add(email);
            }
            else
            {
                notified.Add(email); // Pending invitation: it already leads to the portal.
            }
        }
        audit.Record(AuditActions.AssessmentSent, nameof(Assessment), assessment.Id, new
        {
            vendorId = VendorId, templateId = template.Id, templateKey = template.TemplateKey, templateVersion = template.SemanticVersion,
            contentHash = template.ContentHash, dueOn = assessment.DueOn, contacts = plan.Select(p => p.Email), invited,
            previousAssessmentId = previous, carriedOverAnswers = carried,
        });
        await db.SaveChangesAsync();
        await transaction.CommitAsync();
        outbox.NudgeDelivery();

        TempData["Status"] = $"\"{assessment.Title}\" was sent to {string.Join(", ", plan.Select(p => p.Email))}."
            + (carried > 0 ? $" {carried} answers were carried over from the previous assessment." : "");
        return Redirect($"/t/{Slug}/assessments/details/{assessment.Id}");
    }

    /// <summary>The vendor's latest submitted or decided assessment of the same questionnaire, if any.</summary>
    private Task<Guid?> PreviousAssessmentAsync(string templateKey) =>
        db.Assessments
            .Where(a => a.VendorId == VendorId && a.TemplateKey == templateKey && a.SubmittedAt != null
                && (a.Status == AssessmentStatus.Submitted || a.Status == AssessmentStatus.InReview
                    || a.Status == AssessmentStatus.ClarificationRequested || a.Status == AssessmentStatus.Approved
                    || a.Status == AssessmentStatus.ApprovedWithConditions || a.Status == AssessmentStatus.Rejected))
            .OrderByDescending(a => a.SubmittedAt)
            .Select(a => (Guid?)a.Id)
            .FirstOrDefaultAsync();

    private async Task<int> CarryAnswersAsync(Guid previousId, Assessment assessment, QuestionnaireDefinition definition, DateTimeOffset now)
    {
        var compiled = definition.Compile();
        if (compiled.IsFailure) return 0;
        var old = await AssessmentAnswers.LoadAsync(db, previousId);
        var result = AnswerCarryOver.Carry(compiled.Value, old);
        foreach (var (itemId, value) in result.Answers)
        {
            if (value is null || value.IsEmpty) continue;
            db.AssessmentAnswers.Add(AssessmentAnswer.Create(assessment.Id, itemId, AnswerJson.Serialize(value), null, now, carriedOver: true));
        }
        return result.Answers.Count(a => a.Value is { IsEmpty: false });
    }

    private string PortalLink()
    {
        var configured = configuration["App:PublicBaseUrl"];
        var origin = string.IsNullOrWhiteSpace(configured)
            ? $"{Request.Scheme}://{Request.Host.ToUriComponent()}{Request.PathBase.ToUriComponent()}"
            : configured.TrimEnd('/');
        return origin + "/portal";
    }

    private async Task<bool> LoadAsync()
    {
        var vendor = await db.Vendors.Where(v => v.Id == VendorId).Select(v => new { v.LegalName }).SingleOrDefaultAsync();
        if (vendor is null) return false;
        VendorName = vendor.LegalName;
        Templates = await db.QuestionnaireTemplates.Where(t => t.Status == QuestionnaireStatus.Published)
            .OrderBy(t => t.Title).ThenBy(t => t.TemplateKey).ThenByDescending(t => t.PublishedAt)
            .Select(t => new TemplateOption(t.Id, t.TemplateKey, t.SemanticVersion, t.Title)).ToListAsync();
        var people = await db.VendorContacts.Where(c => c.VendorId == VendorId).OrderBy(c => c.Name)
            .Select(c => new ContactOption(c.Email, c.Name + " (" + c.Email + ")")).ToListAsync();
        var portalUsers = await db.Memberships.Where(m => m.VendorId == VendorId && !m.IsDisabled)
            .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => new ContactOption(u.Email!, u.DisplayName + " (" + u.Email + ", portal user)"))
            .ToListAsync();
        KnownContacts = people.Concat(portalUsers.Where(p => people.All(c => !string.Equals(c.Email, p.Email, StringComparison.OrdinalIgnoreCase))))
            .ToList();
        if (string.IsNullOrEmpty(Input.Title)) Input.Title = "";
        return true;
    }
}
