using System.Globalization;
using VendorRisk.Domain.Assessments;
using VendorRisk.Domain.Questionnaires;
using VendorRisk.Domain.Vendors;

namespace VendorRisk.Application.Seeding;

/// <summary>
/// The answers a demo vendor gave to a questionnaire it was decided on, so its score, control coverage and report read like a
/// real review's: the best-scoring choice on most questions, and the next one down on every <c>gapEvery</c>-th scored
/// question (deterministic, so re-seeding gives the same answers). Answers go through the portal's own input conversion.
/// Files are not uploaded: questions asking for evidence show it missing.
/// </summary>
internal static class DemoAnswers
{
    public static Dictionary<string, AnswerValue> For(QuestionnaireDefinition definition, Vendor vendor, DateOnly answeredOn, int gapEvery)
    {
        var host = vendor.Website is { } site && Uri.TryCreate(site, UriKind.Absolute, out var uri) ? uri.Host : "vendor.example";
        var answers = new Dictionary<string, AnswerValue>(StringComparer.Ordinal);
        var scored = 0;
        foreach (var item in definition.AllItems().Where(i => i.IsAnswerable))
        {
            string[] typed = item.Type switch
            {
                ItemType.SingleChoice or ItemType.Boolean when item.Choices.Any(c => c.Score is not null) =>
                    [Choose(item, weaker: ++scored % gapEvery == 0)],
                ItemType.SingleChoice => [item.Choices[0].Value],
                ItemType.Boolean => ["true"],
                ItemType.MultipleChoice => [.. item.Choices.Where(c => c.Value != "none").Take(2).Select(c => c.Value)],
                ItemType.Text => [$"{vendor.LegalName} platform"],
                ItemType.Textarea => [vendor.Description ?? $"The {vendor.LegalName} service as contracted."],
                ItemType.Email => [$"security@{host}"],
                ItemType.Url => [$"https://trust.{host}"],
                ItemType.Number => [Math.Clamp(3, item.Min ?? 3, item.Max ?? 3).ToString(CultureInfo.InvariantCulture)],
                ItemType.Date => [answeredOn.AddDays(-120).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)],
                _ => [],
            };
            if (AnswerJson.FromInput(item.Type, typed) is ({ } value, null)) answers[item.Id] = value;
        }
        return answers;
    }

    /// <summary>The value of the best-scoring choice, or of the one below it for a gap.</summary>
    private static string Choose(QuestionnaireItem item, bool weaker)
    {
        var ranked = item.Choices.Where(c => c.Score is not null).OrderByDescending(c => c.Score).ToList();
        return (weaker && ranked.Count > 1 ? ranked[1] : ranked[0]).Value;
    }
}
