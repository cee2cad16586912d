using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using VendorRisk.Domain.Questionnaires;
using VendorRisk.Domain.Questionnaires.Serialization;

namespace VendorRisk.Infrastructure.Questionnaires.Spreadsheets;

/// <summary>A column of the chosen header row: its 0-based index, its letter (A, B, …) and its header text.</summary>
public sealed record SheetColumn(int Index, string Letter, string Header)
{
    public string Label => Header.Length > 0 ? $"{Header} (column {Letter})" : $"column {Letter}";
}

/// <summary>
/// Which column of a buyer's sheet holds each part of a question (0-based indexes; null: not in the sheet), and how its answers
/// are to be read. <see cref="Vocabularies"/> maps each vocabulary found in the answer column (as <see cref="AnswerPresets.Normalise"/>d)
/// to a preset; <see cref="DefaultAnswer"/> applies to rows whose answer cell is empty and to sheets without an answer column.
/// </summary>
public sealed record SheetMapping
{
    public required int HeaderRow { get; init; }
    public int? Id { get; init; }
    public int? Section { get; init; }
    public int? Question { get; init; }
    public int? Answer { get; init; }
    public int? Weight { get; init; }
    public int? Condition { get; init; }
    public int? Required { get; init; }
    public IReadOnlyList<int> Guidance { get; init; } = [];
    public string DefaultAnswer { get; init; } = AnswerPresets.YesNoNa;
    public IReadOnlyDictionary<string, string> Vocabularies { get; init; } = new Dictionary<string, string>();
    /// <summary>Whether every answerable question must be answered when the sheet has no "required" column.</summary>
    public bool AllRequired { get; init; } = true;

    public IEnumerable<int> MappedColumns() =>
        new[] { Id, Section, Question, Answer, Weight, Condition, Required }.OfType<int>().Concat(Guidance);
}

/// <summary>An imported definition, the row each item came from, and the columns nothing was taken from.</summary>
public sealed record SheetImportResult(QuestionnaireDefinition Definition, IReadOnlyDictionary<string, int> RowOfItem, IReadOnlyList<SheetColumn> Unmapped);

/// <summary>
/// The spreadsheet import wizard's reading of a buyer's sheet (SIG-, CAIQ- or home-made): finds the header row under cover and
/// title rows, guesses the columns by their headers, recognises answer vocabularies, takes section titles from a column or from
/// heading rows (a row with one filled cell and no question), generates valid ids, rewrites conditions that name the sheet's ids,
/// and checks the result completely (references, types, visibility cycles) so problems are reported by sheet, row and column at
/// import, not at publish.
/// </summary>
public static partial class SheetImport
{
    /// <summary>How far down the header row is looked for, and how many rows the wizard offers to choose from.</summary>
    public const int HeaderSearchRows = 30;

    private static readonly string[] IdHeaders = ["id", "questionid", "quesnum", "questionnum", "questionnumber", "ref", "reference", "refno", "no", "number", "controlid", "itemid", "qid", "#"];
    private static readonly string[] SectionHeaders = ["section", "category", "domain", "controldomain", "area", "topic", "chapter", "sectiontitle"];
    private static readonly string[] QuestionHeaders = ["question", "questiontext", "questionrequest", "request", "text", "controlquestion", "requirement", "item"];
    private static readonly string[] AnswerHeaders = ["answertype", "type", "responsetype", "answeroptions", "responseoptions", "options", "choices", "answerformat", "responseformat"];
    private static readonly string[] GuidanceHeaders = ["guidance", "help", "notes", "note", "comments", "comment", "additionalinformation", "explanation", "hint", "helptext"];
    private static readonly string[] WeightHeaders = ["weight", "weighting"];
    private static readonly string[] ConditionHeaders = ["condition", "visibleif", "appliesif", "showif", "askif", "dependson", "onlyif"];
    private static readonly string[] RequiredHeaders = ["required", "mandatory"];

    private static string Key(string header) => new(header.ToLowerInvariant().Where(c => char.IsLetterOrDigit(c) || c == '#').ToArray());

