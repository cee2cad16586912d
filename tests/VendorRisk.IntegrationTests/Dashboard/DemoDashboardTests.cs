using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using VendorRisk.Domain.Assessments;
using VendorRisk.Infrastructure.Identity;
using VendorRisk.Application.Seeding;
using VendorRisk.IntegrationTests.Infrastructure;

namespace VendorRisk.IntegrationTests.Dashboard;

public sealed class DemoDashboardTests(VendorRiskApp app) : IClassFixture<VendorRiskApp>
{
    private static readonly string SeedData = Path.Combine(AppContext.BaseDirectory, "seed-data");

    [Fact]
    public async Task The_demo_organisation_has_past_decisions_with_ratings_once_however_often_it_is_seeded()
    {
        var data = DemoSeeder.Load(SeedData);
        Task SeedAsync() => app.InScopeAsync(sp => sp.GetRequiredService<DemoSeeder>().SeedAsync(data, AppRole.PlatformOperator, SeedData));

        await SeedAsync();
        await SeedAsync();

        var tenant = await app.InDbAsync(db => db.Tenants.SingleAsync(t => t.Slug == data.Tenant.Slug));
        var expected = data.Vendors.Sum(v => v.Decisions?.Count ?? 0);
        Assert.True(expected >= 3, "The demo data should carry a few decisions.");
        Assert.Equal(expected, await app.InDbAsync(db => db.Assessments.CountAsync(a =>
            a.Status == AssessmentStatus.Approved || a.Status == AssessmentStatus.ApprovedWithConditions || a.Status == AssessmentStatus.Rejected), tenant.Id));
        var tern = await app.InDbAsync(db => db.Vendors.AsNoTracking().SingleAsync(v => v.LegalName == "Tern Chat BV"), tenant.Id);
        Assert.Equal((AssessmentStatus.Approved, 2, 2), (tern.DecisionStatus!.Value, tern.ResidualLikelihood!.Value, tern.ResidualImpact!.Value));

        var manager = app.CreateBrowserClient();
        await manager.SignInAsync(data.Users.Single(u => u.Email.StartsWith("manager@", StringComparison.Ordinal)).Email, data.Password);
        var page = await manager.GetDocumentAsync($"/t/{data.Tenant.Slug}/dashboard");
        Assert.Equal(2, int.Parse(page.QuerySelector("[data-testid=rated-vendors]")!.TextContent, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(1, int.Parse(page.QuerySelector("[data-testid=expiring-count]")!.TextContent, System.Globalization.CultureInfo.InvariantCulture));

        // Decided assessments carry the vendor's answers and their score, so coverage shows a mix, weaker for a conditional approval.
        var decided = await app.InDbAsync(db => db.Assessments.AsNoTracking().Where(a => a.Status == AssessmentStatus.ApprovedWithConditions
            || a.Status == AssessmentStatus.Approved || a.Status == AssessmentStatus.Rejected).ToListAsync(), tenant.Id);
        Assert.All(decided, a => Assert.InRange(a.Score!.Value, 1m, 99.9m));
        Assert.All(decided, a => Assert.Equal("2.0.0", a.TemplateVersion));
        var quill = await app.InDbAsync(db => db.Vendors.AsNoTracking().SingleAsync(v => v.LegalName == "Quill Analytics GmbH"), tenant.Id);
        var coverage = await manager.GetDocumentAsync($"/t/{data.Tenant.Slug}/coverage/vendor/{quill.Id}");
        int Controls(string status) => coverage.QuerySelectorAll($"tr[data-control][data-status={status}]").Length;
        Assert.True(Controls("supported") > Controls("weak"), $"{Controls("supported")} supported, {Controls("weak")} weak");
        Assert.True(Controls("weak") > 0, "A conditional approval should show some weak controls.");
        Assert.True(Controls("missing") < Controls("supported"), $"{Controls("missing")} missing");
        Assert.NotEmpty(coverage.QuerySelectorAll("[data-testid=rationale]"));

        // The risk profile tells the vendor's story newest first: the decision last, the onboarding first; the trail still verifies.
        var profile = await manager.GetDocumentAsync($"/t/{data.Tenant.Slug}/risk-profile/{quill.Id}");
        var timeline = profile.QuerySelectorAll("[data-testid=profile-timeline] li").Select(li => li.TextContent).ToList();
        Assert.Contains("Assessment: decided", timeline[0], StringComparison.Ordinal);
        Assert.Contains("Vendor: created", timeline[^1], StringComparison.Ordinal);
        Assert.Contains(timeline, t => t.Contains("AI system: created", StringComparison.Ordinal));
        Assert.Contains(timeline, t => t.Contains("Assessment: submitted", StringComparison.Ordinal) && t.Contains("Quill Analytics GmbH (vendor)", StringComparison.Ordinal));
        var times = profile.QuerySelectorAll("[data-testid=profile-timeline] time").Select(t => DateTimeOffset.Parse(t.GetAttribute("datetime")!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(times.OrderByDescending(t => t), times);
        Assert.Equal(quill.DecidedAt!.Value, times[0], TimeSpan.FromMilliseconds(1)); // the trail keeps milliseconds
        var auditor = app.CreateBrowserClient();
        await auditor.SignInAsync(data.Users.Single(u => u.Email.StartsWith("auditor@", StringComparison.Ordinal)).Email, data.Password);
        var trail = await auditor.GetDocumentAsync($"/t/{data.Tenant.Slug}/audit");
        Assert.Contains("alert-success", trail.QuerySelector("[data-testid=chain-status]")!.ClassName, StringComparison.Ordinal);
    }
}
