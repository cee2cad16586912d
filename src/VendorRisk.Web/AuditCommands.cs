using VendorRisk.Application.AuditTrail;

namespace VendorRisk.Web;

/// <summary>
/// The audit trail's command-line mode of the host (ADR-036), run instead of the web server with the same settings:
/// <c>dotnet VendorRisk.Web.dll verify-audit [--chain &lt;id&gt;]</c> verifies every chain (or one) against its keyed rows and signed
/// checkpoints, prints one line per chain and exits 1 if any was tampered with; <c>dotnet VendorRisk.Web.dll audit-keys rotate</c>
/// writes a new row key and makes it the one new rows use (old rows keep verifying with theirs, the old key is retired);
/// <c>dotnet VendorRisk.Web.dll audit-keys rotate-signing</c> replaces the checkpoint signing key (ADR-042).
/// </summary>
public static class AuditCommands
{
    public const string Verify = "verify-audit";
    public const string Keys = "audit-keys";

    public static bool IsCommand(string[] args) =>
        args is [var first, ..] && (string.Equals(first, Verify, StringComparison.Ordinal) || string.Equals(first, Keys, StringComparison.Ordinal));

    /// <summary>The settings part of the command line: what follows the command, less the command's own options.</summary>
    public static string[] ConfigurationArguments(string[] args) =>
        [.. args.Skip(1).Where((a, i) => a != "--chain" && (i == 0 || args[i] != "--chain"))];

    /// <returns>The process exit code: 0 intact or done, 1 tampered, 2 wrong usage.</returns>
    public static async Task<int> RunAsync(IServiceProvider services, string[] args, TextWriter output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        if (args is [Keys, "rotate", ..])
        {
            await using var scope = services.CreateAsyncScope();
            var id = await scope.ServiceProvider.GetRequiredService<AuditKeyOperations>().RotateRowKeyAsync(cancellationToken);
            await output.WriteLineAsync($"New audit row key {id} is active; rows keyed before keep verifying with their own key, which is now retired. Back up the key folder.");
            return 0;
        }
        if (args is [Keys, "rotate-signing", ..])
        {
            await using var scope = services.CreateAsyncScope();
            var id = await scope.ServiceProvider.GetRequiredService<AuditKeyOperations>().RotateSigningKeyAsync(cancellationToken);
            await output.WriteLineAsync($"New checkpoint signing key {id} is active, endorsed by the previous one; checkpoints signed before keep verifying. Back up the key folder.");
            return 0;
        }
        if (args is not [Verify, ..])
        {
            await output.WriteLineAsync($"Usage: {Verify} [--chain <id>] | {Keys} rotate | {Keys} rotate-signing");
            return 2;
        }
        Guid? only = null;
        var at = Array.IndexOf(args, "--chain");
        if (at > 0)
        {
            if (at + 1 >= args.Length || !Guid.TryParse(args[at + 1], out var chain))
            {
                await output.WriteLineAsync("--chain takes a chain id (a tenant's id, or 00000000-0000-0000-0000-000000000000 for the platform).");
                return 2;
            }
            only = chain;
        }
        var reports = (await services.GetRequiredService<AuditChainQueries>().VerifyAllAsync(cancellationToken))
            .Where(r => only is null || r.Chain == only).ToList();
        foreach (var r in reports)
        {
            await output.WriteLineAsync(r.Result.IsIntact
                ? $"INTACT   {r.Chain} {r.Name}: {r.Result.Message}"
                : $"TAMPERED {r.Chain} {r.Name}{(r.Result.FirstBadSequence is { } bad ? $" at event {bad}" : "")}: {r.Result.Message}");
        }
        if (reports.Count == 0)
        {
            await output.WriteLineAsync($"No chain {only} is known to the database or the checkpoints.");
            return 2;
        }
        return reports.All(r => r.Result.IsIntact) ? 0 : 1;
    }
}
