using Microsoft.Extensions.DependencyInjection;

namespace VendorRisk.Infrastructure.Persistence;

/// <summary>
/// Builds the EF Core model on a thread-pool thread while the start-up thread builds the request pipeline (ADR-047). The model is
/// about a quarter of a start's CPU and needs nothing of the pipeline; start-up awaits <see cref="Built"/> before the first query,
/// which would otherwise build it on the start-up thread.
/// </summary>
public sealed class ModelWarmUp
{
    public Task Built { get; private set; } = Task.CompletedTask;

    public void Start(IServiceProvider services) => Built = Task.Run(async () =>
    {
        await using var scope = services.CreateAsyncScope();
        _ = scope.ServiceProvider.GetRequiredService<AppDbContext>().Model;
    });
}
