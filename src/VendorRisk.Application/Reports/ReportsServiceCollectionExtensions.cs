using Microsoft.Extensions.DependencyInjection;
using VendorRisk.Infrastructure.Exports;
using VendorRisk.Application.Exports;

namespace VendorRisk.Application.Reports;

public static class ReportsServiceCollectionExtensions
{
    /// <summary>The assessment PDF report and the CSV/XLSX exports (direct and as background jobs).</summary>
    public static IServiceCollection AddVendorRiskReports(this IServiceCollection services)
    {
        services.AddScoped<AssessmentReportLoader>();
        services.AddScoped<ExportBuilder>();
        services.AddTransient<ExportJobRunner>();
        return services;
    }
}
