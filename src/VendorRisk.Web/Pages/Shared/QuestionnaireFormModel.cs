using VendorRisk.Domain.Questionnaires;
using VendorRisk.Domain.Questionnaires.Evaluation;

namespace VendorRisk.Web.Pages.Shared;

/// <summary>
/// The model of <c>_QuestionnaireForm.cshtml</c>: renders a definition's sections and items as form fields named
/// <c>{FieldPrefix}[{itemId}]</c> (several values for multiple choice), with labels, help, required marks and the
/// errors given per item id. Items and sections the evaluation says are invisible are left out; without an
/// evaluation everything is shown. Read the posted values back with <see cref="RawValues"/>.
/// </summary>
public sealed record QuestionnaireFormModel(
    QuestionnaireDefinition Definition,
    QuestionnaireEvaluation? Evaluation,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Values,
    IReadOnlyDictionary<string, string> Errors,
    string FieldPrefix = "answers")
{
    public string FieldName(string itemId) => $"{FieldPrefix}[{itemId}]";

    public string FieldId(string itemId) => $"{FieldPrefix}-{itemId}";

    public IReadOnlyList<string> ValuesOf(string itemId) => Values.TryGetValue(itemId, out var v) ? v : [];

    public bool IsVisible(QuestionnaireItem item) => Evaluation?.Item(item.Id).Visible ?? item.VisibleIf is null;

    public bool IsRequired(QuestionnaireItem item) => Evaluation?.Item(item.Id).Required ?? item.Required;

    public bool IsVisible(QuestionnaireSection section) =>
        Evaluation?.Sections.FirstOrDefault(s => s.SectionId == section.Id)?.Visible ?? section.VisibleIf is null;

    /// <summary>The raw posted values of every answerable item of <paramref name="definition"/>.</summary>
    public static Dictionary<string, IReadOnlyList<string>> RawValues(QuestionnaireDefinition definition, Microsoft.AspNetCore.Http.IFormCollection form, string fieldPrefix = "answers") =>
        definition.AllItems().Where(i => i.IsAnswerable)
            .ToDictionary(i => i.Id, i => (IReadOnlyList<string>)form[$"{fieldPrefix}[{i.Id}]"].Select(v => v ?? "").ToList(), StringComparer.Ordinal);
}
