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
        services.AddScoped<EmailOutbox>();
        services.AddScoped<OutboxDispatcher>();
        return services;
    }
}
