using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using VendorRisk.IntegrationTests.Api;
using VendorRisk.IntegrationTests.Infrastructure;

namespace VendorRisk.IntegrationTests.Outputs;

/// <summary>
/// The integration host served by Kestrel on a loopback port, so a client outside the test process (node) can call it over HTTP.
/// The host filter also lets 127.0.0.1 in, the address the client is given (node may resolve "localhost" to ::1).
/// </summary>
public sealed class KestrelVendorRiskApp : VendorRiskApp
{
    public KestrelVendorRiskApp() => UseKestrel(o => o.Listen(IPAddress.Loopback, 0));

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings) { ["AllowedHosts"] = "localhost;127.0.0.1" };

    /// <summary>Over the socket, still without following redirects (the sockets handler would follow them itself).</summary>
    public override HttpClient CreateBrowserClient() =>
        new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new() }) { BaseAddress = Address };

    private Uri? _address;

    /// <summary>Where Kestrel listens, e.g. http://127.0.0.1:41234 (the server is started on first use).</summary>
    public Uri Address
    {
        get
        {
            if (_address is not null) return _address;
            StartServer();
            var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
                ?? throw new InvalidOperationException("Kestrel reported no address.");
            return _address = new Uri(address);
        }
    }
}

/// <summary>
/// Issue 18, item 7: the TypeScript client written against the types openapi-typescript generates from the OpenAPI document is not
/// only compiled but called against the running app (tests/validators/openapi-calls.ts, through Kestrel, with a read-write token),
/// and what it reads is what the app holds.
/// </summary>
public sealed class TypedClientTests(KestrelVendorRiskApp app) : IClassFixture<KestrelVendorRiskApp>, IDisposable
{
    private readonly string _folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "vendorrisk-tests", "client-" + Guid.NewGuid().ToString("N"))).FullName;

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    [ValidatorFact(Validator.Node)]
    public async Task The_typescript_client_generated_from_the_document_calls_the_running_app()
    {
        // Kestrel first: the test's own calls go over the same socket as node's.
        using var http = new HttpClient { BaseAddress = app.Address };
        var world = await app.ApiWorldAsync();
        var document = Path.Combine(_folder, "openapi.json");
        var response = await http.GetAsync("/api/v1/openapi.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await File.WriteAllBytesAsync(document, await response.Content.ReadAsByteArrayAsync());

        var result = await Validators.NodeAsync("openapi-calls", document, Path.Combine(_folder, "client"),
            app.Address.ToString(), world.WriteToken, world.AssessmentId.ToString());

        Assert.True(result.GetProperty("generate").GetProperty("exitCode").GetInt32() == 0, result.GetProperty("generate").GetProperty("output").GetString());
        Assert.True(result.GetProperty("tsc").GetProperty("exitCode").GetInt32() == 0, "tsc: " + result.GetProperty("tsc").GetProperty("output").GetString());
        var calls = result.GetProperty("calls");
        Assert.True(calls.GetProperty("exitCode").GetInt32() == 0, "the client's calls failed: " + calls.GetProperty("output").GetString());
        var answers = calls.GetProperty("answers");

        // Who the token acts for.
        var me = answers.GetProperty("me");
        Assert.Equal((world.Admin.Id.ToString(), world.Tenant.Slug), (me.GetProperty("userId").GetString(), me.GetProperty("tenantSlug").GetString()));
        // The vendor the client created is in the organisation, listed, and read back as written.
        var created = await app.InDbAsync(db => db.Vendors.AsNoTracking().SingleAsync(v => v.LegalName == "Typed Client Vendor"), world.Tenant.Id);
        Assert.EndsWith($"/api/v1/vendors/{created.Id}", answers.GetProperty("created").GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Typed Client Vendor", answers.GetProperty("names").EnumerateArray().Select(n => n.GetString()));
        Assert.Equal(("Typed Client Vendor", "DE"), (answers.GetProperty("vendor").GetProperty("legalName").GetString(), answers.GetProperty("vendor").GetProperty("country").GetString()));
        // The decision's residual level as the C# client reads it.
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/decisions/{world.AssessmentId}");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", world.WriteToken);
        var decision = await (await http.SendAsync(request)).JsonAsync();
        var residual = decision.TryGetProperty("residualLevel", out var level) && level.ValueKind == JsonValueKind.String ? level.GetString() : null;
        var typed = answers.GetProperty("residualLevel");
        Assert.Equal(residual, typed.ValueKind == JsonValueKind.String ? typed.GetString() : null);
        Assert.Equal(JsonValueKind.Array, answers.GetProperty("obligations").ValueKind);
    }
}
