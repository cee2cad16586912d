using System.Collections.Immutable;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using VendorRisk.Domain.Assessments;
using VendorRisk.Domain.Reviews;
using VendorRisk.Domain.Tenancy;
using VendorRisk.Domain.Workflows;
using VendorRisk.Domain.Workflows.Runtime;
using VendorRisk.IntegrationTests.Infrastructure;
using VendorRisk.IntegrationTests.Reviews;
using static VendorRisk.IntegrationTests.Reviews.ReviewTestKit;

namespace VendorRisk.IntegrationTests.ReviewOps;

/// <summary>
/// Two hosts on one database: <see cref="V1"/> with the shipped workflows (reviews start on standard-review v1) and
/// <see cref="V2"/> whose workflows folder adds a published standard-review v2 written here: the review task is retitled
/// and the clarification activity renamed (<c>clarify</c> becomes <c>clarify-vendor</c>), so one waiting point maps by
/// id and the other must be chosen.
/// </summary>
public sealed class MigrationHosts : IDisposable
{
    private readonly string _workflows = Path.Combine(Path.GetTempPath(), "vendorrisk-tests", "workflows-" + Guid.NewGuid().ToString("N"));

    public MigrationHosts()
    {
        V1 = new VendorRiskApp();
        Directory.CreateDirectory(V1.DataFolder);
        var shipped = Path.Combine(AppContext.BaseDirectory, "workflows");
        foreach (var file in Directory.GetFiles(shipped, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(_workflows, Path.GetRelativePath(shipped, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        WriteStandardReviewV2();
        _ = V1.Services; // the first host migrates the database
        V2 = new SharedHost(V1.DataFolder, _workflows);
    }

    public VendorRiskApp V1 { get; }

    public VendorRiskApp V2 { get; }

    public void Dispose()
    {
        V2.Dispose();
        V1.Dispose();
        try { Directory.Delete(_workflows, recursive: true); } catch (IOException) { }
    }

    private void WriteStandardReviewV2()
    {
        var folder = Path.Combine(_workflows, "standard-review");
        var v2 = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "v1.json")))!.AsObject();
        v2["version"] = 2;
        v2["status"] = "draft";
        v2["description"] = "Version 2: the clarification step is called clarify-vendor.";
        foreach (var activity in v2["activities"]!.AsArray().Select(a => a!.AsObject()))
        {
            if ((string?)activity["id"] == "review") activity["title"] = "Review the assessment (v2)";
            if ((string?)activity["id"] == "clarify") activity["id"] = "clarify-vendor";
            if (activity["outcomes"] is JsonObject outcomes)
            {
                foreach (var key in outcomes.Select(o => o.Key).ToList())
                {
                    if ((string?)outcomes[key] == "clarify") outcomes[key] = "clarify-vendor";
                }
            }
        }
        File.WriteAllText(Path.Combine(folder, "v2.json"), v2.ToJsonString());
        var draft = WorkflowLoader.LoadFolder(_workflows);
        Assert.True(draft.IsSuccess, string.Join("; ", draft.Errors));
        var hash = draft.Catalog!.Find("standard-review", 2)!.Hash;
        v2["status"] = "published";
        File.WriteAllText(Path.Combine(folder, "v2.json"), v2.ToJsonString());
        var lockPath = Path.Combine(_workflows, WorkflowLoader.LockFileName);
        var lockFile = JsonNode.Parse(File.ReadAllText(lockPath))!.AsObject();
        lockFile["standard-review/v2.json"] = hash;
        File.WriteAllText(lockPath, lockFile.ToJsonString());
        var published = WorkflowLoader.LoadFolder(_workflows);
        Assert.True(published.IsSuccess, string.Join("; ", published.Errors));
    }
}

public sealed class MigrationTests(MigrationHosts hosts) : IClassFixture<MigrationHosts>
{
    private static readonly ImmutableDictionary<string, WorkflowValue> LowResidual =
        ImmutableDictionary<string, WorkflowValue>.Empty.Add("residualRisk", WorkflowValue.OfString("low"));

    private VendorRiskApp V1 => hosts.V1;

    private VendorRiskApp V2 => hosts.V2;

    private static string Url(ReviewScene scene, Guid instanceId) => $"/t/{scene.Tenant.Slug}/reviews/migrate/{instanceId}";

    private static Dictionary<string, string> Map(string waiting, string target) => new() { [$"Input.Mapping[{waiting}]"] = target };

    /// <summary>A running standard-review v1 instance waiting in <c>review</c>, started on the v1 host.</summary>
    private async Task<(ReviewScene Scene, Guid InstanceId)> RunningOnV1Async()
    {
        var scene = await SceneAsync(V1);
        var instanceId = await StartedReviewAsync(V1, scene);
        Assert.Equal(1, (await InstanceAsync(V1, scene, instanceId)).DefinitionVersion);
        return (scene, instanceId);
    }

