using VendorRisk.Domain.Common;
using VendorRisk.Domain.Tenancy;

namespace VendorRisk.Domain.Contracts;

/// <summary>How often an obligation falls due.</summary>
public enum Recurrence
{
    OneOff,
    Monthly,
    Quarterly,
    Yearly,
}

public static class RecurrenceText
{
    public const string Choices = "Choose how often it recurs: one-off, monthly, quarterly or yearly.";

    public static string Describe(Recurrence recurrence) => recurrence switch
    {
        Recurrence.OneOff => "One-off",
        Recurrence.Monthly => "Monthly",
        Recurrence.Quarterly => "Quarterly",
        Recurrence.Yearly => "Yearly",
        _ => recurrence.ToString(),
    };

    /// <summary>Parses a submitted value strictly: a name of the enum, never a number or an undefined value.</summary>
    public static bool TryParse(string? value, out Recurrence recurrence)
    {
        recurrence = default;
        return !string.IsNullOrWhiteSpace(value) && !value.Trim().Any(char.IsAsciiDigit)
            && Enum.TryParse(value.Trim(), ignoreCase: true, out recurrence) && Enum.IsDefined(recurrence);
    }
}

/// <summary>An entry of the obligation catalogue: what a clause demands and the defaults of an obligation made from it.</summary>
public sealed record ObligationTemplate(string Key, string Name, string Description, Recurrence DefaultRecurrence,
    bool NeedsVendorEvidence, bool HasHours, int? DefaultHours, bool IsShipped);

/// <summary>
/// The catalogue every tenant starts with: the obligations AI vendor contracts typically carry. Tenants add their own
/// <see cref="ObligationType"/>s beside these; shipped keys never change because obligations refer to them.
/// </summary>
public static class ShippedObligationTypes
{
    public static readonly IReadOnlyList<ObligationTemplate> All =
    [
        new("pen-test-report", "Annual penetration test report",
            "The vendor supplies the report of an independent penetration test of the service every year.", Recurrence.Yearly, true, false, null, true),
        new("certificate-renewal", "SOC 2 / ISO certificate renewal",
            "The vendor keeps its SOC 2 report or ISO 27001 / ISO 42001 certificate current and supplies the renewed one.", Recurrence.Yearly, true, false, null, true),
        new("dpa-review", "DPA review",
            "The data processing agreement is reviewed against current processing and law.", Recurrence.Yearly, false, false, null, true),
        new("incident-notification", "Security or AI incident notification",
            "The vendor notifies security incidents and AI incidents (harmful output, model failure, drift) within the agreed number of hours.", Recurrence.Yearly, true, true, 72, true),
        new("model-change-notice", "Advance notice of a model change",
            "The vendor gives advance notice before changing the model or foundation model behind the service.", Recurrence.Quarterly, true, true, 720, true),
        new("no-training-attestation", "No training on customer data (annual attestation)",
            "The vendor attests every year that customer data is not used to train or fine-tune its models.", Recurrence.Yearly, true, false, null, true),
        new("right-to-audit", "Right to audit",
            "The tenant may audit the vendor's controls; the audit is planned and its outcome recorded.", Recurrence.Yearly, false, false, null, true),
        new("subprocessor-change-notice", "Subprocessor change notice",
            "The vendor notifies new or changed subprocessors before they process customer data.", Recurrence.Quarterly, true, true, 720, true),
        new("data-deletion-at-termination", "Data deletion at termination",
            "At the end of the contract the vendor deletes or returns customer data and confirms it in writing.", Recurrence.OneOff, true, false, null, true),
    ];

    public static ObligationTemplate? Find(string key) => All.FirstOrDefault(t => t.Key == key);
}

/// <summary>An obligation type a tenant defined for its own contracts, next to the shipped catalogue.</summary>
public sealed class ObligationType : ITenantOwned, IVersioned
{
    public const int NameMaxLength = 150;
    public const int DescriptionMaxLength = 2000;
    public const int KeyMaxLength = 60;
    public const string KeyPrefix = "custom-";

    private ObligationType() { }

    public Guid Id { get; private set; }
    public Guid TenantId { get; private set; }
    /// <summary>What obligations refer to: <c>custom-</c> and the id, never reused.</summary>
    public string Key { get; private set; } = "";
    public string Name { get; private set; } = "";
    public string? Description { get; private set; }
    public Recurrence DefaultRecurrence { get; private set; }
    public bool NeedsVendorEvidence { get; private set; }
    public bool HasHours { get; private set; }
    public bool IsRetired { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public int Version { get; set; }

    public static ObligationType Create(string name, string? description, Recurrence defaultRecurrence, bool needsVendorEvidence,
        bool hasHours, DateTimeOffset now)
    {
        var id = Ids.New();
        var type = new ObligationType { Id = id, Key = KeyPrefix + id.ToString("N"), CreatedAt = now };
        type.Update(name, description, defaultRecurrence, needsVendorEvidence, hasHours);
        return type;
    }

    public void Update(string name, string? description, Recurrence defaultRecurrence, bool needsVendorEvidence, bool hasHours)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > NameMaxLength)
            throw new DomainException($"The name must have 1 to {NameMaxLength} characters.");
        if (description is { Length: > DescriptionMaxLength })
            throw new DomainException($"The description must have at most {DescriptionMaxLength} characters.");
        if (!Enum.IsDefined(defaultRecurrence)) throw new DomainException(RecurrenceText.Choices);
        Name = name.Trim();
        Description = string.IsNullOrWhiteSpace(description) ? null : description.Trim();
        DefaultRecurrence = defaultRecurrence;
        NeedsVendorEvidence = needsVendorEvidence;
        HasHours = hasHours;
    }

    /// <summary>A retired type is offered no more; obligations made from it keep it.</summary>
    public void Retire()
    {
        if (IsRetired) throw new DomainException("This obligation type is already retired.");
        IsRetired = true;
    }

    public void Restore()
    {
        if (!IsRetired) throw new DomainException("This obligation type is in use already.");
        IsRetired = false;
    }

    public ObligationTemplate AsTemplate() =>
        new(Key, Name, Description ?? "", DefaultRecurrence, NeedsVendorEvidence, HasHours, null, false);
}
