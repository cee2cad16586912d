using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using VendorRisk.Domain.Evidence;
using VendorRisk.Domain.Questionnaires;
using VendorRisk.Domain.Questionnaires.Serialization;
using VendorRisk.Infrastructure.Exports;

namespace VendorRisk.Infrastructure.Questionnaires.Spreadsheets;

/// <summary>Which column (by header text) holds each part of an item. Id, text and type must be mapped; the rest may be left empty.</summary>
public sealed record ColumnMapping
{
    public string Id { get; init; } = QuestionnaireSpreadsheet.Columns.Id;
    public string? Section { get; init; } = QuestionnaireSpreadsheet.Columns.Section;
    public string Text { get; init; } = QuestionnaireSpreadsheet.Columns.Text;
    public string Type { get; init; } = QuestionnaireSpreadsheet.Columns.Type;
    public string? Choices { get; init; } = QuestionnaireSpreadsheet.Columns.Choices;
    public string? Weight { get; init; } = QuestionnaireSpreadsheet.Columns.Weight;
    public string? Controls { get; init; } = QuestionnaireSpreadsheet.Columns.Controls;
    public string? Required { get; init; } = QuestionnaireSpreadsheet.Columns.Required;
    public string? Help { get; init; } = QuestionnaireSpreadsheet.Columns.Help;
}

/// <summary>Id, title and version for a spreadsheet that has no "Questionnaire" sheet (a CSV, or a hand-made workbook).</summary>
public sealed record SpreadsheetDefaults(string Id, string Title, SemanticVersion Version);

/// <summary>
/// Questionnaires as spreadsheets. An export has three sheets: <c>Items</c> (one row per item, in document order),
/// <c>Sections</c> (id, parent, title, description, weight, visibleIf) and <c>Questionnaire</c> (name/value rows),
/// so that importing an export gives the same definition. A hand-made sheet or CSV only needs the mapped item
/// columns; sections are then taken from the section column in order of first appearance.
/// <para>Choices cell: <c>value=label=score=result=risk</c> per choice, choices separated by <c>|</c>; trailing parts
/// may be left out (<c>yes=Yes=100=compliant|no=No=0=nonCompliant</c>, or just <c>yes|no</c>); write <c>\|</c>,
/// <c>\=</c> and <c>\\</c> for a literal bar, equals sign or backslash. Controls cell: ids separated by <c>|</c>,
/// commas or new lines. Required, key and factual: yes/no, true/false, 1/0, x or empty. Rationales: a JSON object from
/// mapped control id to its one-line rationale.</para>
/// </summary>
public static class QuestionnaireSpreadsheet
{
    public const string ItemsSheet = "Items";
    public const string SectionsSheet = "Sections";
    public const string QuestionnaireSheet = "Questionnaire";

    public static class Columns
    {
        public const string Id = "id";
        public const string Section = "section";
        public const string Text = "text";
        public const string Type = "type";
        public const string Choices = "choices";
        public const string Weight = "weight";
        public const string Controls = "controls";
        public const string Required = "required";
        public const string Help = "help";
        public const string RequiredIf = "requiredIf";
        public const string VisibleIf = "visibleIf";
        public const string Min = "min";
        public const string Max = "max";
        public const string MaxLength = "maxLength";
        public const string Pattern = "pattern";
        public const string Evidence = "evidence";
        public const string When = "when";
        public const string Severity = "severity";
        public const string Clarification = "clarification";
        public const string Key = "key";
        public const string Factual = "factual";
        public const string PlannedBy = "plannedBy";
        public const string Rationales = "rationales";
        public const string Warning = "warning";
        public const string TextHtml = "textHtml";
        public const string HelpHtml = "helpHtml";
    }

