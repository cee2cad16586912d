using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using VendorRisk.Application.Templates;
using VendorRisk.Domain.Questionnaires;
using VendorRisk.Infrastructure.Questionnaires.Spreadsheets;
using VendorRisk.Infrastructure.Tenancy;

namespace VendorRisk.Web.Pages.Templates;

/// <summary>
/// The spreadsheet import wizard (<see cref="SheetImportOperations"/>): upload an XLSX workbook or CSV file, choose the sheet and the
/// header row, map the columns and answer vocabularies, preview the questions as the vendor will see them, import as a draft. The
/// file is kept by the operations between the steps; each step posts its token and the choices made so far.
/// </summary>
[RequestSizeLimit(MaxRequestBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = MaxRequestBytes)]
public sealed class ImportSheetModel(SheetImportOperations operations, TenantContext tenant) : TemplatePageBase
{
    /// <summary>
    /// Far above the 5 MB file limit, so a too-large file (say 20 MB) reaches the operation and gets its message; the form reader
    /// buffers a large upload on disk, not in memory. Anything larger still gets the 413 page, not an empty answer.
    /// </summary>
    private const long MaxRequestBytes = 64 * 1024 * 1024;

    /// <summary>How many rows the header-row step shows.</summary>
    public const int RowsShown = 15;

    /// <summary>How many questions the preview shows.</summary>
    public const int PreviewQuestions = 12;

    public string Slug => tenant.Slug!;

    public string Step { get; private set; } = "file";

    public SheetWorkbook? Workbook { get; private set; }

    public SheetRows? Sheet => Workbook?.Sheet(SheetName);

    public IReadOnlyList<SheetColumn> Columns { get; private set; } = [];

    public IReadOnlyDictionary<string, (string Example, int Count, string? Preset)> Vocabularies { get; private set; } =
        new Dictionary<string, (string, int, string?)>();

    public SheetImportResult? Preview { get; private set; }

    public int DetectedHeaderRow { get; private set; }

    [BindProperty]
    public IFormFile? Upload { get; set; }

    [BindProperty]
    public string? Token { get; set; }

    [BindProperty]
    public string? SheetName { get; set; }

    [BindProperty]
    public int? HeaderRow { get; set; }

    [BindProperty]
    public MappingInput Map { get; set; } = new();

    [BindProperty]
    public List<VocabularyInput> Vocab { get; set; } = [];

    [BindProperty]
    public string? TemplateId { get; set; }

    [BindProperty]
    public string? Title { get; set; }

    [BindProperty]
    public string? Version { get; set; } = "1.0.0";

    public sealed class MappingInput
    {
        public int? Id { get; set; }
        public int? Section { get; set; }
        public int? Question { get; set; }
        public int? Answer { get; set; }
        public int? Weight { get; set; }
        public int? Condition { get; set; }
        public int? Required { get; set; }
        public List<int> Guidance { get; set; } = [];
        public string DefaultAnswer { get; set; } = AnswerPresets.YesNoNa;
        public bool AllRequired { get; set; } = true;
    }

    public sealed class VocabularyInput
    {
        public string Key { get; set; } = "";
        public string Preset { get; set; } = "";
    }

    public IActionResult OnGet() => CanManage ? Page() : StatusCode(StatusCodes.Status403Forbidden);

    /// <summary>Step 1 → 2: the file is checked, read and kept; the sheet with most rows and its header row are proposed.</summary>
    public async Task<IActionResult> OnPostUploadAsync(CancellationToken cancellationToken)
    {
        await using var content = Upload?.OpenReadStream() ?? Stream.Null;
        var uploaded = await operations.UploadAsync(Upload is null ? null : new UploadedFile(Upload.FileName, Upload.Length, content), cancellationToken);
        if (!uploaded.Succeeded) return Refused(uploaded, "") ?? Page();
        Workbook = uploaded.Value!;
        Token = Workbook.Token;
        if (Workbook.IsBranching) return await ShowBranchingAsync(cancellationToken);
        var best = Workbook.Sheets.Select(s => (Sheet: s, Keyworded: SheetImport.GuessMapping(s, SheetImport.DetectHeaderRow(s)).Question is not null))
            .OrderByDescending(s => s.Keyworded).ThenByDescending(s => s.Sheet.FilledRowCount).First().Sheet;
        SheetName = best.Name;
        HeaderRow = null;
        return ShowLayout();
    }

    /// <summary>Step 2 again, for another sheet.</summary>
    public async Task<IActionResult> OnPostLayoutAsync(CancellationToken cancellationToken)
    {
        if (await OpenAsync(cancellationToken) is { } refused) return refused;
        if (Sheet is null) SheetName = Workbook!.Sheets[0].Name;
        HeaderRow = null;
        return ShowLayout();
    }

    /// <summary>Step 2 → 3: the columns of the chosen header row, mapped by their headers where the wizard recognises them.</summary>
    public async Task<IActionResult> OnPostColumnsAsync(CancellationToken cancellationToken)
    {
        if (await OpenAsync(cancellationToken) is { } refused) return refused;
        if (Sheet is null)
        {
            ModelState.AddModelError(nameof(SheetName), "Choose the sheet that holds the questions.");
            SheetName = Workbook!.Sheets[0].Name;
            return ShowLayout();
        }

        if (HeaderRow is not { } headerRow || Sheet.Rows.All(r => r.Number != headerRow))
        {
            ModelState.AddModelError(nameof(HeaderRow), "Choose the row that holds the column headers.");
            return ShowLayout();
        }

        var guess = SheetImport.GuessMapping(Sheet, headerRow);
        Map = new MappingInput
        {
            Id = guess.Id, Section = guess.Section, Question = guess.Question, Answer = guess.Answer, Weight = guess.Weight,
            Condition = guess.Condition, Required = guess.Required, Guidance = [.. guess.Guidance],
        };
        Vocab = [.. guess.Vocabularies.Select(v => new VocabularyInput { Key = v.Key, Preset = v.Value })];
        if (string.IsNullOrWhiteSpace(Title)) Title = Path.GetFileNameWithoutExtension(Workbook!.FileName);
        return ShowMapping();
    }

