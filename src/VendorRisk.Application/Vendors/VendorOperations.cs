using Microsoft.EntityFrameworkCore;
using VendorRisk.Application.Common;
using VendorRisk.Domain.Common;
using VendorRisk.Domain.Tenancy;
using VendorRisk.Domain.Vendors;
using VendorRisk.Infrastructure.Audit;
using VendorRisk.Infrastructure.Persistence;

namespace VendorRisk.Application.Vendors;

/// <summary>A vendor's own details, as a person or client gives them. Null criticality: Medium on onboarding, required on update.</summary>
public sealed record VendorDetails(string? LegalName, string? Website, string? Country, string? Description, Guid? BusinessOwnerUserId,
    BusinessCriticality? Criticality);

/// <summary>
/// Onboarding a vendor and editing its details: the vendor pages, the REST API and the demo seeding call these, so the rules
/// (required and unique legal name, address shapes, an internal business owner) and the audit event exist once.
/// </summary>
public sealed class VendorOperations(AppDbContext db, AuditLog audit, TimeProvider clock, Access access)
{
    public static readonly RolePermission Manage = new("vendors.manage", TenantRoles.TenantAdmin | TenantRoles.VendorManager);

    /// <summary>Adds a vendor as a prospect; its id on success.</summary>
    public async Task<Outcome<Guid>> OnboardAsync(VendorDetails details, CancellationToken cancellationToken)
    {
        if (await access.DemandAsync(Manage) is { } forbidden) return forbidden;
        var errors = await ValidateAsync(details, null, requireCriticality: false, cancellationToken);
        if (errors.Count > 0) return Fail.Invalid(errors);

        Vendor vendor;
        try
        {
            vendor = Vendor.Create(details.LegalName!, details.Website, CountryCode(details.Country), details.Description, clock.GetUtcNow());
            vendor.AssignOwnership(details.BusinessOwnerUserId, details.Criticality ?? BusinessCriticality.Medium);
        }
        catch (DomainException e)
        {
            return Fail.Invalid("", e.Message);
        }
        db.Vendors.Add(vendor);
        audit.Record(AuditActions.VendorCreated, nameof(Vendor), vendor.Id, new { vendor.LegalName, vendor.Country, vendor.Criticality });
        await db.SaveChangesAsync(cancellationToken);
        return vendor.Id;
    }

    /// <summary>
    /// Replaces the vendor's details. <paramref name="expectedVersion"/> is the version the person or client read: a save in
    /// between answers Conflict instead of being overwritten.
    /// </summary>
    public async Task<Outcome> UpdateAsync(Guid id, VendorDetails details, int expectedVersion, CancellationToken cancellationToken)
    {
        if (await access.DemandAsync(Manage) is { } forbidden) return forbidden;
        var vendor = await db.Vendors.SingleOrDefaultAsync(v => v.Id == id, cancellationToken);
        if (vendor is null) return Fail.NotFound("There is no such vendor.");
        var errors = await ValidateAsync(details, id, requireCriticality: true, cancellationToken);
        if (errors.Count > 0) return Fail.Invalid(errors);
        if (vendor.Version != expectedVersion) return StaleVersion(vendor.LegalName);

        var before = new { vendor.LegalName, vendor.Website, vendor.Country, vendor.Description, vendor.BusinessOwnerUserId, vendor.Criticality };
        try
        {
            vendor.UpdateDetails(details.LegalName!, details.Website, CountryCode(details.Country), details.Description);
            vendor.AssignOwnership(details.BusinessOwnerUserId, details.Criticality!.Value);
        }
        catch (DomainException e)
        {
            return Fail.Invalid("", e.Message);
        }
        // The version the person read: a write in between fails the save instead of being overwritten.
        db.Entry(vendor).Property(v => v.Version).OriginalValue = expectedVersion;
        audit.Record(AuditActions.VendorUpdated, nameof(Vendor), vendor.Id, new
        {
            before,
            after = new { vendor.LegalName, vendor.Website, vendor.Country, vendor.Description, vendor.BusinessOwnerUserId, vendor.Criticality },
        });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            var current = await db.Vendors.AsNoTracking().Where(v => v.Id == id).Select(v => v.LegalName).SingleAsync(cancellationToken);
            return StaleVersion(current);
        }
        return Outcome.Ok();
    }

    private static Failure StaleVersion(string currentLegalName) => Fail.Conflict(
        $"Someone else saved this vendor meanwhile (legal name now \"{currentLegalName}\"). Check your changes against the current details and save again.");

    private async Task<List<FieldError>> ValidateAsync(VendorDetails details, Guid? id, bool requireCriticality, CancellationToken cancellationToken)
    {
        var errors = new List<FieldError>();
        var name = details.LegalName?.Trim();
        if (string.IsNullOrEmpty(name)) errors.Add(new(nameof(details.LegalName), "Enter the vendor's legal name."));
        else if (name.Length > Vendor.LegalNameMaxLength) errors.Add(new(nameof(details.LegalName), $"Use at most {Vendor.LegalNameMaxLength} characters."));
        if (!string.IsNullOrWhiteSpace(details.Website) && (details.Website.Trim().Length > Vendor.WebsiteMaxLength
            || !Uri.TryCreate(details.Website.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)))
            errors.Add(new(nameof(details.Website), $"Enter a full address starting with https://, at most {Vendor.WebsiteMaxLength} characters."));
        if (!string.IsNullOrWhiteSpace(details.Country) && (details.Country.Trim().Length != 2 || !details.Country.Trim().All(char.IsAsciiLetter)))
            errors.Add(new(nameof(details.Country), "Use the two-letter country code, such as DE or US."));
        if (details.Description is { Length: > Vendor.DescriptionMaxLength })
            errors.Add(new(nameof(details.Description), $"Use at most {Vendor.DescriptionMaxLength} characters."));
        if (details.Criticality is { } c && !Enum.IsDefined(c)) errors.Add(new(nameof(details.Criticality), "Use Low, Medium, High or Critical."));
        if (requireCriticality && details.Criticality is null) errors.Add(new(nameof(details.Criticality), "Give the criticality: Low, Medium, High or Critical."));
        if (details.BusinessOwnerUserId is { } owner
            && !await db.Memberships.AnyAsync(m => m.UserId == owner && !m.IsDisabled && m.VendorId == null, cancellationToken))
            errors.Add(new(nameof(details.BusinessOwnerUserId), "Choose an owner who is an internal member of this organisation."));
        if (name is { Length: > 0 and <= Vendor.LegalNameMaxLength } && await db.Vendors.AnyAsync(v => v.LegalName == name && v.Id != id, cancellationToken))
            errors.Add(new(nameof(details.LegalName), id is null ? "A vendor with this legal name already exists." : "Another vendor has this legal name."));
        return errors;
    }

    private static string? CountryCode(string? country) => string.IsNullOrWhiteSpace(country) ? null : country.Trim().ToUpperInvariant();
}
