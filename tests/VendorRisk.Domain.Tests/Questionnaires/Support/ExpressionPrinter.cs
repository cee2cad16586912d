using System.Globalization;
using VendorRisk.Domain.Questionnaires.Expressions;

namespace VendorRisk.Domain.Tests.Questionnaires.Support;

/// <summary>Prints a syntax tree as a fully parenthesised prefix form so tests can state the expected shape.</summary>
internal static class ExpressionPrinter
{
    public static string Print(ExpressionNode node) => node switch
    {
        StringLiteral s => $"'{s.Value}'",
        NumberLiteral n => n.Value.ToString(CultureInfo.InvariantCulture),
        BooleanLiteral b => b.Value ? "true" : "false",
        ItemReference r => $"{{{r.ItemId}}}",
        ArrayLiteral a => "[" + string.Join(",", a.Elements.Select(Print)) + "]",
        NotExpression not => $"(not {Print(not.Operand)})",
        LogicalExpression l => $"({l.Operator.ToString().ToLowerInvariant()} {Print(l.Left)} {Print(l.Right)})",
        ComparisonExpression c => $"({c.Operator} {Print(c.Left)} {Print(c.Right)})",
        EmptinessTest e => $"({(e.TestsEmpty ? "empty" : "notempty")} {Print(e.Operand)})",
        CountFunction f => $"(count {Print(f.Argument)})",
        _ => "?",
    };
}
