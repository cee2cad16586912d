using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using VendorRisk.Infrastructure.Jobs;

namespace VendorRisk.IntegrationTests.Platform;

/// <summary>
/// The job server and the recurring-job declarations start after the node's first response, or after a delay when no request
/// comes (ADR-047): the first page no longer waits for them, and a worker nobody calls still runs its jobs.
/// </summary>
public sealed class DeferredJobStartTests
{
    [Fact]
    public async Task A_job_service_starts_when_the_gate_opens_and_not_before()
    {
        var inner = new RecordingService();
        var gate = new JobStartGate();
        using var deferred = new DeferredJobService(inner, gate, TimeSpan.FromHours(1), new Lifetime(), NullLogger<DeferredJobService>.Instance);

        await deferred.StartAsync(CancellationToken.None);
        Assert.False(inner.Started.Task.IsCompleted);

        gate.Open();
        await inner.Started.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await deferred.StopAsync(CancellationToken.None);
        Assert.True(inner.Stopped);
    }

    [Fact]
    public async Task With_no_request_the_service_starts_after_the_delay()
    {
        var inner = new RecordingService();
        using var deferred = new DeferredJobService(inner, new JobStartGate(), TimeSpan.FromMilliseconds(50), new Lifetime(),
            NullLogger<DeferredJobService>.Instance);

        await deferred.StartAsync(CancellationToken.None);

        await inner.Started.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await deferred.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_host_stopped_before_the_gate_opened_neither_starts_nor_stops_the_service()
    {
        var inner = new RecordingService();
        using var deferred = new DeferredJobService(inner, new JobStartGate(), TimeSpan.FromHours(1), new Lifetime(), NullLogger<DeferredJobService>.Instance);

        await deferred.StartAsync(CancellationToken.None);
        await deferred.StopAsync(CancellationToken.None);

        Assert.False(inner.Started.Task.IsCompleted);
        Assert.False(inner.Stopped);
    }

    [Fact]
    public async Task A_service_that_fails_to_start_stops_the_node()
    {
        var lifetime = new Lifetime();
        var gate = new JobStartGate();
        using var deferred = new DeferredJobService(new RecordingService { Fails = true }, gate, TimeSpan.FromHours(1), lifetime,
            NullLogger<DeferredJobService>.Instance);
        var exitCode = Environment.ExitCode;
        try
        {
            await deferred.StartAsync(CancellationToken.None);
            gate.Open();
            await lifetime.StopRequested.Task.WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(1, Environment.ExitCode);
        }
        finally
        {
            Environment.ExitCode = exitCode;
        }
    }

    [Fact]
    public void Only_the_job_services_are_deferred_and_a_delay_of_zero_defers_none()
    {
        static IServiceCollection Services()
        {
            IServiceCollection services = new ServiceCollection();
            services.AddHostedService<RecordingService>();
            services.AddSingleton<IHostedService>(_ => new RecordingService());
            // ASP.NET Core's own web host service: not a job service (only the descriptor is looked at here).
            services.Add(ServiceDescriptor.Singleton(typeof(IHostedService), ForeignService));
            return services;
        }

        var deferred = Services().DeferJobServices(new JobsOptions { StartDelaySeconds = 5 });
        var hosted = deferred.Where(d => d.ServiceType == typeof(IHostedService)).ToList();
        Assert.Equal(3, hosted.Count);
        Assert.Equal(2, hosted.Count(d => d.ImplementationFactory is not null && d.ImplementationType is null && d.ImplementationInstance is null
            && d.ImplementationFactory.Method.DeclaringType?.Assembly == typeof(DeferredJobService).Assembly));
        Assert.Contains(hosted, d => d.ImplementationType == ForeignService);

        var immediate = Services().DeferJobServices(new JobsOptions { StartDelaySeconds = 0 });
        Assert.Contains(immediate, d => d.ImplementationType == typeof(RecordingService));
    }

    private static readonly Type ForeignService = Type.GetType("Microsoft.AspNetCore.Hosting.GenericWebHostService, Microsoft.AspNetCore.Hosting", throwOnError: true)!;

    private sealed class RecordingService : IHostedService
    {
        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public bool Stopped { get; private set; }
        public bool Fails { get; init; }

        public Task StartAsync(CancellationToken cancellationToken)
        {
            if (Fails) throw new InvalidOperationException("The job storage cannot be reached.");
            Started.TrySetResult();
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken)
        {
            Stopped = true;
            return Task.CompletedTask;
        }
    }

    private sealed class Lifetime : IHostApplicationLifetime
    {
        public TaskCompletionSource StopRequested { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public CancellationToken ApplicationStarted => new(canceled: true); // the host has started
        public CancellationToken ApplicationStopping => CancellationToken.None;
        public CancellationToken ApplicationStopped => CancellationToken.None;
        public void StopApplication() => StopRequested.TrySetResult();
    }
}
