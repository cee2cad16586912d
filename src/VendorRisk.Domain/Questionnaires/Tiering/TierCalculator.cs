using System.Collections.Immutable;
using VendorRisk.Domain.Questionnaires.Evaluation;

namespace VendorRisk.Domain.Questionnaires.Tiering;

/// <param name="RiskScore">Inherent risk 0-100 (two decimals): higher means riskier.</param>
/// <param name="ScoreTier">The tier the score alone reaches.</param>
/// <param name="Tier">The final tier: the score tier raised by any floor that applies.</param>
/// <param name="AppliedFloors">Conditions of the floors that raised or confirmed the tier, in definition order.</param>
/// <param name="UnansweredItemIds">Visible risk questions without an answer; they count at their maximum risk.</param>
public sealed record TierAssessment(
    decimal RiskScore,
    RiskTier ScoreTier,
    RiskTier Tier,
    ImmutableArray<string> AppliedFloors,
    ImmutableArray<string> UnansweredItemIds)
{
    /// <summary>Why each applied floor holds, in the order of <see cref="AppliedFloors"/>: its reason, or its condition when it gives none.</summary>
    public ImmutableArray<string> AppliedFloorReasons { get; init; } = [];
}

/// <summary>
/// Maps an intake questionnaire's answers to an inherent-risk tier using the definition's <c>tiering</c> block.
/// Risk score = 100 x sum(weight x risk of the selected choices) / sum(weight x maximum risk), over visible items
/// whose choices carry <c>risk</c>; the tier is the highest threshold whose <c>minimumScore</c> the score reaches.
/// Unanswered visible risk questions count at their maximum: an unknown is treated as risky until answered.
/// </summary>
public static class TierCalculator
{
    public static Result<TierAssessment> Calculate(CompiledQuestionnaire questionnaire, IReadOnlyDictionary<string, AnswerValue> answers)
    {
        ArgumentNullException.ThrowIfNull(questionnaire);
        ArgumentNullException.ThrowIfNull(answers);
        var tiering = questionnaire.Definition.Tiering;
        if (tiering is null)
        {
            return Result<TierAssessment>.Failure("$.tiering", $"questionnaire '{questionnaire.Definition.Id}' defines no tiering");
        }

        var state = QuestionnaireEngine.Settle(questionnaire, answers);
        decimal risk = 0, maximum = 0;
        var unanswered = ImmutableArray.CreateBuilder<string>();
        foreach (var compiled in questionnaire.Items)
        {
            if (compiled.MaxRisk <= 0 || !state.ItemVisible[compiled.Index])
            {
                continue;
            }

            var weight = compiled.Item.Weight;
            maximum += weight * compiled.MaxRisk;
            var value = state.Slots[compiled.Index];
            if (value is null || value.IsEmpty)
            {
                unanswered.Add(compiled.Item.Id);
                risk += weight * compiled.MaxRisk;
                continue;
            }

            var selected = value.Kind == AnswerKind.Choices ? value.ListValue : [value.ToInvariantString()];
            risk += weight * selected.Sum(v => compiled.ChoiceByValue.GetValueOrDefault(v)?.Risk ?? 0m);
        }

        var score = maximum > 0 ? Math.Round(100m * risk / maximum, 2, MidpointRounding.AwayFromZero) : 0m;
        var scoreTier = tiering.Thresholds.Where(t => score >= t.MinimumScore).Select(t => t.Tier).DefaultIfEmpty(RiskTier.Low).Max();
        var tier = scoreTier;
        var applied = ImmutableArray.CreateBuilder<string>();
        var reasons = ImmutableArray.CreateBuilder<string>();
        for (var i = 0; i < tiering.Floors.Length; i++)
        {
            if (questionnaire.TierFloors[i]?.IsTrue(state.Slots) == true)
            {
                applied.Add(tiering.Floors[i].When);
                reasons.Add(tiering.Floors[i].Reason ?? tiering.Floors[i].When);
                if (tiering.Floors[i].MinimumTier > tier)
                {
                    tier = tiering.Floors[i].MinimumTier;
                }
            }
        }

        return Result<TierAssessment>.Success(new TierAssessment(score, scoreTier, tier, applied.ToImmutable(), unanswered.ToImmutable())
        {
            AppliedFloorReasons = reasons.ToImmutable(),
        });
    }
}
