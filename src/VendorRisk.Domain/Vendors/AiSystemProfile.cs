using System.Text.Json;
using System.Text.Json.Serialization;
using VendorRisk.Domain.Common;

namespace VendorRisk.Domain.Vendors;

public enum AiDeployment { Saas, Api, OnPremises }

public enum CustomerDataTraining { No, OptIn, OptOut, Yes, Unknown }

public enum AutonomyLevel
{
    /// <summary>Suggests; a person decides.</summary>
    Assistive,
    /// <summary>Acts only after a person approves.</summary>
    HumanInTheLoop,
    /// <summary>Acts; a person monitors and can intervene.</summary>
    HumanOnTheLoop,
    /// <summary>Acts without human review.</summary>
    Autonomous,
}

public enum HumanOversight { EveryOutputReviewed, SampleReviewed, AggregateMonitoring, None }

public enum EuAiActRiskClass { Unknown, NotInScope, Minimal, Limited, High, GeneralPurpose, Prohibited }

/// <summary>A model the system is built on, e.g. provider "Example Labs", model "ex-large", version "2026-05".</summary>
public sealed record FoundationModel(string Provider, string Model, string? Version)
{
    public override string ToString() => Version is null ? $"{Provider} {Model}" : $"{Provider} {Model} ({Version})";
}

/// <summary>One field that differs between two versions of an AI system's profile.</summary>
public sealed record ProfileChange(string Field, string? Before, string? After, bool IsMaterial);

/// <summary>
/// What an AI system is and does: the "AI bill of materials" line for one system. Immutable; every change makes
/// a new revision, so a swapped foundation model or a new subprocessor stays visible with its date.
/// </summary>
public sealed record AiSystemProfile
{
    public const int TextMaxLength = 2000;
    public const int NameMaxLength = 200;
    public const int ListMaxItems = 50;

    public string Purpose { get; init; } = "";
    public string? UseCase { get; init; }
    /// <summary>e.g. "large language model", "gradient-boosted trees", "convolutional network".</summary>
    public string? ModelType { get; init; }
    public IReadOnlyList<FoundationModel> FoundationModels { get; init; } = [];
    public AiDeployment Deployment { get; init; }
    public IReadOnlyList<string> DataCategories { get; init; } = [];
    public bool ProcessesPersonalData { get; init; }
    public CustomerDataTraining TrainingOnCustomerData { get; init; } = CustomerDataTraining.Unknown;
    public AutonomyLevel Autonomy { get; init; }
    public HumanOversight Oversight { get; init; }
    public string? PeopleAffected { get; init; }
    public EuAiActRiskClass EuAiActRiskClass { get; init; }
    public IReadOnlyList<string> Subprocessors { get; init; } = [];

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static AiSystemProfile FromJson(string json) =>
        JsonSerializer.Deserialize<AiSystemProfile>(json, Json) ?? throw new DomainException("The AI system profile is empty.");

    /// <summary>Refuses a profile a risk team could not use; lists are trimmed and de-duplicated.</summary>
    public AiSystemProfile Validated()
    {
        if (string.IsNullOrWhiteSpace(Purpose)) throw new DomainException("Describe the purpose of the AI system.");
        foreach (var (name, text) in new[] { ("purpose", Purpose), ("use case", UseCase), ("model type", ModelType), ("people affected", PeopleAffected) })
        {
            if (text is { Length: > TextMaxLength }) throw new DomainException($"The {name} must have at most {TextMaxLength} characters.");
        }
        if (FoundationModels.Count > ListMaxItems || DataCategories.Count > ListMaxItems || Subprocessors.Count > ListMaxItems)
            throw new DomainException($"Lists hold at most {ListMaxItems} entries.");
        foreach (var m in FoundationModels)
        {
            if (string.IsNullOrWhiteSpace(m.Provider) || string.IsNullOrWhiteSpace(m.Model))
                throw new DomainException("Each foundation model needs a provider and a model name.");
        }
        return this with
        {
            Purpose = Purpose.Trim(),
            FoundationModels = FoundationModels
                .Select(m => new FoundationModel(m.Provider.Trim(), m.Model.Trim(), string.IsNullOrWhiteSpace(m.Version) ? null : m.Version.Trim()))
                .Distinct().ToList(),
            DataCategories = Clean(DataCategories),
            Subprocessors = Clean(Subprocessors),
        };
    }

    private static List<string> Clean(IEnumerable<string> items) =>
        items.Select(i => i.Trim()).Where(i => i.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList();

    /// <summary>
    /// The differences from <paramref name="before"/> to <paramref name="after"/>. A new or changed foundation
    /// model and a new subprocessor are material: they can change the risk and trigger a review.
    /// </summary>
    public static IReadOnlyList<ProfileChange> Compare(AiSystemProfile before, AiSystemProfile after)
    {
        var changes = new List<ProfileChange>();
        void Field(string name, object? a, object? b, bool material = false)
        {
            var x = a?.ToString();
            var y = b?.ToString();
            if (x != y) changes.Add(new ProfileChange(name, x, y, material));
        }
        void List(string name, IEnumerable<string> a, IEnumerable<string> b, bool additionsAreMaterial, bool anyChangeIsMaterial = false)
        {
            var x = a.ToList();
            var y = b.ToList();
            if (x.SequenceEqual(y)) return;
            var added = y.Except(x).Any();
            changes.Add(new ProfileChange(name, x.Count == 0 ? null : string.Join("; ", x), y.Count == 0 ? null : string.Join("; ", y),
                anyChangeIsMaterial || (additionsAreMaterial && added)));
        }

        Field("Purpose", before.Purpose, after.Purpose);
        Field("Use case", before.UseCase, after.UseCase);
        Field("Model type", before.ModelType, after.ModelType);
        List("Foundation models", before.FoundationModels.Select(m => m.ToString()), after.FoundationModels.Select(m => m.ToString()),
            additionsAreMaterial: true, anyChangeIsMaterial: true);
        Field("Deployment", before.Deployment, after.Deployment);
        List("Data categories", before.DataCategories, after.DataCategories, additionsAreMaterial: false);
        Field("Processes personal data", before.ProcessesPersonalData, after.ProcessesPersonalData, material: after.ProcessesPersonalData);
        Field("Training on customer data", before.TrainingOnCustomerData, after.TrainingOnCustomerData,
            material: after.TrainingOnCustomerData is CustomerDataTraining.Yes or CustomerDataTraining.OptOut);
        Field("Autonomy", before.Autonomy, after.Autonomy, material: after.Autonomy > before.Autonomy);
        Field("Human oversight", before.Oversight, after.Oversight, material: after.Oversight > before.Oversight);
        Field("People affected", before.PeopleAffected, after.PeopleAffected);
        Field("EU AI Act risk class", before.EuAiActRiskClass, after.EuAiActRiskClass, material: true);
        List("Subprocessors", before.Subprocessors, after.Subprocessors, additionsAreMaterial: true);
        return changes;
    }
}
