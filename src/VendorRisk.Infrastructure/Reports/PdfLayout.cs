using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace VendorRisk.Infrastructure.Reports;

/// <summary>
/// A small flowing layout over PDFsharp: headings, wrapped paragraphs, label/value fields and tables whose rows
/// wrap and break across pages (the header row repeated), then a footer with "Page n of N" on every page.
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

    public PdfLayout(PdfDocument document)
    {
        _document = document;
        NewPage();
    }

    private PdfPage Page { get; set; } = null!;

    private double ContentWidth => Page.Width.Point - 2 * Margin;

    private double Bottom => Page.Height.Point - Margin - FooterHeight;

    private void NewPage()
    {
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

    public void Title(string text) => Heading(text, _h1, 6);

    public void Heading(string text) => Heading(text, _h2, 4, spaceBefore: 10);

    public void Subheading(string text) => Heading(text, _h3, 3, spaceBefore: 6);

    private void Heading(string text, XFont font, double after, double spaceBefore = 0)
    {
        var lines = Wrap(text, font, ContentWidth);
        // Keep a heading with at least three lines of what follows it.
        Ensure(spaceBefore + lines.Count * LineHeight(font) + 3 * LineHeight(Body));
        if (_y > Margin) _y += spaceBefore;
        foreach (var line in lines)
        {
            _graphics.DrawString(line, font, XBrushes.Black, new XPoint(Margin, _y + font.GetHeight() * 0.8));
            _y += LineHeight(font);
        }
        _y += after;
    }

    public void Paragraph(string text, XFont? font = null, XBrush? brush = null)
    {
        font ??= Body;
        foreach (var line in Wrap(text, font, ContentWidth))
        {
            Ensure(LineHeight(font));
            _graphics.DrawString(line, font, brush ?? XBrushes.Black, new XPoint(Margin, _y + font.GetHeight() * 0.8));
            _y += LineHeight(font);
        }
        _y += 3;
    }

    /// <summary>A label and its value side by side (the value wraps in its column).</summary>
    public void Field(string label, string? value)
    {
        const double labelWidth = 150;
        var valueLines = Wrap(string.IsNullOrWhiteSpace(value) ? "-" : value, Body, ContentWidth - labelWidth);
        var labelLines = Wrap(label, BodyBold, labelWidth - 6);
        var height = Math.Max(valueLines.Count, labelLines.Count) * LineHeight(Body);
        Ensure(Math.Min(height, 4 * LineHeight(Body)));
        for (var i = 0; i < Math.Max(valueLines.Count, labelLines.Count); i++)
        {
            Ensure(LineHeight(Body));
            var baseline = _y + Body.GetHeight() * 0.8;
            if (i < labelLines.Count) _graphics.DrawString(labelLines[i], BodyBold, XBrushes.Black, new XPoint(Margin, baseline));
            if (i < valueLines.Count) _graphics.DrawString(valueLines[i], Body, XBrushes.Black, new XPoint(Margin + labelWidth, baseline));
            _y += LineHeight(Body);
        }
        _y += 2;
    }

    /// <summary>A table: column widths are shares of the content width; long cells wrap, rows break across pages.</summary>
    public void Table(IReadOnlyList<string> header, IReadOnlyList<double> shares, IEnumerable<IReadOnlyList<string?>> rows)
    {
        var total = shares.Sum();
        var widths = shares.Select(s => ContentWidth * s / total).ToArray();
        DrawRow(header, widths, BodyBold, shade: true);
        foreach (var row in rows)
        {
            var wrapped = row.Select((cell, i) => Wrap(string.IsNullOrEmpty(cell) ? "-" : cell, Body, widths[i] - 2 * CellPadding)).ToList();
            var height = wrapped.Max(l => l.Count) * LineHeight(Body) + 2 * CellPadding;
            if (_y + Math.Min(height, 6 * LineHeight(Body)) > Bottom)
            {
                NewPage();
                DrawRow(header, widths, BodyBold, shade: true);
            }
            DrawWrappedRow(wrapped, widths, header);
        }
        _y += 6;
    }

    private void DrawRow(IReadOnlyList<string> cells, double[] widths, XFont font, bool shade)
    {
        var wrapped = cells.Select((c, i) => Wrap(c, font, widths[i] - 2 * CellPadding)).ToList();
        var height = wrapped.Max(l => l.Count) * LineHeight(font) + 2 * CellPadding;
        Ensure(height + LineHeight(Body) + 2 * CellPadding);
        if (shade) _graphics.DrawRectangle(new XSolidBrush(XColor.FromArgb(235, 238, 242)), Margin, _y, widths.Sum(), height);
        DrawCells(wrapped, widths, font, 0, wrapped.Max(l => l.Count), height);
        _y += height;
    }

    private void DrawWrappedRow(List<List<string>> wrapped, double[] widths, IReadOnlyList<string> header)
    {
        var lineCount = wrapped.Max(l => l.Count);
        var done = 0;
        while (done < lineCount)
        {
            var fit = (int)Math.Floor((Bottom - _y - 2 * CellPadding) / LineHeight(Body));
            if (fit <= 0)
            {
                NewPage();
                DrawRow(header, widths, BodyBold, shade: true);
                continue;
            }
            var take = Math.Min(fit, lineCount - done);
            var height = take * LineHeight(Body) + 2 * CellPadding;
            DrawCells(wrapped, widths, Body, done, take, height);
            _y += height;
            done += take;
            if (done < lineCount)
            {
                NewPage();
                DrawRow(header, widths, BodyBold, shade: true);
            }
        }
    }

    private void DrawCells(List<List<string>> wrapped, double[] widths, XFont font, int from, int count, double height)
    {
        var x = Margin;
        var pen = new XPen(XColor.FromArgb(190, 196, 204), 0.5);
        for (var c = 0; c < wrapped.Count; c++)
        {
            _graphics.DrawRectangle(pen, x, _y, widths[c], height);
            for (var l = 0; l < count && from + l < wrapped[c].Count; l++)
            {
                _graphics.DrawString(wrapped[c][from + l], font, XBrushes.Black,
                    new XPoint(x + CellPadding, _y + CellPadding + l * LineHeight(font) + font.GetHeight() * 0.8));
            }
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

    /// <summary>Draws the footer on every page once the document is complete.</summary>
    public void Finish(string footer)
    {
        _graphics.Dispose();
        var count = _document.PageCount;
        for (var i = 0; i < count; i++)
        {
            var page = _document.Pages[i];
            using var g = XGraphics.FromPdfPage(page, XGraphicsPdfPageOptions.Append);
            var baseline = page.Height.Point - Margin + 4;
            g.DrawLine(new XPen(XColor.FromArgb(190, 196, 204), 0.5), Margin, baseline - 12, page.Width.Point - Margin, baseline - 12);
            var number = $"Page {i + 1} of {count}";
            var numberWidth = g.MeasureString(number, Small).Width;
            var text = footer;
            while (text.Length > 4 && g.MeasureString(text, Small).Width > page.Width.Point - 2 * Margin - numberWidth - 12)
                text = text[..^4] + "...";
            g.DrawString(text, Small, XBrushes.DimGray, new XPoint(Margin, baseline));
            g.DrawString(number, Small, XBrushes.DimGray, new XPoint(page.Width.Point - Margin - numberWidth, baseline));
        }
        _graphics = null!;
    }

    public void Dispose() => _graphics?.Dispose();
}
