using VendorRisk.Domain.Common;
using VendorRisk.Domain.Tenancy;

namespace VendorRisk.Domain.Contracts;

/// <summary>
/// A contract with a vendor: its term, renewal and notice periods, value and the tenant user who owns it. Its
/// clauses become <see cref="Obligation"/>s; its documents are <see cref="ContractFile"/>s.
/// </summary>
public sealed class Contract : ITenantOwned, IVersioned
{
    public const int TitleMaxLength = 200;
    public const int ReferenceMaxLength = 100;
    public const int MaxPeriod = 1200;
    public const decimal MaxValue = 1_000_000_000_000m;

    private Contract() { }

    public Guid Id { get; private set; }
    public Guid TenantId { get; private set; }
    public Guid VendorId { get; private set; }
    public string Title { get; private set; } = "";
    /// <summary>The contract number both parties use, if any.</summary>
    public string? Reference { get; private set; }
    public DateOnly StartsOn { get; private set; }
    /// <summary>Null for an open-ended contract.</summary>
    public DateOnly? EndsOn { get; private set; }
    /// <summary>How long each automatic renewal runs; null when the contract does not renew itself.</summary>
    public int? RenewalPeriodMonths { get; private set; }
    /// <summary>How many days before the end notice must be given.</summary>
    public int? NoticePeriodDays { get; private set; }
    public decimal? Value { get; private set; }
    /// <summary>ISO 4217, e.g. EUR; set exactly when <see cref="Value"/> is.</summary>
    public string? Currency { get; private set; }
    public Guid OwnerUserId { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public int Version { get; set; }

    /// <summary>The last day to give notice, when the contract has an end and a notice period.</summary>
    public DateOnly? NoticeDeadline => EndsOn is { } end && NoticePeriodDays is { } days ? BusinessDates.AddDays(end, -days) : null;

    /// <summary>
    /// Whether the contract binds on <paramref name="day"/>: from its start to its end, and after the end as long as it
    /// renews itself (the model records no termination; a contract given notice is ended by setting its end and clearing the renewal).
    /// </summary>
    public bool InForceOn(DateOnly day) => StartsOn <= day && (EndsOn is not { } end || day <= end || RenewalPeriodMonths is not null);

    /// <summary>
    /// The contract's dates that fall between <paramref name="from"/> and <paramref name="to"/> (inclusive): each term's
    /// notice deadline, and each term's end (a renewal when the contract renews itself), in date order. A renewing contract
    /// has a term end every renewal period after its first end.
    /// </summary>
    public IReadOnlyList<ContractDeadline> DeadlinesBetween(DateOnly from, DateOnly to) =>
        DeadlinesBetween(EndsOn, RenewalPeriodMonths, NoticePeriodDays, from, to);

    /// <summary>The same for a projection of the three fields (queries select them without the entity).</summary>
    public static IReadOnlyList<ContractDeadline> DeadlinesBetween(DateOnly? endsOn, int? renewalPeriodMonths, int? noticePeriodDays,
        DateOnly from, DateOnly to)
    {
        var result = new List<ContractDeadline>();
        if (endsOn is not { } firstEnd || to < from) return result;
        var notice = noticePeriodDays ?? 0;
        var months = renewalPeriodMonths is > 0 ? renewalPeriodMonths.Value : 0;
        // Each term end is counted from the first end (no drift from month lengths). A renewal long before the window is
        // not walked term by term: start a term or two before it.
        var k = 0;
        if (months > 0)
        {
            var monthsBehind = (from.Year - firstEnd.Year) * 12 + from.Month - firstEnd.Month - (notice / 28 + 1);
            k = Math.Max(0, monthsBehind / months - 1);
        }
        for (var guard = 0; guard < 10_000; guard++, k++)
        {
            // Terms beyond the last representable day do not exist: stop there instead of overflowing.
            if (!BusinessDates.CanAddMonths(firstEnd, k * months)) break;
            var termEnd = firstEnd.AddMonths(k * months);
            var deadline = BusinessDates.AddDays(termEnd, -notice);
            if (deadline > to && termEnd > to) break;
            if (noticePeriodDays is not null && deadline >= from && deadline <= to)
                result.Add(new ContractDeadline(deadline, ContractDeadlineKind.NoticeDeadline, termEnd));
            if (termEnd >= from && termEnd <= to)
                result.Add(new ContractDeadline(termEnd, months == 0 ? ContractDeadlineKind.End : ContractDeadlineKind.Renewal, termEnd));
            if (months == 0) break;
        }
        result.Sort((a, b) => a.On.CompareTo(b.On));
        return result;
    }

    /// <summary>The first notice deadline on or after <paramref name="today"/> (of the current term, or of the next one once it has passed).</summary>
    public static ContractDeadline? NextNoticeDeadline(DateOnly? endsOn, int? renewalPeriodMonths, int? noticePeriodDays, DateOnly today)
    {
        if (endsOn is not { } end || noticePeriodDays is null) return null;
        var horizon = BusinessDates.AddDays(BusinessDates.AddMonths(end > today ? end : today, renewalPeriodMonths ?? 0), 1);
        return DeadlinesBetween(endsOn, renewalPeriodMonths, noticePeriodDays, today, horizon)
            .FirstOrDefault(d => d.Kind == ContractDeadlineKind.NoticeDeadline);
    }

    public static Contract Create(Guid vendorId, ContractTerms terms, Guid ownerUserId, DateTimeOffset now)
    {
        var contract = new Contract { Id = Ids.New(), VendorId = vendorId, CreatedAt = now };
        contract.Update(terms, ownerUserId);
        return contract;
    }

    public void Update(ContractTerms terms, Guid ownerUserId)
    {
        ArgumentNullException.ThrowIfNull(terms);
        if (string.IsNullOrWhiteSpace(terms.Title) || terms.Title.Trim().Length > TitleMaxLength)
            throw new DomainException($"The title must have 1 to {TitleMaxLength} characters.");
        var reference = string.IsNullOrWhiteSpace(terms.Reference) ? null : terms.Reference.Trim();
        if (reference is { Length: > ReferenceMaxLength })
            throw new DomainException($"The reference must have at most {ReferenceMaxLength} characters.");
        if (!BusinessDates.InRange(terms.StartsOn)) throw new DomainException(BusinessDates.OutOfRangeMessage("The start date"));
        if (terms.EndsOn is { } last && !BusinessDates.InRange(last)) throw new DomainException(BusinessDates.OutOfRangeMessage("The end date"));
        if (terms.EndsOn is { } end && end <= terms.StartsOn)
            throw new DomainException("The end date must be after the start date.");
        if (terms.RenewalPeriodMonths is < 1 or > MaxPeriod)
            throw new DomainException($"The renewal period must be between 1 and {MaxPeriod} months.");
        if (terms.NoticePeriodDays is < 0 or > MaxPeriod)
            throw new DomainException($"The notice period must be between 0 and {MaxPeriod} days.");
        if (terms.Value is < 0 or > MaxValue)
            throw new DomainException("The value cannot be negative.");
        var currency = string.IsNullOrWhiteSpace(terms.Currency) ? null : terms.Currency.Trim().ToUpperInvariant();
        if (currency is not null && (currency.Length != 3 || !currency.All(char.IsAsciiLetterUpper)))
            throw new DomainException("The currency must be a three-letter ISO code, such as EUR or USD.");
        if ((terms.Value is null) != (currency is null))
            throw new DomainException("Give the value together with its currency.");
        if (ownerUserId == Guid.Empty) throw new DomainException("Choose the contract's owner.");

        Title = terms.Title.Trim();
        Reference = reference;
        StartsOn = terms.StartsOn;
        EndsOn = terms.EndsOn;
        RenewalPeriodMonths = terms.RenewalPeriodMonths;
        NoticePeriodDays = terms.NoticePeriodDays;
        Value = terms.Value;
        Currency = currency;
        OwnerUserId = ownerUserId;
    }
}

public enum ContractDeadlineKind
{
    /// <summary>The last day to give notice before the term ends (and, for a renewing contract, renews).</summary>
    NoticeDeadline,
    /// <summary>The contract ends and does not renew itself.</summary>
    End,
    /// <summary>The term ends and the contract renews itself for another renewal period.</summary>
    Renewal,
}

/// <summary>A dated event of a contract's term: <paramref name="TermEndsOn"/> is the end of the term it belongs to.</summary>
public sealed record ContractDeadline(DateOnly On, ContractDeadlineKind Kind, DateOnly TermEndsOn)
{
    public string Describe() => Kind switch
    {
        ContractDeadlineKind.NoticeDeadline => "Notice deadline",
        ContractDeadlineKind.End => "Contract ends",
        _ => "Contract renews",
    };
}

/// <summary>The editable terms of a contract.</summary>
public sealed record ContractTerms(string Title, string? Reference, DateOnly StartsOn, DateOnly? EndsOn,
    int? RenewalPeriodMonths, int? NoticePeriodDays, decimal? Value, string? Currency);

/// <summary>
/// A file kept with a contract: the signed contract itself and its annexes, or the evidence that met one of its
/// obligations' occurrences. The bytes live in the evidence storage under a random key.
/// </summary>
public sealed class ContractFile : ITenantOwned
{
    public const int FileNameMaxLength = 200;

