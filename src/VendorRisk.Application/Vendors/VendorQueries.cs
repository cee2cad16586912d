using Microsoft.EntityFrameworkCore;
using VendorRisk.Application.Common;
using VendorRisk.Domain.Tenancy;
using VendorRisk.Domain.Vendors;
using VendorRisk.Infrastructure.Persistence;
using RiskTier = VendorRisk.Domain.Questionnaires.RiskTier;

namespace VendorRisk.Application.Vendors;

/// <summary>A vendor in a list (the vendor list page and <c>GET /api/v1/vendors</c>).</summary>
public sealed record VendorSummaryDto(Guid Id, string LegalName, string? Country, VendorStatus Status, RiskTier? Tier,
    BusinessCriticality Criticality, Guid? BusinessOwnerUserId, string? BusinessOwnerName, int AiSystemCount);

/// <summary>A vendor's details with the version an update must name (the edit form and <c>GET /api/v1/vendors/{id}</c>).</summary>
public sealed record VendorDto(Guid Id, string LegalName, string? Website, string? Country, string? Description, VendorStatus Status,
    RiskTier? Tier, RiskTier? ComputedTier, string? TierOverrideJustification, DateTimeOffset? TieredAt, BusinessCriticality Criticality,
    Guid? BusinessOwnerUserId, string? BusinessOwnerName, int AiSystemCount, DateTimeOffset CreatedAt, int Version);

/// <summary>What the vendor's latest intake based its tier on: the score, the tier the score alone gives, and the floors that lifted it.</summary>
public sealed record IntakeBasisDto(decimal RiskScore, RiskTier ScoreTier, RiskTier Tier, IReadOnlyList<string> FloorReasons, string TemplateVersion,
    DateTimeOffset CompletedAt);

public sealed record AiSystemSummaryDto(Guid Id, Guid VendorId, string Name, int RevisionNumber, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt,
    IReadOnlyList<string> FoundationModelProviders, IReadOnlyList<string> Subprocessors);

public sealed record FoundationModelDto(string Provider, string Model, string? Version);

public sealed record AiSystemDto(Guid Id, Guid VendorId, string Name, int RevisionNumber, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt,
    string Purpose, string? UseCase, string? ModelType, IReadOnlyList<FoundationModelDto> FoundationModels, AiDeployment Deployment,
    IReadOnlyList<string> DataCategories, bool ProcessesPersonalData, CustomerDataTraining TrainingOnCustomerData, AutonomyLevel Autonomy,
    HumanOversight Oversight, string? PeopleAffected, EuAiActRiskClass EuAiActRiskClass, IReadOnlyList<string> Subprocessors);

/// <summary>An internal member who can own a vendor relationship.</summary>
public sealed record OwnerChoice(Guid Id, string Name);

/// <summary>Filters of the vendor list; they combine with AND. Likelihood and impact (1-5) select a cell of the residual heat map.</summary>
public sealed record VendorFilter(string? Search = null, VendorStatus? Status = null, RiskTier? Tier = null, Guid? OwnerId = null, bool UntieredOnly = false, int? Likelihood = null, int? Impact = null);

public sealed record VendorContactRow(Guid Id, string Name, string Email, string? JobTitle);


public sealed record VendorAiSystemRow(Guid Id, string Name, int Revision, DateTimeOffset UpdatedAt, bool LastChangeMaterial);

/// <summary>One vendor's page: overview, tier, status, contacts, documents and AI systems, and whether the reader may change them.</summary>
public sealed record VendorPageDto(VendorDto Vendor, IReadOnlyList<VendorContactRow> Contacts,
    IReadOnlyList<VendorAiSystemRow> AiSystems, bool CanManage, DateOnly Today)
{
    /// <summary>What the latest intake based the tier on; null before any intake.</summary>
    public IntakeBasisDto? Intake { get; init; }
}

/// <summary>An AI system as its edit form starts (null <see cref="Form"/> for a new one).</summary>
public sealed record AiSystemEditDto(Guid VendorId, string VendorName, Guid? SystemId, AiSystemForm? Form, int Version);

public sealed record AiSystemRevisionRow(int Number, DateTimeOffset ChangedAt, string? ChangedBy, bool IsMaterial, IReadOnlyList<ProfileChange> Changes);

public sealed record AiSystemHistoryDto(Guid VendorId, string VendorName, string SystemName, IReadOnlyList<AiSystemRevisionRow> Revisions);

