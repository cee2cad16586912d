using VendorRisk.Infrastructure;
using VendorRisk.Web;

StartupProfile.Mark("Main entered (runtime started)");
try
{
    if (AuditCommands.IsCommand(args))
    {
        // A command of the audit trail (verify-audit, audit-keys rotate): the host's services and settings, no web server.
        await using var tool = VendorRiskHost.Build(AuditCommands.ConfigurationArguments(args));
        return await AuditCommands.RunAsync(tool.Services, args, Console.Out);
    }
    var app = VendorRiskHost.Build(args);
    await VendorRiskHost.PrepareAsync(app, args);
    await app.RunAsync();
    return 0;
}
catch (InvalidConfigurationException e)
{
    // A setting the operator must fix: the message names it and says what to do; a stack trace would only hide it.
    Console.Error.WriteLine($"VendorRisk cannot start: {e.Message}");
    return 1;
}

public partial class Program;
