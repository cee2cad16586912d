using System.Text;
using VendorRisk.Domain.Questionnaires;

namespace VendorRisk.Infrastructure.Questionnaires.Spreadsheets;

/// <summary>A CSV file's text and the encoding it was read with, by name for the page ("UTF-8 with a byte order mark").</summary>
public sealed record CsvText(string Text, string EncodingName);

/// <summary>
/// Works out how a CSV file's bytes are encoded: a byte order mark names UTF-8 or UTF-16 (little or big endian); without one,
/// bytes that are valid UTF-8 are UTF-8; text with a zero byte in every other position is UTF-16 without a mark; anything else
/// is read as Windows-1252 (what Excel writes as "CSV" on a Western Windows), unless it holds bytes Windows-1252 leaves undefined
/// or control characters, which no text file has: then the file is refused rather than imported as mojibake.
/// </summary>
public static class CsvEncoding
{
    public const string Utf8Bom = "UTF-8 with a byte order mark";
    public const string Utf8 = "UTF-8";
    public const string Utf16Le = "UTF-16 (little endian)";
    public const string Utf16Be = "UTF-16 (big endian)";
    public const string Windows1252 = "Windows-1252 (Western European)";

    private const string NotText = "The file is not a CSV text file in UTF-8, UTF-16 or Windows-1252: save it from your spreadsheet program as \"CSV UTF-8\" and try again.";

    public static Result<CsvText> Decode(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        if (bytes.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            return Strict(new UTF8Encoding(false, true), bytes, 3, Utf8Bom);
        }

        if (bytes.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            return Strict(new UnicodeEncoding(false, false, true), bytes, 2, Utf16Le);
        }

        if (bytes.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return Strict(new UnicodeEncoding(true, false, true), bytes, 2, Utf16Be);
        }

        if (LooksLikeUtf16(bytes, out var bigEndian))
        {
            return Strict(new UnicodeEncoding(bigEndian, false, true), bytes, 0, bigEndian ? Utf16Be : Utf16Le);
        }

        var utf8 = Strict(new UTF8Encoding(false, true), bytes, 0, Utf8);
        if (utf8.IsSuccess)
        {
            return utf8;
        }

        // Bytes 0x81, 0x8D, 0x8F, 0x90 and 0x9D are undefined in Windows-1252; a control character other than tab and line ends is no text.
        foreach (var b in bytes)
        {
            if (b is 0x81 or 0x8D or 0x8F or 0x90 or 0x9D || (b < 0x20 && b is not (0x09 or 0x0A or 0x0D)))
            {
                return Result<CsvText>.Failure("file", NotText);
            }
        }

        var windows1252 = CodePagesEncodingProvider.Instance.GetEncoding(1252)!;
        return Result<CsvText>.Success(new CsvText(windows1252.GetString(bytes), Windows1252));
    }

    private static Result<CsvText> Strict(Encoding encoding, byte[] bytes, int skip, string name)
    {
        try
        {
            var text = encoding.GetString(bytes, skip, bytes.Length - skip);
            return text.Any(c => c < ' ' && c is not ('\t' or '\n' or '\r'))
                ? Result<CsvText>.Failure("file", NotText)
                : Result<CsvText>.Success(new CsvText(text, name));
        }
        catch (DecoderFallbackException)
        {
            return Result<CsvText>.Failure("file", name == Utf8 ? NotText : $"The file starts with the mark of {name} but is not valid {name}: it may be truncated or damaged.");
        }
    }

    /// <summary>ASCII-range text in UTF-16 has a zero byte in every other position: count them over the first bytes.</summary>
    private static bool LooksLikeUtf16(byte[] bytes, out bool bigEndian)
    {
        bigEndian = false;
        var length = Math.Min(bytes.Length, 4096) & ~1;
        if (length < 4)
        {
            return false;
        }

        int evenZeros = 0, oddZeros = 0;
        for (var i = 0; i < length; i += 2)
        {
            if (bytes[i] == 0) evenZeros++;
            if (bytes[i + 1] == 0) oddZeros++;
        }

        var pairs = length / 2;
        if (oddZeros > pairs * 0.6 && evenZeros < pairs * 0.1)
        {
            return true;
        }

        if (evenZeros > pairs * 0.6 && oddZeros < pairs * 0.1)
        {
            bigEndian = true;
            return true;
        }

        return false;
    }
}
