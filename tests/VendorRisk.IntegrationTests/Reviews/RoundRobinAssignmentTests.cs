using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using VendorRisk.Domain.Reviews;
using VendorRisk.Domain.Tenancy;
using VendorRisk.Domain.Workflows;
using VendorRisk.IntegrationTests.Infrastructure;
using static VendorRisk.IntegrationTests.Reviews.ReviewTestKit;

namespace VendorRisk.IntegrationTests.Reviews;

/// <summary>The shipped standard review with its reviewer assignments switched to round robin, in a folder of its own.</summary>
public sealed class RoundRobinApp : VendorRiskApp
{
    private string? _folder;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Workflows:Folder"] = Folder() };

    private string Folder()
    {
        if (_folder is not null) return _folder;
        var shipped = Path.Combine(AppContext.BaseDirectory, "workflows");
        var folder = Path.Combine(DataFolder, "workflows");
        Directory.CreateDirectory(Path.Combine(folder, "standard-review"));
        var definition = JsonNode.Parse(File.ReadAllText(Path.Combine(shipped, "standard-review", "v1.json")))!;
        foreach (var activity in definition["activities"]!.AsArray().Where(a => (string?)a!["type"] == "assignReviewer"))
            activity!["strategy"] = "roundRobin";
        var text = definition.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
        File.WriteAllText(Path.Combine(folder, "standard-review", "v1.json"), text);
        File.Copy(Path.Combine(shipped, "workflow.schema.json"), Path.Combine(folder, "workflow.schema.json"));
        File.WriteAllText(Path.Combine(folder, WorkflowLoader.LockFileName),
            JsonSerializer.Serialize(new Dictionary<string, string> { ["standard-review/v1.json"] = WorkflowDefinitionReader.CanonicalHash(text) }));
        return _folder = folder;
    }
}

public sealed class RoundRobinAssignmentTests(RoundRobinApp app) : IClassFixture<RoundRobinApp>
{
    [Fact]
    public async Task Round_robin_hands_each_new_review_to_the_next_reviewer_and_continues_across_reviews()
    {
        var scene = await SceneAsync(app);
        var second = await app.CreateMemberAsync(scene.Tenant, TenantRoles.Reviewer);
        var third = await app.CreateMemberAsync(scene.Tenant, TenantRoles.Reviewer);
        // The requester also holds Reviewer but never reviews their own request; the others take turns in id order.
        var turns = new[] { scene.Reviewer.Id, second.Id, third.Id }.Order().ToList();

        var assignees = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            app.Clock.Advance(TimeSpan.FromMinutes(5));
            var instanceId = await StartedReviewAsync(app, scene);
            assignees.Add((await ReviewTaskAsync(app, scene, instanceId)).AssigneeUserId!.Value);
        }

        Assert.Equal([turns[0], turns[1], turns[2], turns[0], turns[1]], assignees);
        var definitions = await app.InDbAsync(db => db.Set<WorkflowInstance>().Select(i => i.DefinitionId).Distinct().ToListAsync(), scene.Tenant.Id);
        Assert.Equal(["standard-review"], definitions);
    }
}
