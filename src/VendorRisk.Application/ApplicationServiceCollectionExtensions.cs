using Hangfire;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using VendorRisk.Application.Assessments;
using VendorRisk.Application.Common;
using VendorRisk.Application.Contracts;
using VendorRisk.Application.Coverage;
using VendorRisk.Application.Exports;
using VendorRisk.Application.Incidents;
using VendorRisk.Application.Reassessments;
using VendorRisk.Application.Reports;
using VendorRisk.Application.Reviews;
using VendorRisk.Application.Seeding;
using VendorRisk.Application.Tenancy;

namespace VendorRisk.Application;

/// <summary>Where the shipped content lives: seed data (demo tenant, questionnaires, control catalogue) and review workflows.</summary>
public sealed record ContentFolders(string SeedData, string Workflows);

public static class ApplicationServiceCollectionExtensions
{
    /// <summary>Every business operation, query and job of the application layer, and the schedule of the recurring jobs.</summary>
    public static IServiceCollection AddVendorRiskApplication(this IServiceCollection services, IConfiguration configuration, ContentFolders content)
    {
        services.AddSingleton(content);
        services.AddScoped<TenantDoor>();
        services.AddSingleton<TenantJobs>();
        services.AddScoped<Access>();
        // Refusals (403, 429) as throttled audit events (ADR-049).
        services.AddSingleton<Security.SecurityEventThrottle>();
        services.AddSingleton<Security.SecurityEvents>();
        services.AddScoped<PlatformAccess>();
        services.AddScoped<Members.InvitationSender>();
        services.AddScoped<Findings.FindingScopes>();
        services.AddScoped<Findings.FindingNotifications>();
        services.AddScoped<IAuthorizationHandler, RolePermissionHandler>();
        AddOperationsAndQueries(services);
        services.AddVendorRiskWorkflows(configuration, content.Workflows);
        services.AddVendorRiskReassessments();
        services.AddVendorRiskReports();
        services.AddScoped<ExportBuilder>();
        services.AddTransient<ExportJobRunner>();
        services.AddScoped<IncidentReporting>();
        // The contract's incident-notification obligation in force, else the policy default.
        services.AddScoped<PolicyDefaultNotificationWindow>();
        services.AddScoped<IIncidentNotificationWindow, ContractNotificationWindow>();
        services.AddVendorRiskCoverage(Path.Combine(content.SeedData, "controls.json"));
        services.AddScoped<DemoSeeder>();
        services.AddScoped<AuditTrail.AuditCheckpointJob>();
        services.AddScoped<Infrastructure.Audit.IAuditCheckpointSink, AuditTrail.AuditCheckpointMail>();
        services.AddTransient<AssessmentReminderJob>();
        services.AddTransient<ObligationReminderJob>();
        services.AddTransient<Conditions.ConditionReminderJob>();
        services.AddScoped<ObligationReminderScan>();
        // Deleting evidence: the stored file after the commit, and the sweep job that makes sure of it (ADR-039).
        services.AddScoped<Evidence.EvidenceDeletion>();
        services.AddTransient<Evidence.EvidenceFileSweepJob>();
        // Closing occurrences and adding obligations, shared by the obligation operations and the vendor portal.
        services.AddScoped<ObligationLifecycle>();
        services.AddHostedService<BusinessJobSchedule>();
        return services;
    }

    /// <summary>
    /// Every <c>*Operations</c> and <c>*Queries</c> class of an area, scoped (they hold the request's DbContext), and every resource
    /// authorisation handler: an area adds one by writing the class, not by editing a list here.
    /// </summary>
    private static void AddOperationsAndQueries(IServiceCollection services)
    {
        foreach (var type in typeof(ApplicationServiceCollectionExtensions).Assembly.GetTypes()
                     .Where(t => t is { IsClass: true, IsAbstract: false, IsPublic: true } && t.Namespace?.StartsWith("VendorRisk.Application.", StringComparison.Ordinal) == true))
        {
            if (type.Name.EndsWith("Operations", StringComparison.Ordinal) || type.Name.EndsWith("Queries", StringComparison.Ordinal))
                services.AddScoped(type);
            else if (typeof(IAuthorizationHandler).IsAssignableFrom(type) && type != typeof(RolePermissionHandler))
                services.AddScoped(typeof(IAuthorizationHandler), type);
        }
    }
}

/// <summary>Declares the daily business jobs at start-up (AddOrUpdate is idempotent).</summary>
internal sealed class BusinessJobSchedule(IRecurringJobManager recurring) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        recurring.AddOrUpdate<AssessmentReminderJob>(AssessmentReminderJob.RecurringJobId, j => j.RunAsync(CancellationToken.None), Cron.Daily(7));
        recurring.AddOrUpdate<ObligationReminderJob>(ObligationReminderJob.RecurringJobId, j => j.RunAsync(CancellationToken.None), Cron.Daily(6));
        recurring.AddOrUpdate<Conditions.ConditionReminderJob>(Conditions.ConditionReminderJob.RecurringJobId, j => j.RunAsync(CancellationToken.None), Cron.Daily(6));
        recurring.AddOrUpdate<AuditTrail.AuditCheckpointJob>(AuditTrail.AuditCheckpointJob.RecurringJobId, j => j.RunAsync(CancellationToken.None), AuditTrail.AuditCheckpointJob.Cron);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
