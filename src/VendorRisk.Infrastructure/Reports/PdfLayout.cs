using PdfSharp.Drawing;
using PdfSharp.Pdf;
using PdfSharp.UniversalAccessibility;

namespace VendorRisk.Infrastructure.Reports;

/// <summary>
/// A small flowing layout over PDFsharp: headings, wrapped paragraphs, label/value fields and tables whose rows
/// wrap and break across pages (the header row repeated), then a footer with "Page n of N" on every page.
/// The PDF is tagged (PDFsharp's UAManager): headings H1-H3, paragraphs, tables with header and data cells, so a screen reader
/// reads the report in order with its structure; repeated table headers and page footers are artifacts.
/// </summary>
internal sealed class PdfLayout : IDisposable
{
    public const double Margin = 50;
    private const double FooterHeight = 24;
    private const double CellPadding = 3;

    private readonly PdfDocument _document;
    private XGraphics _graphics = null!;
    private double _y;

    public XFont Body { get; } = new(EmbeddedFontResolver.Family, 9);
    public XFont BodyBold { get; } = new(EmbeddedFontResolver.Family, 9, XFontStyleEx.Bold);
    public XFont Small { get; } = new(EmbeddedFontResolver.Family, 7.5);
    private readonly XFont _h1 = new(EmbeddedFontResolver.Family, 16, XFontStyleEx.Bold);
    private readonly XFont _h2 = new(EmbeddedFontResolver.Family, 12.5, XFontStyleEx.Bold);
    private readonly XFont _h3 = new(EmbeddedFontResolver.Family, 10.5, XFontStyleEx.Bold);

    private readonly StructureBuilder? _structure;
    private readonly string _footer;
    private readonly int? _pageCount;

    /// <param name="document">The document to lay out into.</param>
    /// <param name="footer">The footer of every page.</param>
    /// <param name="pageCount">
    /// The number of pages, known from a first, untagged pass (the footer says "Page n of N" and is drawn when each page is done:
    /// a tagged document cannot go back to an earlier page); null for that first pass, which is not tagged.
    /// </param>
    public PdfLayout(PdfDocument document, string footer, int? pageCount)
    {
        _document = document;
        _footer = footer;
        _pageCount = pageCount;
        if (pageCount is not null)
        {
            var accessibility = UAManager.ForDocument(document);
            accessibility.SetDocumentLanguage("en");
            _structure = accessibility.StructureBuilder;
        }
        NewPage();
    }

    private void Begin(PdfBlockLevelElementTag tag) => _structure?.BeginElement(tag);

    private void BeginArtifact() => _structure?.BeginArtifact();

    private void End() => _structure?.End();

    private PdfPage Page { get; set; } = null!;

    private readonly Dictionary<(string Family, double Size, XFontStyleEx Style), XFont> _fallbacks = [];

    /// <summary>Whether some character could be drawn with no font of this server and was shown as a question mark.</summary>
    public bool ReplacedCharacters { get; private set; }

    /// <summary>
    /// The text and the font to draw it with: DejaVu Sans when it has every character; else the server's fallback font that draws most
    /// of the characters DejaVu Sans cannot (Chinese and Japanese in one, Korean Hangul in another), then most of all; what the chosen
    /// font cannot draw becomes a question mark (and <see cref="ReplacedCharacters"/> is set), never the empty box PDFsharp would draw.
    /// </summary>
    private (string Text, XFont Font) Fit(string text, XFont font)
    {
        var primary = EmbeddedFontResolver.Primary;
        if (primary.CoversAll(text)) return (text, font);
        var foreign = string.Concat(text.EnumerateRunes().Where(r => !System.Text.Rune.IsControl(r) && !primary.Covers(r.Value)));
        var coverage = primary;
        var best = (Foreign: Missing(foreign, primary), All: Missing(text, primary));
        foreach (var candidate in EmbeddedFontResolver.Fallbacks)
        {
            var missing = (Foreign: Missing(foreign, candidate.Coverage), All: Missing(text, candidate.Coverage));
            if (missing.Foreign > best.Foreign || (missing.Foreign == best.Foreign && missing.All >= best.All)) continue;
            best = missing;
            coverage = candidate.Coverage;
            var key = (candidate.Family, font.Size, font.Style);
            if (!_fallbacks.TryGetValue(key, out var fallback))
                _fallbacks[key] = fallback = new XFont(candidate.Family, font.Size, font.Style);
            font = fallback;
        }
        if (best.All == 0) return (text, font);
        ReplacedCharacters = true;
        var shown = new System.Text.StringBuilder(text.Length);
        foreach (var rune in text.EnumerateRunes())
            shown.Append(System.Text.Rune.IsControl(rune) || coverage.Covers(rune.Value) ? rune.ToString() : "?");
        return (shown.ToString(), font);
    }

