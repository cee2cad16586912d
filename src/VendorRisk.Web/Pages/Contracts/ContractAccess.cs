using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using VendorRisk.Domain.Contracts;
using VendorRisk.Infrastructure.Persistence;
using VendorRisk.Web.Authorization;

namespace VendorRisk.Web.Pages.Contracts;

/// <summary>Who may change contracts and obligations, and the lists their forms offer.</summary>
public static class ContractAccess
{
    public const string ActionContractCreated = "contract.created";
    public const string ActionContractUpdated = "contract.updated";
    public const string ActionDocumentUploaded = "contract.document-uploaded";
    public const string ActionFileDownloaded = "contract.file-downloaded";

    public sealed record Person(Guid Id, string Name);

    public static Guid? UserIdOf(ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;

    /// <summary>Vendor managers and tenant admins manage contracts, obligations and the catalogue.</summary>
    public static async Task<bool> MayManageAsync(IAuthorizationService authorization, ClaimsPrincipal user) =>
        (await authorization.AuthorizeAsync(user, Policies.ManageVendors)).Succeeded;

    /// <summary>The internal, active members of the tenant: who may own a contract or an obligation.</summary>
    public static async Task<IReadOnlyList<Person>> OwnersAsync(AppDbContext db, CancellationToken cancellationToken = default) =>
        await db.Memberships
            .Where(m => !m.IsDisabled && m.VendorId == null)
            .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => new { u.Id, u.DisplayName })
            .OrderBy(o => o.DisplayName)
            .Select(o => new Person(o.Id, o.DisplayName))
            .ToListAsync(cancellationToken);

    /// <summary>The shipped catalogue and the tenant's own types (retired ones only when asked, for existing obligations).</summary>
    public static async Task<IReadOnlyList<ObligationTemplate>> CatalogueAsync(AppDbContext db, bool includeRetired, CancellationToken cancellationToken = default)
    {
        var own = await db.Set<ObligationType>().AsNoTracking().Where(t => includeRetired || !t.IsRetired).OrderBy(t => t.Name).ToListAsync(cancellationToken);
        return [.. ShippedObligationTypes.All, .. own.Select(t => t.AsTemplate())];
    }

    public static string Term(DateOnly startsOn, DateOnly? endsOn) =>
        endsOn is { } end ? $"{startsOn:yyyy-MM-dd} to {end:yyyy-MM-dd}" : $"From {startsOn:yyyy-MM-dd}, open-ended";

    public static string Describe(OccurrenceStatus status) => status switch
    {
        OccurrenceStatus.Open => "Open",
        OccurrenceStatus.Met => "Met",
        _ => "Waived",
    };
}
