using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using VendorRisk.Domain.Contracts;
using VendorRisk.Infrastructure.Audit;
using VendorRisk.Infrastructure.Files;
using VendorRisk.Infrastructure.Persistence;
using VendorRisk.Infrastructure.Tenancy;
using VendorRisk.Web.Forms;

namespace VendorRisk.Web.Pages.Contracts;

/// <summary>
/// One contract: its terms, documents and obligations. Internal members read; vendor managers and admins upload
/// documents (multipart: file) and add obligations from the catalogue.
/// </summary>
[EvidenceUploadSizeLimit]
public sealed class DetailsModel(AppDbContext db, TenantContext tenant, TimeProvider clock, AuditLog audit, IEvidenceStorage storage,
    IConfiguration configuration, IAuthorizationService authorization) : PageModel
{
    public sealed record ContractView(Guid Id, Guid VendorId, string VendorName, string Title, string? Reference, DateOnly StartsOn, DateOnly? EndsOn,
        int? RenewalPeriodMonths, int? NoticePeriodDays, decimal? Value, string? Currency, string? OwnerName)
    {
        public DateOnly? NoticeDeadline => EndsOn is { } end && NoticePeriodDays is { } days ? end.AddDays(-days) : null;

        /// <summary>The next notice deadline from <paramref name="today"/>: of the current term, or of the next once it has passed.</summary>
        public ContractDeadline? NextNoticeDeadline(DateOnly today) => Domain.Contracts.Contract.NextNoticeDeadline(EndsOn, RenewalPeriodMonths, NoticePeriodDays, today);
    }

    public sealed record FileRow(Guid Id, string FileName, long Length, DateTimeOffset UploadedAt, bool ByVendor, Guid? OccurrenceId);

    public sealed record ObligationRow(Guid Id, string Title, string TypeName, string? Clause, string? OwnerName, Recurrence Recurrence,
        bool NeedsVendorEvidence, int? NotificationHours, Guid? OpenOccurrenceId, DateOnly? NextDue);

    public ContractView Contract { get; private set; } = null!;
    public IReadOnlyList<FileRow> Files { get; private set; } = [];
    public IReadOnlyList<ObligationRow> Obligations { get; private set; } = [];
    public IReadOnlyList<ObligationTemplate> Catalogue { get; private set; } = [];
    public bool CanManage { get; private set; }
    public string? UploadError { get; private set; }
    public string Slug => tenant.Slug!;
    public DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
    public string Accept => EvidenceInspector.AcceptAttribute;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken) =>
        await LoadAsync(id, cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostUploadAsync(Guid id, IFormFile? file, CancellationToken cancellationToken)
    {
        if (!await db.Set<Contract>().AnyAsync(c => c.Id == id, cancellationToken)) return NotFound();
        if (!await ContractAccess.MayManageAsync(authorization, User)) return Forbid();
        var userId = ContractAccess.UserIdOf(User)!.Value;
        var upload = await ContractFileUpload.StoreAsync(file, storage, configuration, id, null, userId, false, clock.GetUtcNow(), cancellationToken);
        if (upload.File is not { } stored)
        {
            UploadError = upload.Error;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return await LoadAsync(id, cancellationToken) ? Page() : NotFound();
        }
        db.Set<ContractFile>().Add(stored);
        audit.Record(ContractAccess.ActionDocumentUploaded, nameof(ContractFile), stored.Id,
            new { contractId = id, stored.FileName, stored.Length, stored.Sha256 });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            await ContractFileUpload.DiscardAsync(storage, stored);
            throw;
        }
        TempData["Status"] = $"Uploaded {stored.FileName}.";
        return Redirect($"/t/{tenant.Slug}/contracts/details/{id}#documents-heading");
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        var contract = await db.Set<Contract>().Where(c => c.Id == id)
            .Join(db.Vendors, c => c.VendorId, v => v.Id, (c, v) => new { c, v.LegalName })
            .Select(x => new ContractView(x.c.Id, x.c.VendorId, x.LegalName, x.c.Title, x.c.Reference, x.c.StartsOn, x.c.EndsOn,
                x.c.RenewalPeriodMonths, x.c.NoticePeriodDays, x.c.Value, x.c.Currency,
                db.Users.Where(u => u.Id == x.c.OwnerUserId).Select(u => u.DisplayName).FirstOrDefault()))
            .SingleOrDefaultAsync(cancellationToken);
        if (contract is null) return false;
        Contract = contract;
        Files = await db.Set<ContractFile>().Where(f => f.ContractId == id).OrderByDescending(f => f.UploadedAt)
            .Select(f => new FileRow(f.Id, f.FileName, f.Length, f.UploadedAt, f.UploadedByVendor, f.OccurrenceId)).ToListAsync(cancellationToken);
        Catalogue = await ContractAccess.CatalogueAsync(db, includeRetired: true, cancellationToken);
        var names = Catalogue.ToDictionary(t => t.Key, t => t.Name);
        var rows = await db.Set<Obligation>().Where(o => o.ContractId == id).OrderBy(o => o.Title)
            .Select(o => new
            {
                o.Id, o.Title, o.TypeKey, o.ClauseReference, o.Recurrence, o.NeedsVendorEvidence, o.NotificationHours,
                Owner = db.Users.Where(u => u.Id == o.OwnerUserId).Select(u => u.DisplayName).FirstOrDefault(),
                Open = db.Set<ObligationOccurrence>().Where(x => x.ObligationId == o.Id && x.Status == OccurrenceStatus.Open)
                    .OrderBy(x => x.DueOn).Select(x => new { x.Id, x.DueOn }).FirstOrDefault(),
            })
            .ToListAsync(cancellationToken);
        Obligations = rows.Select(o => new ObligationRow(o.Id, o.Title, names.GetValueOrDefault(o.TypeKey, o.TypeKey), o.ClauseReference, o.Owner,
            o.Recurrence, o.NeedsVendorEvidence, o.NotificationHours, o.Open?.Id, o.Open?.DueOn)).ToList();
        Catalogue = await ContractAccess.CatalogueAsync(db, includeRetired: false, cancellationToken);
        CanManage = await ContractAccess.MayManageAsync(authorization, User);
        return true;
    }
}
