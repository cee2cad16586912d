using VendorRisk.Domain.Assessments;
using VendorRisk.Domain.Common;
using VendorRisk.Domain.Tenancy;

using RiskTier = VendorRisk.Domain.Questionnaires.RiskTier;

namespace VendorRisk.Domain.Vendors;

public enum VendorStatus
{
    Prospect,
    Onboarding,
    Active,
    Offboarded,
}

/// <summary>A third party that supplies AI systems to the tenant.</summary>
public sealed class Vendor : ITenantOwned, IVersioned
{
    public const int LegalNameMaxLength = 200;
    public const int WebsiteMaxLength = 300;
    public const int DescriptionMaxLength = 4000;

    private Vendor() { }

    public Guid Id { get; private set; }
    public Guid TenantId { get; private set; }
    public string LegalName { get; private set; } = "";
    public string? Website { get; private set; }
    /// <summary>ISO 3166-1 alpha-2.</summary>
    public string? Country { get; private set; }
    public string? Description { get; private set; }
    public VendorStatus Status { get; private set; }
    /// <summary>The tenant user accountable for the relationship.</summary>
    public Guid? BusinessOwnerUserId { get; private set; }
    public BusinessCriticality Criticality { get; private set; } = BusinessCriticality.Medium;
    /// <summary>Set by the intake questionnaire or by a manager's override; null until tiered.</summary>
    public RiskTier? InherentTier { get; private set; }
    /// <summary>The tier the intake questionnaire computed, kept beside an override for the record.</summary>
    public RiskTier? ComputedTier { get; private set; }
    public string? TierOverrideJustification { get; private set; }
    public DateTimeOffset? TieredAt { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    /// <summary>The vendor's latest decided assessment (approved, approved with conditions or rejected), kept here for the portfolio (ADR-015).</summary>
    public Guid? DecisionAssessmentId { get; private set; }
    public AssessmentStatus? DecisionStatus { get; private set; }
    public DateTimeOffset? DecidedAt { get; private set; }
    /// <summary>The current residual risk: the rating of the latest decided assessment that has one (1-5 each; ADR-015).</summary>
    public int? ResidualLikelihood { get; private set; }
    public int? ResidualImpact { get; private set; }
    public Guid? ResidualAssessmentId { get; private set; }
    public DateTimeOffset? ResidualDecidedAt { get; private set; }
    public int Version { get; set; }

    public static Vendor Create(string legalName, string? website, string? country, string? description, DateTimeOffset now)
    {
        var vendor = new Vendor { Id = Ids.New(), Status = VendorStatus.Prospect, CreatedAt = now };
        vendor.UpdateDetails(legalName, website, country, description);
        return vendor;
    }

    public void UpdateDetails(string legalName, string? website, string? country, string? description)
    {
        if (description is not null && description.Length > DescriptionMaxLength)
            throw new DomainException($"The description must have at most {DescriptionMaxLength} characters.");
        if (string.IsNullOrWhiteSpace(legalName) || legalName.Length > LegalNameMaxLength)
            throw new DomainException($"The legal name must have 1 to {LegalNameMaxLength} characters.");
        if (country is not null && (country.Length != 2 || !country.All(char.IsAsciiLetterUpper)))
            throw new DomainException("The country must be a two-letter ISO code, such as DE or US.");
        website = string.IsNullOrWhiteSpace(website) ? null : website.Trim();
        if (website is not null && (website.Length > WebsiteMaxLength
            || !Uri.TryCreate(website, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)))
            throw new DomainException("The website must be a full address starting with https://.");
        LegalName = legalName.Trim();
        Website = website;
        Country = country;
        Description = string.IsNullOrWhiteSpace(description) ? null : description.Trim();
    }

    public const int JustificationMinLength = 20;

    public void AssignOwnership(Guid? businessOwnerUserId, BusinessCriticality criticality)
    {
        BusinessOwnerUserId = businessOwnerUserId;
        Criticality = criticality;
    }

    /// <summary>Records the tier the intake questionnaire computed; it replaces any earlier override.</summary>
    public void SetComputedTier(RiskTier tier, DateTimeOffset now)
    {
        ComputedTier = tier;
        InherentTier = tier;
        TierOverrideJustification = null;
        TieredAt = now;
    }

    /// <summary>A manager overrides the tier; the reason is kept and audited.</summary>
    public void OverrideTier(RiskTier tier, string justification, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(justification) || justification.Trim().Length < JustificationMinLength)
            throw new DomainException($"Explain the override in at least {JustificationMinLength} characters.");
        if (InherentTier == tier) throw new DomainException($"The vendor is already tiered {tier}.");
        InherentTier = tier;
        TierOverrideJustification = justification.Trim();
        TieredAt = now;
    }

    /// <summary>
    /// Records that one of the vendor's assessments was decided. The latest decision becomes the vendor's current one; its
    /// residual rating, when it has one, becomes the current residual risk. An older decision recorded late changes nothing
    /// newer, and a decision without a rating keeps the last rating there was.
    /// </summary>
    public void RecordDecision(Guid assessmentId, AssessmentStatus status, DateTimeOffset decidedAt, int? residualLikelihood, int? residualImpact)
    {
        if (status is not (AssessmentStatus.Approved or AssessmentStatus.ApprovedWithConditions or AssessmentStatus.Rejected))
            throw new DomainException($"An assessment that is {Assessment.Describe(status)} is not a decision.");
        if (residualLikelihood is null != residualImpact is null)
            throw new DomainException("A residual rating needs both the likelihood and the impact.");
        if (residualLikelihood is < 1 or > 5 || residualImpact is < 1 or > 5)
            throw new DomainException("Residual likelihood and impact are rated from 1 to 5.");
        if (DecidedAt is not { } current || decidedAt >= current)
        {
            DecisionAssessmentId = assessmentId;
            DecisionStatus = status;
            DecidedAt = decidedAt;
        }
        if (residualLikelihood is { } likelihood && residualImpact is { } impact && (ResidualDecidedAt is not { } rated || decidedAt >= rated))
        {
            ResidualLikelihood = likelihood;
            ResidualImpact = impact;
            ResidualAssessmentId = assessmentId;
            ResidualDecidedAt = decidedAt;
        }
    }

    public void StartOnboarding() => Move(VendorStatus.Onboarding, from: VendorStatus.Prospect);

    public void Activate() => Move(VendorStatus.Active, from: VendorStatus.Onboarding);

    public void Offboard()
    {
        if (Status == VendorStatus.Offboarded) throw new DomainException("This vendor is already offboarded.");
        Status = VendorStatus.Offboarded;
    }

    private void Move(VendorStatus to, VendorStatus from)
    {
        if (Status != from)
            throw new DomainException($"A vendor can move to {to} only from {from}; this one is {Status}.");
        Status = to;
    }
}
