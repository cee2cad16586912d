using VendorRisk.Domain.Workflows;
using static VendorRisk.Domain.Tests.Workflows.WorkflowTestData;

namespace VendorRisk.Domain.Tests.Workflows;

public class DefinitionValidationTests
{
    private const string Tail = """
        { "id": "assign", "type": "assignReviewer", "role": "Reviewer", "strategy": "leastLoaded", "assignment": "reviewer", "outcomes": { "assigned": "review" } },
        { "id": "review", "type": "awaitDecision", "assignee": "reviewer", "outcomes": { "approve": "approved", "reject": "rejected" } },
        { "id": "approved", "type": "end", "result": "approved" },
        { "id": "rejected", "type": "end", "result": "rejected" }
        """;

    private static string Valid(string first = """{ "id": "score", "type": "autoScore", "outcomes": { "done": "assign" } }""") => Definition($"{first},\n{Tail}");

    [Fact]
    public void A_minimal_definition_loads()
    {
        var definition = Read(Valid());
        Assert.Equal("score", definition.Start);
        Assert.Equal(5, definition.Activities.Length);
        Assert.Equal(64, definition.Hash.Length);
    }

    [Fact]
    public void Outcome_targeting_an_unknown_activity_is_rejected_with_file_and_names()
    {
        var errors = Errors(Valid("""{ "id": "score", "type": "autoScore", "outcomes": { "done": "nowhere" } }"""), "workflows/standard-review/v1.json");
        Assert.Contains("workflows/standard-review/v1.json: activity 'score' outcome 'done' targets unknown activity 'nowhere'", errors);
    }

    [Fact]
    public void Unreachable_activity_is_rejected()
    {
        var json = Definition($$"""
            { "id": "score", "type": "autoScore", "outcomes": { "done": "assign" } },
            { "id": "orphan", "type": "notify", "template": "x", "to": ["vendor"], "outcomes": { "done": "approved" } },
            {{Tail}}
            """);
        Assert.Contains("workflows/test/v1.json: activity 'orphan' is unreachable from start 'score'", Errors(json));
    }

    [Fact]
    public void Path_that_cannot_reach_an_end_is_rejected()
    {
        var json = Definition($$"""
            { "id": "score", "type": "autoScore", "outcomes": { "done": "assign" } },
            { "id": "assign", "type": "assignReviewer", "role": "Reviewer", "strategy": "roundRobin", "assignment": "reviewer", "outcomes": { "assigned": "review" } },
            { "id": "review", "type": "awaitDecision", "assignee": "reviewer", "outcomes": { "approve": "approved", "reject": "ping" } },
            { "id": "ping", "type": "notify", "template": "x", "to": ["vendor"], "outcomes": { "done": "pong" } },
            { "id": "pong", "type": "notify", "template": "y", "to": ["vendor"], "outcomes": { "done": "ping" } },
            { "id": "approved", "type": "end", "result": "approved" }
            """);
        var errors = Errors(json);
        Assert.Contains("workflows/test/v1.json: activity 'ping' has no path to an end activity", errors);
        Assert.Contains("workflows/test/v1.json: activity 'pong' has no path to an end activity", errors);
    }

