using System.Collections.Immutable;
using VendorRisk.Domain.Questionnaires;
using VendorRisk.Domain.Questionnaires.Import;
using VendorRisk.Domain.Questionnaires.Serialization;
using VendorRisk.Infrastructure.Questionnaires.Spreadsheets;

namespace VendorRisk.IntegrationTests.Templates;

public sealed class SpreadsheetRoundTripTests
{
    private static QuestionnaireDefinition RoundTrip(QuestionnaireDefinition definition)
    {
        var bytes = QuestionnaireSpreadsheet.ExportXlsx(definition);
        using var stream = new MemoryStream(bytes);
        var tables = SpreadsheetTable.ReadXlsx(stream);
        Assert.True(tables.IsSuccess, string.Join("; ", tables.Errors));
        var imported = QuestionnaireSpreadsheet.Import(tables.Value, new ColumnMapping(), defaults: null);
        Assert.True(imported.IsSuccess, string.Join("; ", imported.Errors));
        return imported.Value;
    }

    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(AppContext.BaseDirectory, "seed-data", "questionnaires"), "*.json")) data.Add(file);
        foreach (var file in Directory.EnumerateFiles(TemplateTestKit.FindDataRoot(), "*.json")) data.Add(file);
        return data;
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Xlsx_export_then_import_gives_an_equal_definition(string file)
    {
        var text = File.ReadAllText(file);
        var definition = file.Contains("vsaq", StringComparison.Ordinal)
            ? VsaqImporter.Import(text, new VsaqImportOptions { Id = "vsaq-" + Path.GetFileNameWithoutExtension(file).Replace('_', '-') }).Value
            : QuestionnaireJson.Parse(text).Value;

        var back = RoundTrip(definition);

        Assert.Equal(QuestionnaireJson.Serialize(definition), QuestionnaireJson.Serialize(back));
    }

    [Fact]
    public void Formula_like_text_is_neutralised_in_the_sheet_and_restored_on_import()
    {
        var definition = new QuestionnaireDefinition
        {
            Id = "tricky", Version = new SemanticVersion(2, 1, 0), Title = "=HYPERLINK(\"http://evil\")",
            Sections =
            [
                new QuestionnaireSection
                {
                    Id = "s", Title = "+Section", Description = "@mention",
                    Items =
                    [
                        new QuestionnaireItem { Id = "q1", Type = ItemType.Text, Text = "-1 is negative", Help = "'=already quoted", Weight = 0.25m },
                        new QuestionnaireItem
                        {
                            Id = "q2", Type = ItemType.SingleChoice, Text = "Pick", Required = true,
                            Choices = ImmutableArray.Create(new Choice("a|b", "A = B \\ C") { Score = 1.5m }, new Choice("=c", "C") { Risk = 3m }),
                            Controls = ["iso27001:2022:A.5.19", "nist-ai-rmf:1.0:GOVERN-1.1"],
                        },
                    ],
                },
            ],
        };

        var bytes = QuestionnaireSpreadsheet.ExportXlsx(definition);
        using var stream = new MemoryStream(bytes);
        var tables = SpreadsheetTable.ReadXlsx(stream).Value;
        var items = tables.Single(t => t.Name == "Items");
        var meta = tables.Single(t => t.Name == "Questionnaire");
        Assert.Equal("'=HYPERLINK(\"http://evil\")", meta.Rows.Single(r => r[0] == "title")[1]);
        Assert.Equal("'-1 is negative", items.Rows[0][items.ColumnOf("text")]);
        Assert.Equal("''=already quoted", items.Rows[0][items.ColumnOf("help")]);
        Assert.Equal("'+Section", tables.Single(t => t.Name == "Sections").Rows[0][2]);

        var back = QuestionnaireSpreadsheet.Import(tables, new ColumnMapping(), null);
        Assert.True(back.IsSuccess, string.Join("; ", back.Errors));
        Assert.Equal(QuestionnaireJson.Serialize(definition), QuestionnaireJson.Serialize(back.Value));
    }

    [Theory]
    [InlineData("=1+1", "'=1+1")]
    [InlineData("+x", "'+x")]
    [InlineData("-x", "'-x")]
    [InlineData("@x", "'@x")]
    [InlineData("\tx", "'\tx")]
    [InlineData("\rx", "'\rx")]
    [InlineData("'=x", "''=x")]
    [InlineData("'plain", "'plain")]
    [InlineData("plain", "plain")]
    public void Cells_that_could_be_formulas_get_an_apostrophe_and_come_back_unchanged(string text, string cell)
    {
        Assert.Equal(cell, QuestionnaireSpreadsheet.NeutraliseFormula(text));
        Assert.Equal(text, QuestionnaireSpreadsheet.RestoreFormulaText(cell));
    }

    [Fact]
    public void A_duplicate_id_in_a_sheet_names_both_rows()
    {
        var csv = SpreadsheetTable.ReadCsv("id,text,type\r\nq1,One,text\r\nq1,\"Two, quoted\",text\r\n").Value;
        var result = QuestionnaireSpreadsheet.Import([csv],
            new ColumnMapping { Section = null, Choices = null, Weight = null, Controls = null, Required = null, Help = null },
            new SpreadsheetDefaults("d", "D", new SemanticVersion(1, 0, 0)));
        Assert.Contains(result.Errors, e => e.Path == "row 3, column 'id'" && e.Message == "the id 'q1' is already used in row 2");
    }
}