    /// <summary>
    /// The header row: among the first rows, the one with most short text cells, with a bonus for headers the wizard knows; a cover
    /// or title row (one filled cell, even merged across the sheet) never wins over a row of headers.
    /// </summary>
    public static int DetectHeaderRow(SheetRows sheet)
    {
        ArgumentNullException.ThrowIfNull(sheet);
        var known = IdHeaders.Concat(SectionHeaders).Concat(QuestionHeaders).Concat(AnswerHeaders).Concat(GuidanceHeaders)
            .Concat(WeightHeaders).Concat(ConditionHeaders).Concat(RequiredHeaders).ToHashSet(StringComparer.Ordinal);
        var best = (Row: 0, Score: -1);
        foreach (var row in sheet.Rows.Where(r => !r.IsBlank).Take(HeaderSearchRows))
        {
            var filled = row.Cells.Where(c => c.Trim().Length > 0).ToList();
            if (filled.Count < 2)
            {
                continue;
            }

            var shortText = filled.Count(c => c.Trim().Length <= 60 && !decimal.TryParse(c, NumberStyles.Float, CultureInfo.InvariantCulture, out _));
            var keywords = filled.Count(c => known.Contains(Key(c)) || Key(c).Contains("question", StringComparison.Ordinal));
            var score = shortText + (3 * keywords);
            if (score > best.Score)
            {
                best = (row.Number, score);
            }
        }

        return best.Score < 0 ? sheet.Rows.FirstOrDefault(r => !r.IsBlank)?.Number ?? 1 : best.Row;
    }

    /// <summary>The columns of <paramref name="headerRow"/>, up to the last column any row below fills.</summary>
    public static IReadOnlyList<SheetColumn> ColumnsOf(SheetRows sheet, int headerRow)
    {
        ArgumentNullException.ThrowIfNull(sheet);
        var header = sheet.Rows.FirstOrDefault(r => r.Number == headerRow);
        var width = sheet.Rows.Where(r => r.Number >= headerRow).Select(r => LastFilled(r) + 1).DefaultIfEmpty(0).Max();
        return [.. Enumerable.Range(0, width).Select(i => new SheetColumn(i, SpreadsheetTable.ColumnName(i), header?[i].Trim() ?? ""))];
    }

    private static int LastFilled(SpreadsheetRow row)
    {
        for (var i = row.Cells.Count - 1; i >= 0; i--)
        {
            if (row.Cells[i].Trim().Length > 0) return i;
        }

        return -1;
    }

    /// <summary>A first mapping from the headers the wizard recognises; a field whose header is not recognised is left unmapped.</summary>
    public static SheetMapping GuessMapping(SheetRows sheet, int headerRow)
    {
        var columns = ColumnsOf(sheet, headerRow);
        var taken = new HashSet<int>();
        int? Find(string[] names, bool containsQuestion = false)
        {
            var match = columns.FirstOrDefault(c => !taken.Contains(c.Index) && names.Contains(Key(c.Header)))
                ?? (containsQuestion ? columns.FirstOrDefault(c => !taken.Contains(c.Index) && Key(c.Header).Contains("question", StringComparison.Ordinal)) : null);
            if (match is null) return null;
            taken.Add(match.Index);
            return match.Index;
        }

        var mapping = new SheetMapping
        {
            HeaderRow = headerRow,
            Id = Find(IdHeaders),
            Question = Find(QuestionHeaders, containsQuestion: true),
            Section = Find(SectionHeaders),
            Answer = Find(AnswerHeaders),
            Weight = Find(WeightHeaders),
            Condition = Find(ConditionHeaders),
            Required = Find(RequiredHeaders),
        };
        var guidance = columns.Where(c => !taken.Contains(c.Index) && GuidanceHeaders.Contains(Key(c.Header))).Select(c => c.Index).ToList();
        return mapping with { Guidance = guidance, Vocabularies = VocabulariesIn(sheet, mapping).ToDictionary(v => v.Key, v => v.Value.Preset ?? AnswerPresets.Textarea) };
    }

