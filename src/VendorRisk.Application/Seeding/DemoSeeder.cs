using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using VendorRisk.Domain.Assessments;
using VendorRisk.Domain.Audit;
using VendorRisk.Domain.Questionnaires.Evaluation;
using VendorRisk.Domain.Questionnaires.Library;
using VendorRisk.Domain.Questionnaires.Serialization;
using VendorRisk.Domain.Tenancy;
using VendorRisk.Domain.Vendors;
using VendorRisk.Infrastructure.Identity;
using VendorRisk.Application.Assessments;
using VendorRisk.Infrastructure.Audit;
using VendorRisk.Infrastructure.Files;
using VendorRisk.Domain.Evidence;
using VendorRisk.Infrastructure.Persistence;
using VendorRisk.Application.Reassessments;
using VendorRisk.Application.Tenancy;
using VendorRisk.Application.Vendors;

using RiskTier = VendorRisk.Domain.Questionnaires.RiskTier;
using FindingSeverity = VendorRisk.Domain.Questionnaires.FindingSeverity;
using VendorRisk.Domain.Findings;
using ReviewFinding = VendorRisk.Domain.Findings.ReviewFinding;
using VendorRisk.Domain.Reviews;
using VendorRisk.Application.Reviews;

namespace VendorRisk.Application.Seeding;

