using System.Globalization;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace VendorRisk.IntegrationTests.Templates;

#pragma warning disable CA1861 // Fixture rows are built once per test.

/// <summary>
/// Questionnaire files as buyers hold them, built here (no third-party content): a workbook in the style of SIG Lite (a cover sheet,
/// merged title rows, a category column, "Yes/No/N/A" in a response-options column, additional information and notes), one in the
/// style of CAIQ (an introduction sheet, merged titles, domain heading rows, an empty answer column, notes) and a Windows-1252 CSV.
/// </summary>
internal static class SheetFixtures
{
    public static readonly string[] SigCategories =
    [
        "A. Enterprise Risk Management", "B. Security Policy", "C. Organizational Security", "D. Asset and Info Management",
        "E. Human Resources Security", "F. Physical and Environmental", "G. IT Operations Management", "H. Access Control",
        "I. Application Security", "J. Cybersecurity Incident Mgmt", "K. Operational Resilience", "L. Compliance Management",
    ];

    public const int SigQuestionsPerCategory = 10;

    /// <summary>120 questions; every 10th is free text; A.2 applies only if A.1 is Yes; some rows carry additional information and notes.</summary>
    public static byte[] SigLite()
    {
        var rows = new List<string?[]>
        {
            new[] { "Standardized Information Gathering Questionnaire - Lite (style fixture)" },
            new[] { "Answer every question in the Response column. Use the Additional Information column to explain." },
            Array.Empty<string?>(),
            new[] { "Ques Num", "Category", "Question/Request", "Response", "Response Options", "Additional Information", "Notes", "Applies If" },
        };
        for (var c = 0; c < SigCategories.Length; c++)
        {
            var letter = SigCategories[c][0];
            for (var q = 1; q <= SigQuestionsPerCategory; q++)
            {
                rows.Add(
                [
                    $"{letter}.{q}", SigCategories[c], $"{SigCategories[c][3..]}: is control {letter}.{q} in place and reviewed at least annually?",
                    null, q == 10 ? "Text" : "Yes/No/N/A", q == 3 ? "Attach the policy or describe where it is published." : null,
                    q == 5 ? "Scoping note: applies to production systems only." : null,
                    letter == 'A' && q == 2 ? "A.1 = Yes" : null,
                ]);
            }
        }

        return Workbook(
            ("Business Information", [["Business Information"], ["Company name", ""], ["Date completed", ""]], ["A1:D1"]),
            ("SIG Lite", rows, ["A1:H1", "A2:H2"]));
    }

    public static readonly string[] CaiqDomains =
    [
        "Audit & Assurance", "Application & Interface Security", "Business Continuity Management", "Change Control",
        "Cryptography & Key Management", "Datacenter Security", "Data Security & Privacy", "Governance, Risk & Compliance",
        "Human Resources", "Identity & Access Management", "Interoperability & Portability", "Infrastructure Security",
        "Logging & Monitoring", "Security Incident Management", "Supply Chain Management", "Threat & Vulnerability Management",
        "Universal Endpoint Management",
    ];

    private static readonly string[] CaiqCodes = ["A&A", "AIS", "BCR", "CCC", "CEK", "DCS", "DSP", "GRC", "HRS", "IAM", "IPY", "I&S", "LOG", "SEF", "STA", "TVM", "UEM"];

    public const int CaiqQuestionsPerDomain = 7;

