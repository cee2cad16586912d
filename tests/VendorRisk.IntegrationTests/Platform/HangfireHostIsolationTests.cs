using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using VendorRisk.IntegrationTests.Infrastructure;

namespace VendorRisk.IntegrationTests.Platform;

/// <summary>
/// Hangfire keeps its log provider in a static. When the last host to configure it stopped, any other host's
/// first job client failed with ObjectDisposedException, which surfaced as a 500 on whatever page enqueued a job.
/// </summary>
public sealed class HangfireHostIsolationTests
{
    [Fact]
    public void A_host_can_create_its_job_client_after_another_host_stopped()
    {
        using var first = new VendorRiskApp();
        _ = first.Services.GetRequiredService<IGlobalConfiguration>();

        using (var second = new VendorRiskApp())
        {
            // The second host configures Hangfire last, so the static provider now points at its logger factory.
            _ = second.Services.GetRequiredService<IGlobalConfiguration>();
        }

        var client = first.Services.GetRequiredService<IBackgroundJobClient>();
        Assert.NotNull(client);
    }
}
