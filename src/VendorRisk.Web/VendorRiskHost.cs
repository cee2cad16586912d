using Hangfire;
using VendorRisk.Application;
using VendorRisk.Application.Seeding;
using VendorRisk.Infrastructure.Email;
using VendorRisk.Infrastructure.Files;
using VendorRisk.Infrastructure.Identity;
using VendorRisk.Infrastructure.Jobs;
using VendorRisk.Infrastructure.Links;
using VendorRisk.Infrastructure.Persistence;
using VendorRisk.Infrastructure.Portfolio;
using VendorRisk.Web.Api;
using VendorRisk.Infrastructure.Nodes;
using VendorRisk.Web.Authorization;
using VendorRisk.Web.Health;
using VendorRisk.Web.Security;
using VendorRisk.Web.Tenancy;

namespace VendorRisk.Web;

/// <summary>The composition root: services, the request pipeline, and the database work before the first request.</summary>
public static class VendorRiskHost
{
    /// <summary>The switch that seeds the demo data; the same as the setting <c>Seed:DemoData=true</c>.</summary>
    public const string SeedDemoSwitch = "--seed-demo";

    /// <summary>
    /// The command line without the <c>--seed-demo</c> switch, which becomes the setting <c>Seed:DemoData=true</c>. The switch takes
    /// no value, but .NET's command-line configuration reads <c>--key value</c> pairs: left in, it would swallow the next argument
    /// (<c>--seed-demo --Email:Delivery Smtp</c> set "seed-demo" to "--Email:Delivery" and dropped the delivery setting, issue 18).
    /// </summary>
    public static string[] ConfigurationArguments(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        return args.Any(IsSeedDemoSwitch) ? [.. args.Where(a => !IsSeedDemoSwitch(a)), "--Seed:DemoData=true"] : args;
    }

    private static bool IsSeedDemoSwitch(string argument) => string.Equals(argument, SeedDemoSwitch, StringComparison.OrdinalIgnoreCase);

    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(ConfigurationArguments(args));
        StartupProfile.Mark("host builder and configuration");
        builder.Services
            .AddVendorRiskLinks(builder.Configuration, builder.Environment)
            .AddVendorRiskPersistence(builder.Configuration, builder.Environment)
            .AddVendorRiskPortfolioCounters()
            .AddVendorRiskEmail(builder.Configuration, builder.Environment)
            .AddVendorRiskJobs(builder.Configuration, builder.Environment)
            .AddVendorRiskFiles(builder.Configuration, builder.Environment)
            .AddVendorRiskIdentity(builder.Configuration)
            .AddVendorRiskApplication(builder.Configuration, new ContentFolders(
                Path.Combine(AppContext.BaseDirectory, "seed-data"), Path.Combine(AppContext.BaseDirectory, "workflows")))
            .AddVendorRiskWeb(builder.Configuration)
            .AddVendorRiskApi(builder.Configuration);
        // The job server and the recurring-job declarations start after the first response (ADR-047).
        builder.Services.DeferJobServices(builder.Configuration.GetSection(JobsOptions.Section).Get<JobsOptions>() ?? new JobsOptions());
        builder.Services.AddSingleton<ModelWarmUp>();
        StartupProfile.Mark("services registered");

        var app = builder.Build();
        StartupProfile.Mark("service provider built");
        // The EF Core model (about a quarter of a start's CPU) is built on another core while this thread builds the pipeline (ADR-047).
        app.Services.GetRequiredService<ModelWarmUp>().Start(app.Services);
        DatabaseErrors.ThrowIfUnreachable(app.Services.GetRequiredService<DatabaseOptions>(), app.Configuration);
        var node = app.Services.GetRequiredService<NodeOptions>();
        app.UseJobStartAfterFirstResponse();
        app.UseLiveness();
        app.UseStartupProfile();
        app.UseVendorRiskForwardedHeaders();
        if (!app.Environment.IsDevelopment())
        {
            // A static page: re-executing a Razor page for a failed POST would trip over its anti-forgery check.
            app.UseExceptionHandler(error => error.Run(ErrorPage.WriteAsync));
            app.UseHsts();
        }
        app.UseStatusCodePagesWithReExecute("/errors/{0}");
        app.UseVendorRiskSecurityHeaders();
        app.UseVendorRiskApi();
        app.UseStaticFiles();
        app.UseRouting();
        // Outside the rate limiter, so that its 429s are seen too (ADR-049).
        app.UseMiddleware<SecurityEventRecording>();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseMiddleware<Security.MfaEnrolmentGate>();
        app.UseMiddleware<TenantResolutionMiddleware>();
        app.UseAuthorization();

        app.MapVendorRiskHealth();
        // A worker node (Node:Role=Worker) runs jobs and answers the health checks only: no page, API or dashboard to keep safe.
        if (!node.ServesPages) return app;
        app.MapRazorPages();
        app.MapPortalRedirects();
        app.MapVendorRiskApi();
        app.MapHangfireDashboardWithAuthorizationPolicy(Policies.Operator, "/ops/jobs", new DashboardOptions
        {
            DashboardTitle = "VendorRisk jobs",
            AppPath = "/ops/mail",
        });
        return app;
    }

    /// <summary>Migrations (if configured), counters to recount, demo data (if asked for), and the start-up banner.</summary>
    public static async Task PrepareAsync(WebApplication app, string[] args)
    {
        var operatorRole = app.Configuration["Security:OperatorRole"] ?? AppRole.PlatformOperator;
        var seedDemo = app.Configuration.GetValue("Seed:DemoData", false) || args.Any(IsSeedDemoSwitch);
        StartupProfile.Mark("pipeline built");
        // Started in Build, beside the pipeline; a model that cannot be built fails here as it would at its first use.
        await app.Services.GetRequiredService<ModelWarmUp>().Built;
        StartupProfile.Mark("EF model built (waited for)");
        try
        {
            await DatabaseInitializer.InitializeAsync(app.Services, seedDemo, Path.Combine(AppContext.BaseDirectory, "seed-data"), operatorRole);
        }
        catch (Exception e) when (DatabaseErrors.IsUnreachable(e))
        {
            // A wrong host, a server that is down, a refused login: one line naming the setting, not a stack trace.
            throw DatabaseErrors.Unreachable(e, app.Services.GetRequiredService<DatabaseOptions>(), app.Configuration);
        }
        StartupProfile.Mark("migrations, counters, demo data checked");
        // Rows written before keyed hashing began are keyed once, at the first start after the upgrade (ADR-036).
        await using (var scope = app.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<Application.AuditTrail.AuditCheckpointJob>().SealLegacyRowsAsync(CancellationToken.None);
        StartupProfile.Mark("legacy audit rows checked");
        // Object storage (ADR-038): the container is created when missing, and a wrong key or a store that does not answer stops
        // start-up here with one line, not at the first upload.
        if (app.Services.GetRequiredService<IEvidenceStorage>() is AzureBlobEvidenceStorage blobs) await blobs.PrepareAsync(app.Lifetime.ApplicationStopping);
        app.Lifetime.ApplicationStarted.Register(() => StartupBanner.Print(app, seedDemo));
        app.Lifetime.ApplicationStarted.Register(() => StartupProfile.Mark("host started (Kestrel, Hangfire)"));
    }
}
