using System.Collections.Frozen;

namespace VendorRisk.Domain.Evidence;

/// <summary>
/// What a piece of evidence is. Questionnaire items list the kinds they accept (<c>evidence.kinds</c>, by key) and
/// evidence records store the kind. The keys are part of the questionnaire format and stored data: never rename one.
/// </summary>
public enum EvidenceKind
{
    Soc2Type2,
    Soc2Type1,
    Iso27001Certificate,
    Iso42001Certificate,
    OtherCertificate,
    PenTestReport,
    RedTeamReport,
    Policy,
    Dpia,
    AiImpactAssessment,
    ModelCard,
    BcpDrTestReport,
    EuDeclarationOfConformity,
    SubprocessorList,
    ContractTerms,
    Other,
}

/// <summary>The stable kebab-case key and the English label of each <see cref="EvidenceKind"/>.</summary>
public static class EvidenceKinds
{
    private static readonly FrozenDictionary<EvidenceKind, (string Key, string Label)> Names = new Dictionary<EvidenceKind, (string, string)>
    {
        [EvidenceKind.Soc2Type2] = ("soc2-type2", "SOC 2 Type II report"),
        [EvidenceKind.Soc2Type1] = ("soc2-type1", "SOC 2 Type I report"),
        [EvidenceKind.Iso27001Certificate] = ("iso27001-certificate", "ISO/IEC 27001 certificate"),
        [EvidenceKind.Iso42001Certificate] = ("iso42001-certificate", "ISO/IEC 42001 certificate"),
        [EvidenceKind.OtherCertificate] = ("other-certificate", "Other certificate or attestation"),
        [EvidenceKind.PenTestReport] = ("pen-test-report", "Penetration test report"),
        [EvidenceKind.RedTeamReport] = ("red-team-report", "AI red-team report"),
        [EvidenceKind.Policy] = ("policy", "Policy or procedure"),
        [EvidenceKind.Dpia] = ("dpia", "Data protection impact assessment"),
        [EvidenceKind.AiImpactAssessment] = ("ai-impact-assessment", "AI impact assessment"),
        [EvidenceKind.ModelCard] = ("model-card", "Model card or system documentation"),
        [EvidenceKind.BcpDrTestReport] = ("bcp-dr-test-report", "Business continuity / disaster recovery test report"),
        [EvidenceKind.EuDeclarationOfConformity] = ("eu-declaration-of-conformity", "EU declaration of conformity"),
        [EvidenceKind.SubprocessorList] = ("subprocessor-list", "Sub-processor list"),
        [EvidenceKind.ContractTerms] = ("contract-terms", "Contract terms"),
        [EvidenceKind.Other] = ("other", "Other document"),
    }.ToFrozenDictionary();

    private static readonly FrozenDictionary<string, EvidenceKind> ByKey = Names.ToFrozenDictionary(p => p.Value.Key, p => p.Key, StringComparer.Ordinal);

    /// <summary>Every kind in declaration order.</summary>
    public static IReadOnlyList<EvidenceKind> All { get; } = Enum.GetValues<EvidenceKind>();

    /// <summary>The stable key, e.g. <c>pen-test-report</c>.</summary>
    public static string Key(this EvidenceKind kind) => Names[kind].Key;

    /// <summary>The English display label, e.g. "Penetration test report".</summary>
    public static string Label(this EvidenceKind kind) => Names[kind].Label;

    /// <summary>The kind with this key (exact, case-sensitive), or null.</summary>
    public static EvidenceKind? FromKey(string? key) => key is not null && ByKey.TryGetValue(key, out var kind) ? kind : null;

    public static bool TryParse(string? key, out EvidenceKind kind)
    {
        var found = FromKey(key);
        kind = found ?? default;
        return found is not null;
    }
}
