using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using VendorRisk.Application.Common;
using VendorRisk.Domain.Common;
using VendorRisk.Domain.Contracts;
using VendorRisk.Domain.Tenancy;
using VendorRisk.Infrastructure.Audit;
using VendorRisk.Infrastructure.Files;
using VendorRisk.Infrastructure.Persistence;

namespace VendorRisk.Application.Contracts;

/// <summary>A contract's terms as a person gives them. The vendor is read only when the contract is created: it never changes.</summary>
public sealed record ContractDetails(Guid? VendorId, string? Title, string? Reference, DateOnly? StartsOn, DateOnly? EndsOn, int? RenewalPeriodMonths,
    int? NoticePeriodDays, decimal? Value, string? Currency, Guid? OwnerUserId);

/// <summary>A stored file to send back: its bytes and the safe name to download it under.</summary>
public sealed record FileDownload(Stream Content, string DownloadName);

/// <summary>Recording contracts, uploading their documents and downloading contract files (documents and obligation evidence).</summary>
public sealed partial class ContractOperations(AppDbContext db, AuditLog audit, TimeProvider clock, Access access, IEvidenceStorage storage,
    IConfiguration configuration)
{
    /// <summary>Vendor managers and tenant admins manage contracts, obligations and the obligation catalogue.</summary>
    public static readonly RolePermission Manage = new("contracts.manage", TenantRoles.TenantAdmin | TenantRoles.VendorManager);

    public const string ActionContractCreated = "contract.created";
    public const string ActionContractUpdated = "contract.updated";
    public const string ActionDocumentUploaded = "contract.document-uploaded";
    public const string ActionFileDownloaded = "contract.file-downloaded";

    /// <summary>Records a contract with a vendor of this tenant; its id on success.</summary>
    public async Task<Outcome<Guid>> CreateAsync(ContractDetails details, CancellationToken cancellationToken)
    {
        if (await access.DemandAsync(Manage) is { } forbidden) return forbidden;
        var errors = await ValidateAsync(details, checkVendor: true, cancellationToken);
        if (errors.Count > 0) return Fail.Invalid(errors);
        Contract contract;
        try
        {
            contract = Contract.Create(details.VendorId!.Value, Terms(details), details.OwnerUserId!.Value, clock.GetUtcNow());
        }
        catch (DomainException e)
        {
            return Fail.Invalid("", e.Message);
        }
        db.Set<Contract>().Add(contract);
        audit.Record(ActionContractCreated, nameof(Contract), contract.Id, Snapshot(contract));
        await db.SaveChangesAsync(cancellationToken);
        return contract.Id;
    }

    /// <summary>
    /// Replaces a contract's terms and owner. <paramref name="expectedVersion"/> is the version the person read: a save in between
    /// answers Conflict instead of being overwritten.
    /// </summary>
    public async Task<Outcome> UpdateAsync(Guid id, ContractDetails details, int expectedVersion, CancellationToken cancellationToken)
    {
        if (await access.DemandAsync(Manage) is { } forbidden) return forbidden;
        var contract = await db.Set<Contract>().SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (contract is null) return Fail.NotFound("There is no such contract.");
        // The vendor of a contract never changes.
        var errors = await ValidateAsync(details with { VendorId = contract.VendorId }, checkVendor: false, cancellationToken);
        if (errors.Count > 0) return Fail.Invalid(errors);
        var before = Snapshot(contract);
        try
        {
            contract.Update(Terms(details), details.OwnerUserId!.Value);
        }
        catch (DomainException e)
        {
            db.ChangeTracker.Clear();
            return Fail.Invalid("", e.Message);
        }
        db.Entry(contract).Property(c => c.Version).OriginalValue = expectedVersion;
        audit.Record(ActionContractUpdated, nameof(Contract), contract.Id, new { before, after = Snapshot(contract) });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return Fail.Conflict("Someone else saved this contract while you were editing. Your changes are still in the form: check them and save again.");
        }
        return Outcome.Ok();
    }

    /// <summary>
    /// Stores a contract document (checked like questionnaire evidence) and its row, audited, in one save; the name of the stored file
    /// on success. A refused file is Invalid on the field <see cref="ContractFileUpload.FieldName"/>, and nothing is stored.
    /// </summary>
    public async Task<Outcome<string>> UploadDocumentAsync(Guid contractId, IFormFile? file, CancellationToken cancellationToken)
    {
        if (!await db.Set<Contract>().AnyAsync(c => c.Id == contractId, cancellationToken)) return Fail.NotFound("There is no such contract.");
        if (await access.DemandAsync(Manage) is { } forbidden) return forbidden;
        var upload = await ContractFileUpload.StoreAsync(file, storage, configuration, contractId, null, access.Tenant.UserId!.Value, false,
            clock.GetUtcNow(), cancellationToken);
        if (upload.File is not { } stored) return Fail.Invalid(ContractFileUpload.FieldName, upload.Error!);
        db.Set<ContractFile>().Add(stored);
        audit.Record(ActionDocumentUploaded, nameof(ContractFile), stored.Id, new { contractId, stored.FileName, stored.Length, stored.Sha256 });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            await ContractFileUpload.DiscardAsync(storage, stored);
            throw;
        }
        return stored.FileName;
    }

    /// <summary>Opens a contract document or obligation evidence for download, audited. Another tenant's file is not found.</summary>
    public async Task<Outcome<FileDownload>> DownloadFileAsync(Guid fileId, CancellationToken cancellationToken)
    {
        if (await access.DemandAsync(ContractQueries.Read) is { } forbidden) return forbidden;
        var file = await db.Set<ContractFile>().AsNoTracking().Where(f => f.Id == fileId)
            .Select(f => new { f.ContractId, f.FileName, f.StorageKey }).SingleOrDefaultAsync(cancellationToken);
        if (file is null) return Fail.NotFound("There is no such file.");
        var stream = await storage.OpenReadAsync(file.StorageKey, cancellationToken);
        if (stream is null) return Fail.NotFound("The file's content is missing.");
        audit.Record(ActionFileDownloaded, nameof(ContractFile), fileId, new { file.ContractId, file.FileName });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch
        {
            await stream.DisposeAsync();
            throw;
        }
        return new FileDownload(stream, EvidenceInspector.DownloadName(file.FileName));
    }

    private static ContractTerms Terms(ContractDetails d) =>
        new(d.Title!, d.Reference, d.StartsOn!.Value, d.EndsOn, d.RenewalPeriodMonths, d.NoticePeriodDays, d.Value, d.Currency);

    private static object Snapshot(Contract c) => new
    {
        c.VendorId, c.Title, c.Reference, c.StartsOn, c.EndsOn, c.RenewalPeriodMonths, c.NoticePeriodDays, c.Value, c.Currency, c.OwnerUserId,
    };

    [GeneratedRegex("^[A-Za-z]{3}$")]
    private static partial Regex CurrencyCode();

    private async Task<List<FieldError>> ValidateAsync(ContractDetails d, bool checkVendor, CancellationToken cancellationToken)
    {
        var errors = new List<FieldError>();
        if (d.VendorId is null) errors.Add(new(nameof(d.VendorId), "Choose the vendor."));
        if (string.IsNullOrWhiteSpace(d.Title)) errors.Add(new(nameof(d.Title), "Enter the contract's title."));
        else if (d.Title.Length > Contract.TitleMaxLength) errors.Add(new(nameof(d.Title), $"Use at most {Contract.TitleMaxLength} characters."));
        if (d.Reference is { Length: > Contract.ReferenceMaxLength }) errors.Add(new(nameof(d.Reference), $"Use at most {Contract.ReferenceMaxLength} characters."));
        if (d.StartsOn is null) errors.Add(new(nameof(d.StartsOn), "Enter the start date."));
        if (d.RenewalPeriodMonths is < 1 or > Contract.MaxPeriod)
            errors.Add(new(nameof(d.RenewalPeriodMonths), $"The renewal period must be between 1 and {Contract.MaxPeriod} months."));
        if (d.NoticePeriodDays is < 0 or > Contract.MaxPeriod)
            errors.Add(new(nameof(d.NoticePeriodDays), $"The notice period must be between 0 and {Contract.MaxPeriod} days."));
        if (!string.IsNullOrEmpty(d.Currency) && !CurrencyCode().IsMatch(d.Currency))
            errors.Add(new(nameof(d.Currency), "Use the three-letter currency code, such as EUR or USD."));
        if (d.OwnerUserId is null) errors.Add(new(nameof(d.OwnerUserId), "Choose the contract's owner."));

        if (checkVendor && d.VendorId is { } vendorId && !await db.Vendors.AnyAsync(v => v.Id == vendorId, cancellationToken))
            errors.Add(new(nameof(d.VendorId), "Choose a vendor of this organisation."));
        if (d.OwnerUserId is { } owner && !await db.Memberships.AnyAsync(m => m.UserId == owner && !m.IsDisabled && m.VendorId == null, cancellationToken))
            errors.Add(new(nameof(d.OwnerUserId), "Choose an owner from this organisation."));
        if (d.StartsOn is { } start && d.EndsOn is { } end && end <= start)
            errors.Add(new(nameof(d.EndsOn), "The end date must be after the start date."));
        if (d.Value is < 0) errors.Add(new(nameof(d.Value), "The value cannot be negative."));
        else if (d.Value is > Contract.MaxValue) errors.Add(new(nameof(d.Value), "The value is too large."));
        if (d.Value is not null && string.IsNullOrWhiteSpace(d.Currency)) errors.Add(new(nameof(d.Currency), "Give the currency of the value."));
        if (d.Value is null && !string.IsNullOrWhiteSpace(d.Currency))
            errors.Add(new(nameof(d.Value), "Give the value in this currency, or leave the currency empty."));
        return errors;
    }
}
