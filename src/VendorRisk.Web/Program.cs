using VendorRisk.Infrastructure;
using VendorRisk.Web;

try
{
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
