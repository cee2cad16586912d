namespace VendorRisk.Application.Accounts;

/// <summary>Shared handling of the codes people type: authenticator apps show "123 456", users paste "123-456".</summary>
public static class TwoFactorCodes
{
    public const int RecoveryCodeCount = 10;
    public const string RecoveryCodesTempDataKey = "RecoveryCodes";
    public const string InvalidCodeMessage = "That code is not valid. Enter the 6-digit code your authenticator app shows now.";

    /// <summary>An authenticator code without the spaces and hyphens apps and people put in it.</summary>
    public static string NormalizeAuthenticatorCode(string? code) =>
        (code ?? "").Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal).Trim();

    /// <summary>
    /// Identity issues recovery codes as upper-case "XXXXX-XXXXX" and compares them exactly; accept them typed
    /// in lower case, with spaces, or without the hyphen.
    /// </summary>
    public static string NormalizeRecoveryCode(string? code)
    {
        var compact = (code ?? "").Replace(" ", "", StringComparison.Ordinal).Trim().ToUpperInvariant();
        return compact.Length == 10 && !compact.Contains('-', StringComparison.Ordinal)
            ? string.Concat(compact.AsSpan(0, 5), "-", compact.AsSpan(5))
            : compact;
    }
}
