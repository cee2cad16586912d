using System.Collections.Concurrent;
using PdfSharp.Fonts;

namespace VendorRisk.Infrastructure.Reports;

/// <summary>
/// Every font PDFsharp asks for is DejaVu Sans (regular or bold), read from this assembly's embedded resources,
/// so reports look the same on every server and never depend on fonts installed on the machine. DejaVu Sans is
/// openly licensed (Bitstream Vera licence, changes in the public domain): see Reports/Fonts/LICENSE-DejaVu.txt.
/// </summary>
internal sealed class EmbeddedFontResolver : IFontResolver
{
    public const string Family = "DejaVu Sans";
    private const string Regular = "DejaVuSans";
    private const string Bold = "DejaVuSans-Bold";

    private static readonly ConcurrentDictionary<string, byte[]> Faces = new(StringComparer.Ordinal);
    private static readonly Lock Gate = new();

    /// <summary>PDFsharp's resolver is process-wide and may be set only before first use: installed once, here.</summary>
    public static void Install()
    {
        lock (Gate)
        {
            if (GlobalFontSettings.FontResolver is EmbeddedFontResolver) return;
            GlobalFontSettings.FontResolver = new EmbeddedFontResolver();
        }
    }

    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) =>
        new(bold ? Bold : Regular, mustSimulateBold: false, mustSimulateItalic: italic);

    public byte[]? GetFont(string faceName) => Faces.GetOrAdd(faceName, static name =>
    {
        using var stream = typeof(EmbeddedFontResolver).Assembly.GetManifestResourceStream($"VendorRisk.Fonts.{name}.ttf")
            ?? throw new InvalidOperationException($"The embedded font {name} is missing from the build.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    });
}