    [Fact]
    public async Task A_tenant_admin_moves_a_running_review_to_the_newer_version_with_the_prefilled_mapping()
    {
        var (scene, instanceId) = await RunningOnV1Async();
        var task = await ReviewTaskAsync(V1, scene, instanceId);
        var admin = await V2.SignedInAsync(scene.Admin);
        var instancePage = await admin.GetDocumentAsync($"/t/{scene.Tenant.Slug}/reviews/instance/{instanceId}");
        Assert.NotNull(instancePage.QuerySelector($"a[href='{Url(scene, instanceId)}']"));
        var page = await admin.GetDocumentAsync(Url(scene, instanceId));
        var prefilled = page.QuerySelector("select[name='Input.Mapping[review]'] option[selected]")?.GetAttribute("value");
        Assert.Equal("review", prefilled);

        var response = await admin.SubmitAsync(page, Url(scene, instanceId), Map("review", prefilled!));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var v2 = V2.Services.GetRequiredService<WorkflowCatalog>().Find("standard-review", 2)!;
        var instance = await InstanceAsync(V2, scene, instanceId);
        Assert.Equal((2, v2.Hash, "waiting", "review"), (instance.DefinitionVersion, instance.DefinitionHash, instance.Status, instance.CurrentActivityId));
        var moved = await ReviewTaskAsync(V2, scene, instanceId);
        Assert.Equal((task.Id, "review", "Review the assessment (v2)", scene.Reviewer.Id, task.DueAt),
            (moved.Id, moved.ActivityId, moved.Title, moved.AssigneeUserId, moved.DueAt));
        var journal = (await V2.JournalAsync(scene, instanceId))[^1];
        Assert.Equal(("review", "review", "migrated v1 to v2", scene.Admin.Id), (journal.FromActivityId, journal.ToActivityId, journal.Outcome, journal.ByUserId));
        var audit = Assert.Single(await V2.AuditAsync(scene.Tenant, "review.migrated"));
        Assert.Contains("\"review\":\"review\"", audit.DetailsJson, StringComparison.Ordinal);

        // The review continues on v2: the reviewer's decision finishes it.
        Assert.True((await DecideAsync(V2, scene, instanceId, moved.TaskId, "approve", scene.Reviewer, variables: LowResidual)).Applied);
        Assert.Equal(AssessmentStatus.Approved, (await AssessmentOfAsync(V2, scene, instanceId)).Status);
    }