    private ContractFile() { }

    public Guid Id { get; private set; }
    public Guid TenantId { get; private set; }
    public Guid ContractId { get; private set; }
    /// <summary>Set when the file is evidence for an obligation occurrence.</summary>
    public Guid? OccurrenceId { get; private set; }
    public string FileName { get; private set; } = "";
    public string ContentType { get; private set; } = "";
    public long Length { get; private set; }
    public string Sha256 { get; private set; } = "";
    public string StorageKey { get; private set; } = "";
    public Guid UploadedByUserId { get; private set; }
    /// <summary>True when a vendor contact uploaded it through the portal.</summary>
    public bool UploadedByVendor { get; private set; }
    public DateTimeOffset UploadedAt { get; private set; }

    public static ContractFile Create(Guid contractId, Guid? occurrenceId, string safeFileName, string contentType, long length,
        string sha256, string storageKey, Guid uploadedBy, bool byVendor, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(safeFileName) || safeFileName.Length > FileNameMaxLength)
            throw new DomainException($"The file name must have 1 to {FileNameMaxLength} characters.");
        return new ContractFile
        {
            Id = Ids.New(), ContractId = contractId, OccurrenceId = occurrenceId, FileName = safeFileName, ContentType = contentType,
            Length = length, Sha256 = sha256, StorageKey = storageKey, UploadedByUserId = uploadedBy, UploadedByVendor = byVendor,
            UploadedAt = now,
        };
    }
}

/// <summary>
/// A reminder of a contract's notice deadline sent to its owner at one step ("30d", "7d", "1d"). Keyed by contract,
/// deadline and step (unique index): the job creates it once however often it runs, and a deadline that moves (new end
/// date, new notice period, the next renewal term) is a new key with reminders of its own.
/// </summary>
public sealed class ContractReminder : ITenantOwned
{
    public const int StepMaxLength = 20;
    public const string KindNotice = "notice";
    /// <summary>Days before a notice deadline at which the contract's owner is reminded.</summary>
    public static readonly IReadOnlyList<int> NoticePlan = [60, 30, 7, 1];

    private ContractReminder() { }

    public Guid Id { get; private set; }
    public Guid TenantId { get; private set; }
    public Guid ContractId { get; private set; }
    public string Kind { get; private set; } = "";
    public DateOnly DeadlineOn { get; private set; }
    public string Step { get; private set; } = "";
    public int Recipients { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }

    public static ContractReminder Create(Guid contractId, string kind, DateOnly deadlineOn, string step, int recipients, DateTimeOffset now) =>
        new() { Id = Ids.New(), ContractId = contractId, Kind = kind, DeadlineOn = deadlineOn, Step = step, Recipients = recipients, CreatedAt = now };
}
