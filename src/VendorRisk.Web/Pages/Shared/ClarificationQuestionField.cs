namespace VendorRisk.Web.Pages.Shared;

/// <summary>The model of <c>_ClarificationQuestionField.cshtml</c>: a reviewer's own question for one reopened question, posted as <c>Input.QuestionComments[itemId]</c>.</summary>
public sealed record ClarificationQuestionField(string ItemId, string? Value, string Prefix = "Input.");
