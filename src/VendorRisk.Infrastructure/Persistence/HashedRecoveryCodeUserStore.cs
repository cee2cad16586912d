using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using VendorRisk.Infrastructure.Identity;

namespace VendorRisk.Infrastructure.Persistence;

/// <summary>
/// Identity's user store with recovery codes kept only as salted PBKDF2 hashes (ASVS 5.0 6.5.2, ADR-048): Identity keeps them in
/// the user-token table in clear, so anyone who reads that table could sign in past the second factor. A recovery code has about
/// 47 bits of entropy (10 characters of 26), below the 112 bits at which a plain hash would do, so each is hashed with
/// PBKDF2-HMAC-SHA256 and a random 128-bit salt renewed with every set of codes. One salt per set means one derivation per
/// attempt, however many codes are left, and the typed code is compared with every stored hash in constant time.
/// <para>
/// Codes written in clear by an earlier version (Identity's own row) stay usable: the first redemption or new set replaces that
/// row with hashes, and <see cref="HashLegacyCodesAsync"/> does it for every account at start-up, so no clear code outlives the
/// first start of this version.
/// </para>
/// </summary>
public sealed class HashedRecoveryCodeUserStore(AppDbContext context, IdentityErrorDescriber? describer = null)
    : UserStore<AppUser, AppRole, AppDbContext, Guid>(context, describer)
{
    /// <summary>Our own row: a hashed set is never mistaken for Identity's clear list.</summary>
    public const string StoreProvider = "[VendorRisk]";
    public const string HashedCodesName = "RecoveryCodeHashes";

    /// <summary>Identity's row of clear codes (the constants are internal to Identity).</summary>
    public const string LegacyProvider = "[AspNetUserStore]";
    public const string LegacyCodesName = "RecoveryCodes";

    private const string Scheme = "pbkdf2-sha256";
    private const int Iterations = 100_000;
    private const int SaltBytes = 16;
    private const int HashBytes = 32;

    public override async Task ReplaceCodesAsync(AppUser user, IEnumerable<string> recoveryCodes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(recoveryCodes);
        await SetTokenAsync(user, StoreProvider, HashedCodesName, HashSet(recoveryCodes), cancellationToken);
        if (await GetTokenAsync(user, LegacyProvider, LegacyCodesName, cancellationToken) is not null)
            await RemoveTokenAsync(user, LegacyProvider, LegacyCodesName, cancellationToken);
    }

    public override async Task<bool> RedeemCodeAsync(AppUser user, string code, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(code);
        var stored = await GetTokenAsync(user, StoreProvider, HashedCodesName, cancellationToken);
        if (stored is null)
        {
            // Clear codes from before hashing: the same check, then only hashes are written back.
            var legacy = await GetTokenAsync(user, LegacyProvider, LegacyCodesName, cancellationToken);
            if (string.IsNullOrEmpty(legacy)) return false;
            var clear = legacy.Split(';', StringSplitOptions.RemoveEmptyEntries);
            var typed = Encoding.UTF8.GetBytes(Canonical(code));
            var match = -1;
            for (var i = 0; i < clear.Length; i++)
            {
                if (CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(Canonical(clear[i])), typed) && match < 0) match = i;
            }
            if (match < 0) return false;
            await ReplaceCodesAsync(user, clear.Where((_, i) => i != match), cancellationToken);
            return true;
        }

        if (Parse(stored) is not { } set) return false;
        var hash = Derive(code, set.Salt, set.Iterations);
        var found = -1;
        for (var i = 0; i < set.Hashes.Count; i++)
        {
            // Every stored hash is compared, whatever matched before: the time does not tell which code was typed.
            if (CryptographicOperations.FixedTimeEquals(set.Hashes[i], hash) && found < 0) found = i;
        }
        if (found < 0) return false;
        var left = set.Hashes.Where((_, i) => i != found).ToList();
        await SetTokenAsync(user, StoreProvider, HashedCodesName, Format(set.Salt, set.Iterations, left), cancellationToken);
        return true;
    }

    public override async Task<int> CountCodesAsync(AppUser user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (await GetTokenAsync(user, StoreProvider, HashedCodesName, cancellationToken) is { } stored)
            return Parse(stored)?.Hashes.Count ?? 0;
        var legacy = await GetTokenAsync(user, LegacyProvider, LegacyCodesName, cancellationToken);
        return string.IsNullOrEmpty(legacy) ? 0 : legacy.Split(';', StringSplitOptions.RemoveEmptyEntries).Length;
    }

    /// <summary>
    /// Replaces every account's clear codes (Identity's row) with a hashed set of the same codes: the codes people saved keep
    /// working, and none is left readable. Safe to run on every start and on several nodes at once (a row already replaced is
    /// gone; two nodes hashing the same row write equivalent sets). The number of accounts converted.
    /// </summary>
    public static async Task<int> HashLegacyCodesAsync(AppDbContext db, CancellationToken cancellationToken = default)
    {
        var legacy = await db.UserTokens
            .Where(t => t.LoginProvider == LegacyProvider && t.Name == LegacyCodesName)
            .ToListAsync(cancellationToken);
        if (legacy.Count == 0) return 0;
        var hashed = await db.UserTokens
            .Where(t => t.LoginProvider == StoreProvider && t.Name == HashedCodesName)
            .Select(t => t.UserId)
            .ToListAsync(cancellationToken);
        foreach (var row in legacy)
        {
            // A hashed set already there is the newer one (written by this version); the clear row is only removed.
            if (!hashed.Contains(row.UserId))
            {
                db.UserTokens.Add(new IdentityUserToken<Guid>
                {
                    UserId = row.UserId, LoginProvider = StoreProvider, Name = HashedCodesName,
                    Value = HashSet((row.Value ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries)),
                });
            }
            db.UserTokens.Remove(row);
        }
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another node converted the same rows first.
            return 0;
        }
        return legacy.Count;
    }

    /// <summary>A fresh salt and the hash of each code, as stored: <c>pbkdf2-sha256.100000.salt.hash1;hash2;…</c> (base64).</summary>
    public static string HashSet(IEnumerable<string> codes)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        return Format(salt, Iterations, codes.Select(c => Derive(c, salt, Iterations)).ToList());
    }

    /// <summary>
    /// The code as compared: upper case without spaces or hyphens, so "abcde-fghij", "ABCDEFGHIJ" and "ABCDE FGHIJ" are one code
    /// (the hyphen is layout, not entropy).
    /// </summary>
    private static string Canonical(string code) =>
        new([.. code.Where(c => c != '-' && !char.IsWhiteSpace(c)).Select(char.ToUpperInvariant)]);

    private static byte[] Derive(string code, byte[] salt, int iterations) =>
        Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(Canonical(code)), salt, iterations, HashAlgorithmName.SHA256, HashBytes);

    private static string Format(byte[] salt, int iterations, IReadOnlyCollection<byte[]> hashes) =>
        $"{Scheme}.{iterations}.{Convert.ToBase64String(salt)}.{string.Join(';', hashes.Select(Convert.ToBase64String))}";

    private sealed record StoredSet(byte[] Salt, int Iterations, IReadOnlyList<byte[]> Hashes);

    private static StoredSet? Parse(string stored)
    {
        var parts = stored.Split('.');
        if (parts.Length != 4 || parts[0] != Scheme || !int.TryParse(parts[1], out var iterations) || iterations < 1) return null;
        try
        {
            var hashes = parts[3].Split(';', StringSplitOptions.RemoveEmptyEntries).Select(Convert.FromBase64String).ToList();
            return new StoredSet(Convert.FromBase64String(parts[2]), iterations, hashes);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