    [Fact]
    public async Task A_waiting_activity_without_a_same_named_counterpart_must_be_mapped_to_a_compatible_waiting_activity()
    {
        var (scene, instanceId) = await RunningOnV1Async();
        var review = await ReviewTaskAsync(V1, scene, instanceId);
        Assert.True((await DecideAsync(V1, scene, instanceId, review.TaskId, "requestClarification", scene.Reviewer, questions: ["mfa"])).Applied);
        var admin = await V2.SignedInAsync(scene.Admin);
        var page = await admin.GetDocumentAsync(Url(scene, instanceId));
        Assert.Null(page.QuerySelector("select[name='Input.Mapping[clarify]'] option[selected][value='clarify-vendor']"));
        var version = (await InstanceAsync(V2, scene, instanceId)).Version;

        var unmapped = await Forms.ParseAsync(await admin.SubmitAsync(page, Url(scene, instanceId), new Dictionary<string, string>()));
        var decision = await Forms.ParseAsync(await admin.SubmitAsync(page, Url(scene, instanceId), Map("clarify", "review")));
        var notWaiting = await Forms.ParseAsync(await admin.SubmitAsync(page, Url(scene, instanceId), Map("clarify", "residual-risk")));
        var missing = await Forms.ParseAsync(await admin.SubmitAsync(page, Url(scene, instanceId), Map("clarify", "no-such-step")));

        Assert.Contains("takes over 'clarify'", unmapped.FieldError("Input.Mapping[clarify]"), StringComparison.Ordinal);
        Assert.Contains("'review' is a awaitDecision", decision.FieldError("Input.Mapping[clarify]"), StringComparison.Ordinal);
        Assert.Contains("does not wait", notWaiting.FieldError("Input.Mapping[clarify]"), StringComparison.Ordinal);
        Assert.Contains("no activity 'no-such-step'", missing.FieldError("Input.Mapping[clarify]"), StringComparison.Ordinal);
        Assert.Equal((version, 1), ((await InstanceAsync(V2, scene, instanceId)).Version, (await InstanceAsync(V2, scene, instanceId)).DefinitionVersion));

        var response = await admin.SubmitAsync(page, Url(scene, instanceId), Map("clarify", "clarify-vendor"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var clarification = Assert.Single(await OpenTasksAsync(V2, scene, instanceId));
        Assert.Equal("clarify-vendor", clarification.ActivityId);
        var state = WorkflowStateJson.Deserialize((await InstanceAsync(V2, scene, instanceId)).StateJson);
        Assert.Equal(1, state.Rounds["clarify-vendor"]); // the round already used counts against v2's bound
        Assert.True((await RunAsync(V2, scene, r => r.ClarificationAnsweredAsync(clarification.AssessmentId, scene.Requester.Id))).Applied);
        Assert.Equal("review", (await ReviewTaskAsync(V2, scene, instanceId)).ActivityId);
    }

    [Fact]
    public async Task A_stale_form_a_wrong_version_and_a_finished_review_are_refused_and_change_nothing()
    {
        var (scene, instanceId) = await RunningOnV1Async();
        var admin = await V2.SignedInAsync(scene.Admin);
        var page = await admin.GetDocumentAsync(Url(scene, instanceId));
        var task = await ReviewTaskAsync(V1, scene, instanceId);
        Assert.True((await RunAsync(V1, scene, r => r.HandleAsync(instanceId,
            new DeadlineExtended(task.TaskId, scene.Reviewer.Id.ToString(), "more time"), scene.Reviewer.Id))).Applied);

        var stale = await admin.SubmitAsync(page, Url(scene, instanceId), Map("review", "review"));
        var older = await Forms.ParseAsync(await admin.SubmitAsync(Url(scene, instanceId), new Dictionary<string, string> { ["Input.TargetVersion"] = "1" }));

        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Contains("moved on", (await Forms.ParseAsync(stale)).ValidationMessages().Single(), StringComparison.Ordinal);
        Assert.NotNull(older.FieldError("Input.TargetVersion"));
        Assert.Equal(1, (await InstanceAsync(V2, scene, instanceId)).DefinitionVersion);

        Assert.True((await DecideAsync(V1, scene, instanceId, task.TaskId, "reject", scene.Reviewer)).Applied);
        var finished = await admin.GetDocumentAsync(Url(scene, instanceId));
        Assert.Null(finished.QuerySelector("main form[method=post]"));
        var crafted = await admin.PostCraftedAsync(Url(scene, instanceId), $"/t/{scene.Tenant.Slug}/reviews/instance/{instanceId}",
            new Dictionary<string, string>(Map("review", "review")) { ["Input.TargetVersion"] = "2", ["Input.InstanceVersion"] = "0" });
        Assert.Equal(HttpStatusCode.OK, crafted.StatusCode);
        Assert.Contains("finished", (await Forms.ParseAsync(crafted)).ValidationMessages().Single(), StringComparison.Ordinal);
        var instance = await InstanceAsync(V2, scene, instanceId);
        Assert.Equal((1, "completed"), (instance.DefinitionVersion, instance.Status));
    }

    [Fact]
    public async Task Only_a_tenant_admin_of_the_tenant_may_move_a_review()
    {
        var (scene, instanceId) = await RunningOnV1Async();
        var url = Url(scene, instanceId);
        var fields = new Dictionary<string, string>(Map("review", "review")) { ["Input.TargetVersion"] = "2", ["Input.InstanceVersion"] = "1" };
        var instancePage = $"/t/{scene.Tenant.Slug}/reviews/instance/{instanceId}";

        foreach (var roles in new[] { TenantRoles.VendorManager, TenantRoles.Reviewer, TenantRoles.CommitteeMember, TenantRoles.Auditor })
        {
            var client = await V2.SignedInAsync(await V2.CreateMemberAsync(scene.Tenant, roles));
            ReviewOpsKit.AssertRefused(await client.GetAsync(url));
            ReviewOpsKit.AssertRefused(await client.PostCraftedAsync(url, instancePage, fields));
        }
        var requester = await V2.SignedInAsync(scene.Requester);
        ReviewOpsKit.AssertRefused(await requester.PostCraftedAsync(url, instancePage, fields));
        var contact = await V2.SignedInAsync(await V2.CreateMemberAsync(scene.Tenant, TenantRoles.VendorContact, vendorId: scene.VendorId));
        ReviewOpsKit.AssertRefused(await contact.GetAsync(url));
        var other = await V2.CreateTenantAsync();
        var outsider = await V2.SignedInAsync(await V2.CreateMemberAsync(other, TenantRoles.TenantAdmin));
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync($"/t/{other.Slug}/reviews/migrate/{instanceId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound,
            (await outsider.PostCraftedAsync($"/t/{other.Slug}/reviews/migrate/{instanceId}", $"/t/{other.Slug}/dashboard", fields)).StatusCode);

        Assert.Equal(1, (await InstanceAsync(V2, scene, instanceId)).DefinitionVersion);
        Assert.Empty(await V2.AuditAsync(scene.Tenant, "review.migrated"));
    }
}
