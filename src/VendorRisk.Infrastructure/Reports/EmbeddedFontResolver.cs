using System.Collections.Concurrent;
using PdfSharp.Fonts;

namespace VendorRisk.Infrastructure.Reports;

/// <summary>
/// Every font PDFsharp asks for is DejaVu Sans (regular or bold), read from this assembly's embedded resources,
/// so reports look the same on every server and never depend on fonts installed on the machine. DejaVu Sans is
/// openly licensed (Bitstream Vera licence, changes in the public domain): see Reports/Fonts/LICENSE-DejaVu.txt.
/// DejaVu Sans has no Chinese, Japanese or Korean glyphs; for text that needs them the report uses the server's fallback fonts
/// (<see cref="Fallbacks"/>, in order: Debian's fonts-droid-fallback for Chinese and Japanese, fonts-nanum for Korean Hangul) when it
/// has them, and otherwise shows a question mark for each such character and says so in the report, never an empty box (ADR-031).
/// </summary>
internal sealed class EmbeddedFontResolver : IFontResolver
{
    public const string Family = "DejaVu Sans";
    private const string Regular = "DejaVuSans";
    private const string Bold = "DejaVuSans-Bold";

    /// <summary>A fallback font the server may have: its family name in the report, its face name and where Debian installs it.</summary>
    public sealed record FallbackFont(string Family, string Face, string Path)
    {
        private readonly Lazy<FontCoverage> _coverage = new(() => FontCoverage.Of(EmbeddedFontResolver.Face(Face)));

        /// <summary>The characters the font can draw.</summary>
        public FontCoverage Coverage => _coverage.Value;
    }

    /// <summary>
    /// Where fallback fonts with CJK glyphs may be installed, in the order they are tried (TrueType outlines, which PDFsharp embeds;
    /// Noto CJK is OpenType/CFF, which it cannot). Droid Sans Fallback has Chinese and Japanese but no Hangul; NanumGothic has Hangul.
    /// </summary>
    public static readonly IReadOnlyList<FallbackFont> FallbackCandidates =
    [
        new("VendorRisk Fallback", "Fallback", "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf"),
        new("VendorRisk Fallback Hangul", "FallbackHangul", "/usr/share/fonts/truetype/nanum/NanumGothic.ttf"),
    ];

    private static readonly Lazy<IReadOnlyList<FallbackFont>> Installed = new(() => [.. FallbackCandidates.Where(f => File.Exists(f.Path))]);

    /// <summary>The fallback fonts this server has, in the order they are tried (empty without any).</summary>
    public static IReadOnlyList<FallbackFont> Fallbacks => Installed.Value;

    private static readonly Lazy<FontCoverage> PrimaryCoverage = new(() => FontCoverage.Of(Face(Regular)));

    /// <summary>The characters DejaVu Sans can draw.</summary>
    public static FontCoverage Primary => PrimaryCoverage.Value;

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
        Fallbacks.FirstOrDefault(f => f.Family == familyName) is { } fallback
            ? new(fallback.Face, mustSimulateBold: bold, mustSimulateItalic: italic)
            : new(bold ? Bold : Regular, mustSimulateBold: false, mustSimulateItalic: italic);

    public byte[]? GetFont(string faceName) => Face(faceName);

    private static byte[] Face(string faceName) => Faces.GetOrAdd(faceName, static name =>
    {
        if (FallbackCandidates.FirstOrDefault(f => f.Face == name) is { } fallback) return File.ReadAllBytes(fallback.Path);
        using var stream = typeof(EmbeddedFontResolver).Assembly.GetManifestResourceStream($"VendorRisk.Fonts.{name}.ttf")
            ?? throw new InvalidOperationException($"The embedded font {name} is missing from the build.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    });
}
