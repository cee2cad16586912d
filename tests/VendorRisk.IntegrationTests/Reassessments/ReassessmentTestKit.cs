using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using VendorRisk.Domain.Assessments;
using VendorRisk.Domain.Questionnaires;
using VendorRisk.Domain.Questionnaires.Library;
using VendorRisk.Domain.Reassessments;
using VendorRisk.Domain.Tenancy;
using VendorRisk.Domain.Vendors;
using VendorRisk.Infrastructure.Identity;
using VendorRisk.Application.Reassessments;
using VendorRisk.IntegrationTests.Assessments;
using VendorRisk.IntegrationTests.Infrastructure;
using VendorRisk.Testing;

namespace VendorRisk.IntegrationTests.Reassessments;

/// <summary>A tenant with an owner (vendor manager), a published questionnaire and tiered vendors, each with a portal contact.</summary>
internal sealed record ReassessmentWorld(Tenant Tenant, AppUser Owner, QuestionnaireTemplate Template, IReadOnlyDictionary<RiskTier, TieredVendor> Vendors);

internal sealed record TieredVendor(Vendor Vendor, AppUser Contact);

internal static class ReassessmentTestKit
{
    public static DateOnly Today(this VendorRiskApp app) => DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime);

    public static async Task<ReassessmentWorld> ReassessmentWorldAsync(this VendorRiskApp app, ReassessmentMode mode, params RiskTier[] tiers)
    {
        var tenant = await app.CreateTenantAsync();
        var owner = await app.CreateMemberAsync(tenant, TenantRoles.VendorManager);
        var template = await app.PublishTemplateAsync(tenant, AssessmentTestKit.Definition);
        await app.SetPolicyAsync(tenant.Id, mode);
        var vendors = new Dictionary<RiskTier, TieredVendor>();
        foreach (var tier in tiers)
        {
            var vendor = await app.AddTieredVendorAsync(tenant, $"{tier} vendor {Guid.NewGuid():N}"[..30], tier, owner.Id);
            var contact = await app.CreateMemberAsync(tenant, TenantRoles.VendorContact, vendorId: vendor.Id);
            vendors[tier] = new TieredVendor(vendor, contact);
        }
        return new ReassessmentWorld(tenant, owner, template, vendors);
    }

    public static Task SetPolicyAsync(this VendorRiskApp app, Guid tenantId, ReassessmentMode mode, int leadTimeDays = 30, int notificationHours = 72) =>
        app.InDbAsync(async db =>
        {
            var policy = await db.ReassessmentPolicies.FirstOrDefaultAsync();
            if (policy is null)
            {
                policy = ReassessmentPolicy.Defaults();
                db.ReassessmentPolicies.Add(policy);
            }
            policy.Update(6, 12, 24, 36, leadTimeDays, mode, notificationHours, null, app.Clock.GetUtcNow());
            return await db.SaveChangesAsync();
        }, tenantId);

    public static Task<Vendor> AddTieredVendorAsync(this VendorRiskApp app, Tenant tenant, string name, RiskTier tier, Guid? ownerId) =>
        app.Scenario.VendorAsync(tenant.Id, name, (vendor, now) =>
        {
            vendor.SetComputedTier(tier, now);
            vendor.AssignOwnership(ownerId, BusinessCriticality.Medium);
        });

    /// <summary>An assessment sent to the vendor's contact, answered, and approved today; the decision schedules the next reassessment.</summary>
    public static Task<Assessment> DecidedAssessmentAsync(this VendorRiskApp app, ReassessmentWorld w, TieredVendor v, DateOnly? acceptanceExpiresOn = null) =>
        app.Scenario.AssessmentAsync(w.Tenant.Id, new AssessmentPlan(v.Vendor.Id, w.Template, w.Owner.Id)
        {
            Title = "Initial review",
            DueOn = app.Today().AddDays(30),
            Contacts = [(v.Contact.Email!, v.Contact.Id)],
            Answers = new Dictionary<string, string>
            {
                ["has_policy"] = AssessmentPlan.Json(AnswerValue.True),
                ["policy_owner"] = AssessmentPlan.Json(AnswerValue.Text("The CISO")),
            },
            AnsweredBy = v.Contact.Id,
            VendorActivity = true,
            Submitted = true,
            Score = 90m,
            InReview = true,
            Decision = AssessmentDecision.Approved,
            WithConsequences = true,
            AcceptanceExpiresOn = acceptanceExpiresOn,
        });

    /// <summary>The vendor answers an open assessment and it is approved today (as the workflow would), scheduling the next one.</summary>
    public static Task DecideAsync(this VendorRiskApp app, Guid tenantId, Guid assessmentId) =>
        app.InDbAsync(async db =>
        {
            var now = app.Clock.GetUtcNow();
            var a = await db.Assessments.SingleAsync(x => x.Id == assessmentId);
            a.RecordVendorActivity();
            a.Submit(85m, now);
            a.StartReview();
            a.Decide(AssessmentDecision.Approved, null, now);
            await ReassessmentScheduling.ScheduleAfterDecisionAsync(db, a, null, now);
            return await db.SaveChangesAsync();
        }, tenantId);

    /// <summary>
    /// Every day on which the reassessment job can act, across tenants, as the data stands: a schedule's due date less its
    /// tenant's lead time (and the due date itself), a committee acceptance's end, a document's expiry.
    /// </summary>
    public static Task<IEnumerable<DateOnly>> ReassessmentMomentsAsync(this VendorRiskApp app) =>
        app.InDbAsync<IEnumerable<DateOnly>>(async db =>
        {
            var leads = await db.ReassessmentPolicies.IgnoreQueryFilters().ToDictionaryAsync(p => p.TenantId, p => p.LeadTimeDays);
            var schedules = await db.ReassessmentSchedules.IgnoreQueryFilters()
                .Select(s => new { s.TenantId, s.DueOn, s.AcceptanceExpiresOn }).ToListAsync();
            var expiries = (await db.EvidenceRecords.IgnoreQueryFilters().Where(d => !d.ByVendor && d.ValidUntil != null).Select(d => d.ValidUntil!.Value)
                .ToListAsync()).Select(d => d.AddDays(1));
            return schedules.SelectMany(s => new[] { s.DueOn.AddDays(-leads.GetValueOrDefault(s.TenantId, ReassessmentPolicy.Defaults().LeadTimeDays)), s.DueOn })
                .Concat(schedules.Where(s => s.AcceptanceExpiresOn is not null).Select(s => s.AcceptanceExpiresOn!.Value))
                .Concat(expiries).ToList();
        });

    public static Task<ReassessmentRunSummary> RunReassessmentsAsync(this VendorRiskApp app) =>
        app.InScopeAsync(sp => sp.GetRequiredService<ReassessmentJob>().RunAsync(CancellationToken.None));

    public static Task<List<(string Kind, string To, string? Key)>> MailsAsync(this VendorRiskApp app, Guid tenantId) =>
        app.InDbAsync(async db => (await db.OutboxMessages.Where(m => m.TenantId == tenantId).OrderBy(m => m.CreatedAt)
            .Select(m => new { m.Kind, m.ToAddress, m.DeduplicationKey }).ToListAsync()).Select(m => (m.Kind, m.ToAddress, m.DeduplicationKey)).ToList());
}
