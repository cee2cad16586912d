using Microsoft.EntityFrameworkCore;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Nodes;
using VendorRisk.Application.Common;
using VendorRisk.Application.Reassessments;
using VendorRisk.Domain.Questionnaires;
using VendorRisk.Domain.Questionnaires.Evaluation;
using VendorRisk.Domain.Questionnaires.Tiering;
using VendorRisk.Infrastructure.Questionnaires;
using VendorRisk.Domain.Assessments;
using VendorRisk.Domain.Common;
using VendorRisk.Domain.Tenancy;
using VendorRisk.Domain.Vendors;
using VendorRisk.Infrastructure.Audit;
using VendorRisk.Infrastructure.Files;
using VendorRisk.Infrastructure.Tenancy;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using VendorRisk.Application.Evidence;
using VendorRisk.Domain.Evidence;
using VendorRisk.Infrastructure.Persistence;

using RiskTier = VendorRisk.Domain.Questionnaires.RiskTier;

namespace VendorRisk.Application.Vendors;

/// <summary>A vendor's own details, as a person or client gives them. Null criticality: Medium on onboarding, required on update.</summary>
public sealed record VendorDetails(string? LegalName, string? Website, string? Country, string? Description, Guid? BusinessOwnerUserId,
    BusinessCriticality? Criticality);

/// <summary>A move through the vendor's life: prospect, onboarding, active, offboarded.</summary>
public enum VendorStatusChange { Onboard, Activate, Offboard }

/// <summary>A person at the vendor we talk to.</summary>
public sealed record ContactDetails(string? Name, string? Email, string? JobTitle);

/// <summary>
/// What the organisation says about a document of the vendor it uploads on the vendor record (ADR-025): its kind (key of
/// <see cref="EvidenceKind"/>), its date, its expiry or period end, issuer and scope.
/// </summary>
public sealed record DocumentDetails(string? Kind, DateOnly? DocumentDate, DateOnly? ValidUntil, string? Issuer, string? Scope);

/// <summary>A document stored on the vendor record: the evidence record and its file name.</summary>
public sealed record DocumentStored(Guid RecordId, string FileName);

/// <summary>The vendor after a change: its name, status and tier, for the message the person reads.</summary>
public sealed record VendorChanged(Guid Id, string LegalName, VendorStatus Status, RiskTier? Tier);

/// <summary>An AI system saved: its name and revision.</summary>
public sealed record AiSystemSaved(Guid Id, string Name, int RevisionNumber);

/// <summary>
/// A submitted intake: <see cref="Tier"/> when it was complete and valid (then it was recorded), otherwise the messages per question
/// (<see cref="Errors"/>) with the evaluation and raw values to show the form again.
/// </summary>
public sealed record IntakeSubmission(QuestionnaireDefinition Definition, QuestionnaireEvaluation Evaluation,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Values, IReadOnlyDictionary<string, string> Errors, TierAssessment? Tier);

