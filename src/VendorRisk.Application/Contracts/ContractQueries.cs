using Microsoft.EntityFrameworkCore;
using VendorRisk.Application.Common;
using VendorRisk.Domain.Contracts;
using VendorRisk.Domain.Tenancy;
using VendorRisk.Infrastructure.Persistence;

namespace VendorRisk.Application.Contracts;

/// <summary>An internal, active member of the tenant: who may own a contract or an obligation.</summary>
public sealed record MemberChoice(Guid Id, string Name);

public sealed record VendorChoice(Guid Id, string Name);

/// <summary>A contract in the tenant's list (or one vendor's).</summary>
public sealed record ContractRowDto(Guid Id, string Title, string? Reference, Guid VendorId, string VendorName, DateOnly StartsOn, DateOnly? EndsOn,
    int? NoticePeriodDays, string? OwnerName, int OpenObligations, DateOnly? NextDue);

/// <summary>The contract list; <see cref="VendorName"/> when it is one vendor's.</summary>
public sealed record ContractListDto(Guid? VendorId, string? VendorName, IReadOnlyList<ContractRowDto> Contracts, bool CanManage);

public sealed record ContractViewDto(Guid Id, Guid VendorId, string VendorName, string Title, string? Reference, DateOnly StartsOn, DateOnly? EndsOn,
    int? RenewalPeriodMonths, int? NoticePeriodDays, decimal? Value, string? Currency, string? OwnerName)
{
    public DateOnly? NoticeDeadline => EndsOn is { } end && NoticePeriodDays is { } days ? end.AddDays(-days) : null;

    /// <summary>The next notice deadline from <paramref name="today"/>: of the current term, or of the next once it has passed.</summary>
    public ContractDeadline? NextNoticeDeadline(DateOnly today) => Contract.NextNoticeDeadline(EndsOn, RenewalPeriodMonths, NoticePeriodDays, today);
}

public sealed record ContractFileDto(Guid Id, string FileName, long Length, DateTimeOffset UploadedAt, bool ByVendor, Guid? OccurrenceId);

public sealed record ContractObligationDto(Guid Id, string Title, string TypeName, string? Clause, string? OwnerName, Recurrence Recurrence,
    bool NeedsVendorEvidence, int? NotificationHours, Guid? OpenOccurrenceId, DateOnly? NextDue);

/// <summary>One contract with its documents, its obligations and the catalogue new obligations are chosen from.</summary>
public sealed record ContractDetailsDto(ContractViewDto Contract, IReadOnlyList<ContractFileDto> Files, IReadOnlyList<ContractObligationDto> Obligations,
    IReadOnlyList<ObligationTemplate> Catalogue, bool CanManage);

/// <summary>A contract's terms as the edit form shows them, with the version a save must name.</summary>
public sealed record ContractEditDto(Guid Id, ContractDetails Details, int Version);

/// <summary>What the contract form offers: the tenant's vendors and the members who may own a contract.</summary>
public sealed record ContractFormChoices(IReadOnlyList<VendorChoice> Vendors, IReadOnlyList<MemberChoice> Owners);

/// <summary>What any internal member may read about contracts, their documents and obligations, and the lists the forms offer.</summary>
public sealed class ContractQueries(AppDbContext db, Access access)
{
    public static readonly RolePermission Read = new("contracts.read", TenantRolesExtensions.Internal);

    /// <summary>The tenant's contracts, or one vendor's; NotFound for a vendor this tenant does not have.</summary>
    public async Task<Outcome<ContractListDto>> ListAsync(Guid? vendorId, CancellationToken cancellationToken)
    {
        if (await access.DemandAsync(Read) is { } forbidden) return forbidden;
        string? vendorName = null;
        if (vendorId is { } id)
        {
            vendorName = await db.Vendors.Where(v => v.Id == id).Select(v => v.LegalName).SingleOrDefaultAsync(cancellationToken);
            if (vendorName is null) return Fail.NotFound("There is no such vendor.");
        }
        var open = db.Set<ObligationOccurrence>().Where(o => o.Status == OccurrenceStatus.Open);
        var contracts = await db.Set<Contract>()
            .Where(c => vendorId == null || c.VendorId == vendorId)
            .Join(db.Vendors, c => c.VendorId, v => v.Id, (c, v) => new { c, v.LegalName })
            .OrderBy(x => x.LegalName).ThenBy(x => x.c.StartsOn)
            .Select(x => new ContractRowDto(x.c.Id, x.c.Title, x.c.Reference, x.c.VendorId, x.LegalName, x.c.StartsOn, x.c.EndsOn, x.c.NoticePeriodDays,
                db.Users.Where(u => u.Id == x.c.OwnerUserId).Select(u => u.DisplayName).FirstOrDefault(),
                db.Set<Obligation>().Count(o => o.ContractId == x.c.Id),
                open.Where(o => db.Set<Obligation>().Any(ob => ob.Id == o.ObligationId && ob.ContractId == x.c.Id))
                    .OrderBy(o => o.DueOn).Select(o => (DateOnly?)o.DueOn).FirstOrDefault()))
            .ToListAsync(cancellationToken);
        return new ContractListDto(vendorId, vendorName, contracts, await access.AllowsAsync(ContractOperations.Manage));
    }

