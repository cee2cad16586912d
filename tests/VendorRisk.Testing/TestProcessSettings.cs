namespace VendorRisk.Testing;

internal static class TestProcessSettings
{
    /// <summary>
    /// Every app host the tests start would otherwise watch its appsettings files for changes: one inotify instance per
    /// host, and Linux allows 128 per user, shared with every other process of that user (parallel builds, other test
    /// runs). Tests never edit those files, so the hosts read them once. Called by the static constructor of
    /// <see cref="TestHost{TClock}"/>, which every test host derives from, so it runs before the first host is built.
    /// </summary>
    internal static void Apply() => Environment.SetEnvironmentVariable("DOTNET_hostBuilder__reloadConfigOnChange", "false");
}
