using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using VendorRisk.Domain.Common;
using VendorRisk.Domain.Vendors;
using VendorRisk.Infrastructure.Audit;
using VendorRisk.Infrastructure.Persistence;
using VendorRisk.Infrastructure.Tenancy;
using VendorRisk.Web.Authorization;

using RiskTier = VendorRisk.Domain.Questionnaires.RiskTier;

namespace VendorRisk.Web.Pages.Vendors;

/// <summary>
/// One vendor: overview, tier, status, contacts, documents and AI systems. Reading needs an internal membership;
/// every POST handler also needs the ManageVendors policy and works only on this tenant's vendor (404 otherwise).
/// </summary>
public sealed class DetailsModel(AppDbContext db, AuditLog audit, TimeProvider clock, TenantContext tenant, IAuthorizationService authorization) : PageModel
{
    public sealed record ContactRow(Guid Id, string Name, string Email, string? JobTitle);
    public sealed record DocumentRow(Guid Id, VendorDocumentKind Kind, string Title, DateOnly IssuedOn, DateOnly? ExpiresOn);
    public sealed record AiSystemRow(Guid Id, string Name, int Revision, DateTimeOffset UpdatedAt, bool LastChangeMaterial);
    public sealed record VendorView(Guid Id, string LegalName, string? Website, string? Country, string? Description, VendorStatus Status,
        BusinessCriticality Criticality, string? OwnerName, RiskTier? Tier, RiskTier? ComputedTier, string? OverrideJustification,
        DateTimeOffset? TieredAt, int Version);

    public VendorView Vendor { get; private set; } = null!;
    public IReadOnlyList<ContactRow> Contacts { get; private set; } = [];
    public IReadOnlyList<DocumentRow> Documents { get; private set; } = [];
    public IReadOnlyList<AiSystemRow> AiSystems { get; private set; } = [];
    public bool CanManage { get; private set; }
    public DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
    public string Slug => tenant.Slug!;

    [BindProperty] public ContactInput NewContact { get; set; } = new();
    [BindProperty] public DocumentInput NewDocument { get; set; } = new();
    [BindProperty] public TierInput TierOverride { get; set; } = new();

    public sealed class ContactInput
    {
        [Required(ErrorMessage = "Enter the contact's name.")]
        [StringLength(VendorContact.NameMaxLength, ErrorMessage = "Use at most {1} characters.")]
        public string Name { get; set; } = "";
        [Required(ErrorMessage = "Enter the contact's e-mail address.")]
        [EmailAddress(ErrorMessage = "Enter a valid e-mail address.")]
        [StringLength(VendorContact.EmailMaxLength)]
        public string Email { get; set; } = "";
        [StringLength(VendorContact.JobTitleMaxLength, ErrorMessage = "Use at most {1} characters.")]
        public string? JobTitle { get; set; }
    }

    public sealed class DocumentInput
    {
        public VendorDocumentKind Kind { get; set; }
        [Required(ErrorMessage = "Enter a title.")]
        [StringLength(VendorDocument.TitleMaxLength, ErrorMessage = "Use at most {1} characters.")]
        public string Title { get; set; } = "";
        [Required(ErrorMessage = "Enter the issue date.")]
        public DateOnly? IssuedOn { get; set; }
        public DateOnly? ExpiresOn { get; set; }
    }

