using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using VendorRisk.Application.Assessments;
using VendorRisk.Application.Reassessments;
using VendorRisk.Application.Seeding;
using VendorRisk.Domain.Assessments;
using VendorRisk.Domain.Questionnaires;
using VendorRisk.Domain.Questionnaires.Evaluation;
using VendorRisk.Domain.Questionnaires.Library;
using VendorRisk.Domain.Questionnaires.Serialization;
using VendorRisk.Domain.Tenancy;
using VendorRisk.Domain.Vendors;
using VendorRisk.Infrastructure.Identity;
using VendorRisk.Infrastructure.Persistence;
using VendorRisk.Infrastructure.Questionnaires;
using VendorRisk.Infrastructure.Tenancy;
using VendorRisk.Application.Reviews;

namespace VendorRisk.Testing;

/// <summary>
/// Reaches a test's preconditions in process, through the app's own services (root <paramref name="services"/> of a test
/// host; each step runs in a DI scope of its own, entered as the system into the tenant): organisations and their members,
/// vendors, published questionnaires, assessments sent, answered, submitted and decided, and copies of the demo
/// organisation. It is the one place the integration and browser tests set up such data, so that when the application
/// layer's operations exist its internals move to them and no test changes.
/// </summary>
/// <remarks>A browser test keeps its journey's own steps in the browser; what it does not test comes from here.</remarks>
public sealed class Scenario(IServiceProvider services)
{
    /// <summary>The password of every user the builder creates (the demo organisation's copies keep the demo password).</summary>
    public const string Password = "Correct-Horse-Battery-9";

    public DateTimeOffset Now => services.GetRequiredService<TimeProvider>().GetUtcNow();

    public DateOnly Today => DateOnly.FromDateTime(Now.UtcDateTime);