    /// <summary>One contract, its documents (newest first) and obligations (by title), and the catalogue of types in use.</summary>
    public async Task<Outcome<ContractDetailsDto>> DetailsAsync(Guid id, CancellationToken cancellationToken)
    {
        if (await access.DemandAsync(Read) is { } forbidden) return forbidden;
        var contract = await db.Set<Contract>().Where(c => c.Id == id)
            .Join(db.Vendors, c => c.VendorId, v => v.Id, (c, v) => new { c, v.LegalName })
            .Select(x => new ContractViewDto(x.c.Id, x.c.VendorId, x.LegalName, x.c.Title, x.c.Reference, x.c.StartsOn, x.c.EndsOn,
                x.c.RenewalPeriodMonths, x.c.NoticePeriodDays, x.c.Value, x.c.Currency,
                db.Users.Where(u => u.Id == x.c.OwnerUserId).Select(u => u.DisplayName).FirstOrDefault()))
            .SingleOrDefaultAsync(cancellationToken);
        if (contract is null) return Fail.NotFound("There is no such contract.");
        var files = await db.Set<ContractFile>().Where(f => f.ContractId == id).OrderByDescending(f => f.UploadedAt)
            .Select(f => new ContractFileDto(f.Id, f.FileName, f.Length, f.UploadedAt, f.UploadedByVendor, f.OccurrenceId)).ToListAsync(cancellationToken);
        var names = (await CatalogueAsync(includeRetired: true, cancellationToken)).ToDictionary(t => t.Key, t => t.Name);
        var rows = await db.Set<Obligation>().Where(o => o.ContractId == id).OrderBy(o => o.Title)
            .Select(o => new
            {
                o.Id, o.Title, o.TypeKey, o.ClauseReference, o.Recurrence, o.NeedsVendorEvidence, o.NotificationHours,
                Owner = db.Users.Where(u => u.Id == o.OwnerUserId).Select(u => u.DisplayName).FirstOrDefault(),
                Open = db.Set<ObligationOccurrence>().Where(x => x.ObligationId == o.Id && x.Status == OccurrenceStatus.Open)
                    .OrderBy(x => x.DueOn).Select(x => new { x.Id, x.DueOn }).FirstOrDefault(),
            })
            .ToListAsync(cancellationToken);
        var obligations = rows.Select(o => new ContractObligationDto(o.Id, o.Title, names.GetValueOrDefault(o.TypeKey, o.TypeKey), o.ClauseReference,
            o.Owner, o.Recurrence, o.NeedsVendorEvidence, o.NotificationHours, o.Open?.Id, o.Open?.DueOn)).ToList();
        var catalogue = await CatalogueAsync(includeRetired: false, cancellationToken);
        return new ContractDetailsDto(contract, files, obligations, catalogue, await access.AllowsAsync(ContractOperations.Manage));
    }

    /// <summary>A contract's terms for the edit form (managers only).</summary>
    public async Task<Outcome<ContractEditDto>> FindForEditAsync(Guid id, CancellationToken cancellationToken)
    {
        if (await access.DemandAsync(ContractOperations.Manage) is { } forbidden) return forbidden;
        var edit = await db.Set<Contract>().AsNoTracking().Where(c => c.Id == id)
            .Select(c => new ContractEditDto(c.Id, new ContractDetails(c.VendorId, c.Title, c.Reference, c.StartsOn, c.EndsOn, c.RenewalPeriodMonths,
                c.NoticePeriodDays, c.Value, c.Currency, c.OwnerUserId), c.Version))
            .SingleOrDefaultAsync(cancellationToken);
        return edit is null ? Fail.NotFound("There is no such contract.") : edit;
    }

    /// <summary>Whether the tenant has this vendor (a new contract's form is opened for one).</summary>
    public async Task<Outcome> VendorExistsAsync(Guid vendorId, CancellationToken cancellationToken)
    {
        if (await access.DemandAsync(Read) is { } forbidden) return forbidden;
        return await db.Vendors.AnyAsync(v => v.Id == vendorId, cancellationToken) ? Outcome.Ok() : Fail.NotFound("There is no such vendor.");
    }

    /// <summary>The vendors and owners the contract form offers.</summary>
    public async Task<ContractFormChoices> FormChoicesAsync(CancellationToken cancellationToken) => new(
        await db.Vendors.OrderBy(v => v.LegalName).Select(v => new VendorChoice(v.Id, v.LegalName)).ToListAsync(cancellationToken),
        await OwnersAsync(cancellationToken));

    /// <summary>The internal, active members of the tenant: who may own a contract or an obligation.</summary>
    public async Task<IReadOnlyList<MemberChoice>> OwnersAsync(CancellationToken cancellationToken) =>
        await db.Memberships
            .Where(m => !m.IsDisabled && m.VendorId == null)
            .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => new { u.Id, u.DisplayName })
            .OrderBy(o => o.DisplayName)
            .Select(o => new MemberChoice(o.Id, o.DisplayName))
            .ToListAsync(cancellationToken);

    /// <summary>The shipped catalogue and the tenant's own types (retired ones only when asked, for existing obligations).</summary>
    public async Task<IReadOnlyList<ObligationTemplate>> CatalogueAsync(bool includeRetired, CancellationToken cancellationToken)
    {
        var own = await db.Set<ObligationType>().AsNoTracking().Where(t => includeRetired || !t.IsRetired).OrderBy(t => t.Name).ToListAsync(cancellationToken);
        return [.. ShippedObligationTypes.All, .. own.Select(t => t.AsTemplate())];
    }
}

/// <summary>How contract terms and occurrence states read on the pages.</summary>
public static class ContractText
{
    public static string Term(DateOnly startsOn, DateOnly? endsOn) =>
        endsOn is { } end ? $"{startsOn:yyyy-MM-dd} to {end:yyyy-MM-dd}" : $"From {startsOn:yyyy-MM-dd}, open-ended";

    public static string Describe(OccurrenceStatus status) => status switch
    {
        OccurrenceStatus.Open => "Open",
        OccurrenceStatus.Met => "Met",
        _ => "Waived",
    };
}