/// <summary>
/// Seeds the fictional demo tenant from <c>seed-data/demo-tenant.json</c>. Idempotent and additive: each
/// record is keyed (tenant by slug, user by e-mail, vendor by legal name) and only a missing one is created;
/// nothing that exists is changed.
/// </summary>
public sealed class DemoSeeder(
    AppDbContext db, TenantDoor door, UserManager<AppUser> users, RoleManager<AppRole> roles,
    TimeProvider clock, IServiceScopeFactory scopes, IEvidenceStorage storage, ILogger<DemoSeeder> logger)
{
    public sealed record DemoData(string Password, DemoTenant Tenant, DemoUser Operator, List<DemoUser> Users, List<DemoVendor> Vendors);
    public sealed record DemoTenant(string Slug, string Name);
    public sealed record DemoUser(string Email, string DisplayName, List<TenantRoles>? Roles, string? Vendor,
        List<ReviewerSpecialisms>? Specialisms = null);
    public sealed record DemoVendor(string Key, string LegalName, string? Website, string? Country, string? Description,
        VendorStatus Status, BusinessCriticality Criticality, string? Owner, List<DemoAiSystem>? AiSystems, List<DemoDocument>? Documents,
        RiskTier? Tier = null, List<DemoDecision>? Decisions = null);
    /// <summary>A past decision with its residual rating, so the dashboard has a portfolio to show (issue 7).</summary>
    public sealed record DemoDecision(AssessmentDecision Decision, int MonthsAgo, int? Likelihood, int? Impact, string? Note, int? AcceptanceDays);
    public sealed record DemoAiSystem(string Name, AiSystemProfile Profile);
    /// <summary>A document on the vendor record (ADR-025): an evidence record uploaded by the organisation, with a small text file.</summary>
    public sealed record DemoDocument(EvidenceKind Kind, string FileName, DateOnly DocumentDate, DateOnly? ValidUntil, string? Issuer, string? Scope);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    /// <summary>The questionnaire the demo's past decisions were made with (a tenant copy of the shipped one, under its own key).</summary>
    public const string DemoQuestionnaireFile = "ai-vendor-security-governance-2.0.0.json";
    public const string DemoQuestionnaireKey = "northwind-annual-review";

    public static DemoData Load(string seedDataFolder) =>
        JsonSerializer.Deserialize<DemoData>(File.ReadAllText(Path.Combine(seedDataFolder, "demo-tenant.json")), Json)
        ?? throw new InvalidOperationException("seed-data/demo-tenant.json is empty.");

    private string? _seedDataFolder;

    public async Task SeedAsync(DemoData data, string operatorRole, CancellationToken cancellationToken = default) =>
        await SeedAsync(data, operatorRole, null, cancellationToken);

    /// <param name="seedDataFolder">Where the demo questionnaire is read from for the past decisions; without it none are seeded.</param>
    public async Task SeedAsync(DemoData data, string operatorRole, string? seedDataFolder, CancellationToken cancellationToken = default)
    {
        if (await IsCompleteAsync(data, cancellationToken)) return;
        _seedDataFolder = seedDataFolder;

        var now = clock.GetUtcNow();
        var tenant = await db.Tenants.SingleOrDefaultAsync(t => t.Slug == data.Tenant.Slug, cancellationToken);
        if (tenant is null)
        {
            tenant = Tenant.Create(data.Tenant.Slug, data.Tenant.Name, now);
            db.Tenants.Add(tenant);
            await db.SaveChangesAsync(cancellationToken);
            logger.LogInformation("Seeded demo tenant {Slug}", tenant.Slug);
        }
        // The seeder is a start-up system flow that owns the demo tenant (it created it, now or on an earlier start): it enters through
        // the door as the system, and acts as members only through operations (see OnboardAsync).
        door.EnterAsSystem(tenant.Id);

        if (!await roles.RoleExistsAsync(operatorRole))
            await Check(roles.CreateAsync(new AppRole { Name = operatorRole }), "operator role");
        var op = await EnsureUserAsync(data.Operator, data.Password, now);
        if (!await users.IsInRoleAsync(op, operatorRole)) await Check(users.AddToRoleAsync(op, operatorRole), "operator");

        // Internal members first: vendors are onboarded by their owners, as a person would.
        var internalUsers = data.Users.Where(u => u.Vendor is null).ToList();
        foreach (var u in internalUsers) await EnsureMemberAsync(tenant, u, data.Password, vendorId: null, now, cancellationToken);

        var vendorIds = new Dictionary<string, Guid>();
        foreach (var v in data.Vendors)
        {
            var vendor = await db.Vendors.SingleOrDefaultAsync(x => x.LegalName == v.LegalName, cancellationToken);
            if (vendor is null)
            {
                vendor = await SeedVendorAsync(tenant, v, data, now, cancellationToken);
            }
            vendorIds[v.Key] = vendor.Id;
        }

        foreach (var u in data.Users.Except(internalUsers))
            await EnsureMemberAsync(tenant, u, data.Password, vendorIds[u.Vendor!], now, cancellationToken);
    }

    private async Task EnsureMemberAsync(Tenant tenant, DemoUser u, string password, Guid? vendorId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var user = await EnsureUserAsync(u, password, now);
        if (await db.Memberships.AnyAsync(m => m.UserId == user.Id, cancellationToken)) return;
        var roleSet = (u.Roles ?? []).Aggregate(TenantRoles.None, (all, r) => all | r);
        var membership = TenantMembership.Create(tenant.Id, user.Id, roleSet, now, vendorId);
        membership.ChangeSpecialisms((u.Specialisms ?? []).Aggregate(ReviewerSpecialisms.None, (all, s) => all | s));
        db.Memberships.Add(membership);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>
    /// The usual case on every start after the first: two queries (the tenant, then its counts) prove everything is there, so
    /// start-up does not pay for the per-record checks below.
    /// </summary>
    private async Task<bool> IsCompleteAsync(DemoData data, CancellationToken cancellationToken)
    {
        var tenantId = await db.Tenants.Where(t => t.Slug == data.Tenant.Slug).Select(t => (Guid?)t.Id).SingleOrDefaultAsync(cancellationToken);
        if (tenantId is null) return false;
        // Counted inside the demo tenant (its query filters), not past them.
        door.EnterAsSystem(tenantId.Value);
        var emails = data.Users.Select(u => u.Email.ToUpperInvariant()).Append(data.Operator.Email.ToUpperInvariant()).ToList();
        var vendorNames = data.Vendors.Select(v => v.LegalName).ToList();
        var counts = await db.Tenants
            .Where(t => t.Id == tenantId)
            .Select(t => new
            {
                Users = db.Users.Count(u => emails.Contains(u.NormalizedEmail!)),
                Members = db.Memberships.Count(),
                Vendors = db.Vendors.Count(v => vendorNames.Contains(v.LegalName)),
            })
            .SingleOrDefaultAsync(cancellationToken);
        return counts is not null && counts.Users == emails.Count && counts.Members >= data.Users.Count && counts.Vendors == vendorNames.Count;
    }

    private async Task<Vendor> SeedVendorAsync(Tenant tenant, DemoVendor v, DemoData data, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // The vendor's story starts a month before its oldest decision (or three weeks ago), so the risk profile's timeline
        // reads in order: onboarded, tiered, AI systems and documents recorded, then each review.
        var created = v.Decisions is { Count: > 0 } past ? now.AddMonths(-past.Max(d => d.MonthsAgo) - 1) : now.AddDays(-21);
        var owner = v.Owner is null ? null : await EnsureUserAsync(data.Users.Single(u => u.Email == v.Owner), data.Password, now);
        var vendorId = await OnboardAsync(tenant, owner ?? await EnsureUserAsync(data.Users.First(u => u.Vendor is null), data.Password, now),
            new VendorDetails(v.LegalName, v.Website, v.Country, v.Description, owner?.Id, v.Criticality), created, cancellationToken);
        var vendor = await db.Vendors.SingleAsync(x => x.Id == vendorId, cancellationToken);
        // Still written directly (issue 13, not yet moved onto operations): the status moves, tier, AI systems and documents of the
        // story, with audit events dated where the story places them and shaped as the demo trail has them. VendorOperations has an
        // operation for each (ChangeStatusAsync, SaveAiSystemAsync, UploadDocumentAsync); calling them on the story clock, as OnboardAsync
        // does, changes the seeded audit trail (status events, AI system profiles) and needs documents' dates checked against it.
        if (v.Status >= VendorStatus.Onboarding) vendor.StartOnboarding();
        if (v.Status >= VendorStatus.Active) vendor.Activate();
        if (v.Tier is { } tier)
        {
            vendor.SetComputedTier(tier, created.AddDays(3));
            Trail(created.AddDays(3), owner, AuditActions.VendorTiered, nameof(Vendor), vendor.Id, new { tier = tier.ToString() });
        }
        foreach (var s in v.AiSystems ?? [])
        {
            var system = AiSystem.Create(vendor.Id, s.Name, s.Profile, owner?.Id, created.AddDays(1));
            db.AiSystems.Add(system);
            Trail(created.AddDays(1), owner, "ai-system.created", nameof(AiSystem), system.Id, new { vendorId = vendor.Id, system.Name });
        }
        foreach (var d in v.Documents ?? [])
        {
            var content = System.Text.Encoding.UTF8.GetBytes($"{v.LegalName}: {d.Kind.Label()} dated {d.DocumentDate:yyyy-MM-dd} (demo document).\n");
            var key = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24));
            await using (var stream = new MemoryStream(content, writable: false)) await storage.SaveAsync(key, stream, cancellationToken);
            var uploader = owner ?? await EnsureUserAsync(data.Users.First(u => u.Vendor is null), data.Password, now);
            var document = EvidenceRecord.Create(vendor.Id, d.Kind, d.FileName, "text/plain", content.Length,
                Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content)), key, d.DocumentDate, d.ValidUntil, d.Issuer, d.Scope,
                uploader.Id, byVendor: false, created.AddDays(2));
            db.EvidenceRecords.Add(document);
            Trail(created.AddDays(2), owner, VendorOperations.DocumentAddedAction, nameof(EvidenceRecord), document.Id,
                new { vendorId = vendor.Id, fileName = d.FileName, kind = d.Kind.Key(), documentDate = d.DocumentDate, validUntil = d.ValidUntil, d.Issuer });
        }
        await db.SaveChangesAsync(cancellationToken);
        if (v.Decisions is { Count: > 0 } decisions && owner is not null && await DemoTemplateAsync(now, owner.Id, cancellationToken) is { } template)
        {
            foreach (var decision in decisions.OrderByDescending(d => d.MonthsAgo))
                await SeedDecisionAsync(vendor, template, decision, owner, now, cancellationToken);
        }
        return vendor;
    }

    /// <summary>
    /// Onboards a vendor through <see cref="VendorOperations"/> as <paramref name="by"/> would, at the moment its story starts: the
    /// operation and its audit event run in a scope of their own that entered the tenant as that member, on a clock set to
    /// <paramref name="at"/>, and the event is marked as seeded history.
    /// </summary>
    private async Task<Guid> OnboardAsync(Tenant tenant, AppUser by, VendorDetails details, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        if (!await scope.ServiceProvider.GetRequiredService<TenantDoor>().EnterAsMemberAsync(tenant.Slug, by.Id, cancellationToken))
            throw new InvalidOperationException($"The demo user {by.Email} is not a member of {tenant.Slug}.");
        var storyClock = new StoryClock(at);
        var audit = ActivatorUtilities.CreateInstance<AuditLog>(scope.ServiceProvider, storyClock);
        audit.Annotate("seeded", true);
        var onboarded = await ActivatorUtilities.CreateInstance<VendorOperations>(scope.ServiceProvider, storyClock, audit)
            .OnboardAsync(details, cancellationToken);
        return onboarded.Succeeded ? onboarded.Value
            : throw new InvalidOperationException($"The demo vendor {details.LegalName} was refused: {onboarded.Message}");
    }

    /// <summary>The clock of a seeded story: always the moment the step happened.</summary>
    private sealed class StoryClock(DateTimeOffset at) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => at;
    }

    /// <summary>The published demo questionnaire of the tenant, created on first use; null when the seed file is not there.</summary>
    private async Task<QuestionnaireTemplate?> DemoTemplateAsync(DateTimeOffset now, Guid createdBy, CancellationToken cancellationToken)
    {
        var existing = await db.QuestionnaireTemplates.FirstOrDefaultAsync(t => t.TemplateKey == DemoQuestionnaireKey, cancellationToken);
        if (existing is not null) return existing;
        var file = _seedDataFolder is null ? null : Path.Combine(_seedDataFolder, "questionnaires", DemoQuestionnaireFile);
        if (file is null || !File.Exists(file)) return null;
        var parsed = QuestionnaireJson.Parse(await File.ReadAllTextAsync(file, cancellationToken));
        if (parsed.IsFailure) return null;
        var draft = QuestionnaireTemplate.CreateDraft(parsed.Value with { Id = DemoQuestionnaireKey, Title = "Northwind annual AI vendor review" },
            createdBy, now);
        if (draft.IsFailure) return null;
        var template = draft.Value;
        if (template.Publish(now).IsFailure) return null;
        db.QuestionnaireTemplates.Add(template);
        await db.SaveChangesAsync(cancellationToken);
        return template;
    }

    /// <summary>
    /// One past decision, made the way the review makes it (sent, submitted, reviewed, rated, decided), with the vendor's
    /// current decision and next reassessment recorded as a real decision records them.
    /// </summary>
    private async Task SeedDecisionAsync(Vendor vendor, QuestionnaireTemplate template, DemoDecision d, AppUser manager, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var at = now.AddMonths(-d.MonthsAgo);
        var (sentAt, submittedAt, reviewedAt) = (at.AddDays(-21), at.AddDays(-10), at.AddDays(-9));
        var assessment = Assessment.Create(vendor.Id, template.Id, template.TemplateKey, template.SemanticVersion, template.ContentHash!,
            $"Annual review {at:yyyy-MM}", DateOnly.FromDateTime(sentAt.UtcDateTime).AddDays(30), manager.Id, sentAt);
        assessment.Send(sentAt);
        // The vendor's answers, weaker the worse the outcome, and the score the portal would have computed from them.
        var definition = template.Definition();
        var answers = DemoAnswers.For(definition, vendor, DateOnly.FromDateTime(at.UtcDateTime), d.Decision switch
        {
            AssessmentDecision.Approved => 12,
            AssessmentDecision.ApprovedWithConditions => 5,
            _ => 3,
        });
        foreach (var (itemId, value) in answers)
            db.AssessmentAnswers.Add(AssessmentAnswer.Create(assessment.Id, itemId, AnswerJson.Serialize(value), null, at));
        var compiled = definition.Compile();
        assessment.Submit(compiled.IsFailure ? null
            : new QuestionnaireEngine().Evaluate(compiled.Value, answers, null, DateOnly.FromDateTime(submittedAt.UtcDateTime)).OverallScore, submittedAt);
        assessment.StartReview();
        if (d is { Likelihood: { } likelihood, Impact: { } impact }) assessment.RateResidualRisk(likelihood, impact, at);
        db.Assessments.Add(assessment);
        DateOnly? acceptance = d.AcceptanceDays is { } days ? DateOnly.FromDateTime(now.UtcDateTime).AddDays(days) : null;
        await AssessmentDecisions.RecordAsync(db, assessment, d.Decision, d.Note, acceptance, at, cancellationToken);
        if (d.Decision == AssessmentDecision.ApprovedWithConditions && acceptance is { } dueOn)
            await SeedConditionAndAcceptedRiskAsync(vendor, assessment, d, dueOn, manager, reviewedAt, at, now, cancellationToken);
        Trail(sentAt, manager, AuditActions.AssessmentSent, nameof(Assessment), assessment.Id,
            new { vendorId = vendor.Id, templateKey = template.TemplateKey, templateVersion = template.SemanticVersion, dueOn = assessment.DueOn });
        Trail(submittedAt, null, "assessment.submitted", nameof(Assessment), assessment.Id, new { score = assessment.Score }, $"{vendor.LegalName} (vendor)");
        Trail(reviewedAt, manager, AuditActions.AssessmentReviewStarted, nameof(Assessment), assessment.Id, new { });
        Trail(at, manager, AuditActions.AssessmentDecided, nameof(Assessment), assessment.Id,
            new { decision = d.Decision.ToString(), note = assessment.DecisionNote, residual = d.Likelihood is null ? null : $"{d.Likelihood}x{d.Impact}" });
        await SeedEvidenceAsync(vendor, assessment, definition, manager, submittedAt.AddDays(-1), reviewedAt, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>The demo's evidence documents (ADR-025) for a decision: what a reviewer accepted, and one rejected with its reason.</summary>
    private static readonly (string ItemId, EvidenceKind Kind, string FileName, string? Issuer, EvidenceReview Review, string? Reason)[] DemoEvidence =
    [
        ("ai_policy", EvidenceKind.Policy, "ai-policy.txt", null, EvidenceReview.Accepted, null),
        ("encryption_at_rest", EvidenceKind.Policy, "encryption-standard.txt", null, EvidenceReview.Accepted, null),
        ("access_need_to_know", EvidenceKind.Policy, "acceptable-use-policy.txt", null, EvidenceReview.Rejected,
            "This is the acceptable-use policy; the question asks for the access control policy (who may see customer data, and how access is reviewed)."),
    ];

    private async Task SeedEvidenceAsync(Vendor vendor, Assessment assessment, Domain.Questionnaires.QuestionnaireDefinition definition, AppUser reviewer,
        DateTimeOffset uploadedAt, DateTimeOffset reviewedAt, CancellationToken cancellationToken)
    {
        var items = definition.AllItems().Select(i => i.Id).ToHashSet(StringComparer.Ordinal);
        var contact = await db.Memberships.Where(m => m.VendorId == vendor.Id).Select(m => (Guid?)m.UserId).FirstOrDefaultAsync(cancellationToken);
        foreach (var e in DemoEvidence.Where(e => items.Contains(e.ItemId)))
        {
            var content = System.Text.Encoding.UTF8.GetBytes($"{vendor.LegalName}: {e.Kind.Label()} (demo document, {uploadedAt:yyyy-MM}).\n");
            var key = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24));
            await using (var stream = new MemoryStream(content, writable: false)) await storage.SaveAsync(key, stream, cancellationToken);
            var record = EvidenceRecord.Create(vendor.Id, e.Kind, e.FileName, "text/plain", content.Length,
                Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content)), key,
                DateOnly.FromDateTime(uploadedAt.UtcDateTime).AddMonths(-2), null, vendor.LegalName, "The service assessed", contact ?? reviewer.Id,
                byVendor: contact is not null, uploadedAt);
            if (e.Review == EvidenceReview.Accepted) record.Accept(reviewer.Id, false, reviewedAt);
            else record.Reject(reviewer.Id, e.Reason!, reviewedAt);
            db.EvidenceRecords.Add(record);
            db.EvidenceFiles.Add(EvidenceFile.Link(assessment.Id, e.ItemId, record, record.UploadedByUserId, uploadedAt));
            Trail(reviewedAt, reviewer, e.Review == EvidenceReview.Accepted ? "evidence.accepted" : "evidence.rejected", nameof(EvidenceRecord), record.Id,
                new { vendorId = vendor.Id, record.FileName, kind = e.Kind.Key(), reason = e.Reason });
        }
    }

    /// <summary>
    /// ADR-027 in the demo: the committee's condition of a conditional approval, owned by the vendor and still open (the portal shows it
    /// to the vendor's contacts), and a high finding of the same review whose risk a committee member accepted, with a reason and an expiry.
    /// </summary>
    private async Task SeedConditionAndAcceptedRiskAsync(Vendor vendor, Assessment assessment, DemoDecision d, DateOnly dueOn, AppUser manager,
        DateTimeOffset reviewedAt, DateTimeOffset at, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var committee = await db.Memberships.Where(m => (m.Roles & TenantRoles.CommitteeMember) != 0 && !m.IsDisabled).Select(m => (Guid?)m.UserId)
            .FirstOrDefaultAsync(cancellationToken) ?? manager.Id;
        var condition = DecisionCondition.Create(assessment.Id, vendor.Id, d.Note ?? "Deliver the evidence the committee asked for.", ConditionOwnerKind.Vendor, null,
            dueOn, committee, at, setEarlier: true);
        db.DecisionConditions.Add(condition);
        Trail(at, null, "condition.set", nameof(DecisionCondition), condition.Id, new { condition.AssessmentId, condition.Text, owner = "vendor", condition.DueOn },
            "The committee");

        var finding = ReviewFinding.Raise(assessment.Id, null, new FindingDetails(FindingSeverity.High, "Model drift is not monitored in production", null, [],
            FindingTreatment.Mitigate, "Add drift monitoring with alerting to the fraud scorer", FindingOwnerKind.Vendor, null,
            DateOnly.FromDateTime(reviewedAt.UtcDateTime).AddDays(30)), manager.Id, reviewedAt);
        finding.AcceptRisk("Weekly manual sampling of scores covers the gap until the vendor's monitoring release.",
            DateOnly.FromDateTime(now.UtcDateTime).AddDays(120), committee, at);
        db.ReviewFindings.Add(finding);
        Trail(reviewedAt, manager, AuditActions.FindingRaised, nameof(ReviewFinding), finding.Id, new { finding.AssessmentId, finding.Title, severity = "high" });
        Trail(at, null, AuditActions.FindingRiskAccepted, nameof(ReviewFinding), finding.Id,
            new { finding.AssessmentId, acceptedUntil = finding.RiskAcceptedUntil, note = finding.ResolutionNote }, "The committee");
    }

    /// <summary>
    /// An audit event for a step of the demo story, at the time the story places it (seeding is the only writer that dates
    /// events other than now). Details carry <c>seeded: true</c>, so the trail says which events describe demo data.
    /// </summary>
    private void Trail(DateTimeOffset at, AppUser? actor, string action, string entityType, Guid entityId, object details, string? actorName = null)
    {
        var json = System.Text.Json.JsonSerializer.SerializeToNode(details, SeedJson)!.AsObject();
        json["seeded"] = true;
        db.AuditEvents.Add(AuditEvent.Create(door.Tenant.TenantId!.Value, at, actor?.Id, actorName ?? actor?.UserName, null, action, entityType,
            entityId.ToString(), json.ToJsonString()));
    }

    private static readonly JsonSerializerOptions SeedJson = new(JsonSerializerDefaults.Web);

    private async Task<AppUser> EnsureUserAsync(DemoUser u, string password, DateTimeOffset now)
    {
        var user = await users.FindByEmailAsync(u.Email);
        if (user is not null) return user;
        user = new AppUser { UserName = u.Email, Email = u.Email, EmailConfirmed = true, DisplayName = u.DisplayName, CreatedAt = now };
        await Check(users.CreateAsync(user, password), u.Email);
        return user;
    }

    private static async Task Check(Task<IdentityResult> operation, string what)
    {
        var result = await operation;
        if (!result.Succeeded)
            throw new InvalidOperationException($"Seeding {what} failed: {string.Join("; ", result.Errors.Select(e => e.Description))}");
    }
}
