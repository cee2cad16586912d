using System.Diagnostics;
using System.Text.Json;

namespace VendorRisk.IntegrationTests.Outputs;

/// <summary>An independent reader of VendorRisk's files that a test needs.</summary>
public enum Validator
{
    /// <summary>The npm packages of tests/validators (exceljs, SheetJS, ical.js, mailparser, redocly, openapi-typescript, tsc) run by node.</summary>
    Node,

    /// <summary>Debian's qpdf, which checks a PDF's structure.</summary>
    Qpdf,
}

/// <summary>
/// The validators the output tests call (ADR-031): .ci/test.sh installs them (<c>npm ci</c> in tests/validators, <c>apt-get install
/// qpdf</c>), so in CI they always run; on a developer's machine without them the tests are skipped with a reason saying how to
/// install them. Each call is one process for all files of a kind, not one per row or file.
/// </summary>
public static class Validators
{
    private static readonly Lazy<string?> Root = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "tests", "validators", "package.json"))) return Path.Combine(dir.FullName, "tests", "validators");
        return null;
    });

    /// <summary>The folder tests/validators of the repository the tests were built from.</summary>
    public static string Folder => Root.Value ?? throw new InvalidOperationException("tests/validators was not found above " + AppContext.BaseDirectory);

    public static string? Executable(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name)).FirstOrDefault(File.Exists);

    /// <summary>Why the validator cannot run here, or null when it can.</summary>
    public static string? Missing(Validator validator) => validator switch
    {
        Validator.Node when Root.Value is null => "tests/validators is not in this checkout",
        Validator.Node when Executable("node") is null => "node is not installed (Debian: apt-get install nodejs npm)",
        Validator.Node when !File.Exists(Path.Combine(Root.Value, "node_modules", ".package-lock.json")) =>
            "the npm validators are not installed: run `npm ci` in tests/validators (.ci/test.sh does)",
        Validator.Qpdf when Executable("qpdf") is null => "qpdf is not installed: apt-get install qpdf (.ci/test.sh does)",
        _ => null,
    };

    /// <summary>Runs tests/validators/validate.js with a kind and its arguments; returns the JSON it printed.</summary>
    public static async Task<JsonElement> NodeAsync(string kind, params string[] arguments)
    {
        var (exit, output, error) = await RunAsync(Executable("node")!, [Path.Combine(Folder, "validate.js"), kind, .. arguments], Folder);
        Assert.True(exit == 0, $"validate.js {kind} failed ({exit}): {error}");
        using var json = JsonDocument.Parse(output);
        return json.RootElement.Clone();
    }

    /// <summary>qpdf --check on a file: its exit code (0 fine, 3 warnings, 2 errors) and what it printed.</summary>
    public static async Task<(int ExitCode, string Output)> QpdfCheckAsync(string file)
    {
        var (exit, output, error) = await RunAsync(Executable("qpdf")!, ["--check", file], Path.GetDirectoryName(file)!);
        return (exit, output + error);
    }

    private static async Task<(int Exit, string Output, string Error)> RunAsync(string program, IReadOnlyList<string> arguments, string workingDirectory)
    {
        var info = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        info.Environment["TZ"] = "UTC"; // dates read the same on every machine
        info.Environment["REDOCLY_TELEMETRY"] = "off";
        info.Environment["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true";
        using var process = Process.Start(info) ?? throw new InvalidOperationException(program + " did not start.");
        // A safety net for a hung tool, far above what a busy machine needs; the wait itself is on the process.
        using var patience = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var output = process.StandardOutput.ReadToEndAsync(patience.Token);
        var error = process.StandardError.ReadToEndAsync(patience.Token);
        try
        {
            await process.WaitForExitAsync(patience.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        return (process.ExitCode, await output, await error);
    }
}

/// <summary>A test that reads outputs with an outside validator: skipped, with the reason and how to install it, only when it is missing.</summary>
public sealed class ValidatorFactAttribute : FactAttribute
{
    public ValidatorFactAttribute(Validator validator)
    {
        if (Validators.Missing(validator) is { } missing) Skip = "Validator not installed: " + missing + ".";
    }
}