    public sealed class TierInput
    {
        public RiskTier Tier { get; set; }
        [Required(ErrorMessage = "Explain why you override the tier.")]
        [StringLength(2000, MinimumLength = Domain.Vendors.Vendor.JustificationMinLength, ErrorMessage = "Explain the override in {2} to {1} characters.")]
        public string Justification { get; set; } = "";
        public int Version { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(Guid id) => await LoadAsync(id) ? Page() : NotFound();

    public Task<IActionResult> OnPostStatusAsync(Guid id, string transition, int version) =>
        ChangeVendorAsync(id, version, vendor =>
        {
            var from = vendor.Status;
            switch (transition)
            {
                case "onboard": vendor.StartOnboarding(); break;
                case "activate": vendor.Activate(); break;
                case "offboard": vendor.Offboard(); break;
                default: throw new DomainException("Unknown status change.");
            }
            audit.Record("vendor.status-changed", nameof(Domain.Vendors.Vendor), vendor.Id, new { from, to = vendor.Status });
            return $"{vendor.LegalName} is now {vendor.Status}.";
        });

    public async Task<IActionResult> OnPostOverrideTierAsync(Guid id)
    {
        ClearOtherForms(nameof(TierOverride));
        if (!ModelState.IsValid) return await LoadAsync(id) ? Page() : NotFound();
        return await ChangeVendorAsync(id, TierOverride.Version, vendor =>
        {
            var before = vendor.InherentTier;
            vendor.OverrideTier(TierOverride.Tier, TierOverride.Justification, clock.GetUtcNow());
            audit.Record("vendor.tier-overridden", nameof(Domain.Vendors.Vendor), vendor.Id,
                new { from = before, to = vendor.InherentTier, computed = vendor.ComputedTier, justification = vendor.TierOverrideJustification });
            return $"The tier is now {vendor.InherentTier}.";
        });
    }

    public async Task<IActionResult> OnPostAddContactAsync(Guid id)
    {
        if (await ManageableVendorAsync(id) is not { } vendorId) return NotFoundOrForbid();
        ClearOtherForms(nameof(NewContact));
        if (ModelState.IsValid && await db.VendorContacts.AnyAsync(c => c.VendorId == vendorId && c.Email == NewContact.Email.Trim()))
            ModelState.AddModelError("NewContact.Email", "This person is already a contact of the vendor.");
        if (!ModelState.IsValid) return await LoadAsync(id) ? Page() : NotFound();
        var contact = VendorContact.Create(vendorId, NewContact.Name, NewContact.Email, NewContact.JobTitle, clock.GetUtcNow());
        db.VendorContacts.Add(contact);
        audit.Record("vendor.contact-added", nameof(VendorContact), contact.Id, new { vendorId, contact.Name, contact.Email });
        await db.SaveChangesAsync();
        TempData["Status"] = $"{contact.Name} was added as a contact.";
        return RedirectToSelf(id);
    }

    public async Task<IActionResult> OnPostRemoveContactAsync(Guid id, Guid contactId)
    {
        if (await ManageableVendorAsync(id) is not { } vendorId) return NotFoundOrForbid();
        var contact = await db.VendorContacts.SingleOrDefaultAsync(c => c.Id == contactId && c.VendorId == vendorId);
        if (contact is null) return NotFound();
        db.VendorContacts.Remove(contact);
        audit.Record("vendor.contact-removed", nameof(VendorContact), contact.Id, new { vendorId, contact.Name, contact.Email });
        await db.SaveChangesAsync();
        TempData["Status"] = $"{contact.Name} was removed.";
        return RedirectToSelf(id);
    }

    public async Task<IActionResult> OnPostAddDocumentAsync(Guid id)
    {
        if (await ManageableVendorAsync(id) is not { } vendorId) return NotFoundOrForbid();
        ClearOtherForms(nameof(NewDocument));
        if (NewDocument.IssuedOn is { } issued && NewDocument.ExpiresOn is { } expires && expires <= issued)
            ModelState.AddModelError("NewDocument.ExpiresOn", "The expiry date must be after the issue date.");
        if (NewDocument.IssuedOn is { } issuedOn && issuedOn > Today)
            ModelState.AddModelError("NewDocument.IssuedOn", "The issue date cannot be in the future.");
        if (!ModelState.IsValid) return await LoadAsync(id) ? Page() : NotFound();
        var document = VendorDocument.Create(vendorId, NewDocument.Kind, NewDocument.Title, NewDocument.IssuedOn!.Value, NewDocument.ExpiresOn, clock.GetUtcNow());
        db.VendorDocuments.Add(document);
        audit.Record("vendor.document-added", nameof(VendorDocument), document.Id,
            new { vendorId, document.Kind, document.Title, document.IssuedOn, document.ExpiresOn });
        await db.SaveChangesAsync();
        TempData["Status"] = $"{document.Title} was recorded.";
        return RedirectToSelf(id);
    }

    private async Task<IActionResult> ChangeVendorAsync(Guid id, int version, Func<Domain.Vendors.Vendor, string> change)
    {
        var vendor = await db.Vendors.SingleOrDefaultAsync(v => v.Id == id);
        if (vendor is null) return NotFound();
        if (!await MayManageAsync()) return Forbid();
        // The version the person saw: if someone changed the vendor since, this save is refused.
        db.Entry(vendor).Property(v => v.Version).OriginalValue = version;
        try
        {
            TempData["Status"] = change(vendor);
            await db.SaveChangesAsync();
        }
        catch (DomainException e)
        {
            TempData.Remove("Status");
            ModelState.AddModelError(string.Empty, e.Message);
            db.ChangeTracker.Clear();
            return await LoadAsync(id) ? Page() : NotFound();
        }
        catch (DbUpdateConcurrencyException)
        {
            TempData.Remove("Status");
            ModelState.AddModelError(string.Empty, "Someone else changed this vendor while you were looking at it. The page now shows their changes; please try again.");
            db.ChangeTracker.Clear();
            return await LoadAsync(id) ? Page() : NotFound();
        }
        return RedirectToSelf(id);
    }

    private bool _forbidden;

    /// <summary>The vendor's id when it belongs to this tenant and the user may manage it.</summary>
    private async Task<Guid?> ManageableVendorAsync(Guid id)
    {
        if (!await db.Vendors.AnyAsync(v => v.Id == id)) return null;
        if (await MayManageAsync()) return id;
        _forbidden = true;
        return null;
    }

    private IActionResult NotFoundOrForbid() => _forbidden ? Forbid() : NotFound();

    private async Task<bool> MayManageAsync() => (await authorization.AuthorizeAsync(User, Policies.ManageVendors)).Succeeded;

    /// <summary>Only the submitted form is validated; the other forms on the page were not posted.</summary>
    private void ClearOtherForms(string keep)
    {
        foreach (var key in ModelState.Keys.Where(k => !k.StartsWith(keep + ".", StringComparison.Ordinal)).ToList())
            ModelState.Remove(key);
    }

    private RedirectResult RedirectToSelf(Guid id) => Redirect($"/t/{tenant.Slug}/vendors/details/{id}");

    private async Task<bool> LoadAsync(Guid id)
    {
        var vendor = await db.Vendors.Where(v => v.Id == id)
            .Select(v => new VendorView(v.Id, v.LegalName, v.Website, v.Country, v.Description, v.Status, v.Criticality,
                db.Users.Where(u => u.Id == v.BusinessOwnerUserId).Select(u => u.DisplayName).FirstOrDefault(),
                v.InherentTier, v.ComputedTier, v.TierOverrideJustification, v.TieredAt, v.Version))
            .SingleOrDefaultAsync();
        if (vendor is null) return false;
        Vendor = vendor;
        TierOverride.Version = vendor.Version;
        Contacts = await db.VendorContacts.Where(c => c.VendorId == id).OrderBy(c => c.Name)
            .Select(c => new ContactRow(c.Id, c.Name, c.Email, c.JobTitle)).ToListAsync();
        Documents = await db.VendorDocuments.Where(d => d.VendorId == id).OrderBy(d => d.ExpiresOn)
            .Select(d => new DocumentRow(d.Id, d.Kind, d.Title, d.IssuedOn, d.ExpiresOn)).ToListAsync();
        AiSystems = await db.AiSystems.Where(s => s.VendorId == id).OrderBy(s => s.Name)
            .Select(s => new AiSystemRow(s.Id, s.Name, s.RevisionNumber, s.UpdatedAt,
                s.Revisions.OrderByDescending(r => r.Number).Select(r => r.IsMaterial).FirstOrDefault()))
            .ToListAsync();
        CanManage = await MayManageAsync();
        return true;
    }
}
