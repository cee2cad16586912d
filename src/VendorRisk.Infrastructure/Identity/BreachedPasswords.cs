using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Win32.SafeHandles;

namespace VendorRisk.Infrastructure.Identity;

/// <summary>
/// An offline copy of a breached-password corpus (ASVS 5.0 6.2.12, ADR-048): a text file of SHA-1 hashes in upper-case hex, each
/// with the number of times it was seen (<c>HASH:COUNT</c>, one a line, sorted by hash), as Have I Been Pwned publishes its Pwned
/// Passwords "ordered by hash". The file (tens of gigabytes in full) is never loaded: each lookup opens it and binary-searches
/// the bytes, about 35 reads of one short line each. The server makes no outbound call; the operator downloads and refreshes the
/// file (docs/deploy.md).
/// </summary>
public sealed class BreachedPasswordCorpus
{
    public const string Setting = "Security:BreachedPasswordsFile";

    private const int HashLength = 40;
    /// <summary>A line is 40 hex digits, a colon, a count and CR LF: far less than this.</summary>
    private const int MaxLine = 128;

    public string Path { get; }

    private BreachedPasswordCorpus(string path) => Path = path;

    /// <summary>
    /// The corpus named by <c>Security:BreachedPasswordsFile</c>, or null when the setting is empty. A set path whose file is missing,
    /// unreadable or not in the published format stops the start with a message naming the setting: a breach check that silently
    /// checks nothing is worse than none.
    /// </summary>
    public static BreachedPasswordCorpus? From(IConfiguration configuration)
    {
        var path = configuration[Setting];
        if (string.IsNullOrWhiteSpace(path)) return null;
        var corpus = new BreachedPasswordCorpus(System.IO.Path.GetFullPath(path));
        try
        {
            using var handle = File.OpenHandle(corpus.Path, FileMode.Open, FileAccess.Read, FileShare.Read);
            var length = RandomAccess.GetLength(handle);
            if (length > 0 && Parse(ReadLine(handle, 0, length).Line) is null)
                throw new InvalidDataException("its first line is not a 40-digit SHA-1 hash, a colon and a count");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            throw new InvalidConfigurationException(
                $"{Setting} names {corpus.Path}, which cannot be used as a breached-password file: {e.Message}. Fix the path or leave the setting empty.", e);
        }
        return corpus;
    }

    /// <summary>How often <paramref name="password"/> appears in the corpus (its UTF-8 SHA-1); 0 when it does not.</summary>
    public long TimesSeen(string password) =>
#pragma warning disable CA5350 // SHA-1 is the corpus's key (as published), used to look up, never to protect anything.
        TimesSeenHash(Convert.ToHexString(SHA1.HashData(Encoding.UTF8.GetBytes(password))));
#pragma warning restore CA5350

    /// <summary>How often the SHA-1 hash <paramref name="hexHash"/> (40 hex digits) appears in the corpus; 0 when it does not.</summary>
    internal long TimesSeenHash(string hexHash)
    {
        var target = Encoding.ASCII.GetBytes(hexHash.ToUpperInvariant());
        if (target.Length != HashLength) throw new ArgumentException("A SHA-1 hash is 40 hex digits.", nameof(hexHash));
        using var handle = File.OpenHandle(Path, FileMode.Open, FileAccess.Read, FileShare.Read);
        var length = RandomAccess.GetLength(handle);
        // Invariant: lo is the start of a line, and the target's line (if any) starts in [lo, hi).
        long lo = 0, hi = length;
        while (lo < hi)
        {
            var mid = lo + (hi - lo) / 2;
            var start = mid == lo ? lo : LineStartAtOrAfter(handle, mid, length);
            if (start >= hi)
            {
                hi = mid;
                continue;
            }
            var (line, next) = ReadLine(handle, start, length);
            var entry = Parse(line) ?? throw new InvalidDataException($"{Setting}: the line at byte {start} of {Path} is not HASH:COUNT.");
            var order = Compare(entry.Hash, target);
            if (order == 0) return entry.Count;
            if (order < 0) lo = next;
            else hi = start;
        }
        return 0;
    }

    private static long LineStartAtOrAfter(SafeFileHandle handle, long position, long length)
    {
        Span<byte> buffer = stackalloc byte[MaxLine];
        // The line containing position - 1 ends at the first LF from there; the next line starts after it.
        var from = position - 1;
        var read = RandomAccess.Read(handle, buffer, from);
        var newline = buffer[..read].IndexOf((byte)'\n');
        if (newline < 0)
        {
            if (from + read >= length) return length;
            throw new InvalidDataException($"{Setting}: no line end within {MaxLine} bytes of byte {from}.");
        }
        return from + newline + 1;
    }

    /// <summary>The line starting at <paramref name="start"/> (without CR LF) and where the next one starts.</summary>
    private static (byte[] Line, long Next) ReadLine(SafeFileHandle handle, long start, long length)
    {
        var buffer = new byte[MaxLine];
        var read = RandomAccess.Read(handle, buffer, start);
        var newline = Array.IndexOf(buffer, (byte)'\n', 0, read);
        if (newline < 0)
        {
            if (start + read < length) throw new InvalidDataException($"{Setting}: no line end within {MaxLine} bytes of byte {start}.");
            newline = read; // the last line, without a line end
        }
        var end = newline > 0 && buffer[newline - 1] == '\r' ? newline - 1 : newline;
        return (buffer[..end], start + newline + 1);
    }

    private sealed record Entry(byte[] Hash, long Count);

    private static Entry? Parse(byte[] line)
    {
        if (line.Length < HashLength + 2 || line[HashLength] != ':') return null;
        var hash = new byte[HashLength];
        for (var i = 0; i < HashLength; i++)
        {
            var c = (char)line[i];
            if (!char.IsAsciiHexDigit(c)) return null;
            hash[i] = (byte)char.ToUpperInvariant(c);
        }
        return long.TryParse(Encoding.ASCII.GetString(line, HashLength + 1, line.Length - HashLength - 1), NumberStyles.None,
            CultureInfo.InvariantCulture, out var count) ? new Entry(hash, count) : null;
    }

    private static int Compare(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b) => a.SequenceCompareTo(b);
}

/// <summary>Refuses a new password found in the breached-password corpus, at sign-up, invitation, reset and change alike.</summary>
public sealed class BreachedPasswordValidator(BreachedPasswordCorpus corpus) : IPasswordValidator<AppUser>
{
    public const string Code = "BreachedPassword";
    public const string Message =
        "This password appears in a published data breach, so attackers try it. Choose a different one, and change it anywhere else you use it.";

    public Task<IdentityResult> ValidateAsync(UserManager<AppUser> manager, AppUser user, string? password) =>
        Task.FromResult(!string.IsNullOrEmpty(password) && corpus.TimesSeen(password) > 0
            ? IdentityResult.Failed(new IdentityError { Code = Code, Description = Message })
            : IdentityResult.Success);
}
