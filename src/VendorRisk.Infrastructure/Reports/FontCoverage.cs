using System.Buffers.Binary;

namespace VendorRisk.Infrastructure.Reports;

/// <summary>
/// Which characters a TrueType font has glyphs for, read from its <c>cmap</c> table (Unicode subtables of format 4 and 12), so
/// the report can tell text the embedded font cannot draw before PDFsharp silently draws empty boxes for it.
/// </summary>
internal sealed class FontCoverage
{
    private readonly List<(int First, int Last)> _ranges;

    private FontCoverage(List<(int First, int Last)> ranges) => _ranges = ranges;

    public bool Covers(int codePoint)
    {
        int low = 0, high = _ranges.Count - 1;
        while (low <= high)
        {
            var middle = (low + high) / 2;
            var (first, last) = _ranges[middle];
            if (codePoint < first) high = middle - 1;
            else if (codePoint > last) low = middle + 1;
            else return true;
        }
        return false;
    }

    /// <summary>Whether every character of the text is drawable (line breaks and other controls are never drawn).</summary>
    public bool CoversAll(string text)
    {
        foreach (var rune in text.EnumerateRunes())
            if (!System.Text.Rune.IsControl(rune) && !Covers(rune.Value)) return false;
        return true;
    }

    public static FontCoverage Of(byte[] font)
    {
        var span = font.AsSpan();
        var tables = BinaryPrimitives.ReadUInt16BigEndian(span[4..]);
        for (var t = 0; t < tables; t++)
        {
            var record = span[(12 + 16 * t)..];
            if (!record[..4].SequenceEqual("cmap"u8)) continue;
            var cmap = span[(int)BinaryPrimitives.ReadUInt32BigEndian(record[8..])..];
            var count = BinaryPrimitives.ReadUInt16BigEndian(cmap[2..]);
            var best = -1;
            var bestFormat = 0;
            for (var i = 0; i < count; i++)
            {
                var entry = cmap[(4 + 8 * i)..];
                var platform = BinaryPrimitives.ReadUInt16BigEndian(entry);
                var encoding = BinaryPrimitives.ReadUInt16BigEndian(entry[2..]);
                var offset = (int)BinaryPrimitives.ReadUInt32BigEndian(entry[4..]);
                var unicode = platform == 0 || (platform == 3 && encoding is 1 or 10);
                if (!unicode) continue;
                var format = BinaryPrimitives.ReadUInt16BigEndian(cmap[offset..]);
                if (format == 12 || (format == 4 && bestFormat != 12)) (best, bestFormat) = (offset, format);
            }
            if (best < 0) break;
            return new FontCoverage(bestFormat == 12 ? Format12(cmap[best..]) : Format4(cmap[best..]));
        }
        return new FontCoverage([]);
    }

    private static List<(int, int)> Format4(ReadOnlySpan<byte> table)
    {
        var segments = BinaryPrimitives.ReadUInt16BigEndian(table[6..]) / 2;
        var ends = table[14..];
        var starts = table[(16 + 2 * segments)..];
        var deltas = table[(16 + 4 * segments)..];
        var rangeOffsets = table[(16 + 6 * segments)..];
        var ranges = new List<(int, int)>();
        for (var s = 0; s < segments; s++)
        {
            int start = BinaryPrimitives.ReadUInt16BigEndian(starts[(2 * s)..]), end = BinaryPrimitives.ReadUInt16BigEndian(ends[(2 * s)..]);
            if (start == 0xFFFF) continue;
            var delta = BinaryPrimitives.ReadInt16BigEndian(deltas[(2 * s)..]);
            var rangeOffset = BinaryPrimitives.ReadUInt16BigEndian(rangeOffsets[(2 * s)..]);
            for (var c = start; c <= end; c++)
            {
                int glyph;
                if (rangeOffset == 0) glyph = (c + delta) & 0xFFFF;
                else
                {
                    var at = 2 * s + rangeOffset + 2 * (c - start);
                    if (at + 2 > rangeOffsets.Length) continue;
                    glyph = BinaryPrimitives.ReadUInt16BigEndian(rangeOffsets[at..]);
                    if (glyph != 0) glyph = (glyph + delta) & 0xFFFF;
                }
                if (glyph == 0) continue;
                if (ranges.Count > 0 && ranges[^1].Item2 == c - 1) ranges[^1] = (ranges[^1].Item1, c);
                else ranges.Add((c, c));
            }
        }
        return ranges;
    }

    private static List<(int, int)> Format12(ReadOnlySpan<byte> table)
    {
        var groups = BinaryPrimitives.ReadUInt32BigEndian(table[12..]);
        var ranges = new List<(int, int)>();
        for (var g = 0; g < groups; g++)
        {
            var group = table[(16 + 12 * g)..];
            ranges.Add(((int)BinaryPrimitives.ReadUInt32BigEndian(group), (int)BinaryPrimitives.ReadUInt32BigEndian(group[4..])));
        }
        ranges.Sort();
        return ranges;
    }
}