public sealed record FourthPartyVendor(Guid Id, string Name);

/// <summary>A foundation-model provider or subprocessor and the vendors that depend on it.</summary>
public sealed record FourthParty(string Name, DependencyKind Kind, IReadOnlyList<FourthPartyVendor> Vendors);

/// <summary>What any internal member of the tenant may read about its vendors and their AI systems.</summary>
public sealed class VendorQueries(AppDbContext db, Access access, TimeProvider clock)
{
    public static readonly RolePermission Read = new("vendors.read", TenantRolesExtensions.Internal);

    /// <summary>Vendors by legal name; <paramref name="page"/> from 1 (a page past the last is empty).</summary>
    public async Task<Outcome<PageOf<VendorSummaryDto>>> ListAsync(VendorFilter filter, int page, int pageSize, CancellationToken cancellationToken)
    {
        if (await access.DemandAsync(Read) is { } forbidden) return forbidden;
        var query = db.Vendors.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(filter.Search))
        {
            var pattern = "%" + Like.Escape(filter.Search.Trim()) + "%";
            query = query.Where(v => EF.Functions.Like(v.LegalName, pattern, Like.EscapeCharacter)
                || (v.Description != null && EF.Functions.Like(v.Description, pattern, Like.EscapeCharacter)));
        }
        if (filter.Status is { } status) query = query.Where(v => v.Status == status);
        if (filter.Tier is { } tier) query = query.Where(v => v.InherentTier == tier);
        if (filter.OwnerId is { } owner) query = query.Where(v => v.BusinessOwnerUserId == owner);
        if (filter.UntieredOnly) query = query.Where(v => v.InherentTier == null);
        if (filter.Likelihood is { } likelihood) query = query.Where(v => v.ResidualLikelihood == likelihood);
        if (filter.Impact is { } impact) query = query.Where(v => v.ResidualImpact == impact);

