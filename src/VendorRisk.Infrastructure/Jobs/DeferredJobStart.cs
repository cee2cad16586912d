using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace VendorRisk.Infrastructure.Jobs;

/// <summary>
/// Opens once the node has served its first response (any request, <c>/health/live</c> included), and the job services waiting on it
/// then start (ADR-047). Nothing in the first page needs the job server or the recurring-job declarations, so they no longer delay it.
/// </summary>
public sealed class JobStartGate
{
    private readonly TaskCompletionSource opened = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Opened => opened.Task;

    public void Open() => opened.TrySetResult();
}

/// <summary>
/// A job service (the Hangfire server, the claim watch, the recurring-job declarations) started after the host, when
/// <see cref="JobStartGate"/> opens or <see cref="JobsOptions.StartDelaySeconds"/> after the host has started, whichever is first:
/// a worker node nobody calls still starts its server within that delay. A failed start stops the process, as it did when the
/// service started with the host.
/// </summary>
public sealed class DeferredJobService(IHostedService inner, JobStartGate gate, TimeSpan delay, IHostApplicationLifetime lifetime,
    ILogger<DeferredJobService> logger) : IHostedService, IDisposable
{
    private readonly CancellationTokenSource stopping = new();
    private Task starting = Task.CompletedTask;
    private volatile bool innerStarted;
    private volatile bool disposed;

    /// <summary>The service this one starts later.</summary>
    public IHostedService Inner => inner;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        starting = StartLaterAsync();
        return Task.CompletedTask;
    }

    private async Task StartLaterAsync()
    {
        try
        {
            // The delay counts from the moment the host has started (Kestrel listening), so that a first request that comes at once
            // always wins, however slow the start was.
            var hostStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            using (lifetime.ApplicationStarted.Register(() => hostStarted.TrySetResult()))
            using (stopping.Token.Register(() => hostStarted.TrySetCanceled()))
                await Task.WhenAny(gate.Opened, hostStarted.Task).ConfigureAwait(false);
            if (!gate.Opened.IsCompleted && !stopping.IsCancellationRequested)
                await Task.WhenAny(gate.Opened, Task.Delay(delay, stopping.Token)).ConfigureAwait(false);
            stopping.Token.ThrowIfCancellationRequested();
            await inner.StartAsync(stopping.Token).ConfigureAwait(false);
            innerStarted = true;
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // The host stopped before the service was due to start.
        }
        catch (Exception e)
        {
            logger.LogCritical(e, "{Service} could not start; the node stops", inner.GetType().Name);
            Environment.ExitCode = 1;
            lifetime.StopApplication();
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (disposed) return;
        await stopping.CancelAsync().ConfigureAwait(false);
        await starting.ConfigureAwait(false);
        if (innerStarted && !disposed) await inner.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Disposes the service it wraps (the container created this one, not that one). The token source is only cancelled: it has no
    /// timer, and a host may still call <see cref="StopAsync"/> after disposing its services.
    /// </summary>
    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        stopping.Cancel();
        (inner as IDisposable)?.Dispose();
    }
}

public static class DeferredJobStartServiceCollectionExtensions
{
    /// <summary>
    /// Wraps every hosted service of VendorRisk and Hangfire registered so far (they all serve the jobs) in a
    /// <see cref="DeferredJobService"/>, unless <c>Jobs:StartDelaySeconds</c> is 0 (they then start with the host, as before ADR-047).
    /// Call after every registration. The first response opens the gate through <see cref="JobStartGate.Open"/>.
    /// </summary>
    public static IServiceCollection DeferJobServices(this IServiceCollection services, JobsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        services.AddSingleton<JobStartGate>();
        if (options.StartDelaySeconds <= 0) return services;
        var delay = TimeSpan.FromSeconds(options.StartDelaySeconds);
        for (var i = 0; i < services.Count; i++)
        {
            var descriptor = services[i];
            if (descriptor.ServiceType != typeof(IHostedService) || descriptor.IsKeyedService || !IsJobService(descriptor)) continue;
            services[i] = ServiceDescriptor.Singleton<IHostedService>(provider => new DeferredJobService(
                Create(provider, descriptor), provider.GetRequiredService<JobStartGate>(), delay,
                provider.GetRequiredService<IHostApplicationLifetime>(), provider.GetRequiredService<ILogger<DeferredJobService>>()));
        }
        return services;
    }

    private static bool IsJobService(ServiceDescriptor descriptor)
    {
        var type = descriptor.ImplementationType ?? descriptor.ImplementationInstance?.GetType() ?? descriptor.ImplementationFactory?.Method.DeclaringType;
        var assembly = type?.Assembly.GetName().Name ?? "";
        return assembly.StartsWith("VendorRisk.", StringComparison.Ordinal) || assembly.StartsWith("Hangfire", StringComparison.Ordinal);
    }

    private static IHostedService Create(IServiceProvider provider, ServiceDescriptor descriptor) =>
        (IHostedService)(descriptor.ImplementationInstance
            ?? descriptor.ImplementationFactory?.Invoke(provider)
            ?? ActivatorUtilities.CreateInstance(provider, descriptor.ImplementationType!));
}