    private static int Missing(string text, FontCoverage coverage) =>
        text.EnumerateRunes().Count(r => !System.Text.Rune.IsControl(r) && !coverage.Covers(r.Value));

    private double ContentWidth => Page.Width.Point - 2 * Margin;

    private double Bottom => Page.Height.Point - Margin - FooterHeight;

    private void NewPage()
    {
        if (_graphics is not null) Footer();
        _graphics?.Dispose();
        Page = _document.AddPage();
        Page.Size = PdfSharp.PageSize.A4;
        _graphics = XGraphics.FromPdfPage(Page);
        _y = Margin;
    }

    private void Ensure(double height)
    {
        if (_y + height > Bottom && _y > Margin) NewPage();
    }

    public void Space(double points) => _y += points;

    public void Title(string text) => Heading(text, _h1, 6, PdfBlockLevelElementTag.Heading1);

    public void Heading(string text) => Heading(text, _h2, 4, PdfBlockLevelElementTag.Heading2, spaceBefore: 10);

    public void Subheading(string text) => Heading(text, _h3, 3, PdfBlockLevelElementTag.Heading3, spaceBefore: 6);

    private void Heading(string text, XFont font, double after, PdfBlockLevelElementTag tag, double spaceBefore = 0)
    {
        (text, font) = Fit(text, font);
        var lines = Wrap(text, font, ContentWidth);
        // Keep a heading with at least three lines of what follows it.
        Ensure(spaceBefore + lines.Count * LineHeight(font) + 3 * LineHeight(Body));
        if (_y > Margin) _y += spaceBefore;
        Begin(tag);
        foreach (var line in lines)
        {
            _graphics.DrawString(line, font, XBrushes.Black, new XPoint(Margin, _y + font.GetHeight() * 0.8));
            _y += LineHeight(font);
        }
        End();
        _y += after;
    }

    public void Paragraph(string text, XFont? font = null, XBrush? brush = null)
    {
        (text, font) = Fit(text, font ?? Body);
        var lines = Wrap(text, font, ContentWidth);
        Ensure(LineHeight(font));
        Begin(PdfBlockLevelElementTag.Paragraph);
        foreach (var line in lines)
        {
            Ensure(LineHeight(font));
            _graphics.DrawString(line, font, brush ?? XBrushes.Black, new XPoint(Margin, _y + font.GetHeight() * 0.8));
            _y += LineHeight(font);
        }
        End();
        _y += 3;
    }

