using Microsoft.AspNetCore.WebUtilities;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using VendorRisk.Domain.Vendors;
using VendorRisk.Infrastructure.Persistence;

using RiskTier = VendorRisk.Domain.Questionnaires.RiskTier;

namespace VendorRisk.Web.Pages.Vendors;

public sealed class IndexModel(AppDbContext db) : PageModel
{
    public const int PageSize = 25;

    public sealed record Row(Guid Id, string LegalName, string? Country, VendorStatus Status, RiskTier? Tier,
        BusinessCriticality Criticality, string? OwnerName, int AiSystemCount);

    public sealed record Owner(Guid Id, string Name);

    [BindProperty(SupportsGet = true, Name = "q")] public string? Search { get; set; }
    [BindProperty(SupportsGet = true)] public VendorStatus? Status { get; set; }
    [BindProperty(SupportsGet = true)] public RiskTier? Tier { get; set; }
    [BindProperty(SupportsGet = true)] public Guid? OwnerId { get; set; }
    /// <summary>Only vendors not tiered yet (the dashboard's "Not tiered" count links here).</summary>
    [BindProperty(SupportsGet = true)] public bool Untiered { get; set; }
    /// <summary>Current residual rating (ADR-015): the dashboard's heat map cells link here with both set.</summary>
    [BindProperty(SupportsGet = true)] public int? Likelihood { get; set; }
    [BindProperty(SupportsGet = true)] public int? Impact { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;

    public IReadOnlyList<Row> Vendors { get; private set; } = [];
    public IReadOnlyList<Owner> Owners { get; private set; } = [];
    public int TotalCount { get; private set; }
    public int PageCount => Math.Max(1, (TotalCount + PageSize - 1) / PageSize);

    public async Task OnGetAsync()
    {
        var query = db.Vendors.AsQueryable();
        if (!string.IsNullOrWhiteSpace(Search))
        {
            var term = Search.Trim();
            query = query.Where(v => EF.Functions.Like(v.LegalName, $"%{EscapeLike(term)}%", "\\")
                                  || (v.Description != null && EF.Functions.Like(v.Description, $"%{EscapeLike(term)}%", "\\")));
        }
        if (Status is { } status) query = query.Where(v => v.Status == status);
        if (Tier is { } tier) query = query.Where(v => v.InherentTier == tier);
        if (OwnerId is { } owner) query = query.Where(v => v.BusinessOwnerUserId == owner);
        if (Untiered) query = query.Where(v => v.InherentTier == null);
        if (Likelihood is < 1 or > 5) Likelihood = null;
        if (Impact is < 1 or > 5) Impact = null;
        if (Likelihood is { } likelihood) query = query.Where(v => v.ResidualLikelihood == likelihood);
        if (Impact is { } impact) query = query.Where(v => v.ResidualImpact == impact);

        TotalCount = await query.CountAsync();
        PageNumber = Math.Clamp(PageNumber, 1, PageCount);
        Vendors = await query
            .OrderBy(v => v.LegalName)
            .Skip((PageNumber - 1) * PageSize)
            .Take(PageSize)
            .Select(v => new Row(v.Id, v.LegalName, v.Country, v.Status, v.InherentTier, v.Criticality,
                db.Users.Where(u => u.Id == v.BusinessOwnerUserId).Select(u => u.DisplayName).FirstOrDefault(),
                db.AiSystems.Count(s => s.VendorId == v.Id)))
            .ToListAsync();
        Owners = await VendorOwners.ListAsync(db);
    }

    /// <summary>The residual-risk filter in words, e.g. "residual risk 4 x 3 (high)"; null when none is set.</summary>
    public string? ResidualFilterText => (Likelihood, Impact) switch
    {
        ({ } l, { } i) => $"residual risk {l} x {i} ({Reviews.ReviewAccess.ResidualLevel(l, i)})",
        ({ } l, null) => $"residual likelihood {l}",
        (null, { } i) => $"residual impact {i}",
        _ => null,
    };

    /// <summary>This list without the residual-risk filter (and without "not tiered"), other filters kept.</summary>
    public string ClearResidualLink => QueryHelpers.AddQueryString(Request.Path, new Dictionary<string, string?>
    {
        ["q"] = Search, ["status"] = Status?.ToString(), ["tier"] = Tier?.ToString(), ["ownerId"] = OwnerId?.ToString(),
    }.Where(p => !string.IsNullOrEmpty(p.Value)).ToDictionary(p => p.Key, p => p.Value));

    /// <summary>A search for "50%" means the characters, not a wildcard.</summary>
    private static string EscapeLike(string term) =>
        term.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);

    public string PageLink(int page) =>
        QueryHelpers.AddQueryString(Request.Path, new Dictionary<string, string?>
        {
            ["q"] = Search, ["status"] = Status?.ToString(), ["tier"] = Tier?.ToString(), ["ownerId"] = OwnerId?.ToString(), ["p"] = page.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["untiered"] = Untiered ? "true" : null, ["likelihood"] = Likelihood?.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["impact"] = Impact?.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }.Where(p => !string.IsNullOrEmpty(p.Value)).ToDictionary(p => p.Key, p => p.Value));
}

/// <summary>Internal members who can own a vendor relationship, for pickers and filters.</summary>
public static class VendorOwners
{
    public static async Task<IReadOnlyList<IndexModel.Owner>> ListAsync(AppDbContext db) =>
        await db.Memberships
            .Where(m => !m.IsDisabled && m.VendorId == null)
            .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => new { u.Id, u.DisplayName })
            .OrderBy(o => o.DisplayName)
            .Select(o => new IndexModel.Owner(o.Id, o.DisplayName))
            .ToListAsync();
}
