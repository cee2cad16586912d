using System.Runtime.CompilerServices;

namespace VendorRisk.E2ETests.Infrastructure;

internal static class TestProcessSettings
{
    /// <summary>
    /// Every app host the tests start would otherwise watch its appsettings files for changes: one inotify instance per
    /// host, and Linux allows 128 per user, shared with every other process of that user (parallel builds, other test
    /// runs). Tests never edit those files, so the hosts read them once.
    /// </summary>
    [ModuleInitializer]
    internal static void Apply() => Environment.SetEnvironmentVariable("DOTNET_hostBuilder__reloadConfigOnChange", "false");
}