    /// <summary>17 domains of 7 questions (119), ids such as "A&amp;A-01.1", domain heading rows merged across the sheet.</summary>
    public static byte[] Caiq(Func<List<string?[]>, List<string?[]>>? change = null)
    {
        var rows = new List<string?[]>
        {
            new[] { "Consensus Assessments Initiative Questionnaire v4 (style fixture)" },
            new[] { "Cloud provider self-assessment" },
            Array.Empty<string?>(),
            new[] { "Question ID", "Question", "CSP CAIQ Answer", "SSRM Control Ownership", "CSP Implementation Description", "Notes" },
        };
        var merges = new List<string> { "A1:F1", "A2:F2" };
        for (var d = 0; d < CaiqDomains.Length; d++)
        {
            rows.Add([CaiqDomains[d]]);
            merges.Add($"A{rows.Count}:F{rows.Count}");
            for (var q = 1; q <= CaiqQuestionsPerDomain; q++)
            {
                rows.Add([$"{CaiqCodes[d]}-0{(q + 1) / 2}.{q}", $"Are {CaiqDomains[d].ToLowerInvariant()} policies established, documented and evaluated (question {q})?", null, null, null,
                    q == 1 ? "Shared responsibility: the customer configures its own tenancy." : null]);
            }
        }

        return Workbook(("Introduction", [["CAIQ"], ["Read the instructions before answering."]], []), ("CAIQv4", change?.Invoke(rows) ?? rows, [.. merges]));
    }

    /// <summary>
    /// Windows-1252 text (é, –, “”, €): Y/N, Implemented/Partially/Not implemented and free-text questions, one quoted cell over two
    /// lines, and a condition on a Y/N answer. Six records (header + 5); the last record starts on text line 7.
    /// </summary>
    public const string Windows1252Csv =
        "Ref,Section,Question,Answer options,Guidance,Condition\r\n" +
        "Q1,Données,Do you process personal data of EU residents – including “special categories”?,Y/N,See GDPR art. 9.,\r\n" +
        "Q2,Données,Which categories?,Text,\"List them,\r\none per line.\",Q1 = Y\r\n" +
        "Q3,Sécurité,Is encryption at rest implemented?,Implemented/Partially/Not implemented,,\r\n" +
        "Q4,Sécurité,Annual security budget (€),Number,,\r\n" +
        "Q5,Sécurité,Is there a named security officer?,Y/N,,\r\n";

    public static byte[] Windows1252(string text) => CodePagesEncodingProvider.Instance.GetEncoding(1252)!.GetBytes(text);

    private static byte[] Workbook(params (string Name, List<string?[]> Rows, string[] Merges)[] sheets)
    {
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook();
            var list = workbook.Workbook.AppendChild(new Sheets());
            // Shared strings, as Excel writes them.
            var shared = new List<string>();
            var index = new Dictionary<string, int>(StringComparer.Ordinal);
            uint id = 1;
            foreach (var (name, rows, merges) in sheets)
            {
                var part = workbook.AddNewPart<WorksheetPart>();
                var data = new SheetData();
                for (var r = 0; r < rows.Count; r++)
                {
                    var row = new Row { RowIndex = (uint)(r + 1) };
                    for (var c = 0; c < rows[r].Length; c++)
                    {
                        if (rows[r][c] is not { Length: > 0 } text) continue;
                        if (!index.TryGetValue(text, out var at))
                        {
                            at = shared.Count;
                            shared.Add(text);
                            index[text] = at;
                        }
                        row.Append(new Cell
                        {
                            CellReference = ColumnName(c) + (r + 1).ToString(CultureInfo.InvariantCulture),
                            DataType = CellValues.SharedString,
                            CellValue = new CellValue(at.ToString(CultureInfo.InvariantCulture)),
                        });
                    }
                    data.Append(row);
                }
                var worksheet = new Worksheet(data);
                if (merges.Length > 0)
                    worksheet.Append(new MergeCells(merges.Select(m => new MergeCell { Reference = m })));
                part.Worksheet = worksheet;
                list.Append(new Sheet { Id = workbook.GetIdOfPart(part), SheetId = id++, Name = name });
            }
            var strings = workbook.AddNewPart<SharedStringTablePart>();
            strings.SharedStringTable = new SharedStringTable(shared.Select(s => new SharedStringItem(new Text(s))));
        }
        return stream.ToArray();
    }

    private static string ColumnName(int index) => ((char)('A' + index)).ToString();
}
