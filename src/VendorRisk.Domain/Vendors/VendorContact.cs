using VendorRisk.Domain.Common;
using VendorRisk.Domain.Tenancy;

namespace VendorRisk.Domain.Vendors;

/// <summary>A person at the vendor whom the tenant deals with (not necessarily a portal user).</summary>
public sealed class VendorContact : ITenantOwned
{
    public const int NameMaxLength = 120;
    public const int EmailMaxLength = 256;
    public const int JobTitleMaxLength = 120;

    private VendorContact() { }

    public Guid Id { get; private set; }
    public Guid TenantId { get; private set; }
    public Guid VendorId { get; private set; }
    public string Name { get; private set; } = "";
    public string Email { get; private set; } = "";
    public string? JobTitle { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }

    public static VendorContact Create(Guid vendorId, string name, string email, string? jobTitle, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > NameMaxLength)
            throw new DomainException($"The name must have 1 to {NameMaxLength} characters.");
        if (string.IsNullOrWhiteSpace(email) || email.Length > EmailMaxLength || !email.Contains('@', StringComparison.Ordinal))
            throw new DomainException("Enter a valid e-mail address.");
        return new VendorContact
        {
            Id = Ids.New(), VendorId = vendorId, Name = name.Trim(), Email = email.Trim(),
            JobTitle = string.IsNullOrWhiteSpace(jobTitle) ? null : jobTitle.Trim(), CreatedAt = now,
        };
    }
}
