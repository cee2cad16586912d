using VendorRisk.Domain.Tests.Questionnaires.Support;

namespace VendorRisk.Domain.Tests.Questionnaires;

/// <summary>The publish-time static checker: references, types and cycles.</summary>
public class CompilerChecksTests
{
    private const string Items = """
        { "id": "flag", "type": "boolean", "text": "Flag" },
        { "id": "num", "type": "number", "text": "Number" },
        { "id": "day", "type": "date", "text": "Day" },
        { "id": "name", "type": "text", "text": "Name" },
        { "id": "one", "type": "singleChoice", "text": "One", "choices": [ {"value":"a","label":"A"}, {"value":"b","label":"B"} ] },
        { "id": "many", "type": "multipleChoice", "text": "Many", "choices": [ {"value":"x","label":"X"}, {"value":"y","label":"Y"} ] },
        { "id": "note", "type": "info", "text": "Note" }
        """;

    private static List<string> ErrorsFor(string condition)
    {
        var json = TestData.OneSection(Items + $$""", { "id": "target", "type": "text", "text": "T", "visibleIf": {{System.Text.Json.JsonSerializer.Serialize(condition)}} }""");
        var compiled = TestData.Load(json).Compile();
        return compiled.IsSuccess ? [] : compiled.Errors.Select(e => $"{e.Path}: {e.Message}").ToList();
    }

    [Theory]
    [InlineData("{flag} = true")]
    [InlineData("{flag}")]
    [InlineData("not {flag} and {num} > 3")]
    [InlineData("{num} = '4'")]
    [InlineData("{day} >= '2024-01-01'")]
    [InlineData("{one} = 'a'")]
    [InlineData("{one} anyof ['a','b']")]
    [InlineData("{many} allof ['x']")]
    [InlineData("{many} contains 'y'")]
    [InlineData("{name} contains 'Ltd'")]
    [InlineData("count({many}) >= 1")]
    [InlineData("{name} notempty")]
    [InlineData("{many} = ['x','y']")]
    public void Accepts_well_typed_conditions(string condition) => Assert.Empty(ErrorsFor(condition));

    [Theory]
    [InlineData("{ghost} = 1", "column 1: unknown item id 'ghost'")]
    [InlineData("{note} empty", "column 1: 'note' is a info item and has no answer to read")]
    [InlineData("{flag} = 1", "column 8: type mismatch: cannot compare {flag} (boolean) with 1 (number)")]
    [InlineData("{num} = true", "type mismatch")]
    [InlineData("{num} = 'many'", "type mismatch")]
    [InlineData("{day} = 'soon'", "type mismatch")]
    [InlineData("{flag} > false", "cannot order")]
    [InlineData("{many} < 3", "cannot order")]
    [InlineData("{name} anyof ['a']", "column 8: anyof needs a singleChoice or multipleChoice item on its left, not {name} (text)")]
    [InlineData("{num} noneof [1]", "noneof needs a singleChoice or multipleChoice item")]
    [InlineData("{one} anyof 'a'", "needs an array")]
    [InlineData("{one} = 'c'", "column 9: 'c' is not a choice of 'one' (choices: a, b)")]
    [InlineData("{many} anyof ['x', 'z']", "column 20: 'z' is not a choice of 'many'")]
    [InlineData("{num}", "a condition must be true or false")]
    [InlineData("{flag} and {name}", "column 12: a condition must be true or false, but {name} (text) is not")]
    [InlineData("{num} contains 1", "contains needs a list or text")]
    [InlineData("count(1) > 0", "count() takes an item reference")]
    public void Rejects_bad_conditions(string condition, string expected)
    {
        var errors = ErrorsFor(condition);
        Assert.NotEmpty(errors);
        Assert.Contains(errors, e => e.StartsWith("$.sections[0].items[7].visibleIf: ", StringComparison.Ordinal) && e.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Reports_visibility_cycle_with_its_path()
    {
        var json = TestData.OneSection("""
            { "id": "a", "type": "boolean", "text": "A", "visibleIf": "{c} = true" },
            { "id": "b", "type": "boolean", "text": "B", "visibleIf": "{a} = true" },
            { "id": "c", "type": "boolean", "text": "C", "visibleIf": "{b} = true" },
            { "id": "d", "type": "boolean", "text": "D", "visibleIf": "{a} = true" }
            """);
        var error = Assert.Single(TestData.Load(json).Compile().Errors);
        Assert.Equal("$.sections[0].items[0].visibleIf", error.Path);
        Assert.StartsWith("visibility cycle: a -> c -> b -> a", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_section_depending_on_its_own_item_is_a_cycle()
    {
        var json = """
            {
              "id": "t", "version": "1.0.0", "title": "T",
              "sections": [ { "id": "s", "title": "S", "visibleIf": "{inner} = true",
                "items": [ { "id": "inner", "type": "boolean", "text": "Inner" } ] } ]
            }
            """;
        var error = Assert.Single(TestData.Load(json).Compile().Errors);
        Assert.Contains("visibility cycle: s -> inner -> s", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RequiredIf_on_itself_is_not_a_cycle()
    {
        var json = TestData.OneSection("""{ "id": "a", "type": "text", "text": "A", "requiredIf": "{a} notempty" }""");
        Assert.True(TestData.Load(json).Compile().IsSuccess);
    }

    [Fact]
    public void Evaluation_plan_puts_dependencies_first()
    {
        var json = TestData.OneSection("""
            { "id": "late", "type": "boolean", "text": "Late", "visibleIf": "{early} = true" },
            { "id": "early", "type": "boolean", "text": "Early" }
            """);
        var order = TestData.Compile(json).EvaluationOrder.ToList();
        Assert.Equal(["s1", "early", "late"], order);
    }

    [Fact]
    public void Finding_and_requiredIf_conditions_are_checked_too()
    {
        var json = TestData.OneSection("""
            { "id": "a", "type": "text", "text": "A", "requiredIf": "{nope} = 1" },
            { "id": "f", "type": "finding", "text": "F", "severity": "low", "when": "{a} = true" }
            """);
        var errors = TestData.Load(json).Compile().Errors;
        Assert.Contains(errors, e => e.Path == "$.sections[0].items[0].requiredIf" && e.Message.Contains("unknown item id 'nope'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Path == "$.sections[0].items[1].when" && e.Message.Contains("type mismatch", StringComparison.Ordinal));
    }
}
