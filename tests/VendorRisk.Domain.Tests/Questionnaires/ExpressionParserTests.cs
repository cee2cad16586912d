using VendorRisk.Domain.Questionnaires.Expressions;
using VendorRisk.Domain.Tests.Questionnaires.Support;

namespace VendorRisk.Domain.Tests.Questionnaires;

public class ExpressionParserTests
{
    [Theory]
    [InlineData("{a} = 'x'", "(Equal {a} 'x')")]
    [InlineData("{a} == \"x\"", "(Equal {a} 'x')")]
    [InlineData("{a} != 3", "(NotEqual {a} 3)")]
    [InlineData("{a} <> 3", "(NotEqual {a} 3)")]
    [InlineData("{n} >= 2.5 and {n} < 10", "(and (GreaterOrEqual {n} 2.5) (Less {n} 10))")]
    [InlineData("{n} <= -1 or {n} > 1", "(or (LessOrEqual {n} -1) (Greater {n} 1))")]
    [InlineData("{a} && {b} || {c}", "(or (and {a} {b}) {c})")]
    [InlineData("{a} or {b} and {c}", "(or {a} (and {b} {c}))")]
    [InlineData("({a} or {b}) and {c}", "(and (or {a} {b}) {c})")]
    [InlineData("not {a} = true", "(not (Equal {a} true))")]
    [InlineData("!{a}", "(not {a})")]
    [InlineData("! ! {a}", "(not (not {a}))")]
    [InlineData("{m} anyof ['a', 'b']", "(AnyOf {m} ['a','b'])")]
    [InlineData("{m} ALLOF ['a']", "(AllOf {m} ['a'])")]
    [InlineData("{m} noneof []", "(NoneOf {m} [])")]
    [InlineData("{m} contains 'a'", "(Contains {m} 'a')")]
    [InlineData("{m} notcontains 'a'", "(NotContains {m} 'a')")]
    [InlineData("{q} empty", "(empty {q})")]
    [InlineData("{q} notempty and {r} Empty", "(and (notempty {q}) (empty {r}))")]
    [InlineData("count({m}) > 2", "(Greater (count {m}) 2)")]
    [InlineData("{ spaced.id-1 } = FALSE", "(Equal {spaced.id-1} false)")]
    [InlineData("{a} = 'it\\'s'", "(Equal {a} 'it's')")]
    public void Parses_to_expected_tree(string text, string expected)
    {
        var result = ExpressionParser.Parse(text);
        Assert.True(result.IsSuccess, string.Join("; ", result.Errors));
        Assert.Equal(expected, ExpressionPrinter.Print(result.Value));
    }

    [Theory]
    [InlineData("", "column 1: expression is empty")]
    [InlineData("{a} = ", "column 7: expected a value but found end of expression")]
    [InlineData("({a} = 1", "column 9: expected ')' but found end of expression")]
    [InlineData("{a} = 'x", "column 7: unterminated string")]
    [InlineData("{a = 1", "column 1: unterminated reference")]
    [InlineData("{a} = 1 {b}", "column 9: unexpected reference {b}")]
    [InlineData("{a} # 1", "column 5: unexpected character '#'")]
    [InlineData("a = 1", "column 1: unexpected word 'a'")]
    [InlineData("sum({a}) > 1", "column 1: unknown function 'sum'")]
    [InlineData("{a} anyof ['x', {b}]", "column 17: array elements must be literals")]
    [InlineData("{a} and or {b}", "column 9: expected a value but found 'or'")]
    [InlineData("{} = 1", "column 1: empty reference")]
    public void Reports_syntax_errors_with_column(string text, string expectedFragment)
    {
        var result = ExpressionParser.Parse(text);
        Assert.True(result.IsFailure);
        var message = Assert.Single(result.Errors).Message;
        Assert.Contains(expectedFragment, message, StringComparison.Ordinal);
    }

    [Fact]
    public void Nodes_carry_their_column()
    {
        var node = (LogicalExpression)ExpressionParser.Parse("{a} = 1 and {b} empty").Value;
        Assert.Equal(9, node.Position);
        Assert.Equal(5, ((ComparisonExpression)node.Left).Position);
        Assert.Equal(13, ((EmptinessTest)node.Right).Position);
    }

    [Fact]
    public void References_are_listed_in_order()
    {
        var node = ExpressionParser.Parse("{a} = 1 and (count({b}) > 0 or not {c} empty)").Value;
        Assert.Equal(["a", "b", "c"], node.References().Select(r => r.ItemId));
    }
}