    /// <summary>A label and its value side by side (the value wraps in its column).</summary>
    public void Field(string label, string? value)
    {
        const double labelWidth = 150;
        var (valueText, valueFont) = Fit(string.IsNullOrWhiteSpace(value) ? "-" : value, Body);
        var (labelText, labelFont) = Fit(label, BodyBold);
        var valueLines = Wrap(valueText, valueFont, ContentWidth - labelWidth);
        var labelLines = Wrap(labelText, labelFont, labelWidth - 6);
        var height = Math.Max(valueLines.Count, labelLines.Count) * LineHeight(Body);
        Ensure(Math.Min(height, 4 * LineHeight(Body)));
        // Read as "Label value": one paragraph.
        Begin(PdfBlockLevelElementTag.Paragraph);
        for (var i = 0; i < Math.Max(valueLines.Count, labelLines.Count); i++)
        {
            Ensure(LineHeight(Body));
            var baseline = _y + Body.GetHeight() * 0.8;
            if (i < labelLines.Count) _graphics.DrawString(labelLines[i], labelFont, XBrushes.Black, new XPoint(Margin, baseline));
            if (i < valueLines.Count) _graphics.DrawString(valueLines[i], valueFont, XBrushes.Black, new XPoint(Margin + labelWidth, baseline));
            _y += LineHeight(Body);
        }
        End();
        _y += 2;
    }

    /// <summary>A table: column widths are shares of the content width; long cells wrap, rows break across pages.</summary>
    public void Table(IReadOnlyList<string> header, IReadOnlyList<double> shares, IEnumerable<IReadOnlyList<string?>> rows)
    {
        var total = shares.Sum();
        var widths = shares.Select(s => ContentWidth * s / total).ToArray();
        // Keep the header row with a first line of data before the table starts.
        Ensure(2 * LineHeight(Body) + 4 * CellPadding);
        Begin(PdfBlockLevelElementTag.Table);
        Begin(PdfBlockLevelElementTag.TableRow);
        DrawRow(header, widths, BodyBold, shade: true, PdfBlockLevelElementTag.TableHeaderCell);
        End();
        foreach (var row in rows)
        {
            var fitted = row.Select(cell => Fit(string.IsNullOrEmpty(cell) ? "-" : cell, Body)).ToList();
            var wrapped = fitted.Select((cell, i) => Wrap(cell.Text, cell.Font, widths[i] - 2 * CellPadding)).ToList();
            var fonts = fitted.Select(cell => cell.Font).ToArray();
            var height = wrapped.Max(l => l.Count) * LineHeight(Body) + 2 * CellPadding;
            if (_y + Math.Min(height, 6 * LineHeight(Body)) > Bottom)
            {
                NewPage();
                RepeatHeader(header, widths);
            }
            Begin(PdfBlockLevelElementTag.TableRow);
            DrawWrappedRow(wrapped, fonts, widths, header);
            End();
        }
        End();
        _y += 6;
    }

    /// <summary>The header row again at the top of a new page: decoration for a reader (an artifact), the table has it once.</summary>
    private void RepeatHeader(IReadOnlyList<string> header, double[] widths)
    {
        BeginArtifact();
        DrawRow(header, widths, BodyBold, shade: true, null);
        End();
    }

    private void DrawRow(IReadOnlyList<string> cells, double[] widths, XFont font, bool shade, PdfBlockLevelElementTag? tag)
    {
        var fitted = cells.Select(c => Fit(c, font)).ToList();
        var wrapped = fitted.Select((c, i) => Wrap(c.Text, c.Font, widths[i] - 2 * CellPadding)).ToList();
        var height = wrapped.Max(l => l.Count) * LineHeight(font) + 2 * CellPadding;
        Ensure(height + LineHeight(Body) + 2 * CellPadding);
        if (shade) _graphics.DrawRectangle(new XSolidBrush(XColor.FromArgb(235, 238, 242)), Margin, _y, widths.Sum(), height);
        DrawCells(wrapped, [.. fitted.Select(c => c.Font)], widths, font, tag, 0, wrapped.Max(l => l.Count), height);
        _y += height;
    }

