using Microsoft.Extensions.DependencyInjection;
using VendorRisk.Infrastructure.Exports;

namespace VendorRisk.Application.Reports;

public static class ReportsServiceCollectionExtensions
{
    /// <summary>The assessment PDF report.</summary>
    public static IServiceCollection AddVendorRiskReports(this IServiceCollection services)
    {
        services.AddScoped<AssessmentReportLoader>();
        return services;
    }
}
