using Microsoft.EntityFrameworkCore;
using VendorRisk.Domain.Assessments;
using VendorRisk.Domain.Findings;
using VendorRisk.Domain.Questionnaires;
using VendorRisk.Domain.Questionnaires.Library;
using VendorRisk.Domain.Questionnaires.Serialization;
using VendorRisk.Domain.Tenancy;
using VendorRisk.Domain.Vendors;
using VendorRisk.Application.Assessments;
using VendorRisk.Application.Reassessments;
using VendorRisk.IntegrationTests.Infrastructure;
using VendorRisk.Testing;

namespace VendorRisk.IntegrationTests.Dashboard;

/// <summary>Seeds portfolio data through the domain methods, the way the pages and the review workflow write it.</summary>
internal static class DashboardTestKit
{
    public static DateOnly TodayOf(VendorRiskApp app) => DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime);

    public static async Task<Guid> TemplateAsync(VendorRiskApp app, Tenant tenant, Guid by) =>
        (await app.Scenario.PublishedQuestionnaireAsync(tenant.Id, Reviews.ReviewTestKit.Questionnaire, by)).Id;

    private static Task<QuestionnaireTemplate> TemplateByIdAsync(VendorRiskApp app, Tenant tenant, Guid templateId) =>
        app.InDbAsync(db => db.QuestionnaireTemplates.AsNoTracking().SingleAsync(t => t.Id == templateId), tenant.Id);

    /// <summary>A vendor with a tier (or none), moved to <paramref name="status"/>, optionally with one AI system and its fourth parties.</summary>
    public static Task<Vendor> VendorAsync(VendorRiskApp app, Tenant tenant, string name, RiskTier? tier, VendorStatus status,
        string[]? providers = null, string[]? subprocessors = null) =>
        app.InDbAsync(async db =>
        {
            var now = app.Clock.GetUtcNow();
            var vendor = Vendor.Create(name, null, null, null, now);
            if (tier is { } t) vendor.SetComputedTier(t, now);
            if (status >= VendorStatus.Onboarding && status != VendorStatus.Offboarded) vendor.StartOnboarding();
            if (status == VendorStatus.Active) vendor.Activate();
            if (status == VendorStatus.Offboarded) vendor.Offboard();
            db.Vendors.Add(vendor);
            if (providers is not null || subprocessors is not null)
            {
                db.AiSystems.Add(AiSystem.Create(vendor.Id, name + " assistant", new AiSystemProfile
                {
                    Purpose = "Drafts replies to customer questions.",
                    FoundationModels = [.. (providers ?? []).Select(p => new FoundationModel(p, "base", null))],
                    Subprocessors = subprocessors ?? [],
                }.Validated(), null, now));
            }
            await db.SaveChangesAsync();
            return vendor;
        }, tenant.Id);

    /// <summary>
    /// An assessment sent, submitted, reviewed, rated (when a rating is given) and decided now, with the vendor's current decision
    /// and the next reassessment recorded in the same unit of work, as the review workflow does.
    /// </summary>
    public static async Task<Assessment> DecidedAsync(VendorRiskApp app, Tenant tenant, Guid templateId, Guid vendorId, Guid by,
        (int L, int I)? residual, AssessmentDecision decision = AssessmentDecision.Approved, DateOnly? acceptanceExpiresOn = null) =>
        await app.Scenario.AssessmentAsync(tenant.Id, new AssessmentPlan(vendorId, await TemplateByIdAsync(app, tenant, templateId), by)
        {
            DueOn = TodayOf(app).AddDays(30),
            Submitted = true,
            Score = 80m,
            InReview = true,
            Residual = residual,
            Decision = decision,
            DecisionNote = decision == AssessmentDecision.Approved ? null : "Encrypt backups within 60 days.",
            WithConsequences = true,
            AcceptanceExpiresOn = acceptanceExpiresOn,
        });

    /// <summary>An assessment left at <paramref name="status"/> (draft, sent, in progress, submitted, or cancelled after a rating).</summary>
    public static async Task<Assessment> OpenAssessmentAsync(VendorRiskApp app, Tenant tenant, Guid templateId, Guid vendorId, Guid by,
        AssessmentStatus status, int dueInDays) =>
        await app.Scenario.AssessmentAsync(tenant.Id, new AssessmentPlan(vendorId, await TemplateByIdAsync(app, tenant, templateId), by)
        {
            Title = "Follow-up " + status,
            DueOn = TodayOf(app).AddDays(dueInDays),
            Sent = status != AssessmentStatus.Draft,
            VendorActivity = status == AssessmentStatus.InProgress,
            Submitted = status is AssessmentStatus.Submitted or AssessmentStatus.Cancelled,
            Score = 50m,
            InReview = status == AssessmentStatus.Cancelled,
            Residual = status == AssessmentStatus.Cancelled ? (5, 5) : null,
            Cancelled = status == AssessmentStatus.Cancelled,
        });

    public static Task<ReviewFinding> FindingAsync(VendorRiskApp app, Tenant tenant, Guid assessmentId, Guid owner, string title, int dueInDays,
        bool close = false) =>
        app.InDbAsync(async db =>
        {
            var now = app.Clock.GetUtcNow();
            var finding = ReviewFinding.Raise(assessmentId, null, new FindingDetails(FindingSeverity.High, title, null, [], FindingTreatment.Mitigate,
                "Fix it.", FindingOwnerKind.Internal, owner, TodayOf(app).AddDays(dueInDays)), owner, now);
            if (close) finding.Close("Verified.", owner, now);
            db.ReviewFindings.Add(finding);
            await db.SaveChangesAsync();
            return finding;
        }, tenant.Id);

    public static Task<Vendor> VendorRowAsync(VendorRiskApp app, Tenant tenant, Guid vendorId) =>
        app.InDbAsync(db => db.Vendors.AsNoTracking().SingleAsync(v => v.Id == vendorId), tenant.Id);
}
