using VendorRisk.Domain.Common;
using VendorRisk.Domain.Tenancy;

namespace VendorRisk.Domain.Vendors;

public enum VendorDocumentKind
{
    Iso27001Certificate,
    Iso42001Certificate,
    Soc2Type1Report,
    Soc2Type2Report,
    PenetrationTestReport,
    DataProcessingAgreement,
    Other,
}

/// <summary>A certificate or report the vendor supplied, with the dates that make it current or stale.</summary>
public sealed class VendorDocument : ITenantOwned
{
    public const int TitleMaxLength = 200;

    private VendorDocument() { }

    public Guid Id { get; private set; }
    public Guid TenantId { get; private set; }
    public Guid VendorId { get; private set; }
    public VendorDocumentKind Kind { get; private set; }
    public string Title { get; private set; } = "";
    public DateOnly IssuedOn { get; private set; }
    public DateOnly? ExpiresOn { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }

    public static VendorDocument Create(Guid vendorId, VendorDocumentKind kind, string title, DateOnly issuedOn, DateOnly? expiresOn, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(title) || title.Length > TitleMaxLength)
            throw new DomainException($"The title must have 1 to {TitleMaxLength} characters.");
        if (expiresOn is { } e && e <= issuedOn)
            throw new DomainException("The expiry date must be after the issue date.");
        if (issuedOn > DateOnly.FromDateTime(now.UtcDateTime))
            throw new DomainException("The issue date cannot be in the future.");
        return new VendorDocument
        {
            Id = Ids.New(), VendorId = vendorId, Kind = kind, Title = title.Trim(), IssuedOn = issuedOn, ExpiresOn = expiresOn, CreatedAt = now,
        };
    }

    public bool IsExpired(DateOnly today) => ExpiresOn is { } e && e <= today;

    public bool ExpiresWithin(DateOnly today, int days) => ExpiresOn is { } e && e > today && e <= today.AddDays(days);
}
