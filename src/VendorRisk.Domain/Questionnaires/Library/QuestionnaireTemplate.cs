using VendorRisk.Domain.Common;
using VendorRisk.Domain.Questionnaires.Serialization;
using VendorRisk.Domain.Tenancy;

namespace VendorRisk.Domain.Questionnaires.Library;

/// <summary>
/// One stored version of a tenant's own questionnaire template. The row keeps the canonical JSON of the
/// definition; every state change goes through the definition's lifecycle methods (<see cref="QuestionnaireDefinition.Edit"/>,
/// <see cref="QuestionnaireDefinition.Publish"/>, ...), so a published version can never be edited here either.
/// Assessments pin a row by <see cref="Id"/> (and can check <see cref="ContentHash"/>).
/// </summary>
public sealed class QuestionnaireTemplate : ITenantOwned, IVersioned
{
    public const int TemplateKeyMaxLength = 100;
    public const int SemanticVersionMaxLength = 40;
    public const int TitleMaxLength = 300;
    public const int ContentHashMaxLength = 80;

    private QuestionnaireTemplate() { }

    public Guid Id { get; private set; }
    public Guid TenantId { get; private set; }

    /// <summary>The definition's stable id; the same across versions.</summary>
    public string TemplateKey { get; private set; } = "";

    /// <summary>MAJOR.MINOR.PATCH of the definition (named so to leave <see cref="Version"/> to concurrency).</summary>
    public string SemanticVersion { get; private set; } = "";

    public QuestionnaireStatus Status { get; private set; }
    public string Title { get; private set; } = "";

    /// <summary>Canonical JSON (<see cref="QuestionnaireJson.Serialize"/>).</summary>
    public string DefinitionJson { get; private set; } = "";

    /// <summary>Set on publish: "sha256:..." of the content.</summary>
    public string? ContentHash { get; private set; }

    /// <summary>The shipped template this one was cloned from, if any ("key@version").</summary>
    public string? ClonedFrom { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    public DateTimeOffset? PublishedAt { get; private set; }
    public Guid? CreatedBy { get; private set; }

    /// <summary>Optimistic concurrency token.</summary>
    public int Version { get; set; }

    /// <summary>
    /// A new draft row from a definition (imported, cloned or typed). Whatever status the definition carried,
    /// the row starts as a draft: only <see cref="Publish"/> freezes it.
    /// </summary>
    public static Result<QuestionnaireTemplate> CreateDraft(QuestionnaireDefinition definition, Guid? createdBy, DateTimeOffset now, string? clonedFrom = null)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var draft = definition with { Status = QuestionnaireStatus.Draft, ContentHash = null };
        var errors = DefinitionValidator.Validate(draft);
        if (errors.Count > 0)
        {
            return Result<QuestionnaireTemplate>.Failure(errors);
        }

        if (draft.Id.Length > TemplateKeyMaxLength)
        {
            return Result<QuestionnaireTemplate>.Failure("$.id", $"the id must have at most {TemplateKeyMaxLength} characters");
        }

        var template = new QuestionnaireTemplate
        {
            Id = Ids.New(),
            TemplateKey = draft.Id,
            SemanticVersion = draft.Version.ToString(),
            CreatedAt = now,
            CreatedBy = createdBy,
            ClonedFrom = clonedFrom,
        };
        template.Store(draft, now);
        return Result<QuestionnaireTemplate>.Success(template);
    }

    /// <summary>The stored definition. The JSON was written by the serializer, so it always parses.</summary>
    public QuestionnaireDefinition Definition()
    {
        var parsed = QuestionnaireJson.Parse(DefinitionJson);
        return parsed.IsSuccess
            ? parsed.Value
            : throw new DomainException($"Stored template {TemplateKey} {SemanticVersion} no longer parses: {string.Join("; ", parsed.Errors)}");
    }

    /// <summary>Replaces the content of a draft. Refused for published and retired versions, and for a changed id or version.</summary>
    public Result<QuestionnaireTemplate> ReplaceDefinition(QuestionnaireDefinition replacement, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(replacement);
        if (Status != QuestionnaireStatus.Draft)
        {
            return Frozen();
        }

        var current = Definition();
        if (!string.Equals(replacement.Id, current.Id, StringComparison.Ordinal))
        {
            return Result<QuestionnaireTemplate>.Failure("$.id", $"the id must stay '{current.Id}'; import the file as a new template to use another id");
        }

        if (replacement.Version != current.Version)
        {
            return Result<QuestionnaireTemplate>.Failure("$.version", $"the version must stay {current.Version}; use \"Start a new version\" for another version");
        }

        var edited = current.Edit(_ => replacement with { Status = QuestionnaireStatus.Draft, ContentHash = null });
        if (edited.IsFailure)
        {
            return Result<QuestionnaireTemplate>.Failure(edited.Errors);
        }

        Store(edited.Value, now);
        return Result<QuestionnaireTemplate>.Success(this);
    }

    /// <summary>Runs every publish check (<see cref="QuestionnaireDefinition.Compile"/>) and freezes the version.</summary>
    public Result<QuestionnaireTemplate> Publish(DateTimeOffset now)
    {
        if (Status != QuestionnaireStatus.Draft)
        {
            return Result<QuestionnaireTemplate>.Failure("$.status", $"Version {SemanticVersion} is already {StatusName}; only a draft can be published.");
        }

        var published = Definition().Publish();
        if (published.IsFailure)
        {
            return Result<QuestionnaireTemplate>.Failure(published.Errors);
        }

        Store(published.Value, now);
        PublishedAt = now;
        return Result<QuestionnaireTemplate>.Success(this);
    }

    /// <summary>Withdraws a published version from new assessments.</summary>
    public Result<QuestionnaireTemplate> Retire(DateTimeOffset now)
    {
        if (Status != QuestionnaireStatus.Published)
        {
            return Result<QuestionnaireTemplate>.Failure("$.status", $"Version {SemanticVersion} is {StatusName}; only a published version can be retired.");
        }

        var retired = Definition().Retire();
        if (retired.IsFailure)
        {
            return Result<QuestionnaireTemplate>.Failure(retired.Errors);
        }

        Store(retired.Value, now);
        return Result<QuestionnaireTemplate>.Success(this);
    }

    /// <summary>A new draft row copying this version's content with a higher version (default: next minor).</summary>
    public Result<QuestionnaireTemplate> StartNewVersion(Questionnaires.SemanticVersion? version, Guid? createdBy, DateTimeOffset now)
    {
        var next = Definition().NewVersion(version);
        return next.IsFailure
            ? Result<QuestionnaireTemplate>.Failure(next.Errors)
            : CreateDraft(next.Value, createdBy, now, ClonedFrom);
    }

    public string StatusName => Status.ToString().ToLowerInvariant();

    private Result<QuestionnaireTemplate> Frozen() => Result<QuestionnaireTemplate>.Failure("$.status",
        $"Version {SemanticVersion} is {StatusName} and cannot be edited. Start a new version to make changes.");

    private void Store(QuestionnaireDefinition definition, DateTimeOffset now)
    {
        Status = definition.Status;
        Title = definition.Title.Length > TitleMaxLength ? definition.Title[..TitleMaxLength] : definition.Title;
        ContentHash = definition.ContentHash;
        DefinitionJson = QuestionnaireJson.Serialize(definition);
        UpdatedAt = now;
    }
}
