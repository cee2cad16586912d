using System.Text.Json;
using VendorRisk.Domain.Common;
using VendorRisk.Domain.Tenancy;

using RiskTier = VendorRisk.Domain.Questionnaires.RiskTier;

namespace VendorRisk.Domain.Vendors;

/// <summary>
/// One completed inherent-risk intake for a vendor: the answers as given, the template version they answered,
/// and what the tier calculator made of them. Kept per run, so a later re-tiering never loses the earlier basis.
/// </summary>
public sealed class VendorIntake : ITenantOwned
{
    private VendorIntake() { }

    public Guid Id { get; private set; }
    public Guid TenantId { get; private set; }
    public Guid VendorId { get; private set; }
    public string TemplateKey { get; private set; } = "";
    public string TemplateVersion { get; private set; } = "";
    /// <summary>The content hash of the definition answered ("sha256:..."), computed when the template had none.</summary>
    public string ContentHash { get; private set; } = "";
    /// <summary>Item id to <c>AnswerJson</c> value, as a JSON object.</summary>
    public string AnswersJson { get; private set; } = "{}";
    public decimal RiskScore { get; private set; }
    public RiskTier ComputedTier { get; private set; }
    /// <summary>The tier the score alone gives; <see cref="ComputedTier"/> is higher when a floor applied.</summary>
    public RiskTier ScoreTier { get; private set; }
    /// <summary>Why a floor lifted the tier above the score's, as a JSON array of the floors' reasons (empty when none applied).</summary>
    public string FloorReasonsJson { get; private set; } = "[]";
    public Guid CompletedByUserId { get; private set; }
    public DateTimeOffset CompletedAt { get; private set; }

    public IReadOnlyList<string> FloorReasons => ReadFloorReasons(FloorReasonsJson);

    public static IReadOnlyList<string> ReadFloorReasons(string json) => JsonSerializer.Deserialize<List<string>>(json) ?? [];

    public static VendorIntake Create(Guid vendorId, string templateKey, string templateVersion, string contentHash, string answersJson,
        decimal riskScore, RiskTier scoreTier, RiskTier tier, IReadOnlyList<string> floorReasons, Guid completedBy, DateTimeOffset now)
    {
        if (riskScore is < 0 or > 100) throw new DomainException("The risk score must be between 0 and 100.");
        return new VendorIntake
        {
            Id = Ids.New(), VendorId = vendorId, TemplateKey = templateKey, TemplateVersion = templateVersion, ContentHash = contentHash,
            AnswersJson = answersJson, RiskScore = riskScore, ScoreTier = scoreTier, ComputedTier = tier,
            FloorReasonsJson = JsonSerializer.Serialize(floorReasons), CompletedByUserId = completedBy, CompletedAt = now,
        };
    }
}
