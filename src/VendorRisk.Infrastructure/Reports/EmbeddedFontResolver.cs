using System.Collections.Concurrent;
using PdfSharp.Fonts;

namespace VendorRisk.Infrastructure.Reports;

/// <summary>
/// Every font PDFsharp asks for is DejaVu Sans (regular or bold), read from this assembly's embedded resources,
/// so reports look the same on every server and never depend on fonts installed on the machine. DejaVu Sans is
/// openly licensed (Bitstream Vera licence, changes in the public domain): see Reports/Fonts/LICENSE-DejaVu.txt.
/// DejaVu Sans has no Chinese, Japanese or Korean glyphs; for text that needs them the report uses the fallback font
/// (<see cref="FallbackFamily"/>) when the server has one (Debian's fonts-droid-fallback), and otherwise shows a question mark
/// for each such character and says so in the report, never an empty box (ADR-031).
/// </summary>
internal sealed class EmbeddedFontResolver : IFontResolver
{
    public const string Family = "DejaVu Sans";
    public const string FallbackFamily = "VendorRisk Fallback";
    private const string Regular = "DejaVuSans";
    private const string Bold = "DejaVuSans-Bold";
    private const string Fallback = "Fallback";

    /// <summary>Where a fallback font with CJK glyphs may be installed (TrueType outlines, which PDFsharp embeds).</summary>
    public static readonly IReadOnlyList<string> FallbackCandidates = ["/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf"];

    private static readonly Lazy<string?> FallbackFile = new(() => FallbackCandidates.FirstOrDefault(File.Exists));

    /// <summary>The fallback font file of this server, or null when it has none.</summary>
    public static string? FallbackPath => FallbackFile.Value;

    private static readonly Lazy<FontCoverage> PrimaryCoverage = new(() => FontCoverage.Of(Face(Regular)));
    private static readonly Lazy<FontCoverage?> FallbackCoverageOf = new(() => FallbackPath is null ? null : FontCoverage.Of(Face(Fallback)));

    /// <summary>The characters DejaVu Sans can draw.</summary>
    public static FontCoverage Primary => PrimaryCoverage.Value;

    /// <summary>The characters the fallback font can draw, or null without one.</summary>
    public static FontCoverage? FallbackCoverage => FallbackCoverageOf.Value;

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
        familyName == FallbackFamily && FallbackPath is not null
            ? new(Fallback, mustSimulateBold: bold, mustSimulateItalic: italic)
            : new(bold ? Bold : Regular, mustSimulateBold: false, mustSimulateItalic: italic);

    public byte[]? GetFont(string faceName) => Face(faceName);

    private static byte[] Face(string faceName) => Faces.GetOrAdd(faceName, static name =>
    {
        if (name == Fallback) return File.ReadAllBytes(FallbackPath!);
        using var stream = typeof(EmbeddedFontResolver).Assembly.GetManifestResourceStream($"VendorRisk.Fonts.{name}.ttf")
            ?? throw new InvalidOperationException($"The embedded font {name} is missing from the build.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    });
}