/// <summary>
/// Onboarding a vendor and editing its details: the vendor pages, the REST API and the demo seeding call these, so the rules
/// (required and unique legal name, address shapes, an internal business owner) and the audit event exist once.
/// </summary>
public sealed class VendorOperations(AppDbContext db, AuditLog audit, TimeProvider clock, Access access, ReviewProposals proposals,
    ShippedTemplates shipped, IEvidenceStorage storage, IConfiguration configuration, TenantContext tenant)
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

    public const string StatusChangedAction = "vendor.status-changed";
    public const string TierOverriddenAction = "vendor.tier-overridden";
    public const string ContactAddedAction = "vendor.contact-added";
    public const string ContactRemovedAction = "vendor.contact-removed";
    public const string DocumentAddedAction = "vendor.document-added";
    public const string AiSystemCreatedAction = "ai-system.created";
    public const string AiSystemChangedAction = "ai-system.changed";
    /// <summary>The shipped questionnaire of the inherent-risk intake.</summary>
    public const string IntakeTemplateKey = "ai-inherent-risk-intake";

    /// <summary>Moves the vendor on in its life (null: a move not understood); <paramref name="expectedVersion"/> is the version the person saw.</summary>
    public Task<Outcome<VendorChanged>> ChangeStatusAsync(Guid id, VendorStatusChange? change, int expectedVersion, CancellationToken cancellationToken) =>
        ChangeVendorAsync(id, expectedVersion, vendor =>
        {
            var from = vendor.Status;
            switch (change)
            {
                case VendorStatusChange.Onboard: vendor.StartOnboarding(); break;
                case VendorStatusChange.Activate: vendor.Activate(); break;
                case VendorStatusChange.Offboard: vendor.Offboard(); break;
                default: throw new DomainException("Unknown status change.");
            }
            audit.Record(StatusChangedAction, nameof(Vendor), vendor.Id, new { from, to = vendor.Status });
        }, cancellationToken);

    /// <summary>Sets the inherent tier by hand, with the reason; replaced by the next intake.</summary>
    public async Task<Outcome<VendorChanged>> OverrideTierAsync(Guid id, RiskTier tier, string? justification, int expectedVersion,
        CancellationToken cancellationToken)
    {
        if (await access.DemandAsync(Manage) is { } forbidden) return forbidden;
        if (!await db.Vendors.AnyAsync(v => v.Id == id, cancellationToken)) return Fail.NotFound("There is no such vendor.");
        if (string.IsNullOrWhiteSpace(justification)) return Fail.Invalid("Justification", "Explain why you override the tier.");
        if (justification.Length is < Vendor.JustificationMinLength or > 2000)
            return Fail.Invalid("Justification", $"Explain the override in {Vendor.JustificationMinLength} to 2000 characters.");
        return await ChangeVendorAsync(id, expectedVersion, vendor =>
        {
            var before = vendor.InherentTier;
            vendor.OverrideTier(tier, justification, clock.GetUtcNow());
            audit.Record(TierOverriddenAction, nameof(Vendor), vendor.Id,
                new { from = before, to = vendor.InherentTier, computed = vendor.ComputedTier, justification = vendor.TierOverrideJustification });
        }, cancellationToken);
    }

    private async Task<Outcome<VendorChanged>> ChangeVendorAsync(Guid id, int expectedVersion, Action<Vendor> change, CancellationToken cancellationToken)
    {
        var vendor = await db.Vendors.SingleOrDefaultAsync(v => v.Id == id, cancellationToken);
        if (vendor is null) return Fail.NotFound("There is no such vendor.");
        if (await access.DemandAsync(Manage) is { } forbidden) return forbidden;
        // The version the person saw: if someone changed the vendor since, this save is refused.
        db.Entry(vendor).Property(v => v.Version).OriginalValue = expectedVersion;
        if (await db.ChangeAndSaveAsync(() => { change(vendor); return Task.CompletedTask; },
                "Someone else changed this vendor while you were looking at it. The page now shows their changes; please try again.",
                cancellationToken) is { } refused)
            return refused;
        return new VendorChanged(vendor.Id, vendor.LegalName, vendor.Status, vendor.InherentTier);
    }

    /// <summary>Adds a person at the vendor as a contact; the contact's name on success.</summary>
    public async Task<Outcome<string>> AddContactAsync(Guid vendorId, ContactDetails details, CancellationToken cancellationToken)
    {
        if (await ManageableVendorAsync(vendorId, cancellationToken) is { } failure) return failure;
        var errors = new List<FieldError>();
        if (string.IsNullOrWhiteSpace(details.Name)) errors.Add(new(nameof(details.Name), "Enter the contact's name."));
        else if (details.Name.Length > VendorContact.NameMaxLength) errors.Add(new(nameof(details.Name), $"Use at most {VendorContact.NameMaxLength} characters."));
        if (string.IsNullOrWhiteSpace(details.Email)) errors.Add(new(nameof(details.Email), "Enter the contact's e-mail address."));
        else if (!new EmailAddressAttribute().IsValid(details.Email)) errors.Add(new(nameof(details.Email), "Enter a valid e-mail address."));
        else if (details.Email.Length > VendorContact.EmailMaxLength) errors.Add(new(nameof(details.Email), $"Use at most {VendorContact.EmailMaxLength} characters."));
        if (details.JobTitle is { Length: > VendorContact.JobTitleMaxLength })
            errors.Add(new(nameof(details.JobTitle), $"Use at most {VendorContact.JobTitleMaxLength} characters."));
        if (errors.Count == 0 && await db.VendorContacts.AnyAsync(c => c.VendorId == vendorId && c.Email == details.Email!.Trim(), cancellationToken))
            errors.Add(new(nameof(details.Email), "This person is already a contact of the vendor."));
        if (errors.Count > 0) return Fail.Invalid(errors);
        var contact = VendorContact.Create(vendorId, details.Name!, details.Email!, details.JobTitle, clock.GetUtcNow());
        db.VendorContacts.Add(contact);
        audit.Record(ContactAddedAction, nameof(VendorContact), contact.Id, new { vendorId, contact.Name, contact.Email });
        await db.SaveChangesAsync(cancellationToken);
        return contact.Name;
    }

    /// <summary>Removes a contact of the vendor; the contact's name on success.</summary>
    public async Task<Outcome<string>> RemoveContactAsync(Guid vendorId, Guid contactId, CancellationToken cancellationToken)
    {
        if (await ManageableVendorAsync(vendorId, cancellationToken) is { } failure) return failure;
        var contact = await db.VendorContacts.SingleOrDefaultAsync(c => c.Id == contactId && c.VendorId == vendorId, cancellationToken);
        if (contact is null) return Fail.NotFound("There is no such contact.");
        db.VendorContacts.Remove(contact);
        audit.Record(ContactRemovedAction, nameof(VendorContact), contact.Id, new { vendorId, contact.Name, contact.Email });
        await db.SaveChangesAsync(cancellationToken);
        return contact.Name;
    }

    /// <summary>
    /// Stores a document of the vendor that the organisation received (a certificate, a report, an agreement) on the vendor record, as an
    /// evidence record of the vendor uploaded by the organisation (ADR-025): the file checked like every evidence upload, with its kind, date,
    /// expiry or period end, issuer and scope. Reviewers accept or reject it like the vendor's own uploads. Messages beside each field
    /// (<c>Kind</c>, <c>DocumentDate</c>, <c>ValidUntil</c>, <c>Issuer</c>, <c>Scope</c>, <c>File</c>); nothing is stored unless all are valid.
    /// </summary>
    public async Task<Outcome<DocumentStored>> UploadDocumentAsync(Guid vendorId, IFormFile? file, DocumentDetails details, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(details);
        if (await ManageableVendorAsync(vendorId, cancellationToken) is { } failure) return failure;
        var now = clock.GetUtcNow();
        var errors = new List<FieldError>();
        var kind = EvidenceKinds.FromKey(details.Kind);
        if (kind is null) errors.Add(new(nameof(details.Kind), "Choose what kind of document this is."));
        errors.AddRange(EvidenceRecord.Check(details.DocumentDate, details.ValidUntil, details.Issuer, details.Scope, DateOnly.FromDateTime(now.UtcDateTime))
            .Select(e => new FieldError(e.Field, e.Message)));
        if (await EvidenceUpload.RefusalAsync(file, configuration, cancellationToken) is { } refusal) errors.Add(new("File", refusal));
        if (errors.Count > 0) return Fail.Invalid(errors);

        var (stored, error) = await EvidenceUpload.StoreAsync(file, storage, configuration, cancellationToken);
        if (error is not null) return Fail.Invalid("File", error);
        var saved = false;
        try
        {
            var record = EvidenceRecord.Create(vendorId, kind!.Value, stored!.FileName, stored.ContentType, stored.Length, stored.Sha256, stored.StorageKey,
                details.DocumentDate!.Value, details.ValidUntil, details.Issuer, details.Scope, tenant.UserId!.Value, byVendor: false, now);
            db.EvidenceRecords.Add(record);
            audit.Record(DocumentAddedAction, nameof(EvidenceRecord), record.Id,
                new { vendorId, fileName = record.FileName, length = record.Length, sha256 = record.Sha256, kind = record.Kind.Key(),
                    documentDate = record.DocumentDate, validUntil = record.ValidUntil, record.Issuer });
            await db.SaveChangesAsync(cancellationToken);
            saved = true;
            return new DocumentStored(record.Id, record.FileName);
        }
        finally
        {
            // Nothing half-written: a file whose record was not saved is removed from storage.
            if (!saved) await EvidenceUpload.DiscardAsync(storage, stored);
        }
    }

    /// <summary>Not found when the vendor is not this tenant's; forbidden when the actor may not manage vendors; otherwise null.</summary>
    private async Task<Failure?> ManageableVendorAsync(Guid vendorId, CancellationToken cancellationToken)
    {
        if (!await db.Vendors.AnyAsync(v => v.Id == vendorId, cancellationToken)) return Fail.NotFound("There is no such vendor.");
        return await access.DemandAsync(Manage);
    }

    /// <summary>
    /// Adds an AI system to a vendor (<paramref name="id"/> null) or records a new revision of one. A material change proposes a review
    /// of the vendor, in the same save. <paramref name="expectedVersion"/> is the version the person edited.
    /// </summary>
    public async Task<Outcome<AiSystemSaved>> SaveAiSystemAsync(Guid vendorId, Guid? id, AiSystemForm form, int expectedVersion,
        CancellationToken cancellationToken)
    {
        if (await access.DemandAsync(Manage) is { } forbidden) return forbidden;
        if (!await db.Vendors.AnyAsync(v => v.Id == vendorId, cancellationToken)) return Fail.NotFound("There is no such vendor.");
        AiSystem? system = null;
        if (id is { } systemId)
        {
            system = await db.AiSystems.Include(s => s.Dependencies).SingleOrDefaultAsync(s => s.Id == systemId && s.VendorId == vendorId, cancellationToken);
            if (system is null) return Fail.NotFound("There is no such AI system.");
        }
        var errors = new List<FieldError>();
        if (string.IsNullOrWhiteSpace(form.Name)) errors.Add(new(nameof(form.Name), "Name the AI system."));
        else if (form.Name.Length > AiSystemProfile.NameMaxLength) errors.Add(new(nameof(form.Name), $"Use at most {AiSystemProfile.NameMaxLength} characters."));
        if (string.IsNullOrWhiteSpace(form.Purpose)) errors.Add(new(nameof(form.Purpose), "Describe what the system is for."));
        else if (form.Purpose.Length > AiSystemProfile.TextMaxLength) errors.Add(new(nameof(form.Purpose), $"Use at most {AiSystemProfile.TextMaxLength} characters."));
        if (form.UseCase is { Length: > AiSystemProfile.TextMaxLength }) errors.Add(new(nameof(form.UseCase), $"Use at most {AiSystemProfile.TextMaxLength} characters."));
        if (form.ModelType is { Length: > AiSystemForm.ModelTypeMaxLength })
            errors.Add(new(nameof(form.ModelType), $"Use at most {AiSystemForm.ModelTypeMaxLength} characters."));
        if (form.PeopleAffected is { Length: > AiSystemProfile.TextMaxLength })
            errors.Add(new(nameof(form.PeopleAffected), $"Use at most {AiSystemProfile.TextMaxLength} characters."));
        var (profile, modelLineError) = form.ToProfile();
        if (modelLineError is not null) errors.Add(new(nameof(form.FoundationModels), modelLineError));
        if (errors.Count > 0) return Fail.Invalid(errors);

        var userId = access.Tenant.UserId;
        try
        {
            if (system is null)
            {
                system = AiSystem.Create(vendorId, form.Name!, profile!, userId, clock.GetUtcNow());
                db.AiSystems.Add(system);
                audit.Record(AiSystemCreatedAction, nameof(AiSystem), system.Id, new { vendorId, system.Name, profile = system.ProfileJson });
            }
            else
            {
                db.Entry(system).Property(s => s.Version).OriginalValue = expectedVersion;
                var changes = system.Update(form.Name!, profile!, userId, clock.GetUtcNow());
                audit.Record(AiSystemChangedAction, nameof(AiSystem), system.Id,
                    new { vendorId, revision = system.RevisionNumber, material = changes.Any(c => c.IsMaterial), changes });
                await MaterialChange.ProposeReviewAsync(proposals, system, changes, cancellationToken);
            }
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DomainException e)
        {
            return Fail.Invalid("", e.Message);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Fail.Conflict("Someone else changed this AI system while you were editing. Open its history to see their revision, then apply your changes again.");
        }
        return new AiSystemSaved(system.Id, system.Name, system.RevisionNumber);
    }

    /// <summary>The shipped inherent-risk intake questionnaire; null when it is not shipped.</summary>
    public QuestionnaireDefinition? IntakeDefinition() => shipped.Find(IntakeTemplateKey)?.Definition;

    /// <summary>
    /// Scores a vendor's inherent-risk intake (<paramref name="values"/>: the raw answers by question id). A complete, valid submission
    /// is scored by <see cref="TierCalculator"/>; the answers and result are kept as a <see cref="VendorIntake"/>, the vendor gets the
    /// computed tier (replacing any override) and the change is audited, all in one save. Anything invalid is answered per question and
    /// nothing is saved.
    /// </summary>
    public async Task<Outcome<IntakeSubmission>> RecordIntakeAsync(Guid vendorId, IReadOnlyDictionary<string, IReadOnlyList<string>> values,
        CancellationToken cancellationToken)
    {
        if (await access.DemandAsync(Manage) is { } forbidden) return forbidden;
        var vendor = await db.Vendors.SingleOrDefaultAsync(v => v.Id == vendorId, cancellationToken);
        if (vendor is null) return Fail.NotFound("There is no such vendor.");
        if (IntakeDefinition() is not { } definition) return Fail.NotFound("The intake questionnaire is not available.");
        var compiled = definition.Compile().Value;

        var answers = new Dictionary<string, AnswerValue>(StringComparer.Ordinal);
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var item in definition.AllItems().Where(i => i.IsAnswerable))
        {
            var (value, problem) = AnswerJson.FromInput(item.Type, values.GetValueOrDefault(item.Id) ?? []);
            if (problem is not null) errors[item.Id] = problem;
            else if (value is not null) answers[item.Id] = value;
        }
        var evaluation = new QuestionnaireEngine().Evaluate(compiled, answers);
        foreach (var error in evaluation.Errors) errors.TryAdd(error.ItemId, Sentence(error.Message));
        if (errors.Count > 0) return new IntakeSubmission(definition, evaluation, values, errors, null);

        var result = TierCalculator.Calculate(compiled, answers);
        if (result.IsFailure) throw new InvalidOperationException("The shipped intake questionnaire defines no tiering.");
        var tier = result.Value;
        var now = clock.GetUtcNow();
        var stored = new JsonObject();
        foreach (var (itemId, value) in answers.OrderBy(a => a.Key, StringComparer.Ordinal)) stored[itemId] = JsonNode.Parse(AnswerJson.Serialize(value));
        var intake = VendorIntake.Create(vendor.Id, definition.Id, definition.Version.ToString(), definition.ContentHash ?? definition.ComputeContentHash(),
            stored.ToJsonString(), tier.RiskScore, tier.ScoreTier, tier.Tier, tier.AppliedFloorReasons, access.Tenant.UserId!.Value, now);
        db.VendorIntakes.Add(intake);
        var before = vendor.InherentTier;
        vendor.SetComputedTier(tier.Tier, now);
        audit.Record(AuditActions.VendorTiered, nameof(Vendor), vendor.Id, new
        {
            intakeId = intake.Id, score = tier.RiskScore, tier = tier.Tier.ToString(), scoreTier = tier.ScoreTier.ToString(), floors = tier.AppliedFloors,
            floorReasons = tier.AppliedFloorReasons,
            from = before?.ToString(), template = $"{definition.Id}@{definition.Version}",
        });
        await db.SaveChangesAsync(cancellationToken);
        return new IntakeSubmission(definition, evaluation, values, errors, tier);
    }

    private static string Sentence(string message) =>
        message.Length == 0 ? message : char.ToUpperInvariant(message[0]) + message[1..] + (message.EndsWith('.') ? "" : ".");

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