    /// <summary>The vocabularies written in the answer column (normalised), how often, as first written, and the preset recognised.</summary>
    public static IReadOnlyDictionary<string, (string Example, int Count, string? Preset)> VocabulariesIn(SheetRows sheet, SheetMapping mapping)
    {
        ArgumentNullException.ThrowIfNull(sheet);
        ArgumentNullException.ThrowIfNull(mapping);
        var found = new Dictionary<string, (string Example, int Count, string? Preset)>(StringComparer.Ordinal);
        if (mapping.Answer is not { } column) return found;
        foreach (var row in sheet.Rows.Where(r => r.Number > mapping.HeaderRow && !r.IsBlank))
        {
            var cell = row[column].Trim();
            if (cell.Length == 0) continue;
            var key = AnswerPresets.Normalise(cell);
            found[key] = found.TryGetValue(key, out var known) ? known with { Count = known.Count + 1 } : (cell, 1, AnswerPresets.Recognise(key));
        }

        return found;
    }

    [GeneratedRegex(@"^\s*(?:if\s+)?(?<ref>.+?)\s*(?<op>!=|<>|=|\bis not\b|\bis\b)\s*(?<value>.+?)\s*$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex SimpleCondition();

    [GeneratedRegex(@"\{([^{}]+)\}", RegexOptions.CultureInvariant)]
    private static partial Regex Reference();

    [GeneratedRegex(@"^\$\.sections\[(\d+)\]\.items\[(\d+)\](.*)$", RegexOptions.CultureInvariant)]
    private static partial Regex ItemPath();

    /// <summary>"A&amp;A-01.1" → "A_A-01.1", "1.2" → "q1.2": an id of our format, as close to the sheet's as it can be.</summary>
    public static string ToItemId(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var id = new StringBuilder();
        foreach (var c in text.Trim())
        {
            id.Append(char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-' ? c : '_');
        }

        var result = id.ToString();
        return result.Length > 0 && !char.IsAsciiLetter(result[0]) && result[0] != '_' ? "q" + result : result;
    }

    private static string SectionId(string title, HashSet<string> used)
    {
        var slug = new StringBuilder();
        foreach (var c in title.ToLowerInvariant())
        {
            slug.Append(char.IsAsciiLetterOrDigit(c) ? c : '_');
        }

        var text = Regex.Replace(slug.ToString(), "_+", "_").Trim('_');
        if (text.Length > 40) text = text[..40].TrimEnd('_');
        text = "s_" + (text.Length == 0 ? "section" : text);
        var candidate = text;
        for (var n = 2; !used.Add(candidate); n++) candidate = string.Create(CultureInfo.InvariantCulture, $"{text}_{n}");
        return candidate;
    }

    /// <summary>
    /// Reads the rows below the header into a draft definition. Every problem names its place: "sheet 'X', row N, column C (header)"
    /// (for a CSV file, "row N, column C (header)", N counting records).
    /// </summary>
    public static Result<SheetImportResult> Import(SheetRows sheet, bool isCsv, SheetMapping mapping, SpreadsheetDefaults defaults)
    {
        ArgumentNullException.ThrowIfNull(sheet);
        ArgumentNullException.ThrowIfNull(mapping);
        ArgumentNullException.ThrowIfNull(defaults);
        var errors = new List<QuestionnaireError>();
        var columns = ColumnsOf(sheet, mapping.HeaderRow);
        if (sheet.Rows.All(r => r.Number != mapping.HeaderRow))
        {
            return Result<SheetImportResult>.Failure("HeaderRow", $"Row {mapping.HeaderRow} is not in the sheet: choose the row that holds the column headers.");
        }

        if (mapping.Question is not { } questionColumn)
        {
            return Result<SheetImportResult>.Failure("Question", "Choose the column that holds the questions.");
        }

        var mapped = mapping.MappedColumns().ToList();
        if (mapped.Any(c => c < 0 || c >= Math.Max(columns.Count, 1)))
        {
            return Result<SheetImportResult>.Failure("file", "A chosen column is not in the sheet: choose the columns again.");
        }

        var twice = mapped.GroupBy(c => c).FirstOrDefault(g => g.Count() > 1);
        if (twice is not null)
        {
            return Result<SheetImportResult>.Failure("file", $"{Capital(columns[twice.Key].Label)} is chosen for two fields: choose it once.");
        }

        var defaultPreset = AnswerPresets.Find(mapping.DefaultAnswer);
        if (defaultPreset is null || defaultPreset.Key == AnswerPresets.Listed)
        {
            return Result<SheetImportResult>.Failure("DefaultAnswer", "Choose how questions without an answer type are answered.");
        }

        string Place(SpreadsheetRow row, int? column) =>
            (isCsv ? "" : $"sheet '{sheet.Name}', ") + string.Create(CultureInfo.InvariantCulture, $"row {row.Number}")
            + (column is { } c && c < columns.Count ? $", column {columns[c].Letter} ({(columns[c].Header.Length > 0 ? columns[c].Header : "no header")})" : "");

        var sections = new List<(string Id, string Title, List<QuestionnaireItem> Items)>();
        var sectionIds = new HashSet<string>(StringComparer.Ordinal);
        var sectionByTitle = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var rowOfItem = new Dictionary<string, int>(StringComparer.Ordinal);
        var idBySheetId = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var conditions = new List<(SpreadsheetRow Row, string ItemId, string Text)>();
        var current = -1;

        int SectionFor(string title)
        {
            if (!sectionByTitle.TryGetValue(title, out var index))
            {
                index = sections.Count;
                sections.Add((SectionId(title, sectionIds), title, []));
                sectionByTitle[title] = index;
            }

            return index;
        }

        var generated = 0;
        foreach (var row in sheet.Rows.Where(r => r.Number > mapping.HeaderRow && !r.IsBlank))
        {
            string Cell(int? column) => column is { } c ? QuestionnaireSpreadsheet.RestoreFormulaText(row[c]).Trim() : "";
            void Problem(int? column, string message) => errors.Add(new(Place(row, column), message));

            var question = Cell(questionColumn);
            if (question.Length == 0)
            {
                // A heading row (a domain title, often merged across the sheet): one filled cell, no question.
                var filled = row.Cells.Select(c => c.Trim()).Where(c => c.Length > 0).Distinct(StringComparer.Ordinal).ToList();
                if (filled.Count == 1)
                {
                    current = SectionFor(filled[0]);
                    continue;
                }

                Problem(questionColumn, "the question is empty (a heading row has one filled cell only)");
                continue;
            }

            var sectionTitle = Cell(mapping.Section);
            if (sectionTitle.Length > 0)
            {
                current = SectionFor(sectionTitle);
            }
            else if (current < 0)
            {
                current = SectionFor("Questions");
            }

            var sheetId = Cell(mapping.Id);
            string id;
            if (mapping.Id is not null)
            {
                if (sheetId.Length == 0)
                {
                    Problem(mapping.Id, "the question id is empty");
                    continue;
                }

                if (idBySheetId.TryGetValue(sheetId, out var earlier))
                {
                    Problem(mapping.Id, string.Create(CultureInfo.InvariantCulture, $"the id '{sheetId}' is already used in row {rowOfItem[earlier]}"));
                    continue;
                }

                id = ToItemId(sheetId);
                if (rowOfItem.TryGetValue(id, out var clash))
                {
                    Problem(mapping.Id, string.Create(CultureInfo.InvariantCulture, $"the id '{sheetId}' becomes '{id}', as does the id in row {clash}: make them differ by a letter or digit"));
                    continue;
                }
            }
            else
            {
                id = string.Create(CultureInfo.InvariantCulture, $"q{++generated}");
                sheetId = id;
            }

            var answerCell = Cell(mapping.Answer);
            var presetKey = answerCell.Length == 0 ? defaultPreset.Key
                : mapping.Vocabularies.TryGetValue(AnswerPresets.Normalise(answerCell), out var chosen) ? chosen
                : AnswerPresets.Recognise(AnswerPresets.Normalise(answerCell)) ?? AnswerPresets.Textarea;
            var preset = AnswerPresets.Find(presetKey) ?? defaultPreset;
            var choices = preset.Choices;
            if (preset.Key == AnswerPresets.Listed)
            {
                var values = new HashSet<string>(StringComparer.Ordinal);
                var listed = ImmutableArray.CreateBuilder<Choice>();
                foreach (var label in AnswerPresets.Split(answerCell))
                {
                    var value = ToItemId(label).ToLowerInvariant();
                    if (values.Add(value)) listed.Add(new Choice(value, label));
                }

                if (listed.Count == 0)
                {
                    Problem(mapping.Answer, $"'{answerCell}' lists no choices");
                }

                choices = listed.ToImmutable();
            }

            decimal weight = 1m;
            if (Cell(mapping.Weight) is { Length: > 0 } weightText)
            {
                if (!decimal.TryParse(weightText, NumberStyles.Float, CultureInfo.InvariantCulture, out weight) || weight < 0)
                {
                    Problem(mapping.Weight, $"'{weightText}' is not a weight (a number of 0 or more, with a dot for decimals)");
                    weight = 1m;
                }
            }

            var required = mapping.AllRequired;
            if (mapping.Required is not null)
            {
                var flag = Cell(mapping.Required).ToLowerInvariant();
                required = flag is "yes" or "y" or "true" or "1" or "x" or "required" or "mandatory";
                if (!required && flag is not ("" or "no" or "n" or "false" or "0" or "optional"))
                {
                    Problem(mapping.Required, $"'{Cell(mapping.Required)}' is not yes or no");
                }
            }

            var guidance = mapping.Guidance.Select(c => (Header: columns[c].Header, Text: Cell(c))).Where(g => g.Text.Length > 0).ToList();
            var help = guidance.Count switch
            {
                0 => null,
                1 => guidance[0].Text,
                _ => string.Join("\n", guidance.Select(g => g.Header.Length > 0 ? $"{g.Header}: {g.Text}" : g.Text)),
            };

            rowOfItem[id] = row.Number;
            idBySheetId[sheetId] = id;
            if (Cell(mapping.Condition) is { Length: > 0 } condition)
            {
                conditions.Add((row, id, condition));
            }

            sections[current].Items.Add(new QuestionnaireItem
            {
                Id = id, Type = preset.Type, Text = question, Help = help, Weight = weight, Choices = choices,
                Required = required && preset.Type != ItemType.Info,
            });
        }

        if (rowOfItem.Count == 0 && errors.Count == 0)
        {
            errors.Add(new(isCsv ? "file" : $"sheet '{sheet.Name}'", string.Create(CultureInfo.InvariantCulture,
                $"There are no questions below the header row {mapping.HeaderRow}: choose another sheet, header row or question column.")));
        }

        // Conditions: after every item is known, as they may name a later question.
        var items = sections.SelectMany(s => s.Items).ToDictionary(i => i.Id, StringComparer.Ordinal);
        var visibleIf = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (row, itemId, text) in conditions)
        {
            var expression = Condition(text, idBySheetId, items, message => errors.Add(new(Place(row, mapping.Condition), message)));
            if (expression is not null) visibleIf[itemId] = expression;
        }

        if (errors.Count > 0)
        {
            return Result<SheetImportResult>.Failure(errors);
        }

        var definition = new QuestionnaireDefinition
        {
            Id = defaults.Id,
            Title = defaults.Title,
            Version = defaults.Version,
            Sections = [.. sections.Select(s => new QuestionnaireSection
            {
                Id = s.Id, Title = s.Title,
                Items = [.. s.Items.Select(i => visibleIf.TryGetValue(i.Id, out var v) ? i with { VisibleIf = v } : i)],
            })],
        };

        // Through the canonical form (the checks of a JSON import), then compiled: references, types and cycles now, not at publish.
        var parsed = QuestionnaireJson.Parse(QuestionnaireJson.Serialize(definition));
        var compiled = parsed.Bind(d => d.Compile().Map(_ => d));
        if (compiled.IsFailure)
        {
            var rowsByPath = sections.SelectMany((s, si) => s.Items.Select((item, ii) => (si, ii, item.Id)))
                .ToDictionary(x => (x.si, x.ii), x => sheet.Rows.First(r => r.Number == rowOfItem[x.Id]));
            return Result<SheetImportResult>.Failure(compiled.Errors.Select(e =>
            {
                var match = ItemPath().Match(e.Path);
                if (!match.Success) return e;
                var row = rowsByPath[(int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture))];
                var rest = match.Groups[3].Value;
                int? column = rest.StartsWith(".visibleIf", StringComparison.Ordinal) ? mapping.Condition
                    : rest.StartsWith(".id", StringComparison.Ordinal) ? mapping.Id
                    : rest.StartsWith(".text", StringComparison.Ordinal) ? questionColumn
                    : rest.StartsWith(".choices", StringComparison.Ordinal) ? mapping.Answer
                    : rest.StartsWith(".weight", StringComparison.Ordinal) ? mapping.Weight : null;
                return new QuestionnaireError(Place(row, column), e.Message);
            }));
        }

        var unmapped = columns.Where(c => !mapped.Contains(c.Index)
            && sheet.Rows.Any(r => r.Number > mapping.HeaderRow && r[c.Index].Trim().Length > 0)).ToList();
        return Result<SheetImportResult>.Success(new SheetImportResult(compiled.Value, rowOfItem, unmapped));
    }

    /// <summary>
    /// A condition as written in the sheet: "ID = Answer" / "ID is not Answer" (optionally starting with "If"), the answer by its label
    /// or value, or an expression of our format whose <c>{ID}</c> names the sheet's ids. Returns the expression in our ids.
    /// </summary>
    private static string? Condition(string text, Dictionary<string, string> idBySheetId, Dictionary<string, QuestionnaireItem> items, Action<string> problem)
    {
        if (text.Contains('{', StringComparison.Ordinal))
        {
            var unknown = new List<string>();
            var rewritten = Reference().Replace(text, m =>
            {
                var name = m.Groups[1].Value.Trim();
                if (idBySheetId.TryGetValue(name, out var id)) return "{" + id + "}";
                unknown.Add(name);
                return m.Value;
            });
            if (unknown.Count > 0)
            {
                problem($"the condition names '{unknown[0]}', which is no question id of the sheet");
                return null;
            }

            return rewritten;
        }

        var match = SimpleCondition().Match(text);
        if (!match.Success)
        {
            problem($"'{text}' is not a condition: write it as \"ID = answer\" (e.g. \"A.1 = Yes\") or as an expression such as {{A.1}} = 'yes'");
            return null;
        }

        var reference = match.Groups["ref"].Value.Trim().Trim('{', '}', '"', '\'');
        if (!idBySheetId.TryGetValue(reference, out var target))
        {
            problem($"the condition names '{reference}', which is no question id of the sheet");
            return null;
        }

        var item = items[target];
        var wanted = match.Groups["value"].Value.Trim().Trim('"', '\'');
        var negated = match.Groups["op"].Value.Trim().ToLowerInvariant() is "!=" or "<>" or "is not";
        var op = negated ? "!=" : "=";
        if (item.Choices.IsEmpty)
        {
            return decimal.TryParse(wanted, NumberStyles.Float, CultureInfo.InvariantCulture, out _)
                ? $"{{{target}}} {op} {wanted}"
                : $"{{{target}}} {op} '{wanted.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal)}'";
        }

        var normal = AnswerPresets.Normalise(wanted);
        var choice = item.Choices.FirstOrDefault(c => AnswerPresets.Normalise(c.Label) == normal || AnswerPresets.Normalise(c.Value) == normal)
            ?? (normal is "y" ? item.Choices.FirstOrDefault(c => c.Value is "yes" or "true")
                : normal is "n" ? item.Choices.FirstOrDefault(c => c.Value is "no" or "false") : null);
        if (choice is null)
        {
            problem($"'{wanted}' is not an answer of question '{reference}'; its answers are {string.Join(", ", item.Choices.Select(c => c.Label))}");
            return null;
        }

        return item.Type == ItemType.Boolean ? $"{{{target}}} {op} {choice.Value}" : $"{{{target}}} {op} '{choice.Value}'";
    }

    private static string Capital(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