    /// <summary>Runs <paramref name="work"/> in a fresh DI scope, entered as the system into <paramref name="tenantId"/> when given.</summary>
    public async Task<T> InScopeAsync<T>(Guid? tenantId, Func<IServiceProvider, AppDbContext, Task<T>> work)
    {
        await using var scope = services.CreateAsyncScope();
        if (tenantId is { } id) scope.ServiceProvider.GetRequiredService<TenantContext>().EnterAsSystem(id);
        return await work(scope.ServiceProvider, scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }

    // ----- Organisations and people -----

    public Task<Tenant> TenantAsync(string? slug = null, string? name = null)
    {
        slug ??= "t-" + Guid.NewGuid().ToString("N")[..10];
        return InScopeAsync(null, async (_, db) =>
        {
            var tenant = Tenant.Create(slug, name ?? "Tenant " + slug, Now);
            db.Tenants.Add(tenant);
            await db.SaveChangesAsync();
            return tenant;
        });
    }

    /// <summary>A user account (no membership) with <paramref name="password"/>.</summary>
    public Task<AppUser> UserAsync(string email, string? displayName = null, string password = Password) =>
        InScopeAsync(null, async (sp, _) =>
        {
            var user = new AppUser { UserName = email, Email = email, DisplayName = displayName ?? email.Split('@')[0], CreatedAt = Now };
            var result = await sp.GetRequiredService<UserManager<AppUser>>().CreateAsync(user, password);
            Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Description)));
            return user;
        });

    /// <summary>A new user who is a member of the tenant with <paramref name="roles"/> (a vendor contact names its vendor).</summary>
    public async Task<AppUser> MemberAsync(Guid tenantId, TenantRoles roles, string? email = null, Guid? vendorId = null,
        ReviewerSpecialisms specialisms = ReviewerSpecialisms.None)
    {
        email ??= $"{roles.ToString().Replace(", ", "-", StringComparison.Ordinal).ToLowerInvariant()}-{Guid.NewGuid():N}@example.test";
        var user = await UserAsync(email);
        await MembershipAsync(tenantId, user, roles, vendorId, specialisms);
        return user;
    }

    public Task MembershipAsync(Guid tenantId, AppUser user, TenantRoles roles, Guid? vendorId = null,
        ReviewerSpecialisms specialisms = ReviewerSpecialisms.None) =>
        InScopeAsync(tenantId, async (_, db) =>
        {
            var membership = TenantMembership.Create(tenantId, user.Id, roles, Now, vendorId);
            if (specialisms != ReviewerSpecialisms.None) membership.ChangeSpecialisms(specialisms);
            db.Memberships.Add(membership);
            return await db.SaveChangesAsync();
        });

    // ----- Vendors -----

    /// <summary>A vendor as the inventory records it; <paramref name="configure"/> may tier it, give it an owner or move its status.</summary>
    public Task<Vendor> VendorAsync(Guid tenantId, string name, Action<Vendor, DateTimeOffset>? configure = null) =>
        InScopeAsync(tenantId, async (_, db) =>
        {
            var now = Now;
            var vendor = Vendor.Create(name, null, null, null, now);
            configure?.Invoke(vendor, now);
            db.Vendors.Add(vendor);
            await db.SaveChangesAsync();
            return vendor;
        });

    /// <summary>Sets a vendor's computed tier, as the intake questionnaire does.</summary>
    public Task TierAsync(Guid tenantId, Guid vendorId, RiskTier tier) =>
        InScopeAsync(tenantId, async (_, db) =>
        {
            (await db.Vendors.SingleAsync(v => v.Id == vendorId)).SetComputedTier(tier, Now);
            return await db.SaveChangesAsync();
        });

    // ----- Questionnaires -----

    /// <summary>The questionnaire <paramref name="json"/> (the questionnaire format) published in the tenant's library.</summary>
    public Task<QuestionnaireTemplate> PublishedQuestionnaireAsync(Guid tenantId, string json, Guid? by = null) =>
        PublishAsync(tenantId, QuestionnaireJson.Parse(json).Value, by, clonedFrom: null);

    /// <summary>A shipped questionnaire (seed-data/questionnaires/<paramref name="fileName"/>) cloned into the tenant's library and published.</summary>
    public Task<QuestionnaireTemplate> PublishedShippedQuestionnaireAsync(Guid tenantId, string fileName, Guid? by = null)
    {
        var shipped = services.GetRequiredService<ShippedTemplates>().All.Single(t => t.FileName == fileName);
        return PublishAsync(tenantId, shipped.Definition, by, shipped.Reference);
    }

    private Task<QuestionnaireTemplate> PublishAsync(Guid tenantId, QuestionnaireDefinition definition, Guid? by, string? clonedFrom) =>
        InScopeAsync(tenantId, async (_, db) =>
        {
            var template = QuestionnaireTemplate.CreateDraft(definition, by, Now, clonedFrom).Value;
            template.Publish(Now);
            db.QuestionnaireTemplates.Add(template);
            await db.SaveChangesAsync();
            return template;
        });

    // ----- Assessments -----

    /// <summary>An assessment moved through the states <paramref name="plan"/> asks for, in one unit of work, with its contacts, answers and evidence.</summary>
    public Task<Assessment> AssessmentAsync(Guid tenantId, AssessmentPlan plan) =>
        InScopeAsync(tenantId, async (_, db) =>
        {
            var now = Now;
            var template = plan.Template;
            var a = Assessment.Create(plan.VendorId, template.Id, template.TemplateKey, template.SemanticVersion, template.ContentHash!,
                plan.Title, plan.DueOn ?? DateOnly.FromDateTime(now.UtcDateTime).AddDays(30), plan.RequestedBy, now, plan.Previous);
            if (plan.Sent) a.Send(now);
            if (plan.VendorActivity) a.RecordVendorActivity();
            if (plan.Submitted) a.Submit(plan.Score, now);
            if (plan.InReview) a.StartReview();
            if (plan.Residual is { } residual) a.RateResidualRisk(residual.Likelihood, residual.Impact, now);
            if (plan.Decision is { } decision && !plan.WithConsequences) a.Decide(decision, plan.DecisionNote, now);
            if (plan.Cancelled) a.Cancel(now);
            db.Assessments.Add(a);
            foreach (var contact in plan.Contacts) db.AssessmentContacts.Add(AssessmentContact.Create(a.Id, contact.Email, contact.UserId));
            foreach (var (itemId, json) in plan.Answers) db.AssessmentAnswers.Add(AssessmentAnswer.Create(a.Id, itemId, json, plan.AnsweredBy, now));
            foreach (var file in plan.Evidence)
            {
                var record = Domain.Evidence.EvidenceRecord.Create(a.VendorId, file.Kind, file.FileName, file.ContentType, file.Length, "00",
                    "ev-" + Guid.NewGuid().ToString("N"), file.DocumentDate ?? DateOnly.FromDateTime(now.UtcDateTime), file.ValidUntil, null, null,
                    plan.RequestedBy, byVendor: true, now);
                if (file.Review == Domain.Evidence.EvidenceReview.Accepted) record.Accept(plan.RequestedBy, file.IssuerChecked, now);
                if (file.Review == Domain.Evidence.EvidenceReview.Rejected) record.Reject(plan.RequestedBy, "Not the document asked for.", now);
                db.EvidenceRecords.Add(record);
                db.EvidenceFiles.Add(EvidenceFile.Link(a.Id, file.ItemId, record, plan.RequestedBy, now));
            }
            if (plan.Decision is { } decided && plan.WithConsequences)
                await AssessmentDecisions.RecordAsync(db, a, decided, plan.DecisionNote, plan.AcceptanceExpiresOn, now, CancellationToken.None);
            await db.SaveChangesAsync();
            return a;
        });

    /// <summary>
    /// What a vendor contact who answers every shown, required question does, round after round (an answer may show further
    /// questions): <paramref name="choices"/> gives the value of some questions (a choice's value, or text), every other one
    /// gets its first choice or a sample text; <paramref name="skip"/> stays unanswered, as do file and info items. The
    /// assessment records the vendor's activity, as the portal's autosave does. Returns the answers given.
    /// </summary>
    public Task<IReadOnlyDictionary<string, AnswerValue>> AnswerRequiredQuestionsAsync(Guid tenantId, Guid assessmentId, Guid answeredBy,
        IReadOnlyDictionary<string, string> choices, IReadOnlySet<string> skip) =>
        InScopeAsync<IReadOnlyDictionary<string, AnswerValue>>(tenantId, async (_, db) =>
        {
            var assessment = await db.Assessments.SingleAsync(a => a.Id == assessmentId);
            var (questionnaire, problem) = await PinnedQuestionnaire.LoadAsync(db, assessment);
            Assert.True(questionnaire is not null, problem);
            var items = questionnaire.Definition.AllItems().ToDictionary(i => i.Id, StringComparer.Ordinal);
            var engine = new QuestionnaireEngine();
            var answers = await AssessmentAnswers.LoadAsync(db, assessmentId);
            var given = new Dictionary<string, AnswerValue>(StringComparer.Ordinal);
            for (var round = 0; ; round++)
            {
                Assert.True(round < 500, "Still unanswered questions after 500 rounds.");
                var open = engine.Evaluate(questionnaire, answers).Items.FirstOrDefault(i => i.Visible && i.Required && !i.Answered
                    && !skip.Contains(i.ItemId) && items[i.ItemId].Type is not (ItemType.File or ItemType.Info));
                if (open is null) break;
                var item = items[open.ItemId];
                var raw = choices.TryGetValue(item.Id, out var chosen) ? chosen
                    : item.Choices is { Length: > 0 } list ? list[0].Value
                    : item.Type == ItemType.Boolean ? "true" : SampleText(item.Type);
                var (value, error) = AnswerJson.FromInput(item.Type, [raw]);
                Assert.True(value is not null, $"'{raw}' is no answer to {item.Id}: {error}");
                answers[item.Id] = value;
                given[item.Id] = value;
            }
            var now = Now;
            foreach (var (itemId, value) in given)
                db.AssessmentAnswers.Add(AssessmentAnswer.Create(assessmentId, itemId, AnswerJson.Serialize(value), answeredBy, now));
            if (given.Count > 0 && assessment.Status == AssessmentStatus.Sent) assessment.RecordVendorActivity();
            await db.SaveChangesAsync();
            return given;
        });

    private static string SampleText(ItemType type) => type switch
    {
        ItemType.Email => "security@vendor.example",
        ItemType.Url => "https://vendor.example/trust",
        ItemType.Number => "3",
        ItemType.Date => "2026-01-15",
        _ => "Answered in process by the test's scenario.",
    };

    /// <summary>The id of the user with <paramref name="email"/> (e.g. one who signed up in the browser).</summary>
    public Task<Guid> UserIdAsync(string email) =>
        InScopeAsync(null, async (sp, _) => (await sp.GetRequiredService<UserManager<AppUser>>().FindByEmailAsync(email)
            ?? throw new InvalidOperationException($"No user {email}.")).Id);

    // ----- The demo organisation -----

    /// <summary>
    /// A copy of the demo organisation (seed-data/demo-tenant.json: members in every role, vendors, AI systems, past decisions)
    /// under a slug and e-mail addresses of its own, seeded by the app's demo seeder: a test that changes it changes no other
    /// test's data.
    /// </summary>
    public Task<DemoOrganisation> DemoOrganisationAsync(string seedDataFolder)
    {
        var data = DemoSeeder.Load(seedDataFolder);
        var id = Guid.NewGuid().ToString("N")[..8];
        string Own(string email) => email.Replace("@", $"@{id}.", StringComparison.Ordinal);
        var copy = data with
        {
            Tenant = new DemoSeeder.DemoTenant($"demo-{id}", $"{data.Tenant.Name} {id}"),
            Users = [.. data.Users.Select(u => u with { Email = Own(u.Email) })],
            Vendors = [.. data.Vendors.Select(v => v with { Owner = v.Owner is null ? null : Own(v.Owner) })],
        };
        return InScopeAsync(null, async (sp, db) =>
        {
            await sp.GetRequiredService<DemoSeeder>().SeedAsync(copy, AppRole.PlatformOperator, seedDataFolder);
            var tenantId = await db.Tenants.Where(t => t.Slug == copy.Tenant.Slug).Select(t => t.Id).SingleAsync();
            return new DemoOrganisation(tenantId, copy.Tenant.Slug, copy.Password, Own);
        });
    }
}

