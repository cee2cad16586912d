using VendorRisk.Domain.Common;
using VendorRisk.Domain.Tenancy;

namespace VendorRisk.Domain.Vendors;

public enum DependencyKind { FoundationModelProvider, Subprocessor }

/// <summary>
/// An AI system a vendor supplies. The current profile is kept on the row; every change appends an
/// <see cref="AiSystemRevision"/> with what changed, and the fourth parties it depends on are kept as
/// <see cref="AiSystemDependency"/> rows so concentration can be queried in SQL.
/// </summary>
public sealed class AiSystem : ITenantOwned, IVersioned
{
    private readonly List<AiSystemRevision> _revisions = [];
    private readonly List<AiSystemDependency> _dependencies = [];

    private AiSystem() { }

    public Guid Id { get; private set; }
    public Guid TenantId { get; private set; }
    public Guid VendorId { get; private set; }
    public string Name { get; private set; } = "";
    public string ProfileJson { get; private set; } = "{}";
    public int RevisionNumber { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    public int Version { get; set; }

    public IReadOnlyList<AiSystemRevision> Revisions => _revisions;
    public IReadOnlyList<AiSystemDependency> Dependencies => _dependencies;

    public AiSystemProfile Profile => AiSystemProfile.FromJson(ProfileJson);

    public static AiSystem Create(Guid vendorId, string name, AiSystemProfile profile, Guid? changedBy, DateTimeOffset now)
    {
        var system = new AiSystem { Id = Ids.New(), VendorId = vendorId, CreatedAt = now };
        system.Apply(ValidName(name), profile.Validated(), changedBy, now, [new ProfileChange("Created", null, name.Trim(), IsMaterial: false)]);
        return system;
    }

    /// <summary>Records a new revision; returns what changed. Saving an unchanged profile is refused.</summary>
    public IReadOnlyList<ProfileChange> Update(string name, AiSystemProfile profile, Guid? changedBy, DateTimeOffset now)
    {
        var validName = ValidName(name);
        var next = profile.Validated();
        var changes = AiSystemProfile.Compare(Profile, next).ToList();
        if (validName != Name) changes.Insert(0, new ProfileChange("Name", Name, validName, IsMaterial: false));
        if (changes.Count == 0) throw new DomainException("Nothing changed.");
        Apply(validName, next, changedBy, now, changes);
        return changes;
    }

    private void Apply(string name, AiSystemProfile profile, Guid? changedBy, DateTimeOffset now, IReadOnlyList<ProfileChange> changes)
    {
        Name = name;
        ProfileJson = profile.ToJson();
        RevisionNumber++;
        UpdatedAt = now;
        _revisions.Add(AiSystemRevision.Create(Id, VendorId, RevisionNumber, ProfileJson, changes, changedBy, now));

        _dependencies.Clear();
        foreach (var provider in profile.FoundationModels.Select(m => m.Provider).Distinct(StringComparer.OrdinalIgnoreCase))
            _dependencies.Add(AiSystemDependency.Create(Id, VendorId, DependencyKind.FoundationModelProvider, provider));
        foreach (var sub in profile.Subprocessors)
            _dependencies.Add(AiSystemDependency.Create(Id, VendorId, DependencyKind.Subprocessor, sub));
    }

    private static string ValidName(string name) =>
        string.IsNullOrWhiteSpace(name) || name.Length > AiSystemProfile.NameMaxLength
            ? throw new DomainException($"The name must have 1 to {AiSystemProfile.NameMaxLength} characters.")
            : name.Trim();
}

/// <summary>One version of an AI system's profile, with the changes from the version before.</summary>
public sealed class AiSystemRevision : ITenantOwned
{
    private AiSystemRevision() { }

    public Guid Id { get; private set; }
    public Guid TenantId { get; private set; }
    public Guid AiSystemId { get; private set; }
    public Guid VendorId { get; private set; }
    public int Number { get; private set; }
    public string ProfileJson { get; private set; } = "{}";
    public string ChangesJson { get; private set; } = "[]";
    public bool IsMaterial { get; private set; }
    public Guid? ChangedByUserId { get; private set; }
    public DateTimeOffset ChangedAt { get; private set; }

    public IReadOnlyList<ProfileChange> Changes =>
        System.Text.Json.JsonSerializer.Deserialize<List<ProfileChange>>(ChangesJson) ?? [];

    internal static AiSystemRevision Create(Guid aiSystemId, Guid vendorId, int number, string profileJson,
        IReadOnlyList<ProfileChange> changes, Guid? changedBy, DateTimeOffset now) => new()
    {
        Id = Ids.New(),
        AiSystemId = aiSystemId,
        VendorId = vendorId,
        Number = number,
        ProfileJson = profileJson,
        ChangesJson = System.Text.Json.JsonSerializer.Serialize(changes),
        IsMaterial = changes.Any(c => c.IsMaterial),
        ChangedByUserId = changedBy,
        ChangedAt = now,
    };
}

/// <summary>A fourth party an AI system depends on: a foundation-model provider or a subprocessor.</summary>
public sealed class AiSystemDependency : ITenantOwned
{
    private AiSystemDependency() { }

    public Guid Id { get; private set; }
    public Guid TenantId { get; private set; }
    public Guid AiSystemId { get; private set; }
    public Guid VendorId { get; private set; }
    public DependencyKind Kind { get; private set; }
    public string Name { get; private set; } = "";
    /// <summary>The name as parties are compared: "OpenAI" and "openai" are one provider.</summary>
    public string NameKey { get; private set; } = "";

    public static string KeyOf(string name) => name.Trim().ToUpperInvariant();

    internal static AiSystemDependency Create(Guid aiSystemId, Guid vendorId, DependencyKind kind, string name) =>
        new() { Id = Ids.New(), AiSystemId = aiSystemId, VendorId = vendorId, Kind = kind, Name = name, NameKey = KeyOf(name) };
}