    /// <summary>Step 3 with the questions as the vendor will see them (or the problems, by row and column).</summary>
    public async Task<IActionResult> OnPostPreviewAsync(CancellationToken cancellationToken)
    {
        if (await OpenAsync(cancellationToken) is { } refused) return refused;
        if (Workbook!.IsBranching) return await ShowBranchingAsync(cancellationToken);
        if (Sheet is null || HeaderRow is null) return ShowLayout();
        var preview = await operations.PreviewAsync(BuildRequest(), cancellationToken);
        if (!preview.Succeeded) return Refused(preview, "") ?? ShowMapping();
        Preview = preview.Value;
        return ShowMapping();
    }

    /// <summary>Step 3 → the draft in the library.</summary>
    public async Task<IActionResult> OnPostImportAsync(CancellationToken cancellationToken)
    {
        if (await OpenAsync(cancellationToken) is { } refused) return refused;
        if (!Workbook!.IsBranching && (Sheet is null || HeaderRow is null)) return ShowLayout();
        var imported = await operations.ImportAsync(BuildRequest(), cancellationToken);
        if (!imported.Succeeded) return Refused(imported, "") ?? (Workbook.IsBranching ? BranchingStep() : ShowMapping());
        var done = imported.Value!;
        TempData["Status"] = $"'{done.Saved.Title}' {done.Saved.SemanticVersion} was imported as a draft: {done.Questions} questions in {done.Sections} sections."
            + (done.NotImported.Count > 0 ? $" Not imported: {string.Join(", ", done.NotImported)}." : "");
        return Redirect($"/t/{Slug}/templates/details/{done.Saved.Id}");
    }

    /// <summary>
    /// A branching questionnaire's file has no sheet, header row or columns: the one step after the file is its preview with the
    /// template's id, title and version (its goto answers already turned into conditions).
    /// </summary>
    private async Task<IActionResult> ShowBranchingAsync(CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(Title)) Title = Workbook!.Branching!.Title;
        var preview = await operations.PreviewAsync(BuildRequest(), cancellationToken);
        if (!preview.Succeeded) return Refused(preview, "") ?? BranchingStep();
        Preview = preview.Value;
        return BranchingStep();
    }

    private PageResult BranchingStep()
    {
        Step = "branching";
        return Page();
    }

    private SheetImportRequest BuildRequest() => new(Token, SheetName, Mapping(), TemplateId, Title, Version);

    private SheetMapping Mapping() => new()
    {
        HeaderRow = HeaderRow ?? 0,
        Id = Map.Id, Section = Map.Section, Question = Map.Question, Answer = Map.Answer, Weight = Map.Weight,
        Condition = Map.Condition, Required = Map.Required, Guidance = [.. Map.Guidance.Distinct()],
        DefaultAnswer = Map.DefaultAnswer, AllRequired = Map.AllRequired,
        Vocabularies = Vocab.Where(v => v.Key.Length > 0).GroupBy(v => v.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First().Preset, StringComparer.Ordinal),
    };

    /// <summary>Opens the kept upload; an expired or unknown one sends the user back to step 1 with the message.</summary>
    private async Task<IActionResult?> OpenAsync(CancellationToken cancellationToken)
    {
        var opened = await operations.OpenAsync(Token, cancellationToken);
        if (opened.Succeeded)
        {
            Workbook = opened.Value;
            return null;
        }

        Step = "file";
        Token = null;
        return Refused(opened, "") ?? Page();
    }

    private PageResult ShowLayout()
    {
        Step = "layout";
        DetectedHeaderRow = SheetImport.DetectHeaderRow(Sheet!);
        HeaderRow ??= DetectedHeaderRow;
        return Page();
    }

    private PageResult ShowMapping()
    {
        Step = "mapping";
        Columns = SheetImport.ColumnsOf(Sheet!, HeaderRow!.Value);
        Vocabularies = SheetImport.VocabulariesIn(Sheet!, Mapping());
        // A vocabulary first seen now (another answer column) starts as recognised.
        var chosen = Vocab.Select(v => v.Key).ToHashSet(StringComparer.Ordinal);
        Vocab = [.. Vocab.Where(v => Vocabularies.ContainsKey(v.Key)),
            .. Vocabularies.Where(v => !chosen.Contains(v.Key)).Select(v => new VocabularyInput { Key = v.Key, Preset = v.Value.Preset ?? AnswerPresets.Textarea })];
        return Page();
    }

    /// <summary>The columns that hold something below the header and that no field takes.</summary>
    public IReadOnlyList<SheetColumn> Unmapped()
    {
        var mapped = Mapping().MappedColumns().ToHashSet();
        return [.. Columns.Where(c => !mapped.Contains(c.Index) && Sheet!.Rows.Any(r => r.Number > HeaderRow && r[c.Index].Trim().Length > 0))];
    }

    public static string TypeLabel(ItemType type) => type switch
    {
        ItemType.SingleChoice => "one choice",
        ItemType.Boolean => "yes or no",
        ItemType.Textarea => "free text",
        ItemType.Text => "short text",
        _ => type.ToString().ToLowerInvariant(),
    };
}