/// <summary>A copy of the demo organisation: its slug, and its members' addresses by the demo's own (e.g. admin@northwind.example).</summary>
public sealed class DemoOrganisation(Guid tenantId, string slug, string password, Func<string, string> ownAddress)
{
    public Guid TenantId { get; } = tenantId;

    public string Slug { get; } = slug;

    /// <summary>The organisation's pages start here: /t/{slug}.</summary>
    public string Base => $"/t/{Slug}";

    public string Password { get; } = password;

    /// <summary>This copy's address of the demo member with <paramref name="demoAddress"/>.</summary>
    public string Member(string demoAddress) => ownAddress(demoAddress);
}

/// <summary>What <see cref="Scenario.AssessmentAsync"/> makes: the states to pass through, in the order the workflow would.</summary>
public sealed record AssessmentPlan(Guid VendorId, QuestionnaireTemplate Template, Guid RequestedBy)
{
    public string Title { get; init; } = "Annual review";

    /// <summary>Default: 30 days from today.</summary>
    public DateOnly? DueOn { get; init; }

    public Guid? Previous { get; init; }

    public bool Sent { get; init; } = true;

    public IReadOnlyList<(string Email, Guid? UserId)> Contacts { get; init; } = [];

    /// <summary>Answers as stored (the answer JSON of <see cref="AnswerJson"/>), by item id.</summary>
    public IReadOnlyDictionary<string, string> Answers { get; init; } = new Dictionary<string, string>();

