using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace VendorRisk.Infrastructure.Email;

public static class EmailServiceCollectionExtensions
{
    public static IServiceCollection AddVendorRiskEmail(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var options = configuration.GetSection(EmailOptions.Section).Get<EmailOptions>() ?? new EmailOptions();
        services.AddSingleton(options);
        services.AddSingleton<IMailTransport>(options.Delivery switch
        {
            EmailDelivery.Smtp => new MailKitSmtpTransport(options),
            _ => new PickupFolderTransport(options, Path.IsPathRooted(options.PickupFolder)
                ? options.PickupFolder : Path.Combine(environment.ContentRootPath, options.PickupFolder)),
        });
        // The web host configures the key ring (in the database, ADR-030/040); a host without it still gets a working provider.
        services.AddDataProtection();
        services.AddSingleton<OutboxBodyProtection>();
        services.AddScoped<EmailOutbox>();
        services.AddScoped<OutboxDispatcher>();
        services.AddScoped<OutboxRetentionJob>();
        return services;
    }
}
