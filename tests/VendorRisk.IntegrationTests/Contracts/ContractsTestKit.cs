using System.Net.Http.Headers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using VendorRisk.Domain.Contracts;
using VendorRisk.Domain.Tenancy;
using VendorRisk.Domain.Vendors;
using VendorRisk.Infrastructure.Audit;
using VendorRisk.Application.Contracts;
using VendorRisk.Infrastructure.Identity;
using VendorRisk.Infrastructure.Persistence;
using VendorRisk.IntegrationTests.Infrastructure;

namespace VendorRisk.IntegrationTests.Contracts;

/// <summary>One organisation with a manager, an admin, two vendors (a portal contact each) and a contract with vendor A.</summary>
internal sealed record ContractWorld(Tenant Tenant, AppUser Manager, AppUser Admin, Vendor VendorA, Vendor VendorB, AppUser ContactA,
    AppUser ContactB, Contract Contract)
{
    public string Slug => Tenant.Slug;
    public string Base => $"/t/{Tenant.Slug}";
}

internal static class ContractsTestKit
{
    public static readonly byte[] Pdf = "%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"u8.ToArray();
    public static readonly byte[] Executable = [0x4D, 0x5A, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00];

    public static DateOnly Today(this VendorRiskApp app) => DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime);

    public static async Task<ContractWorld> ContractWorldAsync(this VendorRiskApp app)
    {
        var tenant = await app.CreateTenantAsync();
        var manager = await app.CreateMemberAsync(tenant, TenantRoles.VendorManager);
        var admin = await app.CreateMemberAsync(tenant, TenantRoles.TenantAdmin);
        var a = await app.Scenario.VendorAsync(tenant.Id, "Alpha AI " + Guid.NewGuid().ToString("N")[..6]);
        var b = await app.Scenario.VendorAsync(tenant.Id, "Beta AI " + Guid.NewGuid().ToString("N")[..6]);
        var contactA = await app.CreateMemberAsync(tenant, TenantRoles.VendorContact, vendorId: a.Id);
        var contactB = await app.CreateMemberAsync(tenant, TenantRoles.VendorContact, vendorId: b.Id);
        var contract = await app.SeedContractAsync(tenant.Id, a.Id, manager.Id);
        return new ContractWorld(tenant, manager, admin, a, b, contactA, contactB, contract);
    }

    public static Task<Contract> SeedContractAsync(this VendorRiskApp app, Guid tenantId, Guid vendorId, Guid ownerId, DateOnly? endsOn = null) =>
        app.InDbAsync(async db =>
        {
            var today = app.Today();
            var contract = Contract.Create(vendorId, new ContractTerms("Master services agreement", "MSA-1", today.AddDays(-30), endsOn,
                12, 90, 120000m, "EUR"), ownerId, app.Clock.GetUtcNow());
            db.Set<Contract>().Add(contract);
            await db.SaveChangesAsync();
            return contract;
        }, tenantId);

    /// <summary>An obligation and its first occurrence, created the way the page does (audited).</summary>
    public static Task<(Obligation Obligation, ObligationOccurrence First)> SeedObligationAsync(this VendorRiskApp app, Guid tenantId, Contract contract,
        Guid ownerId, Recurrence recurrence, DateOnly firstDue, string plan = "30,7,1", bool vendorEvidence = false, string type = "pen-test-report",
        string title = "Annual penetration test report") =>
        app.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            var obligation = Obligation.Create(contract.Id, contract.VendorId, type, firstDue,
                new ObligationTerms(title, "12.3", ownerId, recurrence, plan, vendorEvidence, null), app.Clock.GetUtcNow());
            var first = new ObligationLifecycle(db, sp.GetRequiredService<AuditLog>(), app.Clock).Add(obligation);
            await db.SaveChangesAsync();
            return (obligation, first);
        }, tenantId);

    /// <summary>
    /// Every day on which the obligation reminder job can act, across tenants, as the data stands: for each occurrence (open or
    /// not) its reminder steps, its due date and the day after (overdue); for each contract the steps of its next notice
    /// deadlines within two years, and the deadlines themselves.
    /// </summary>
    public static Task<IEnumerable<DateOnly>> ReminderMomentsAsync(this VendorRiskApp app) =>
        app.InDbAsync<IEnumerable<DateOnly>>(async db =>
        {
            var plans = await db.Set<Obligation>().IgnoreQueryFilters().ToDictionaryAsync(o => o.Id, o => o.ReminderDays);
            var occurrences = await db.Set<ObligationOccurrence>().IgnoreQueryFilters().Select(o => new { o.ObligationId, o.DueOn }).ToListAsync();
            var contracts = await db.Set<Contract>().IgnoreQueryFilters().Select(c => new { c.EndsOn, c.RenewalPeriodMonths, c.NoticePeriodDays }).ToListAsync();
            var today = app.Today();
            var notices = contracts
                .SelectMany(c => Contract.DeadlinesBetween(c.EndsOn, c.RenewalPeriodMonths, c.NoticePeriodDays, today, today.AddYears(2)))
                .Where(d => d.Kind == ContractDeadlineKind.NoticeDeadline)
                .SelectMany(d => ContractReminder.NoticePlan.Select(days => d.On.AddDays(-days)).Append(d.On));
            return occurrences
                .SelectMany(o => plans[o.ObligationId].Select(days => o.DueOn.AddDays(-days)).Append(o.DueOn).Append(o.DueOn.AddDays(1)))
                .Concat(notices).ToList();
        });

    public static Task<CloseOutcome> MeetAsync(this VendorRiskApp app, Guid tenantId, Guid occurrenceId, Guid userId, bool byVendor = false) =>
        app.InScopeAsync(sp => new ObligationLifecycle(sp.GetRequiredService<AppDbContext>(), sp.GetRequiredService<AuditLog>(), app.Clock)
            .MeetAsync(occurrenceId, "Received and filed.", null, userId, byVendor, CancellationToken.None), tenantId);

    public static Task<CloseOutcome> WaiveAsync(this VendorRiskApp app, Guid tenantId, Guid occurrenceId, Guid userId) =>
        app.InScopeAsync(sp => new ObligationLifecycle(sp.GetRequiredService<AppDbContext>(), sp.GetRequiredService<AuditLog>(), app.Clock)
            .WaiveAsync(occurrenceId, "Not applicable this year.", userId, CancellationToken.None), tenantId);

    public static Task<List<ObligationOccurrence>> OccurrencesAsync(this VendorRiskApp app, Guid obligationId) =>
        app.InDbAsync(db => db.Set<ObligationOccurrence>().IgnoreQueryFilters().AsNoTracking()
            .Where(o => o.ObligationId == obligationId).OrderBy(o => o.Sequence).ToListAsync());

    public static Task<ObligationOccurrence> OccurrenceAsync(this VendorRiskApp app, Guid id) =>
        app.InDbAsync(db => db.Set<ObligationOccurrence>().IgnoreQueryFilters().AsNoTracking().SingleAsync(o => o.Id == id));

    public static async Task<HttpClient> SignedInAsync(this VendorRiskApp app, AppUser user)
    {
        var client = app.CreateBrowserClient();
        await client.SignInAsync(user.Email!);
        return client;
    }

    /// <summary>A multipart POST with the anti-forgery token of <paramref name="tokenPage"/>.</summary>
    public static async Task<HttpResponseMessage> UploadAsync(this HttpClient client, string tokenPage, string url, string fileName, byte[] content,
        IDictionary<string, string>? fields = null)
    {
        var token = Portal.PortalTestKit.Token(await client.GetDocumentAsync(tokenPage));
        using var body = new MultipartFormDataContent();
        body.Add(new StringContent(token), "__RequestVerificationToken");
        foreach (var (name, value) in fields ?? new Dictionary<string, string>()) body.Add(new StringContent(value), name);
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        body.Add(file, "file", fileName);
        return await client.PostAsync(url, body);
    }

    /// <summary>A form POST with a token taken from a page the client may open.</summary>
    public static async Task<HttpResponseMessage> PostWithTokenAsync(this HttpClient client, string tokenPage, string url, IDictionary<string, string>? fields = null)
    {
        var token = Portal.PortalTestKit.Token(await client.GetDocumentAsync(tokenPage));
        return await Portal.PortalTestKit.PostFormAsync(client, token, url, fields);
    }

    /// <summary>A fingerprint of every contract-feature row, across tenants, to prove a refused request changed nothing.</summary>
    public static Task<string> SnapshotAsync(this VendorRiskApp app) =>
        app.InDbAsync(async db =>
        {
            var contracts = await db.Set<Contract>().IgnoreQueryFilters().OrderBy(c => c.Id).Select(c => c.Id + c.Title + c.Version).ToListAsync();
            var obligations = await db.Set<Obligation>().IgnoreQueryFilters().OrderBy(o => o.Id).Select(o => o.Id + o.Title + o.Version).ToListAsync();
            var occurrences = await db.Set<ObligationOccurrence>().IgnoreQueryFilters().OrderBy(o => o.Id)
                .Select(o => o.Id + o.Status.ToString() + o.Version).ToListAsync();
            var files = await db.Set<ContractFile>().IgnoreQueryFilters().CountAsync();
            var types = await db.Set<ObligationType>().IgnoreQueryFilters().OrderBy(t => t.Id).Select(t => t.Id + t.Name + t.Version).ToListAsync();
            var tokens = await db.Set<CalendarFeedToken>().IgnoreQueryFilters().CountAsync(t => t.RevokedAt == null);
            return string.Join('|', contracts) + "#" + string.Join('|', obligations) + "#" + string.Join('|', occurrences) + "#" + files + "#"
                + string.Join('|', types) + "#" + tokens;
        });
}
