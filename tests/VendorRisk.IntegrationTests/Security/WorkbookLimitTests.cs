using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using VendorRisk.Infrastructure.Questionnaires.Spreadsheets;

namespace VendorRisk.IntegrationTests.Security;

/// <summary>
/// Issue 16, V4: a 17 KB portal workbook whose rows each held one cell at column XFD was padded to 16,384 cells a row (+223 MB,
/// 8.6 s). Every workbook import (portal answers, questionnaire templates) reads through <see cref="SpreadsheetTable.ReadXlsx"/>.
/// </summary>
public sealed class WorkbookLimitTests
{
    private static MemoryStream Workbook(int rows, Func<int, IEnumerable<string>> cellReferences)
    {
        var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook();
            var part = workbook.AddNewPart<WorksheetPart>();
            var data = new SheetData();
            for (var r = 1; r <= rows; r++)
            {
                var row = new Row { RowIndex = (uint)r };
                foreach (var reference in cellReferences(r))
                    row.Append(new Cell { CellReference = reference, DataType = CellValues.InlineString, InlineString = new InlineString(new Text("x")) });
                data.Append(row);
            }
            part.Worksheet = new Worksheet(data);
            workbook.Workbook.AppendChild(new Sheets(new Sheet { Id = workbook.GetIdOfPart(part), SheetId = 1, Name = "Answers" }));
        }
        stream.Position = 0;
        return stream;
    }

    [Fact]
    public void A_workbook_with_cells_at_column_xfd_is_refused_before_any_row_is_padded()
    {
        using var file = Workbook(2_000, r => [$"A{r}", $"XFD{r}"]);
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();

        var read = SpreadsheetTable.ReadXlsx(file);

        // Before the fix: success, each row padded to 16,384 cells (hundreds of megabytes for a file of a few kilobytes).
        Assert.True(read.IsFailure);
        Assert.Contains("column XFD", read.Errors.Single().Message, StringComparison.Ordinal);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - allocatedBefore < 20_000_000, "The refusal allocated more than 20 MB.");
    }

    [Fact]
    public void Workbooks_within_the_limits_are_read_and_too_many_rows_are_refused()
    {
        using var wide = Workbook(10, r => Enumerable.Range(0, SpreadsheetTable.MaxColumns).Select(c => $"{SpreadsheetTable.ColumnName(c)}{r}"));
        var read = SpreadsheetTable.ReadXlsx(wide);
        Assert.True(read.IsSuccess);
        Assert.Equal(SpreadsheetTable.MaxColumns, read.Value.Single().Headers.Count);

        using var tall = Workbook(SpreadsheetTable.MaxRows + 1, r => [$"A{r}"]);
        var refused = SpreadsheetTable.ReadXlsx(tall);
        Assert.True(refused.IsFailure);
        Assert.Contains("rows", refused.Errors.Single().Message, StringComparison.Ordinal);
    }
}