    [Fact]
    public void Loop_without_a_round_bound_is_rejected()
    {
        var json = Definition($$"""
            { "id": "score", "type": "autoScore", "outcomes": { "done": "assign" } },
            { "id": "assign", "type": "assignReviewer", "role": "Reviewer", "strategy": "leastLoaded", "assignment": "reviewer", "outcomes": { "assigned": "review" } },
            { "id": "review", "type": "awaitDecision", "assignee": "reviewer", "outcomes": { "approve": "approved", "reject": "rejected", "again": "assign" } },
            { "id": "approved", "type": "end", "result": "approved" },
            { "id": "rejected", "type": "end", "result": "rejected" }
            """);
        var error = Assert.Single(Errors(json));
        Assert.StartsWith("workflows/test/v1.json: loop assign -> review -> assign is not bounded", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Loop_through_a_clarification_with_max_rounds_is_allowed_but_not_through_its_exhausted_outcome()
    {
        string Json(string exhaustedTarget) => Definition($$"""
            { "id": "score", "type": "autoScore", "outcomes": { "done": "assign" } },
            { "id": "assign", "type": "assignReviewer", "role": "Reviewer", "strategy": "leastLoaded", "assignment": "reviewer", "outcomes": { "assigned": "review" } },
            { "id": "review", "type": "awaitDecision", "assignee": "reviewer", "outcomes": { "approve": "approved", "reject": "rejected", "requestClarification": "clarify" } },
            { "id": "clarify", "type": "requestClarification", "responseHours": 48, "maxRounds": 2, "outcomes": { "answered": "review", "expired": "review", "roundsExhausted": "{{exhaustedTarget}}" } },
            { "id": "approved", "type": "end", "result": "approved" },
            { "id": "rejected", "type": "end", "result": "rejected" }
            """);
        Read(Json("rejected"));
        var error = Assert.Single(Errors(Json("review")));
        Assert.Contains("loop review -> clarify -> review is not bounded", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Condition_with_bad_syntax_is_rejected()
    {
        var errors = Errors(Valid("""
            { "id": "score", "type": "decision", "cases": [ { "when": "{score} >= ", "outcome": "high" } ], "default": "low", "outcomes": { "high": "assign", "low": "assign" } }
            """));
        var error = Assert.Single(errors);
        Assert.StartsWith("workflows/test/v1.json: activity 'score' case 1 condition '{score} >= ': syntax error at column", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Condition_reading_an_undeclared_variable_is_rejected()
    {
        var errors = Errors(Valid("""
            { "id": "score", "type": "decision", "cases": [ { "when": "{scor} >= 70", "outcome": "high" } ], "default": "low", "outcomes": { "high": "assign", "low": "assign" } }
            """));
        Assert.Equal("workflows/test/v1.json: activity 'score' condition '{scor} >= 70' uses undeclared variable 'scor'", Assert.Single(errors));
    }

    [Fact]
    public void Duplicate_activity_id_is_rejected()
    {
        var json = Definition($$"""
            { "id": "score", "type": "autoScore", "outcomes": { "done": "assign" } },
            { "id": "assign", "type": "notify", "template": "x", "to": ["vendor"], "outcomes": { "done": "approved" } },
            {{Tail}}
            """);
        Assert.Contains("workflows/test/v1.json: duplicate activity id 'assign'", Errors(json));
    }

    [Fact]
    public void Missing_start_activity_is_rejected()
    {
        Assert.Contains("workflows/test/v1.json: start activity 'begin' does not exist",
            Errors(Definition($$"""{ "id": "score", "type": "autoScore", "outcomes": { "done": "assign" } }, {{Tail}}""", start: "begin")));
    }

    [Fact]
    public void Missing_required_outcome_and_dead_outcome_are_rejected()
    {
        var errors = Errors(Definition($$"""
            { "id": "score", "type": "autoScore", "outcomes": { "finished": "assign" } },
            {{Tail}}
            """));
        Assert.Contains("workflows/test/v1.json: activity 'score' has no target for outcome 'done'", errors);
        Assert.Contains("workflows/test/v1.json: activity 'score' outcome 'finished' can never be taken (autoScore takes done)", errors);
    }

    [Fact]
    public void Sla_exhausted_outcome_must_be_one_of_the_decisions()
    {
        var json = Definition("""
            { "id": "score", "type": "autoScore", "outcomes": { "done": "assign" } },
            { "id": "assign", "type": "assignReviewer", "role": "Reviewer", "strategy": "leastLoaded", "assignment": "reviewer", "outcomes": { "assigned": "review" } },
            { "id": "review", "type": "awaitDecision", "assignee": "reviewer",
              "sla": { "dueInHours": 24, "escalateToRole": "TenantAdmin", "maxExtensions": 0, "escalations": 1, "onEscalationsExhausted": "timeout" },
              "outcomes": { "approve": "approved" } },
            { "id": "approved", "type": "end", "result": "approved" }
            """);
        Assert.Equal("workflows/test/v1.json: activity 'review' has no target for outcome 'timeout'", Assert.Single(Errors(json)));
    }

    [Fact]
    public void Await_decision_needs_an_assignment_made_by_an_assign_reviewer_activity()
    {
        var json = Definition("""
            { "id": "score", "type": "autoScore", "outcomes": { "done": "review" } },
            { "id": "review", "type": "awaitDecision", "assignee": "someone", "outcomes": { "approve": "approved" } },
            { "id": "approved", "type": "end", "result": "approved" }
            """);
        Assert.Equal("workflows/test/v1.json: activity 'review' assignee 'someone' is not set by any assignReviewer activity", Assert.Single(Errors(json)));
    }

    [Theory]
    [InlineData("""{ "id": "score", "type": "autoScore", "outcomes": { "done": "assign" }, "colour": "red" }""", "$.activities[0] ('score'): unknown property 'colour'")]
    [InlineData("""{ "id": "score", "type": "magic", "outcomes": { "done": "assign" } }""", "$.activities[0] ('score').type: unknown activity type 'magic'")]
    [InlineData("""{ "id": "score", "type": "assignReviewer", "role": "Boss", "strategy": "leastLoaded", "assignment": "x", "outcomes": { "assigned": "assign" } }""", "$.activities[0] ('score').role: unknown role 'Boss'")]
    [InlineData("""{ "id": "score", "type": "assignReviewer", "role": "Reviewer", "strategy": "random", "assignment": "x", "outcomes": { "assigned": "assign" } }""", "$.activities[0] ('score').strategy: must be one of roundRobin, leastLoaded")]
    [InlineData("""{ "id": "score", "type": "requestClarification", "responseHours": 0, "maxRounds": 2, "outcomes": { "answered": "assign" } }""", "$.activities[0] ('score').responseHours: must be a whole number, at least 1")]
    [InlineData("""{ "id": "score", "type": "committeeApproval", "role": "CommitteeMember", "quorum": { "minVotes": 3, "rule": "most" }, "deadlineHours": 24, "outcomes": { "approve": "assign" } }""", "$.activities[0] ('score').quorum.rule: must be one of majority, twoThirds, unanimous")]
    public void Shape_errors_name_the_file_and_the_json_path(string first, string message)
    {
        Assert.Contains(Errors(Valid(first)), e => e.StartsWith($"workflows/test/v1.json: {message}", StringComparison.Ordinal));
    }

    [Fact]
    public void Missing_top_level_properties_and_malformed_json_are_reported()
    {
        Assert.Contains("workflows/test/v1.json: $: 'start' is required", Errors("""{ "id": "test", "version": 1, "status": "draft", "name": "T", "appliesTo": { "tiers": ["low"] }, "variables": {}, "activities": [] }"""));
        Assert.StartsWith("workflows/test/v1.json: malformed JSON at line 1", Assert.Single(Errors("{ \"id\": ")), StringComparison.Ordinal);
    }

    [Fact]
    public void Reserved_variable_with_the_wrong_type_is_rejected()
    {
        var errors = Errors(Definition($$"""{ "id": "score", "type": "autoScore", "outcomes": { "done": "assign" } }, {{Tail}}""", variables: """ "score": { "type": "string" } """));
        Assert.Contains("workflows/test/v1.json: $.variables.score.type: 'score' is set by the engine and must be a number", errors);
    }

    [Fact]
    public void Loader_rejects_a_file_whose_path_does_not_match_its_id_or_version()
    {
        var json = Valid();
        var result = WorkflowLoader.Load("workflows", [new WorkflowFile("other/v1.json", json), new WorkflowFile("test/v2.json", json), new WorkflowFile("test/latest.json", json)], null);
        Assert.False(result.IsSuccess);
        Assert.Contains(result.Errors, e => e.ToString() == "workflows/other/v1.json: id 'test' does not match its folder 'other'");
        Assert.Contains(result.Errors, e => e.ToString() == "workflows/test/v2.json: version 1 does not match its file name v2.json");
        Assert.Contains(result.Errors, e => e.ToString() == "workflows/test/latest.json: definition files must be named <definitionId>/v<N>.json");
    }

    [Fact]
    public void Loader_rejects_two_published_definitions_for_the_same_tier()
    {
        string Published(string id) => Valid().Replace("\"id\": \"test\"", $"\"id\": \"{id}\"", StringComparison.Ordinal)
            .Replace("\"status\": \"draft\"", "\"status\": \"published\"", StringComparison.Ordinal);
        var a = Published("first");
        var b = Published("second");
        var lockText = $$"""{ "first/v1.json": "{{WorkflowDefinitionReader.CanonicalHash(a)}}", "second/v1.json": "{{WorkflowDefinitionReader.CanonicalHash(b)}}" }""";
        var result = WorkflowLoader.Load("workflows", [new WorkflowFile("first/v1.json", a), new WorkflowFile("second/v1.json", b)], lockText);
        Assert.Equal(["workflows: first v1 and second v1 both apply to tier 'low' for every questionnaire"], result.Errors.Select(e => e.ToString()));
    }

    [Fact]
    public void Drafts_are_not_locked_and_may_change()
    {
        var result = WorkflowLoader.Load("workflows", [new WorkflowFile("test/v1.json", Valid())], "{}");
        Assert.True(result.IsSuccess, string.Join("\n", result.Errors));
        Assert.Null(result.Catalog!.SelectFor(VendorRisk.Domain.Questionnaires.RiskTier.Low, null));
    }
}
