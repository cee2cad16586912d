using Microsoft.AspNetCore.WebUtilities;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using VendorRisk.Application.Vendors;
using VendorRisk.Domain.Vendors;
using VendorRisk.Web.Forms;

using RiskTier = VendorRisk.Domain.Questionnaires.RiskTier;

namespace VendorRisk.Web.Pages.Vendors;

public sealed class IndexModel(VendorQueries vendors) : PageModel
{
    public const int PageSize = 25;

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

    public IReadOnlyList<VendorSummaryDto> Vendors { get; private set; } = [];
    public IReadOnlyList<OwnerChoice> Owners { get; private set; } = [];
    public int TotalCount { get; private set; }
    public int PageCount { get; private set; } = 1;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (Likelihood is < 1 or > 5) Likelihood = null;
        if (Impact is < 1 or > 5) Impact = null;
        var filter = new VendorFilter(Search, Status, Tier, OwnerId, Untiered, Likelihood, Impact);
        var list = await vendors.ListAsync(filter, Math.Max(1, PageNumber), PageSize, cancellationToken);
        if (list.Succeeded && list.Value!.Items.Count == 0 && list.Value.Page > list.Value.TotalPages)
            list = await vendors.ListAsync(filter, list.Value.TotalPages, PageSize, cancellationToken);
        if (!list.Succeeded) return this.Failure(list) ?? NotFound();
        (Vendors, TotalCount, PageCount, PageNumber) = (list.Value!.Items, list.Value.TotalCount, list.Value.TotalPages, list.Value.Page);
        Owners = await vendors.OwnersAsync(cancellationToken);
        return Page();
    }
    /// <summary>The residual-risk filter in words, e.g. "residual risk 4 x 3 (high)"; null when none is set.</summary>
    public string? ResidualFilterText => (Likelihood, Impact) switch
    {
        ({ } l, { } i) => $"residual risk {l} x {i} ({Domain.Reviews.ResidualRisk.Level(l, i)})",
        ({ } l, null) => $"residual likelihood {l}",
        (null, { } i) => $"residual impact {i}",
        _ => null,
    };

    /// <summary>This list without the residual-risk filter (and without "not tiered"), other filters kept.</summary>
    public string ClearResidualLink => QueryHelpers.AddQueryString(Request.Path, new Dictionary<string, string?>
    {
        ["q"] = Search, ["status"] = Status?.ToString(), ["tier"] = Tier?.ToString(), ["ownerId"] = OwnerId?.ToString(),
    }.Where(p => !string.IsNullOrEmpty(p.Value)).ToDictionary(p => p.Key, p => p.Value));

    public string PageLink(int page) =>
        QueryHelpers.AddQueryString(Request.Path, new Dictionary<string, string?>
        {
            ["q"] = Search, ["status"] = Status?.ToString(), ["tier"] = Tier?.ToString(), ["ownerId"] = OwnerId?.ToString(), ["p"] = page.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["untiered"] = Untiered ? "true" : null, ["likelihood"] = Likelihood?.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["impact"] = Impact?.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }.Where(p => !string.IsNullOrEmpty(p.Value)).ToDictionary(p => p.Key, p => p.Value));
}