        var total = await query.CountAsync(cancellationToken);
        var items = await query.OrderBy(v => v.LegalName).ThenBy(v => v.Id).Skip((page - 1) * pageSize).Take(pageSize)
            .Select(v => new VendorSummaryDto(v.Id, v.LegalName, v.Country, v.Status, v.InherentTier, v.Criticality, v.BusinessOwnerUserId,
                db.Users.Where(u => u.Id == v.BusinessOwnerUserId).Select(u => u.DisplayName).FirstOrDefault(),
                db.AiSystems.Count(a => a.VendorId == v.Id)))
            .ToListAsync(cancellationToken);
        return new PageOf<VendorSummaryDto>(items, page, pageSize, total);
    }

    public async Task<Outcome<VendorDto>> FindAsync(Guid id, CancellationToken cancellationToken)
    {
        if (await access.DemandAsync(Read) is { } forbidden) return forbidden;
        var vendor = await db.Vendors.AsNoTracking().Where(v => v.Id == id)
            .Select(v => new VendorDto(v.Id, v.LegalName, v.Website, v.Country, v.Description, v.Status, v.InherentTier, v.ComputedTier,
                v.TierOverrideJustification, v.TieredAt, v.Criticality, v.BusinessOwnerUserId,
                db.Users.Where(u => u.Id == v.BusinessOwnerUserId).Select(u => u.DisplayName).FirstOrDefault(),
                db.AiSystems.Count(a => a.VendorId == v.Id), v.CreatedAt, v.Version))
            .SingleOrDefaultAsync(cancellationToken);
        return vendor is null ? Fail.NotFound("There is no such vendor.") : vendor;
    }

    /// <summary>The basis of the vendor's tier from its latest intake, or null when no intake ran.</summary>
    public async Task<IntakeBasisDto?> LatestIntakeAsync(Guid vendorId, CancellationToken cancellationToken)
    {
        if (!await access.AllowsAsync(Read)) return null;
        var latest = await db.VendorIntakes.AsNoTracking().Where(i => i.VendorId == vendorId)
            .OrderByDescending(i => i.CompletedAt)
            .Select(i => new { i.RiskScore, i.ScoreTier, i.ComputedTier, i.FloorReasonsJson, i.TemplateVersion, i.CompletedAt })
            .FirstOrDefaultAsync(cancellationToken);
        return latest is null ? null : new IntakeBasisDto(latest.RiskScore, latest.ScoreTier, latest.ComputedTier,
            VendorIntake.ReadFloorReasons(latest.FloorReasonsJson), latest.TemplateVersion, latest.CompletedAt);
    }

    /// <summary>Internal members who can own a vendor relationship, for pickers and filters.</summary>
    public async Task<IReadOnlyList<OwnerChoice>> OwnersAsync(CancellationToken cancellationToken) =>
        await access.AllowsAsync(Read)
            ? await db.Memberships.Where(m => !m.IsDisabled && m.VendorId == null)
                .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => new { u.Id, u.DisplayName })
                .OrderBy(o => o.DisplayName)
                .Select(o => new OwnerChoice(o.Id, o.DisplayName))
                .ToListAsync(cancellationToken)
            : [];

    public async Task<Outcome<PageOf<AiSystemSummaryDto>>> AiSystemsAsync(Guid vendorId, int page, int pageSize, CancellationToken cancellationToken)
    {
        if (await access.DemandAsync(Read) is { } forbidden) return forbidden;
        if (!await db.Vendors.AnyAsync(v => v.Id == vendorId, cancellationToken)) return Fail.NotFound("There is no such vendor.");
        var query = db.AiSystems.AsNoTracking().Where(s => s.VendorId == vendorId);
        var total = await query.CountAsync(cancellationToken);
        var rows = await query.OrderBy(s => s.Name).ThenBy(s => s.Id).Skip((page - 1) * pageSize).Take(pageSize)
            .Select(s => new { s.Id, s.VendorId, s.Name, s.RevisionNumber, s.CreatedAt, s.UpdatedAt })
            .ToListAsync(cancellationToken);
        var ids = rows.Select(r => r.Id).ToList();
        var dependencies = await db.AiSystemDependencies.AsNoTracking().Where(d => ids.Contains(d.AiSystemId))
            .Select(d => new { d.AiSystemId, d.Kind, d.Name }).ToListAsync(cancellationToken);
        var items = rows.Select(r => new AiSystemSummaryDto(r.Id, r.VendorId, r.Name, r.RevisionNumber, r.CreatedAt, r.UpdatedAt,
            [.. dependencies.Where(d => d.AiSystemId == r.Id && d.Kind == DependencyKind.FoundationModelProvider).Select(d => d.Name).Order(StringComparer.Ordinal)],
            [.. dependencies.Where(d => d.AiSystemId == r.Id && d.Kind == DependencyKind.Subprocessor).Select(d => d.Name).Order(StringComparer.Ordinal)]))
            .ToList();
        return new PageOf<AiSystemSummaryDto>(items, page, pageSize, total);
    }

    public async Task<Outcome<AiSystemDto>> AiSystemAsync(Guid vendorId, Guid id, CancellationToken cancellationToken)
    {
        if (await access.DemandAsync(Read) is { } forbidden) return forbidden;
        var row = await db.AiSystems.AsNoTracking().Where(s => s.Id == id && s.VendorId == vendorId)
            .Select(s => new { s.Id, s.VendorId, s.Name, s.RevisionNumber, s.CreatedAt, s.UpdatedAt, s.ProfileJson })
            .SingleOrDefaultAsync(cancellationToken);
        if (row is null) return Fail.NotFound("There is no such AI system of this vendor.");
        var p = AiSystemProfile.FromJson(row.ProfileJson);
        return new AiSystemDto(row.Id, row.VendorId, row.Name, row.RevisionNumber, row.CreatedAt, row.UpdatedAt,
            p.Purpose, p.UseCase, p.ModelType, [.. p.FoundationModels.Select(m => new FoundationModelDto(m.Provider, m.Model, m.Version))],
            p.Deployment, p.DataCategories, p.ProcessesPersonalData, p.TrainingOnCustomerData, p.Autonomy, p.Oversight, p.PeopleAffected,
            p.EuAiActRiskClass, p.Subprocessors);
    }

    /// <summary>One vendor's page, with its contacts and AI systems (its documents: EvidenceQueries.ForVendorAsync).</summary>
    public async Task<Outcome<VendorPageDto>> PageAsync(Guid id, CancellationToken cancellationToken)
    {
        var vendor = await FindAsync(id, cancellationToken);
        if (!vendor.Succeeded) return vendor.AsFailure();
        var contacts = await db.VendorContacts.AsNoTracking().Where(c => c.VendorId == id).OrderBy(c => c.Name)
            .Select(c => new VendorContactRow(c.Id, c.Name, c.Email, c.JobTitle)).ToListAsync(cancellationToken);
        var systems = await db.AiSystems.AsNoTracking().Where(s => s.VendorId == id).OrderBy(s => s.Name)
            .Select(s => new VendorAiSystemRow(s.Id, s.Name, s.RevisionNumber, s.UpdatedAt,
                s.Revisions.OrderByDescending(r => r.Number).Select(r => r.IsMaterial).FirstOrDefault()))
            .ToListAsync(cancellationToken);
        return new VendorPageDto(vendor.Value!, contacts, systems, await access.AllowsAsync(VendorOperations.Manage),
            DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime)) { Intake = await LatestIntakeAsync(id, cancellationToken) };
    }

    /// <summary>The AI system form of a vendor: empty for a new system (<paramref name="id"/> null), else the system's current profile.</summary>
    public async Task<Outcome<AiSystemEditDto>> AiSystemFormAsync(Guid vendorId, Guid? id, CancellationToken cancellationToken)
    {
        if (await access.DemandAsync(Read) is { } forbidden) return forbidden;
        var vendorName = await db.Vendors.AsNoTracking().Where(v => v.Id == vendorId).Select(v => v.LegalName).SingleOrDefaultAsync(cancellationToken);
        if (vendorName is null) return Fail.NotFound("There is no such vendor.");
        if (id is not { } systemId) return new AiSystemEditDto(vendorId, vendorName, null, null, 0);
        var system = await db.AiSystems.AsNoTracking().SingleOrDefaultAsync(s => s.Id == systemId && s.VendorId == vendorId, cancellationToken);
        if (system is null) return Fail.NotFound("There is no such AI system.");
        return new AiSystemEditDto(vendorId, vendorName, systemId, AiSystemForm.From(system.Name, system.Profile), system.Version);
    }

    /// <summary>Every revision of one AI system, newest first, with what changed and whether it was material.</summary>
    public async Task<Outcome<AiSystemHistoryDto>> AiSystemHistoryAsync(Guid vendorId, Guid id, CancellationToken cancellationToken)
    {
        if (await access.DemandAsync(Read) is { } forbidden) return forbidden;
        var system = await db.AiSystems.AsNoTracking().Where(s => s.Id == id && s.VendorId == vendorId)
            .Select(s => new { s.Name, Vendor = db.Vendors.Where(v => v.Id == s.VendorId).Select(v => v.LegalName).Single() })
            .SingleOrDefaultAsync(cancellationToken);
        if (system is null) return Fail.NotFound("There is no such AI system.");
        var rows = await db.AiSystemRevisions.AsNoTracking().Where(r => r.AiSystemId == id).OrderByDescending(r => r.Number)
            .Select(r => new { r.Number, r.ChangedAt, ChangedBy = db.Users.Where(u => u.Id == r.ChangedByUserId).Select(u => u.DisplayName).FirstOrDefault(), r.IsMaterial, r.ChangesJson })
            .ToListAsync(cancellationToken);
        return new AiSystemHistoryDto(vendorId, system.Vendor, system.Name, [.. rows.Select(r => new AiSystemRevisionRow(r.Number, r.ChangedAt, r.ChangedBy,
            r.IsMaterial, System.Text.Json.JsonSerializer.Deserialize<List<ProfileChange>>(r.ChangesJson) ?? []))]);
    }

    /// <summary>
    /// Concentration: which foundation-model providers and subprocessors the vendors depend on, most shared first (names compared
    /// case-insensitively), so a single provider behind many vendors stands out.
    /// </summary>
    public async Task<Outcome<IReadOnlyList<FourthParty>>> FourthPartiesAsync(CancellationToken cancellationToken)
    {
        if (await access.DemandAsync(Read) is { } forbidden) return forbidden;
        var rows = await db.AiSystemDependencies.AsNoTracking()
            .Join(db.Vendors, d => d.VendorId, v => v.Id, (d, v) => new { d.Kind, d.Name, VendorId = v.Id, v.LegalName })
            .Distinct()
            .ToListAsync(cancellationToken);
        return rows
            .GroupBy(r => (r.Kind, Key: r.Name.ToUpperInvariant()))
            .Select(g => new FourthParty(g.First().Name, g.Key.Kind,
                g.DistinctBy(r => r.VendorId).OrderBy(r => r.LegalName).Select(r => new FourthPartyVendor(r.VendorId, r.LegalName)).ToList()))
            .OrderByDescending(p => p.Vendors.Count).ThenBy(p => p.Name)
            .ToList();
    }
}
