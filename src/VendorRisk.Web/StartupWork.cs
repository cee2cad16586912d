using VendorRisk.Infrastructure.Jobs;

namespace VendorRisk.Web;

internal static class JobStartMiddleware
{
    /// <summary>Opens the <see cref="JobStartGate"/> once the first response has been written (ADR-047).</summary>
    public static IApplicationBuilder UseJobStartAfterFirstResponse(this IApplicationBuilder app)
    {
        var gate = app.ApplicationServices.GetRequiredService<JobStartGate>();
        return app.Use((context, next) => gate.Opened.IsCompleted ? next(context) : OpenAfter(next(context), gate));

        static async Task OpenAfter(Task request, JobStartGate gate)
        {
            try { await request; }
            finally { gate.Open(); }
        }
    }
}
