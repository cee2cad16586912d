using VendorRisk.Domain.Common;
using VendorRisk.Domain.Tenancy;

namespace VendorRisk.Domain.Coverage;

/// <summary>
/// A vendor's stored coverage (ADR-016): which assessment it was computed from, the stamp of that assessment's
/// inputs when it was computed (a different stamp means it is stale), and the counts per status. One per vendor.
/// </summary>
public sealed class CoverageSnapshot : ITenantOwned
{
    public const int StampMaxLength = 100;

    private CoverageSnapshot() { }

    public Guid Id { get; private set; }
    public Guid TenantId { get; private set; }
    public Guid VendorId { get; private set; }
    public Guid AssessmentId { get; private set; }
    public string Stamp { get; private set; } = "";
    public int Supported { get; private set; }
    public int Weak { get; private set; }
    public int Missing { get; private set; }
    public DateTimeOffset ComputedAt { get; private set; }

    public static CoverageSnapshot Create(Guid vendorId) => new() { Id = Ids.New(), VendorId = vendorId };

    /// <summary>Records a fresh computation; the caller replaces the vendor's <see cref="CoverageEntry"/> rows in the same save.</summary>
    public void Record(Guid assessmentId, string stamp, IReadOnlyCollection<CoverageStatus> statuses, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(statuses);
        if (string.IsNullOrEmpty(stamp) || stamp.Length > StampMaxLength) throw new DomainException("A coverage stamp must have 1 to 100 characters.");
        AssessmentId = assessmentId;
        Stamp = stamp;
        Supported = statuses.Count(s => s == CoverageStatus.Supported);
        Weak = statuses.Count(s => s == CoverageStatus.Weak);
        Missing = statuses.Count(s => s == CoverageStatus.Missing);
        ComputedAt = now;
    }
}

/// <summary>One control's status for one vendor, as of its <see cref="CoverageSnapshot"/>: what the portfolio page counts.</summary>
public sealed class CoverageEntry : ITenantOwned
{
    public const int ControlIdMaxLength = 100;

    private CoverageEntry() { }

    public Guid Id { get; private set; }
    public Guid TenantId { get; private set; }
    public Guid VendorId { get; private set; }
    public Guid AssessmentId { get; private set; }
    public string ControlId { get; private set; } = "";
    public string Framework { get; private set; } = "";
    public CoverageStatus Status { get; private set; }

    public static CoverageEntry Create(Guid vendorId, Guid assessmentId, CatalogueControl control, CoverageStatus status)
    {
        ArgumentNullException.ThrowIfNull(control);
        if (control.Id.Length > ControlIdMaxLength) throw new DomainException($"A control id must have at most {ControlIdMaxLength} characters.");
        return new CoverageEntry
        {
            Id = Ids.New(), VendorId = vendorId, AssessmentId = assessmentId, ControlId = control.Id, Framework = control.Framework, Status = status,
        };
    }
}
