using Microsoft.EntityFrameworkCore;
using VendorRisk.Domain.Assessments;
using VendorRisk.Domain.Evidence;
using VendorRisk.Domain.Questionnaires.Evaluation;
using VendorRisk.Domain.Questionnaires.Versioning;
using VendorRisk.Infrastructure.Persistence;

namespace VendorRisk.Application.Assessments;

/// <summary>
/// Copies the previous assessment's answers into a new one (ADR-028): evidence carried first (<see cref="EvidenceCarryOver"/>), then each answer
/// the questionnaire still takes, marked carried over. A "not applicable" answer keeps the vendor's reason (ADR-026), which the reviewers of the
/// new assessment must accept again: an acceptance is never carried. The one place both issuers (by hand and the reassessment job) do this.
/// </summary>
public static class CarriedAnswers
{
    /// <summary>Stages the carried answers and returns how many answers and evidence links came over.</summary>
    public static async Task<(int Answers, int Evidence)> CarryAsync(AppDbContext db, Guid previousId, Guid assessmentId, CompiledQuestionnaire compiled,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        var evidence = await EvidenceCarryOver.CarryAsync(db, previousId, assessmentId, compiled, now, cancellationToken);
        var result = AnswerCarryOver.Carry(compiled, evidence.Remap(await AssessmentAnswers.LoadAsync(db, previousId, cancellationToken), compiled));
        var reasons = await db.AssessmentAnswers.AsNoTracking().Where(a => a.AssessmentId == previousId && a.NotApplicableReason != null)
            .ToDictionaryAsync(a => a.ItemId, a => a.NotApplicableReason!, StringComparer.Ordinal, cancellationToken);
        var items = compiled.Definition.AllItems().ToDictionary(i => i.Id, StringComparer.Ordinal);
        var count = 0;
        foreach (var (itemId, value) in result.Answers)
        {
            if (value is null || value.IsEmpty) continue;
            var answer = AssessmentAnswer.Create(assessmentId, itemId, AnswerJson.Serialize(value), null, now, carriedOver: true);
            if (reasons.TryGetValue(itemId, out var reason) && items.TryGetValue(itemId, out var item) && AssuranceScoring.ChoosesNotApplicable(item, value))
                answer.ExplainNotApplicable(reason);
            db.AssessmentAnswers.Add(answer);
            count++;
        }
        return (count, evidence.Count);
    }
}
