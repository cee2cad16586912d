using VendorRisk.Domain.Questionnaires;
using VendorRisk.Domain.Questionnaires.Expressions;

namespace VendorRisk.Domain.Tests.Questionnaires;

public class ExpressionEvaluatorTests
{
    private static readonly Dictionary<string, AnswerValue?> Values = new(StringComparer.Ordinal)
    {
        ["text"] = AnswerValue.Text("yes"),
        ["blank"] = AnswerValue.Text("  "),
        ["num"] = AnswerValue.Number(5),
        ["flag"] = AnswerValue.Boolean(true),
        ["off"] = AnswerValue.Boolean(false),
        ["day"] = AnswerValue.Date(new DateOnly(2024, 3, 1)),
        ["multi"] = AnswerValue.Choices("a", "b"),
        ["none"] = AnswerValue.Choices(),
        ["hidden"] = null,
    };

    [Theory]
    [InlineData("{text} = 'yes'", true)]
    [InlineData("{text} = \"no\"", false)]
    [InlineData("{text} != 'no'", true)]
    [InlineData("{num} = 5", true)]
    [InlineData("{num} = '5'", true)]
    [InlineData("{num} > 4 and {num} <= 5", true)]
    [InlineData("{num} < 5", false)]
    [InlineData("{num} >= 5.0", true)]
    [InlineData("{flag}", true)]
    [InlineData("{flag} = true", true)]
    [InlineData("{off}", false)]
    [InlineData("not {off}", true)]
    [InlineData("!{flag} || {num} = 5", true)]
    [InlineData("{flag} && {off}", false)]
    [InlineData("{day} > '2024-02-29'", true)]
    [InlineData("{day} = '2024-03-01'", true)]
    [InlineData("{day} < '2024-03-01'", false)]
    [InlineData("{multi} anyof ['b', 'z']", true)]
    [InlineData("{multi} anyof ['z']", false)]
    [InlineData("{multi} allof ['a', 'b']", true)]
    [InlineData("{multi} allof ['a', 'c']", false)]
    [InlineData("{multi} noneof ['c']", true)]
    [InlineData("{multi} noneof ['a']", false)]
    [InlineData("{text} anyof ['yes', 'maybe']", true)]
    [InlineData("{multi} contains 'a'", true)]
    [InlineData("{multi} notcontains 'a'", false)]
    [InlineData("{text} contains 'es'", true)]
    [InlineData("{multi} = ['b', 'a']", true)]
    [InlineData("count({multi}) = 2", true)]
    [InlineData("count({none}) = 0", true)]
    [InlineData("count({hidden}) = 0", true)]
    [InlineData("count({text}) = 1", true)]
    [InlineData("{none} empty", true)]
    [InlineData("{blank} empty", true)]
    [InlineData("{text} notempty", true)]
    [InlineData("{hidden} empty", true)]
    [InlineData("{missing} empty", true)]
    [InlineData("{hidden} = 'x'", false)]
    [InlineData("{hidden} != 'x'", true)]
    [InlineData("{hidden} > 0", false)]
    [InlineData("{hidden} < 0", false)]
    [InlineData("{hidden} anyof ['x']", false)]
    [InlineData("{hidden} noneof ['x']", true)]
    [InlineData("{hidden} contains 'x'", false)]
    [InlineData("{hidden}", false)]
    [InlineData("not {hidden}", true)]
    [InlineData("{text}", false)]
    [InlineData("{flag} = 'true'", true)]
    [InlineData("({num} = 1 or {num} = 5) and not ({text} = 'no')", true)]
    public void Evaluates(string expression, bool expected)
    {
        var node = ExpressionParser.Parse(expression).Value;
        Assert.Equal(expected, ExpressionEvaluator.IsTrue(node, Values));
    }

    [Fact]
    public void Count_returns_a_number()
    {
        var value = ExpressionEvaluator.Evaluate(ExpressionParser.Parse("count({multi})").Value, Values);
        Assert.Equal(AnswerValue.Number(2), value);
    }
}
