using System.Globalization;
using VendorRisk.Domain.Assessments;
using VendorRisk.Domain.Questionnaires;
using VendorRisk.Infrastructure.Exports;
using VendorRisk.Infrastructure.Questionnaires.Spreadsheets;

namespace VendorRisk.Application.Portal;

/// <summary>
/// The offline round trip: one row per answerable visible question with its current answer and the version it
/// had at download, and the reading of the filled-in file back, row by row, through <see cref="AnswerWriter"/>
/// (so the same openness and conflict rules apply as online).
/// </summary>
public static class WorkbookReport
{
    public const string SheetName = "Answers";
    public static readonly string[] Headers = ["id", "section", "question", "type", "allowed values", "answer", "version"];

    public sealed record Row(int Number, string ItemId, SaveOutcome Outcome, string Message);

    public static byte[] Write(AnswerSheet sheet, Assessment assessment)
    {
        var rows = new List<string[]> { Headers };
        foreach (var section in sheet.Definition.AllSections())
        {
            foreach (var item in section.Items.Where(i => i.IsAnswerable && i.Type != ItemType.File))
            {
                if (!sheet.Evaluation.Item(item.Id).Visible || !assessment.VendorMayAnswer(item.Id)) continue;
                var value = sheet.ValueOf(item.Id);
                rows.Add([item.Id, section.Title, item.Text, TypeName(item), Allowed(item), Cell(item, value),
                    (sheet.Answers.GetValueOrDefault(item.Id)?.Version ?? 0).ToString(CultureInfo.InvariantCulture)]);
            }
        }

        // Our own writer (ADR-031): SpreadsheetML as the default namespace, so exceljs and SheetJS open it as Excel does. Text keeps the
        // round trip's apostrophe convention (NeutraliseFormula/RestoreFormulaText).
        return XlsxExportSink.Workbook([(SheetName, [.. rows.Select(r => (IReadOnlyList<ExportCell>)[.. r.Select(c => ExportCell.Of(QuestionnaireSpreadsheet.NeutraliseFormula(c)))])])]);
    }

    /// <summary>Stages every valid row on <paramref name="writer"/> and reports each row; the caller commits.</summary>
    public static (IReadOnlyList<Row> Rows, string? Error) Read(Stream stream, AnswerSheet sheet, AnswerWriter writer)
    {
        var tables = SpreadsheetTable.ReadXlsx(stream);
        if (tables.IsFailure) return ([], "The file is not a readable XLSX workbook.");
        var table = tables.Value.FirstOrDefault(t => t.Name == SheetName) ?? tables.Value[0];
        int id = table.ColumnOf("id"), answer = table.ColumnOf("answer"), version = table.ColumnOf("version");
        if (id < 0 || answer < 0 || version < 0)
            return ([], "The workbook has no 'id', 'answer' and 'version' columns. Download the questionnaire again and fill that one in.");

        var report = new List<Row>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in table.Rows.Where(r => !r.IsBlank))
        {
            var itemId = row[id].Trim();
            var text = QuestionnaireSpreadsheet.RestoreFormulaText(row[answer]);
            if (itemId.Length == 0)
            {
                report.Add(new Row(row.Number, "", SaveOutcome.Invalid, "The id is missing."));
                continue;
            }
            if (!seen.Add(itemId))
            {
                report.Add(new Row(row.Number, itemId, SaveOutcome.Invalid, "This question appears twice; only its first row was used."));
                continue;
            }
            if (string.IsNullOrWhiteSpace(text))
            {
                report.Add(new Row(row.Number, itemId, SaveOutcome.Unchanged, "Left blank: not changed."));
                continue;
            }
            if (!int.TryParse(row[version].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var downloaded))
            {
                report.Add(new Row(row.Number, itemId, SaveOutcome.Invalid, "The version cell was changed; download the questionnaire again."));
                continue;
            }
            var item = sheet.Item(itemId);
            IReadOnlyList<string> values = item?.Type == ItemType.MultipleChoice
                ? text.Split([';', ','], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                : [text];
            var result = writer.Stage(itemId, values, downloaded, onlyIfChanged: true, strict: true);
            var message = result.Outcome switch
            {
                SaveOutcome.Saved => "Saved.",
                SaveOutcome.Unchanged => "Same as the current answer: not changed.",
                SaveOutcome.Conflict => "Changed online since you downloaded the workbook: not overwritten. Check the answer on the page.",
                _ => result.Message ?? "Not saved.",
            };
            report.Add(new Row(row.Number, itemId, result.Outcome, message));
        }
        return (report, null);
    }

    private static string TypeName(QuestionnaireItem item) => item.Type switch
    {
        ItemType.SingleChoice => "one choice",
        ItemType.MultipleChoice => "several choices (separate with ;)",
        ItemType.Boolean => "yes / no",
        ItemType.Date => "date (YYYY-MM-DD)",
        _ => item.Type.ToString().ToLowerInvariant(),
    };

    private static string Allowed(QuestionnaireItem item) => item.Type switch
    {
        ItemType.SingleChoice or ItemType.MultipleChoice => string.Join("; ", item.Choices.Select(c => $"{c.Value} ({c.Label})")),
        ItemType.Boolean => "yes; no",
        ItemType.Number => item.Min is null && item.Max is null ? "a number"
            : string.Create(CultureInfo.InvariantCulture, $"a number{(item.Min is { } min ? $" from {min}" : "")}{(item.Max is { } max ? $" up to {max}" : "")}"),
        ItemType.Date => "YYYY-MM-DD",
        ItemType.Url => "an http(s) address",
        ItemType.Email => "an e-mail address",
        _ => item.MaxLength is { } length ? string.Create(CultureInfo.InvariantCulture, $"text, at most {length} characters") : "text",
    };

    private static string Cell(QuestionnaireItem item, AnswerValue? value) => value switch
    {
        null => "",
        { Kind: AnswerKind.Boolean } => value.BooleanValue ? "yes" : "no",
        { Kind: AnswerKind.Choices } => string.Join("; ", value.ListValue),
        _ => value.ToInvariantString(),
    };
}
