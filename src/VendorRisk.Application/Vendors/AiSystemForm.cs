using System.ComponentModel.DataAnnotations;
using VendorRisk.Domain.Vendors;

namespace VendorRisk.Application.Vendors;

/// <summary>
/// An AI system's profile as a person types it (the AI system page binds it). The rules live in
/// <see cref="VendorOperations.SaveAiSystemAsync"/>; <see cref="ToProfile"/> only reads the lists.
/// </summary>
public sealed class AiSystemForm
{
    public const int ModelTypeMaxLength = 200;

    public string? Name { get; set; }
    public string? Purpose { get; set; }
    [Display(Name = "Use case")]
    public string? UseCase { get; set; }
    [Display(Name = "Model type")]
    public string? ModelType { get; set; }
    /// <summary>One per line: provider | model | version (version optional).</summary>
    [Display(Name = "Foundation models")]
    public string? FoundationModels { get; set; }
    public AiDeployment Deployment { get; set; }
    /// <summary>Comma-separated.</summary>
    [Display(Name = "Data categories")]
    public string? DataCategories { get; set; }
    public bool ProcessesPersonalData { get; set; }
    public CustomerDataTraining TrainingOnCustomerData { get; set; } = CustomerDataTraining.Unknown;
    public AutonomyLevel Autonomy { get; set; }
    public HumanOversight Oversight { get; set; }
    public string? PeopleAffected { get; set; }
    public EuAiActRiskClass EuAiActRiskClass { get; set; }
    /// <summary>One per line.</summary>
    public string? Subprocessors { get; set; }

    public static AiSystemForm From(string name, AiSystemProfile p) => new()
    {
        Name = name, Purpose = p.Purpose, UseCase = p.UseCase, ModelType = p.ModelType,
        FoundationModels = string.Join('\n', p.FoundationModels.Select(m => m.Version is null ? $"{m.Provider} | {m.Model}" : $"{m.Provider} | {m.Model} | {m.Version}")),
        Deployment = p.Deployment, DataCategories = string.Join(", ", p.DataCategories), ProcessesPersonalData = p.ProcessesPersonalData,
        TrainingOnCustomerData = p.TrainingOnCustomerData, Autonomy = p.Autonomy, Oversight = p.Oversight, PeopleAffected = p.PeopleAffected,
        EuAiActRiskClass = p.EuAiActRiskClass, Subprocessors = string.Join('\n', p.Subprocessors),
    };

    /// <summary>The profile, or the line of the foundation-model list that cannot be read.</summary>
    public (AiSystemProfile? Profile, string? ModelLineError) ToProfile()
    {
        var models = new List<FoundationModel>();
        var lines = (FoundationModels ?? "").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
        for (var i = 0; i < lines.Count; i++)
        {
            var parts = lines[i].Split('|').Select(p => p.Trim()).ToArray();
            if (parts.Length is < 2 or > 3 || parts[0].Length == 0 || parts[1].Length == 0)
                return (null, $"Line {i + 1} (\"{lines[i]}\") must read: provider | model | version (version optional).");
            models.Add(new FoundationModel(parts[0], parts[1], parts.Length == 3 && parts[2].Length > 0 ? parts[2] : null));
        }
        return (new AiSystemProfile
        {
            Purpose = Purpose ?? "", UseCase = UseCase, ModelType = ModelType, FoundationModels = models, Deployment = Deployment,
            DataCategories = (DataCategories ?? "").Split(',').ToList(), ProcessesPersonalData = ProcessesPersonalData,
            TrainingOnCustomerData = TrainingOnCustomerData, Autonomy = Autonomy, Oversight = Oversight, PeopleAffected = PeopleAffected,
            EuAiActRiskClass = EuAiActRiskClass, Subprocessors = (Subprocessors ?? "").Split('\n').ToList(),
        }, null);
    }
}