    private static readonly string[] ItemHeaders =
    [
        Columns.Id, Columns.Section, Columns.Text, Columns.Type, Columns.Choices, Columns.Weight, Columns.Controls,
        Columns.Required, Columns.Help, Columns.RequiredIf, Columns.VisibleIf, Columns.Min, Columns.Max, Columns.MaxLength,
        Columns.Pattern, Columns.Evidence, Columns.When, Columns.Severity, Columns.Clarification,
        Columns.Key, Columns.Factual, Columns.PlannedBy, Columns.Rationales, Columns.Warning, Columns.TextHtml, Columns.HelpHtml,
    ];

    private static readonly string[] SectionHeaders = ["id", "parent", "title", "description", "weight", "visibleIf"];

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingDefault,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    // ---------------------------------------------------------------- export

    public static byte[] ExportXlsx(QuestionnaireDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var items = new List<object?[]> { ItemHeaders };
        foreach (var section in definition.AllSections())
        {
            foreach (var item in section.Items)
            {
                items.Add(
                [
                    item.Id, section.Id, item.Text, Name(item.Type), FormatChoices(item.Choices), item.Weight,
                    string.Join(" | ", item.Controls), item.Required ? "yes" : "no", item.Help, item.RequiredIf, item.VisibleIf,
                    item.Min, item.Max, item.MaxLength is { } m ? (decimal)m : null, item.Pattern,
                    item.Evidence is { } e ? JsonSerializer.Serialize(new EvidenceDto(e.Allowed ? null : false, e.Required, e.RequiredIf, e.ValidityDays,
                        e.Kinds.IsEmpty ? null : [.. e.Kinds.Select(k => k.Key())], e.Prompt), Json) : null,
                    item.When, item.Severity is { } s ? Name(s) : null,
                    item.Clarification is { } c ? Name(c.Kind) + ": " + c.Prompt : null,
                    item.Key ? "yes" : null, item.Factual ? "yes" : null, item.PlannedBy,
                    item.ControlRationales.IsEmpty ? null
                        : JsonSerializer.Serialize(item.Controls.Where(item.ControlRationales.ContainsKey).ToDictionary(k => k, k => item.ControlRationales[k]), Json),
                    item.Warning ? "yes" : null, item.TextHtml, item.HelpHtml,
                ]);
            }
        }

        var sections = new List<object?[]> { SectionHeaders };
        AddSections(definition.Sections, null, sections);

        var meta = new List<object?[]>
        {
            new object?[] { "name", "value" },
            new object?[] { "id", definition.Id },
            new object?[] { "version", definition.Version.ToString() },
            new object?[] { "title", definition.Title },
            new object?[] { "description", definition.Description },
            new object?[] { "source", definition.Source },
            new object?[] { "licence", definition.Licence },
            new object?[] { "locale", definition.Locale },
            new object?[] { "tiering", definition.Tiering is { } t ? JsonSerializer.Serialize(TieringDto.From(t), Json) : null },
        };

        // Our own writer (ADR-031): SpreadsheetML as the default namespace, so exceljs and SheetJS open it as Excel does.
        return XlsxExportSink.Workbook([(ItemsSheet, Cells(items)), (SectionsSheet, Cells(sections)), (QuestionnaireSheet, Cells(meta))]);
    }

    /// <summary>Numbers as number cells; any other value as text, kept by the round trip's apostrophe convention (<see cref="NeutraliseFormula"/>).</summary>
    private static List<IReadOnlyList<ExportCell>> Cells(List<object?[]> rows) =>
        [.. rows.Select(row => (IReadOnlyList<ExportCell>)[.. row.Select(value => value switch
        {
            null => ExportCell.Of((string?)null),
            decimal number => ExportCell.Of(number),
            _ => ExportCell.Of(NeutraliseFormula(Convert.ToString(value, CultureInfo.InvariantCulture) ?? "")),
        })])];

    private static void AddSections(IEnumerable<QuestionnaireSection> sections, string? parent, List<object?[]> rows)
    {
        foreach (var section in sections)
        {
            rows.Add([section.Id, parent, section.Title, section.Description, section.Weight, section.VisibleIf]);
            AddSections(section.Sections, section.Id, rows);
        }
    }

