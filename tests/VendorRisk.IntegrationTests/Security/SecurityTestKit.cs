using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using VendorRisk.Infrastructure.Email;
using VendorRisk.Infrastructure.Identity;
using VendorRisk.IntegrationTests.Infrastructure;

namespace VendorRisk.IntegrationTests.Security;

internal static class SecurityTestKit
{
    public static string NewEmail(string who = "person") => $"{who}-{Guid.NewGuid():N}@example.test";

    /// <summary>A signed-in platform operator.</summary>
    public static async Task<HttpClient> OperatorClientAsync(this VendorRiskApp app)
    {
        var email = NewEmail("operator");
        var user = await app.CreateUserAsync(email);
        await app.InScopeAsync(async sp =>
        {
            var roles = sp.GetRequiredService<RoleManager<AppRole>>();
            if (!await roles.RoleExistsAsync(AppRole.PlatformOperator))
                await roles.CreateAsync(new AppRole { Name = AppRole.PlatformOperator });
            var users = sp.GetRequiredService<UserManager<AppUser>>();
            Assert.True((await users.AddToRoleAsync((await users.FindByIdAsync(user.Id.ToString()))!, AppRole.PlatformOperator)).Succeeded);
        });
        var client = app.CreateBrowserClient();
        await client.SignInAsync(email);
        return client;
    }

    /// <summary>Runs the outbox delivery job once, as the recurring job would.</summary>
    public static Task<int> DeliverMailAsync(this VendorRiskApp app) =>
        app.InScopeAsync(sp => sp.GetRequiredService<OutboxDispatcher>().DeliverDueAsync(CancellationToken.None));
}