    private void DrawWrappedRow(List<List<string>> wrapped, XFont[] fonts, double[] widths, IReadOnlyList<string> header)
    {
        var lineCount = wrapped.Max(l => l.Count);
        var done = 0;
        while (done < lineCount)
        {
            var fit = (int)Math.Floor((Bottom - _y - 2 * CellPadding) / LineHeight(Body));
            if (fit <= 0)
            {
                NewPage();
                RepeatHeader(header, widths);
                continue;
            }
            var take = Math.Min(fit, lineCount - done);
            var height = take * LineHeight(Body) + 2 * CellPadding;
            DrawCells(wrapped, fonts, widths, Body, PdfBlockLevelElementTag.TableDataCell, done, take, height);
            _y += height;
            done += take;
            if (done < lineCount)
            {
                NewPage();
                RepeatHeader(header, widths);
            }
        }
    }

    /// <summary>One slice of a row's cells; each cell a structure element of <paramref name="tag"/> (none inside an artifact).</summary>
    private void DrawCells(List<List<string>> wrapped, XFont[] fonts, double[] widths, XFont font, PdfBlockLevelElementTag? tag, int from, int count,
        double height)
    {
        var x = Margin;
        var pen = new XPen(XColor.FromArgb(190, 196, 204), 0.5);
        for (var c = 0; c < wrapped.Count; c++)
        {
            if (tag is { } t) Begin(t);
            _graphics.DrawRectangle(pen, x, _y, widths[c], height);
            for (var l = 0; l < count && from + l < wrapped[c].Count; l++)
            {
                _graphics.DrawString(wrapped[c][from + l], fonts[c], XBrushes.Black,
                    new XPoint(x + CellPadding, _y + CellPadding + l * LineHeight(font) + font.GetHeight() * 0.8));
            }
            if (tag is not null) End();
            x += widths[c];
        }
    }

    private static double LineHeight(XFont font) => font.GetHeight() * 1.15;

    /// <summary>Splits on line breaks, then wraps at spaces; a word wider than the line is cut.</summary>
    public List<string> Wrap(string text, XFont font, double width)
    {
        var lines = new List<string>();
        foreach (var paragraph in text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            var current = "";
            foreach (var word in paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var candidate = current.Length == 0 ? word : current + " " + word;
                if (Measure(candidate, font) <= width)
                {
                    current = candidate;
                    continue;
                }
                if (current.Length > 0) lines.Add(current);
                current = word;
                while (Measure(current, font) > width && current.Length > 1)
                {
                    var cut = current.Length - 1;
                    while (cut > 1 && Measure(current[..cut], font) > width) cut--;
                    lines.Add(current[..cut]);
                    current = current[cut..];
                }
            }
            lines.Add(current);
        }
        return lines;
    }

    private double Measure(string text, XFont font) => _graphics.MeasureString(text, font).Width;

    /// <summary>Ends the document: the last page's footer.</summary>
    public void Finish()
    {
        Footer();
        _graphics.Dispose();
        _graphics = null!;
    }

    /// <summary>The footer of the current page, an artifact: the report's footer line and "Page n of N" (or "Page n" in the first pass).</summary>
    private void Footer()
    {
        var g = _graphics;
        var page = Page;
        BeginArtifact();
        var baseline = page.Height.Point - Margin + 4;
        g.DrawLine(new XPen(XColor.FromArgb(190, 196, 204), 0.5), Margin, baseline - 12, page.Width.Point - Margin, baseline - 12);
        var number = _pageCount is { } count ? $"Page {_document.PageCount} of {count}" : $"Page {_document.PageCount}";
        var numberWidth = g.MeasureString(number, Small).Width;
        var (text, font) = Fit(_footer, Small);
        while (text.Length > 4 && g.MeasureString(text, font).Width > page.Width.Point - 2 * Margin - numberWidth - 12)
            text = text[..^4] + "...";
        g.DrawString(text, font, XBrushes.DimGray, new XPoint(Margin, baseline));
        g.DrawString(number, Small, XBrushes.DimGray, new XPoint(page.Width.Point - Margin - numberWidth, baseline));
        End();
    }

    public void Dispose() => _graphics?.Dispose();
}
