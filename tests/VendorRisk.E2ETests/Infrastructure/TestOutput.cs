namespace VendorRisk.E2ETests.Infrastructure;

/// <summary>Where the E2E run leaves files a person looks at: test-output/ at the repository root (git-ignored).</summary>
public static class TestOutput
{
    private static readonly Lazy<string> ScreenshotFolder = new(() =>
    {
        var folder = Path.Combine(Root(), "test-output", "screenshots");
        Directory.CreateDirectory(folder);
        return folder;
    });

    public static string Screenshots => ScreenshotFolder.Value;

    /// <summary>The repository root (the folder with VendorRisk.sln), or the test output folder when run elsewhere.</summary>
    private static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "VendorRisk.sln"))) return dir.FullName;
        }
        return AppContext.BaseDirectory;
    }
}
