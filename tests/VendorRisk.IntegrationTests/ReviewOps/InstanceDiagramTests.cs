using VendorRisk.Domain.Questionnaires;
using VendorRisk.IntegrationTests.Infrastructure;
using VendorRisk.IntegrationTests.Reviews;
using static VendorRisk.IntegrationTests.Reviews.ReviewTestKit;

namespace VendorRisk.IntegrationTests.ReviewOps;

public sealed class InstanceDiagramTests(VendorRiskApp app) : IClassFixture<VendorRiskApp>
{
    private async Task<AngleSharp.Html.Dom.IHtmlDocument> InstancePageAsync(ReviewScene scene, Guid instanceId, string name)
    {
        var client = await app.SignedInAsync(scene.Admin);
        var page = await client.GetDocumentAsync($"/t/{scene.Tenant.Slug}/reviews/instance/{instanceId}");
        // VENDORRISK_DIAGRAM_OUT=<folder> keeps the SVGs for a look in a browser (not needed by the assertions).
        if (Environment.GetEnvironmentVariable("VENDORRISK_DIAGRAM_OUT") is { Length: > 0 } folder)
        {
            Directory.CreateDirectory(folder);
            await File.WriteAllTextAsync(Path.Combine(folder, name + ".html"),
                $"<!doctype html><html><body style=\"margin:0;font-family:system-ui,sans-serif\">{page.QuerySelector("[data-testid=workflow-diagram]")!.OuterHtml}{page.QuerySelector("[data-testid=workflow-path]")!.OuterHtml}</body></html>");
        }
        return page;
    }

    [Fact]
    public async Task The_instance_page_draws_the_standard_review_with_the_current_activity_highlighted_and_a_text_path()
    {
        var scene = await SceneAsync(app);
        var instanceId = await StartedReviewAsync(app, scene);

        var page = await InstancePageAsync(scene, instanceId, "standard-review");

        var svg = page.QuerySelector("svg[data-testid=workflow-diagram]")!;
        Assert.Equal("img", svg.GetAttribute("role"));
        Assert.Equal("diagram-title diagram-desc", svg.GetAttribute("aria-labelledby"));
        Assert.Equal(12, svg.QuerySelectorAll("g[data-activity]").Length);
        Assert.Equal("current", svg.QuerySelector("g[data-activity='review']")!.GetAttribute("class"));
        Assert.Equal("visited", svg.QuerySelector("g[data-activity='auto-score']")!.GetAttribute("class"));
        Assert.Equal("pending", svg.QuerySelector("g[data-activity='approved']")!.GetAttribute("class"));
        Assert.Contains("requestClarification", svg.TextContent, StringComparison.Ordinal);
        var path = page.QuerySelectorAll("[data-testid=workflow-path] li").Select(li => li.TextContent).ToList();
        Assert.StartsWith("Started in auto-score", path[0].Trim(), StringComparison.Ordinal);
        Assert.Contains("review, after assigned in assign-reviewer", path[^1], StringComparison.Ordinal);
        Assert.Contains("Current", path[^1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_enhanced_review_diagram_marks_the_committee_as_current_after_the_specialist_reviews()
    {
        var scene = await SceneAsync(app, RiskTier.High);
        var (instanceId, _) = await CommitteeVoteTests.AtCommitteeAsync(app, scene);

        var page = await InstancePageAsync(scene, instanceId, "enhanced-review");

        var svg = page.QuerySelector("svg[data-testid=workflow-diagram]")!;
        Assert.Equal("current", svg.QuerySelector("g[data-activity='committee']")!.GetAttribute("class"));
        foreach (var visited in new[] { "security-review", "privacy-review", "ai-governance-review", "residual-risk" })
            Assert.Equal("visited", svg.QuerySelector($"g[data-activity='{visited}']")!.GetAttribute("class"));
        Assert.Equal("pending", svg.QuerySelector("g[data-activity='security-clarify']")!.GetAttribute("class"));
        Assert.DoesNotContain("<script", svg.OuterHtml, StringComparison.OrdinalIgnoreCase);
    }
}
