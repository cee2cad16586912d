using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace VendorRisk.Application.Reassessments;

public static class ReassessmentServiceCollectionExtensions
{
    /// <summary>Reassessment scheduling, review proposals and the daily reassessment job.</summary>
    public static IServiceCollection AddVendorRiskReassessments(this IServiceCollection services)
    {
        services.AddScoped<ReassessmentIssuer>();
        services.AddScoped<ReviewProposals>();
        services.AddTransient<ReassessmentJob>();
        services.AddHostedService<ReassessmentRecurringJobs>();
        return services;
    }
}

/// <summary>Declares the daily reassessment run (AddOrUpdate is idempotent).</summary>
internal sealed class ReassessmentRecurringJobs(IRecurringJobManager recurring) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        recurring.AddOrUpdate<ReassessmentJob>(ReassessmentJob.RecurringJobId, j => j.RunAsync(CancellationToken.None), Cron.Daily(6));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
