using VendorRisk.Application.Common;
using VendorRisk.Domain.Questionnaires;

namespace VendorRisk.Application.Templates;

/// <summary>
/// How a template operation reports the problems of a definition: an Invalid outcome whose first error is a one-line summary on the
/// input at fault, followed by one error per problem (its JSON path, or sheet/row/column, after <see cref="Prefix"/>), so a page can
/// list them with their locations and a client can read them as fields.
/// </summary>
public static class TemplateProblems
{
    public const string Prefix = "problem:";

    public static Failure Of(string field, IEnumerable<QuestionnaireError> problems, string summary) =>
        Fail.Invalid([new FieldError(field, summary), .. problems.Select(p => new FieldError(Prefix + p.Path, p.Message))]);

    /// <summary>The definition's problems an outcome carries, with their locations.</summary>
    public static IReadOnlyList<QuestionnaireError> In(Outcome outcome) =>
        [.. outcome.Errors.Where(e => e.Field.StartsWith(Prefix, StringComparison.Ordinal)).Select(e => new QuestionnaireError(e.Field[Prefix.Length..], e.Message))];

    /// <summary>The outcome without the problems (the summary and any other messages), to show beside the form.</summary>
    public static Outcome Without(Outcome outcome) =>
        outcome.Status != OutcomeStatus.Invalid || In(outcome).Count == 0 ? outcome
            : Fail.Invalid([.. outcome.Errors.Where(e => !e.Field.StartsWith(Prefix, StringComparison.Ordinal))]);
}