    public Guid? AnsweredBy { get; init; }

    public IReadOnlyList<EvidencePlan> Evidence { get; init; } = [];

    public bool VendorActivity { get; init; }

    public bool Submitted { get; init; }

    public decimal? Score { get; init; }

    public bool InReview { get; init; }

    public (int Likelihood, int Impact)? Residual { get; init; }

    public AssessmentDecision? Decision { get; init; }

    public string? DecisionNote { get; init; }

    /// <summary>
    /// With a decision: decided as the review workflow decides (<see cref="AssessmentDecisions"/>): the vendor's current
    /// decision is recorded and its next reassessment scheduled.
    /// </summary>
    public bool WithConsequences { get; init; }

    public DateOnly? AcceptanceExpiresOn { get; init; }

    public bool Cancelled { get; init; }

    public static string Json(AnswerValue value) => AnswerJson.Serialize(value);
}

/// <summary>An evidence document to plant on an assessment's question: the vendor's record and its link (ADR-025).</summary>
public sealed record EvidencePlan(string ItemId, string FileName, string ContentType, long Length)
{
    public Domain.Evidence.EvidenceKind Kind { get; init; } = Domain.Evidence.EvidenceKind.Other;
    /// <summary>The document's date; the scenario's day when null.</summary>
    public DateOnly? DocumentDate { get; init; }
    public DateOnly? ValidUntil { get; init; }
    public Domain.Evidence.EvidenceReview Review { get; init; } = Domain.Evidence.EvidenceReview.Pending;
    public bool IssuerChecked { get; init; }

    public static implicit operator EvidencePlan((string ItemId, string FileName, string ContentType, long Length) file) =>
        new(file.ItemId, file.FileName, file.ContentType, file.Length);
}