    /// <summary>
    /// A text cell starting with = + - @ tab or CR could be taken as a formula by a spreadsheet program: it gets a
    /// leading apostrophe. A text that already starts with an apostrophe followed by such a character (or another
    /// apostrophe) gets one too, so that <see cref="RestoreFormulaText"/> gives the original back exactly.
    /// </summary>
    public static string NeutraliseFormula(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Length > 0 && (IsFormulaStart(text[0]) || (text[0] == '\'' && text.Length > 1 && (IsFormulaStart(text[1]) || text[1] == '\'')))
            ? "'" + text
            : text;
    }

    public static string RestoreFormulaText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Length > 1 && text[0] == '\'' && (IsFormulaStart(text[1]) || text[1] == '\'') ? text[1..] : text;
    }

    private static bool IsFormulaStart(char c) => c is '=' or '+' or '-' or '@' or '\t' or '\r';

    public static string FormatChoices(IEnumerable<Choice> choices)
    {
        ArgumentNullException.ThrowIfNull(choices);
        return string.Join(" | ", choices.Select(c =>
        {
            var parts = new List<string>
            {
                Escape(c.Value), Escape(c.Label),
                c.Score?.ToString(CultureInfo.InvariantCulture) ?? "",
                c.Result is { } r ? Name(r) : "",
                c.Risk?.ToString(CultureInfo.InvariantCulture) ?? "",
            };
            while (parts.Count > 2 && parts[^1].Length == 0)
            {
                parts.RemoveAt(parts.Count - 1);
            }

            return string.Join('=', parts);
        }));
    }

    private static string Escape(string text) => text.Replace("\\", "\\\\", StringComparison.Ordinal)
        .Replace("|", "\\|", StringComparison.Ordinal).Replace("=", "\\=", StringComparison.Ordinal);

    // ---------------------------------------------------------------- import

    /// <summary>
    /// Builds a draft definition from the sheets. Every problem is reported with its sheet, row and column; the
    /// result is a failure if there is any. The definition then goes through the usual structural validation.
    /// </summary>
    public static Result<QuestionnaireDefinition> Import(IReadOnlyList<SpreadsheetTable> tables, ColumnMapping mapping, SpreadsheetDefaults? defaults)
    {
        ArgumentNullException.ThrowIfNull(tables);
        ArgumentNullException.ThrowIfNull(mapping);
        var errors = new List<QuestionnaireError>();
        var itemsTable = tables.FirstOrDefault(t => string.Equals(t.Name, ItemsSheet, StringComparison.OrdinalIgnoreCase)) ?? (tables.Count > 0 ? tables[0] : null);
        if (itemsTable is null || itemsTable.Headers.Count == 0)
        {
            return Result<QuestionnaireDefinition>.Failure("file", "The sheet is empty: put the column headers in the first row and one item per row below.");
        }

        var where = tables.Count > 1 ? $"sheet '{itemsTable.Name}', " : "";
        int Column(string field, string? header, bool required)
        {
            if (string.IsNullOrWhiteSpace(header))
            {
                if (required)
                {
                    errors.Add(new("mapping." + field, $"Choose the column that holds the item {field}."));
                }

                return -1;
            }

            var index = itemsTable.ColumnOf(header);
            if (index < 0)
            {
                errors.Add(new("mapping." + field, $"The column '{header.Trim()}' mapped to {field} is not in the {where.TrimEnd(',', ' ')}{(where.Length > 0 ? "" : "file")}; its columns are: {string.Join(", ", itemsTable.Headers.Where(h => h.Length > 0).ToList().Select(h => $"'{h}'"))}."));
            }

            return index;
        }

        var idCol = Column("id", mapping.Id, true);
        var sectionCol = Column("section", mapping.Section, false);
        var textCol = Column("text", mapping.Text, true);
        var typeCol = Column("type", mapping.Type, true);
        var choicesCol = Column("choices", mapping.Choices, false);
        var weightCol = Column("weight", mapping.Weight, false);
        var controlsCol = Column("controls", mapping.Controls, false);
        var requiredCol = Column("required", mapping.Required, false);
        var helpCol = Column("help", mapping.Help, false);
        if (errors.Count > 0)
        {
            return Result<QuestionnaireDefinition>.Failure(errors);
        }

        int Extra(string header) => itemsTable.ColumnOf(header);
        var requiredIfCol = Extra(Columns.RequiredIf);
        var visibleIfCol = Extra(Columns.VisibleIf);
        var minCol = Extra(Columns.Min);
        var maxCol = Extra(Columns.Max);
        var maxLengthCol = Extra(Columns.MaxLength);
        var patternCol = Extra(Columns.Pattern);
        var evidenceCol = Extra(Columns.Evidence);
        var whenCol = Extra(Columns.When);
        var severityCol = Extra(Columns.Severity);
        var clarificationCol = Extra(Columns.Clarification);
        var keyCol = Extra(Columns.Key);
        var warningCol = Extra(Columns.Warning);
        var textHtmlCol = Extra(Columns.TextHtml);
        var helpHtmlCol = Extra(Columns.HelpHtml);
        var factualCol = Extra(Columns.Factual);
        var plannedByCol = Extra(Columns.PlannedBy);
        var rationalesCol = Extra(Columns.Rationales);

        // Sections: from the Sections sheet when there is one, else from the section column.
        var sectionOrder = new List<string>();
        var sectionRows = new Dictionary<string, (string? Parent, QuestionnaireSection Section)>(StringComparer.Ordinal);
        var sectionsTable = tables.FirstOrDefault(t => string.Equals(t.Name, SectionsSheet, StringComparison.OrdinalIgnoreCase) && !ReferenceEquals(t, itemsTable));
        if (sectionsTable is not null)
        {
            ReadSections(sectionsTable, sectionOrder, sectionRows, errors);
        }

        var itemsBySection = new Dictionary<string, List<QuestionnaireItem>>(StringComparer.Ordinal);
        var firstRowOfId = new Dictionary<string, int>(StringComparer.Ordinal);
        const string DefaultSection = "questions";
        foreach (var row in itemsTable.Rows)
        {
            string Cell(int column) => column < 0 ? "" : RestoreFormulaText(row[column]).Trim();
            void Problem(string column, string message) =>
                errors.Add(new(string.Create(CultureInfo.InvariantCulture, $"{where}row {row.Number}, column '{column}'"), message));

            var id = Cell(idCol);
            if (id.Length == 0)
            {
                Problem(mapping.Id, "the item id is empty");
            }
            else if (firstRowOfId.TryGetValue(id, out var first))
            {
                Problem(mapping.Id, string.Create(CultureInfo.InvariantCulture, $"the id '{id}' is already used in row {first}"));
            }
            else
            {
                firstRowOfId[id] = row.Number;
            }

            var typeText = Cell(typeCol);
            var type = ParseName<ItemType>(typeText);
            if (type is null)
            {
                Problem(mapping.Type, typeText.Length == 0
                    ? "the item type is empty"
                    : $"unknown item type '{typeText}'; expected one of {string.Join(", ", Enum.GetValues<ItemType>().Select(t => Name(t)))}");
            }

            var choices = ParseChoices(Cell(choicesCol), message => Problem(mapping.Choices!, message));
            var weight = ParseDecimal(Cell(weightCol), message => Problem(mapping.Weight!, message)) ?? 1m;
            bool YesNo(int column, string name)
            {
                var flag = ParseYesNo(Cell(column));
                if (flag is null)
                {
                    Problem(name, $"'{Cell(column)}' is not yes or no");
                }

                return flag ?? false;
            }

            var required = YesNo(requiredCol, mapping.Required ?? Columns.Required);
            var key = YesNo(keyCol, Columns.Key);
            var warning = YesNo(warningCol, Columns.Warning);
            var factual = YesNo(factualCol, Columns.Factual);
            var controls = Cell(controlsCol).Split(['|', ',', ';', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var rationales = ImmutableDictionary<string, string>.Empty;
            if (Cell(rationalesCol) is { Length: > 0 } rationalesText)
            {
                try
                {
                    rationales = (JsonSerializer.Deserialize<Dictionary<string, string>>(rationalesText, Json) ?? [])
                        .ToImmutableDictionary(StringComparer.Ordinal);
                    foreach (var unmapped in rationales.Keys.Where(k => !controls.Contains(k, StringComparer.Ordinal)))
                    {
                        Problem(Columns.Rationales, $"the rationale for '{unmapped}' names a control the item does not map to");
                    }
                }
                catch (JsonException ex)
                {
                    Problem(Columns.Rationales, "the rationales are not a valid JSON object of control to text: " + ex.Message.Split(" Path:")[0]);
                }
            }

            var min = ParseDecimal(Cell(minCol), message => Problem(Columns.Min, message));
            var max = ParseDecimal(Cell(maxCol), message => Problem(Columns.Max, message));
            var maxLength = ParseDecimal(Cell(maxLengthCol), message => Problem(Columns.MaxLength, message));
            if (maxLength is { } ml && (ml != decimal.Truncate(ml) || ml < 0 || ml > int.MaxValue))
            {
                Problem(Columns.MaxLength, "the maximum length must be a whole number");
                maxLength = null;
            }

            EvidenceSettings? evidence = null;
            if (Cell(evidenceCol) is { Length: > 0 } evidenceText)
            {
                try
                {
                    var dto = JsonSerializer.Deserialize<EvidenceDto>(evidenceText, Json);
                    var kinds = ImmutableArray.CreateBuilder<EvidenceKind>();
                    foreach (var kindKey in dto?.Kinds ?? [])
                    {
                        if (EvidenceKinds.FromKey(kindKey) is { } kind)
                        {
                            kinds.Add(kind);
                        }
                        else
                        {
                            Problem(Columns.Evidence, $"unknown evidence kind '{kindKey}'; expected one of {string.Join(", ", EvidenceKinds.All.Select(k => k.Key()))}");
                        }
                    }

                    evidence = dto is null ? null : new EvidenceSettings
                    {
                        Allowed = dto.Allowed ?? true, Required = dto.Required, RequiredIf = dto.RequiredIf,
                        ValidityDays = dto.ValidityDays, Kinds = kinds.ToImmutable(), Prompt = dto.Prompt,
                    };
                }
                catch (JsonException ex)
                {
                    Problem(Columns.Evidence, "the evidence settings are not valid JSON: " + ex.Message.Split(" Path:")[0]);
                }
            }

            FindingSeverity? severity = null;
            if (Cell(severityCol) is { Length: > 0 } severityText)
            {
                severity = ParseName<FindingSeverity>(severityText);
                if (severity is null)
                {
                    Problem(Columns.Severity, $"unknown severity '{severityText}'; expected one of {string.Join(", ", Enum.GetValues<FindingSeverity>().Select(v => Name(v)))}");
                }
            }

            Clarification? clarification = null;
            if (Cell(clarificationCol) is { Length: > 0 } clarificationText)
            {
                var colon = clarificationText.IndexOf(':', StringComparison.Ordinal);
                var kind = colon > 0 ? ParseName<ClarificationKind>(clarificationText[..colon]) : null;
                if (kind is null)
                {
                    Problem(Columns.Clarification, $"write the clarification as 'kind: prompt' with kind one of {string.Join(", ", Enum.GetValues<ClarificationKind>().Select(v => Name(v)))}");
                }
                else
                {
                    clarification = new Clarification(kind.Value, clarificationText[(colon + 1)..].TrimStart());
                }
            }

            var sectionId = Cell(sectionCol);
            if (sectionId.Length == 0)
            {
                sectionId = sectionsTable is null ? DefaultSection : "";
            }

            if (sectionsTable is not null && !sectionRows.ContainsKey(sectionId))
            {
                Problem(mapping.Section ?? Columns.Section, $"the section '{sectionId}' is not listed on the '{sectionsTable.Name}' sheet");
                continue;
            }

            if (sectionsTable is null && !sectionRows.ContainsKey(sectionId))
            {
                sectionOrder.Add(sectionId);
                sectionRows[sectionId] = (null, new QuestionnaireSection
                {
                    Id = sectionId,
                    Title = sectionId == DefaultSection ? "Questions" : sectionId,
                });
            }

            if (type is null || id.Length == 0)
            {
                continue;
            }

            if (!itemsBySection.TryGetValue(sectionId, out var list))
            {
                itemsBySection[sectionId] = list = [];
            }

            list.Add(new QuestionnaireItem
            {
                Id = id,
                Type = type.Value,
                Text = Cell(textCol),
                Help = Optional(Cell(helpCol)),
                TextHtml = Optional(Cell(textHtmlCol)),
                HelpHtml = Optional(Cell(helpHtmlCol)),
                Warning = warning,
                Key = key,
                Factual = factual,
                Required = required,
                RequiredIf = Optional(Cell(requiredIfCol)),
                VisibleIf = Optional(Cell(visibleIfCol)),
                Weight = weight,
                Controls = [.. controls],
                ControlRationales = rationales,
                Min = min,
                Max = max,
                MaxLength = maxLength is { } length ? (int)length : null,
                Pattern = Optional(Cell(patternCol)),
                Choices = choices,
                PlannedBy = Optional(Cell(plannedByCol)),
                Evidence = evidence,
                When = Optional(Cell(whenCol)),
                Severity = severity,
                Clarification = clarification,
            });
        }

        if (itemsTable.Rows.Count == 0)
        {
            errors.Add(new("file", "The sheet has headers but no items."));
        }

        var metaTable = tables.FirstOrDefault(t => string.Equals(t.Name, QuestionnaireSheet, StringComparison.OrdinalIgnoreCase) && !ReferenceEquals(t, itemsTable));
        var meta = metaTable is null ? null : ReadMeta(metaTable, errors);
        if (meta is null && defaults is null)
        {
            errors.Add(new("file", "Give the questionnaire an id, a title and a version."));
        }

        if (errors.Count > 0)
        {
            return Result<QuestionnaireDefinition>.Failure(errors);
        }

        QuestionnaireSection Build(string id)
        {
            var section = sectionRows[id].Section;
            var children = sectionOrder.Where(s => string.Equals(sectionRows[s].Parent, id, StringComparison.Ordinal)).Select(Build);
            return section with
            {
                Items = itemsBySection.TryGetValue(id, out var items) ? [.. items] : [],
                Sections = [.. children],
            };
        }

        var roots = sectionOrder.Where(s => sectionRows[s].Parent is null).Select(Build).ToImmutableArray();
        var definition = meta is not null
            ? meta with { Sections = roots }
            : new QuestionnaireDefinition { Id = defaults!.Id, Title = defaults.Title, Version = defaults.Version, Sections = roots };
        // Through the canonical form: the same structural checks as a JSON import, and the same normalisation.
        return QuestionnaireJson.Parse(QuestionnaireJson.Serialize(definition));
    }

    private static void ReadSections(SpreadsheetTable table, List<string> order, Dictionary<string, (string? Parent, QuestionnaireSection Section)> rows, List<QuestionnaireError> errors)
    {
        var columns = SectionHeaders.Select(table.ColumnOf).ToArray();
        if (columns[0] < 0 || columns[2] < 0)
        {
            errors.Add(new($"sheet '{table.Name}'", "The sections sheet needs 'id' and 'title' columns."));
            return;
        }

        foreach (var row in table.Rows)
        {
            string Cell(int i) => columns[i] < 0 ? "" : RestoreFormulaText(row[columns[i]]).Trim();
            void Problem(string column, string message) =>
                errors.Add(new(string.Create(CultureInfo.InvariantCulture, $"sheet '{table.Name}', row {row.Number}, column '{column}'"), message));
            var id = Cell(0);
            var parent = Optional(Cell(1));
            if (id.Length == 0 || rows.ContainsKey(id))
            {
                Problem("id", id.Length == 0 ? "the section id is empty" : $"the section id '{id}' is used twice");
                continue;
            }

            if (parent is not null && !rows.ContainsKey(parent))
            {
                Problem("parent", $"the parent section '{parent}' must be listed above this row");
                continue;
            }

            // Refused here, before the tree is built and serialised (a 10,000-deep chain would overflow both).
            var level = 1;
            for (var above = parent; above is not null && level <= QuestionnaireSection.MaxNesting; above = rows[above].Parent) level++;
            if (level > QuestionnaireSection.MaxNesting)
            {
                Problem("parent", string.Create(CultureInfo.InvariantCulture,
                    $"sections nest at most {QuestionnaireSection.MaxNesting} levels deep; '{id}' would be deeper"));
                continue;
            }

            order.Add(id);
            rows[id] = (parent, new QuestionnaireSection
            {
                Id = id,
                Title = Cell(2),
                Description = Optional(Cell(3)),
                Weight = ParseDecimal(Cell(4), message => Problem("weight", message)) ?? 1m,
                VisibleIf = Optional(Cell(5)),
            });
        }
    }

    private static QuestionnaireDefinition? ReadMeta(SpreadsheetTable table, List<QuestionnaireError> errors)
    {
        // The header row is "name | value"; each row below holds one property.
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var row in table.Rows)
        {
            values[row[0].Trim()] = RestoreFormulaText(row[1]).Trim();
        }

        string? Value(string name) => values.TryGetValue(name, out var v) && v.Length > 0 ? v : null;
        var where = $"sheet '{table.Name}'";
        if (!SemanticVersion.TryParse(Value("version"), out var version))
        {
            errors.Add(new(where + ", version", $"'{Value("version")}' is not a semantic version (MAJOR.MINOR.PATCH)"));
        }

        TieringRules? tiering = null;
        if (Value("tiering") is { } tieringText)
        {
            try
            {
                tiering = JsonSerializer.Deserialize<TieringDto>(tieringText, Json)?.ToRules();
            }
            catch (Exception ex) when (ex is JsonException or ArgumentException)
            {
                errors.Add(new(where + ", tiering", "the tiering rules are not valid JSON: " + ex.Message.Split(" Path:")[0]));
            }
        }

        return new QuestionnaireDefinition
        {
            Id = Value("id") ?? "",
            Version = version,
            Title = Value("title") ?? "",
            Description = Value("description"),
            Source = Value("source"),
            Licence = Value("licence"),
            Locale = Value("locale") ?? "en",
            Tiering = tiering,
        };
    }

    private static ImmutableArray<Choice> ParseChoices(string text, Action<string> problem)
    {
        if (text.Length == 0)
        {
            return [];
        }

        var choices = ImmutableArray.CreateBuilder<Choice>();
        foreach (var part in SplitEscaped(text, '|'))
        {
            var fields = SplitEscaped(part, '=').Select(f => Unescape(f).Trim()).ToList();
            if (fields.Count > 5)
            {
                problem($"the choice '{part.Trim()}' has more than five parts (value=label=score=result=risk)");
                continue;
            }

            var value = fields[0];
            if (value.Length == 0)
            {
                problem("a choice has an empty value");
                continue;
            }

            string Field(int i) => i < fields.Count ? fields[i] : "";
            var score = ParseDecimal(Field(2), m => problem($"choice '{value}': score {m}"));
            var risk = ParseDecimal(Field(4), m => problem($"choice '{value}': risk {m}"));
            ChoiceResult? result = null;
            if (Field(3).Length > 0)
            {
                result = ParseName<ChoiceResult>(Field(3));
                if (result is null)
                {
                    problem($"choice '{value}': unknown result '{Field(3)}'; expected one of {string.Join(", ", Enum.GetValues<ChoiceResult>().Select(v => Name(v)))}");
                }
            }

            choices.Add(new Choice(value, Field(1).Length > 0 ? Field(1) : value) { Score = score, Result = result, Risk = risk });
        }

        return choices.ToImmutable();
    }

    /// <summary>Splits on <paramref name="separator"/> not preceded by a backslash; escapes are kept for the next step.</summary>
    private static List<string> SplitEscaped(string text, char separator)
    {
        var parts = new List<string>();
        var current = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\\' && i + 1 < text.Length)
            {
                current.Append(text[i]).Append(text[i + 1]);
                i++;
            }
            else if (text[i] == separator)
            {
                parts.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(text[i]);
            }
        }

        parts.Add(current.ToString());
        return parts;
    }

    private static string Unescape(string text)
    {
        var result = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\\' && i + 1 < text.Length)
            {
                i++;
            }

            result.Append(text[i]);
        }

        return result.ToString();
    }

    private static decimal? ParseDecimal(string text, Action<string> problem)
    {
        if (text.Length == 0)
        {
            return null;
        }

        if (decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return number;
        }

        problem($"'{text}' is not a number (use a dot for decimals, e.g. 1.5)");
        return null;
    }

    private static string? Optional(string text) => text.Length == 0 ? null : text;

    private static bool? ParseYesNo(string text) => text.ToLowerInvariant() switch
    {
        "" or "no" or "false" or "0" or "n" => false,
        "yes" or "true" or "1" or "x" or "y" => true,
        _ => null,
    };

    private static string Name<T>(T value)
        where T : struct, Enum
    {
        var name = value.ToString();
        return char.ToLowerInvariant(name[0]) + name[1..];
    }

    private static T? ParseName<T>(string text)
        where T : struct, Enum
    {
        var wanted = new string(text.Where(char.IsAsciiLetterOrDigit).ToArray());
        foreach (var value in Enum.GetValues<T>())
        {
            if (string.Equals(value.ToString(), wanted, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }

        return null;
    }

    private sealed record EvidenceDto(bool? Allowed, bool Required, string? RequiredIf, int? ValidityDays, List<string>? Kinds, string? Prompt);

    private sealed record ThresholdDto(string Tier, decimal MinimumScore);

    private sealed record FloorDto(string When, string MinimumTier, string? Reason);

    private sealed record TieringDto(List<ThresholdDto> Thresholds, List<FloorDto>? Floors)
    {
        public static TieringDto From(TieringRules rules) => new(
            [.. rules.Thresholds.Select(t => new ThresholdDto(Name(t.Tier), t.MinimumScore))],
            rules.Floors.IsEmpty ? null : [.. rules.Floors.Select(f => new FloorDto(f.When, Name(f.MinimumTier), f.Reason))]);

        public TieringRules ToRules() => new()
        {
            Thresholds = [.. (Thresholds ?? []).Select(t => new TierThreshold(Tier(t.Tier), t.MinimumScore))],
            Floors = [.. (Floors ?? []).Select(f => new TierFloor(f.When, Tier(f.MinimumTier)) { Reason = f.Reason })],
        };

        private static RiskTier Tier(string name) => ParseName<RiskTier>(name) ?? throw new ArgumentException($"unknown tier '{name}'");
    }
}
