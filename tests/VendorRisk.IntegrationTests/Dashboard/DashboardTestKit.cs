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

namespace VendorRisk.IntegrationTests.Dashboard;

/// <summary>Seeds portfolio data through the domain methods, the way the pages and the review workflow write it.</summary>
internal static class DashboardTestKit
{
    public static DateOnly TodayOf(VendorRiskApp app) => DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime);

    public static Task<Guid> TemplateAsync(VendorRiskApp app, Tenant tenant, Guid by) =>
        app.InDbAsync(async db =>
        {
            var template = QuestionnaireTemplate.CreateDraft(QuestionnaireJson.Parse(Reviews.ReviewTestKit.Questionnaire).Value, by, app.Clock.GetUtcNow()).Value;
            template.Publish(app.Clock.GetUtcNow());
            db.QuestionnaireTemplates.Add(template);
            await db.SaveChangesAsync();
            return template.Id;
        }, tenant.Id);

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
    public static Task<Assessment> DecidedAsync(VendorRiskApp app, Tenant tenant, Guid templateId, Guid vendorId, Guid by,
        (int L, int I)? residual, AssessmentDecision decision = AssessmentDecision.Approved, DateOnly? acceptanceExpiresOn = null) =>
        app.InDbAsync(async db =>
        {
            var now = app.Clock.GetUtcNow();
            var template = await db.QuestionnaireTemplates.SingleAsync(t => t.Id == templateId);
            var a = Assessment.Create(vendorId, template.Id, template.TemplateKey, template.SemanticVersion, template.ContentHash!,
                "Annual review", TodayOf(app).AddDays(30), by, now);
            a.Send(now);
            a.Submit(80m, now);
            a.StartReview();
            if (residual is { } r) a.RateResidualRisk(r.L, r.I, now);
            a.Decide(decision, decision == AssessmentDecision.Approved ? null : "Encrypt backups within 60 days.", now);
            db.Assessments.Add(a);
            await CurrentDecision.RecordAsync(db, a);
            await ReassessmentScheduling.ScheduleAfterDecisionAsync(db, a, acceptanceExpiresOn, now);
            await db.SaveChangesAsync();
            return a;
        }, tenant.Id);

    /// <summary>An assessment left at <paramref name="status"/> (draft, sent, in progress, submitted, or cancelled after a rating).</summary>
    public static Task<Assessment> OpenAssessmentAsync(VendorRiskApp app, Tenant tenant, Guid templateId, Guid vendorId, Guid by,
        AssessmentStatus status, int dueInDays) =>
        app.InDbAsync(async db =>
        {
            var now = app.Clock.GetUtcNow();
            var template = await db.QuestionnaireTemplates.SingleAsync(t => t.Id == templateId);
            var a = Assessment.Create(vendorId, template.Id, template.TemplateKey, template.SemanticVersion, template.ContentHash!,
                "Follow-up " + status, TodayOf(app).AddDays(dueInDays), by, now);
            if (status != AssessmentStatus.Draft) a.Send(now);
            if (status == AssessmentStatus.InProgress) a.RecordVendorActivity();
            if (status is AssessmentStatus.Submitted or AssessmentStatus.Cancelled) a.Submit(50m, now);
            if (status == AssessmentStatus.Cancelled)
            {
                a.StartReview();
                a.RateResidualRisk(5, 5, now);
                a.Cancel(now);
            }
            db.Assessments.Add(a);
            await db.SaveChangesAsync();
            return a;
        }, tenant.Id);

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
