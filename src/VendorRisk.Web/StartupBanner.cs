using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using VendorRisk.Application.Seeding;

namespace VendorRisk.Web;

/// <summary>Tells the person who just ran the portal where it is and how to sign in to the demo.</summary>
internal static class StartupBanner
{
    public static void Print(WebApplication app, bool demoSeeded)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var lines = new List<string> { "", "VendorRisk is running:" };
        lines.AddRange(addresses.Select(a => "  " + a));
        if (demoSeeded)
        {
            var demo = DemoSeeder.Load(Path.Combine(AppContext.BaseDirectory, "seed-data"));
            lines.Add($"Demo organisation '{demo.Tenant.Name}' - every demo user's password is: {demo.Password}");
            lines.AddRange(demo.Users.Select(u => $"  {u.Email,-32} {string.Join(", ", u.Roles ?? [])}"));
            lines.Add($"  {demo.Operator.Email,-32} platform operator (/ops/jobs, /ops/mail)");
        }
        lines.Add("");
        Console.WriteLine(string.Join(Environment.NewLine, lines));
    }
}
