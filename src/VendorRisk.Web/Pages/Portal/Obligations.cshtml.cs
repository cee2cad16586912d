using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using VendorRisk.Domain.Contracts;
using VendorRisk.Domain.Tenancy;
using VendorRisk.Infrastructure.Audit;
using VendorRisk.Application.Contracts;
using VendorRisk.Application.Portal;
using VendorRisk.Infrastructure.Files;
using VendorRisk.Infrastructure.Persistence;
using VendorRisk.Infrastructure.Tenancy;
using VendorRisk.Web.Forms;

namespace VendorRisk.Web.Pages.Portal;

/// <summary>
/// Contract obligations that wait for the vendor's evidence in the organisation of the route. Uploading evidence meets the
/// occurrence and schedules the next one. Everything is reached through the contact's own vendor-contact membership of that
/// organisation: another vendor's or organisation's occurrence is "not found".
/// </summary>
[Authorize]
[EvidenceUploadSizeLimit]
public sealed class ObligationsModel(AppDbContext db, TenantContext tenant, PortalQueries portal, TimeProvider clock, AuditLog audit, IEvidenceStorage storage,
    IConfiguration configuration) : PageModel
{
    public sealed record Row(Guid OccurrenceId, string Title, string? Clause, string ContractTitle, DateOnly DueOn, int? NotificationHours);

    public sealed record Organisation(string Slug, string TenantName, string VendorName, IReadOnlyList<Row> Open);

    public IReadOnlyList<Organisation> Organisations { get; private set; } = [];
    public Dictionary<Guid, string> Errors { get; } = [];
    public DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    /// <summary>Multipart: occurrenceId (query), file.</summary>
    public async Task<IActionResult> OnPostUploadAsync(Guid occurrenceId, IFormFile? file, CancellationToken cancellationToken)
    {
        if (await portal.CurrentAsync(cancellationToken) is not { } membership || tenant.UserId is not { } userId) return NotFound();
        // Inside the route's tenant (the filters apply): only the contact's own vendor's occurrences that wait for its evidence.
        var target = await db.Set<ObligationOccurrence>().Where(o => o.Id == occurrenceId)
            .Join(db.Set<Obligation>(), o => o.ObligationId, ob => ob.Id, (o, ob) => new { ob.VendorId, ob.ContractId, ob.NeedsVendorEvidence })
            .SingleOrDefaultAsync(cancellationToken);
        if (target is null || !target.NeedsVendorEvidence || target.VendorId != membership.VendorId) return NotFound();

        var upload = await ContractFileUpload.StoreAsync(file, storage, configuration, target.ContractId, occurrenceId, userId, true,
            clock.GetUtcNow(), cancellationToken);
        string? error = upload.Error;
        if (upload.File is { } stored)
        {
            var outcome = await new ObligationLifecycle(db, audit, clock).MeetAsync(occurrenceId, null, stored, userId, true, cancellationToken);
            if (!outcome.Found) return NotFound();
            if (!outcome.Succeeded)
            {
                await ContractFileUpload.DiscardAsync(storage, stored);
                error = outcome.Error;
            }
        }
        if (error is not null)
        {
            Errors[occurrenceId] = error;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            await LoadAsync(cancellationToken);
            return Page();
        }
        TempData["Status"] = $"Thank you: {upload.File!.FileName} was sent to {membership.TenantName}.";
        return Redirect($"/t/{membership.Slug}/portal/obligations");
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var result = new List<Organisation>();
        if (await portal.CurrentAsync(cancellationToken) is { } m)
        {
            var rows = await (
                    from o in db.Set<ObligationOccurrence>()
                    where o.Status == OccurrenceStatus.Open
                    join ob in db.Set<Obligation>() on o.ObligationId equals ob.Id
                    where ob.VendorId == m.VendorId && ob.NeedsVendorEvidence
                    join c in db.Set<Contract>() on ob.ContractId equals c.Id
                    orderby o.DueOn, ob.Title
                    select new Row(o.Id, ob.Title, ob.ClauseReference, c.Title, o.DueOn, ob.NotificationHours))
                .AsNoTracking().ToListAsync(cancellationToken);
            result.Add(new Organisation(m.Slug, m.TenantName, m.VendorName, rows));
        }
        Organisations = result;
    }
}
