using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using VendorRisk.Domain.Questionnaires.Evaluation;
using VendorRisk.Domain.Questionnaires.Serialization;

namespace VendorRisk.Domain.Questionnaires;

/// <summary>
/// A versioned questionnaire template. Instances are immutable; the lifecycle methods return new instances
/// and refuse changes that the status forbids (a published or retired version is frozen).
/// </summary>
public sealed record QuestionnaireDefinition
{
    public required string Id { get; init; }

    public required SemanticVersion Version { get; init; }

    public QuestionnaireStatus Status { get; init; } = QuestionnaireStatus.Draft;

    public required string Title { get; init; }

    public string? Description { get; init; }

    public string? Source { get; init; }

    public string? Licence { get; init; }

    public string Locale { get; init; } = "en";

    /// <summary>"sha256:" + hex of the canonical JSON without status and hash; set by <see cref="Publish"/>.</summary>
    public string? ContentHash { get; init; }

    public TieringRules? Tiering { get; init; }

    public ImmutableArray<QuestionnaireSection> Sections { get; init; } = [];

    /// <summary>Every item in document order (a section's own items, then its subsections').</summary>
    public IEnumerable<QuestionnaireItem> AllItems() => AllSections().SelectMany(s => s.Items);

    /// <summary>Every section, depth first, parents before children.</summary>
    public IEnumerable<QuestionnaireSection> AllSections()
    {
        var stack = new Stack<QuestionnaireSection>(Sections.Reverse());
        while (stack.Count > 0)
        {
            var section = stack.Pop();
            yield return section;
            for (var i = section.Sections.Length - 1; i >= 0; i--)
            {
                stack.Push(section.Sections[i]);
            }
        }
    }

    /// <summary>Checks the definition completely (structure, expressions, references, types, cycles) and prepares it for fast evaluation.</summary>
    public Result<CompiledQuestionnaire> Compile() => QuestionnaireCompiler.Compile(this);

    /// <summary>SHA-256 of the canonical JSON with <c>status</c> and <c>contentHash</c> left out, so the hash names the content only.</summary>
    public string ComputeContentHash()
    {
        var canonical = QuestionnaireJson.Serialize(this with { Status = QuestionnaireStatus.Draft, ContentHash = null });
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(canonical));
        return "sha256:" + Convert.ToHexStringLower(digest);
    }

    /// <summary>Freezes a draft: runs every publish check and stamps the content hash.</summary>
    public Result<QuestionnaireDefinition> Publish()
    {
        if (Status != QuestionnaireStatus.Draft)
        {
            return Refuse($"version {Version} is {Status.ToString().ToLowerInvariant()}; only a draft can be published");
        }

        var compiled = Compile();
        if (compiled.IsFailure)
        {
            return Result<QuestionnaireDefinition>.Failure(compiled.Errors);
        }

        var published = this with { Status = QuestionnaireStatus.Published, ContentHash = null };
        return Result<QuestionnaireDefinition>.Success(published with { ContentHash = published.ComputeContentHash() });
    }

    /// <summary>Applies a change to a draft. Published and retired versions are refused: create a new version instead.</summary>
    public Result<QuestionnaireDefinition> Edit(Func<QuestionnaireDefinition, QuestionnaireDefinition> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (Status != QuestionnaireStatus.Draft)
        {
            return Refuse($"version {Version} is {Status.ToString().ToLowerInvariant()} and cannot be edited; create a new version with NewVersion()");
        }

        var changed = change(this);
        if (changed.Status != QuestionnaireStatus.Draft || changed.ContentHash is not null
            || !string.Equals(changed.Id, Id, StringComparison.Ordinal) || changed.Version != Version)
        {
            return Refuse("an edit may not change id, version, status or content hash; use Publish() or NewVersion()");
        }

        var errors = DefinitionValidator.Validate(changed);
        return errors.Count == 0 ? Result<QuestionnaireDefinition>.Success(changed) : Result<QuestionnaireDefinition>.Failure(errors);
    }

    /// <summary>A draft copy with a higher version (default: next minor) for further editing.</summary>
    public Result<QuestionnaireDefinition> NewVersion(SemanticVersion? version = null)
    {
        var next = version ?? Version.NextMinor();
        if (next <= Version)
        {
            return Result<QuestionnaireDefinition>.Failure("$.version", $"new version {next} must be higher than {Version}");
        }

        return Result<QuestionnaireDefinition>.Success(this with { Version = next, Status = QuestionnaireStatus.Draft, ContentHash = null });
    }

    /// <summary>Withdraws a published version from new assessments; answers already given stay readable.</summary>
    public Result<QuestionnaireDefinition> Retire() => Status == QuestionnaireStatus.Published
        ? Result<QuestionnaireDefinition>.Success(this with { Status = QuestionnaireStatus.Retired })
        : Refuse($"version {Version} is {Status.ToString().ToLowerInvariant()}; only a published version can be retired");

    private static Result<QuestionnaireDefinition> Refuse(string message) => Result<QuestionnaireDefinition>.Failure("$.status", message);
}
