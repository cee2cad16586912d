using VendorRisk.Domain.Common;
using VendorRisk.Domain.Tenancy;

namespace VendorRisk.Domain.Evidence;

/// <summary>Where a reviewer's examination of a piece of evidence stands. Stored by name: never rename a member.</summary>
public enum EvidenceReview
{
    /// <summary>Uploaded; no reviewer has examined it yet.</summary>
    Pending,
    Accepted,
    /// <summary>A reviewer refused it, with a reason the vendor sees; it backs nothing.</summary>
    Rejected,
}

/// <summary>
/// One document a vendor supplied (a SOC 2 report, a certificate, a pen-test report, a policy…): the file, what it is, the dates it
/// speaks for, who issued it and what it covers, and the reviewer's verdict. It belongs to the vendor, not to one assessment: questions of
/// several assessments link it (<see cref="Assessments.EvidenceFile"/>) while it is valid. Validity runs from the document's own dates
/// (<see cref="DocumentDate"/>, <see cref="ValidUntil"/>), never from the upload (ADR-025).
/// </summary>
public sealed class EvidenceRecord : ITenantOwned, IVersioned
{
    public const int FileNameMaxLength = 200;
    public const int IssuerMaxLength = 200;
    public const int ScopeMaxLength = 500;
    public const int ReasonMaxLength = 1000;

    private EvidenceRecord() { }

    public Guid Id { get; private set; }
    public Guid TenantId { get; private set; }
    public Guid VendorId { get; private set; }
    public EvidenceKind Kind { get; private set; }
    /// <summary>The name shown and used on download, already made safe.</summary>
    public string FileName { get; private set; } = "";
    public string ContentType { get; private set; } = "";
    public long Length { get; private set; }
    public string Sha256 { get; private set; } = "";
    /// <summary>A random name in file storage, unrelated to the uploaded name.</summary>
    public string StorageKey { get; private set; } = "";
    /// <summary>The date of the document: a certificate's issue date, a report's or test's date.</summary>
    public DateOnly DocumentDate { get; private set; }
    /// <summary>The certificate's expiry or the last day of the period the document covers; null when it states none.</summary>
    public DateOnly? ValidUntil { get; private set; }
    /// <summary>Who issued it: the audit firm, certification body, pen-test company, or the vendor itself.</summary>
    public string? Issuer { get; private set; }
    /// <summary>What it covers (systems, sites, services), in the vendor's words.</summary>
    public string? Scope { get; private set; }
    public Guid UploadedByUserId { get; private set; }
    public DateTimeOffset UploadedAt { get; private set; }
    /// <summary>Uploaded by the vendor (portal), or by a member of the organisation (vendor record).</summary>
    public bool ByVendor { get; private set; }
    /// <summary>The rejected record this one replaces, if the vendor uploaded it as a replacement.</summary>
    public Guid? ReplacesId { get; private set; }
    public EvidenceReview Review { get; private set; }
    public Guid? ReviewedByUserId { get; private set; }
    public DateTimeOffset? ReviewedAt { get; private set; }
    /// <summary>Why a reviewer rejected it; shown to the vendor.</summary>
    public string? RejectionReason { get; private set; }
    /// <summary>
    /// The reviewer confirmed the attestation with its issuer (the certification body's register, the auditor's confirmation). Only on an
    /// accepted independent attestation (<see cref="IsIndependentAttestation"/>); this is what "independently verified" means.
    /// </summary>
    public bool IssuerChecked { get; private set; }
    public int Version { get; set; }

    /// <summary>Kinds issued by an independent party (an auditor or accredited certification body), which a check with the issuer can verify.</summary>
    public static bool IsIndependentAttestation(EvidenceKind kind) => kind is EvidenceKind.Soc2Type2 or EvidenceKind.Soc2Type1
        or EvidenceKind.Iso27001Certificate or EvidenceKind.Iso42001Certificate or EvidenceKind.OtherCertificate;

    /// <summary>
    /// What is wrong with the dates and texts a vendor entered, as (field, message) pairs; empty when they are fine. The field names are
    /// <c>DocumentDate</c>, <c>ValidUntil</c>, <c>Issuer</c> and <c>Scope</c>.
    /// </summary>
    public static IReadOnlyList<(string Field, string Message)> Check(DateOnly? documentDate, DateOnly? validUntil, string? issuer, string? scope,
        DateOnly today)
    {
        var errors = new List<(string, string)>();
        if (documentDate is not { } date) errors.Add(("DocumentDate", "Give the date of the document (issue date of a certificate, date of a report)."));
        else if (!BusinessDates.InRange(date)) errors.Add(("DocumentDate", BusinessDates.OutOfRangeMessage("The document date")));
        else if (date > today) errors.Add(("DocumentDate", "The document date cannot be in the future."));
        if (validUntil is { } until)
        {
            if (!BusinessDates.InRange(until)) errors.Add(("ValidUntil", BusinessDates.OutOfRangeMessage("The expiry or period end")));
            else if (documentDate is { } d && until < d) errors.Add(("ValidUntil", "The expiry or period end cannot be before the document date."));
        }
        if (issuer?.Trim().Length > IssuerMaxLength) errors.Add(("Issuer", $"Use at most {IssuerMaxLength} characters."));
        if (scope?.Trim().Length > ScopeMaxLength) errors.Add(("Scope", $"Use at most {ScopeMaxLength} characters."));
        return errors;
    }

    public static EvidenceRecord Create(Guid vendorId, EvidenceKind kind, string safeFileName, string contentType, long length, string sha256,
        string storageKey, DateOnly documentDate, DateOnly? validUntil, string? issuer, string? scope, Guid uploadedBy, bool byVendor,
        DateTimeOffset now, Guid? replacesId = null)
    {
        if (Check(documentDate, validUntil, issuer, scope, DateOnly.FromDateTime(now.UtcDateTime)) is [var first, ..])
            throw new DomainException(first.Message);
        if (string.IsNullOrWhiteSpace(safeFileName) || safeFileName.Length > FileNameMaxLength)
            throw new DomainException($"The file name must have 1 to {FileNameMaxLength} characters.");
        return new EvidenceRecord
        {
            Id = Ids.New(), VendorId = vendorId, Kind = kind, FileName = safeFileName, ContentType = contentType, Length = length, Sha256 = sha256,
            StorageKey = storageKey, DocumentDate = documentDate, ValidUntil = validUntil, Issuer = Blank(issuer), Scope = Blank(scope),
            UploadedByUserId = uploadedBy, UploadedAt = now, ByVendor = byVendor, ReplacesId = replacesId, Review = EvidenceReview.Pending,
        };
    }

    /// <summary>A reviewer accepts the document; <paramref name="issuerChecked"/> only for an independent attestation.</summary>
    public void Accept(Guid reviewer, bool issuerChecked, DateTimeOffset now)
    {
        if (Review == EvidenceReview.Accepted && IssuerChecked == issuerChecked) throw new DomainException("This document is already accepted.");
        if (issuerChecked && !IsIndependentAttestation(Kind))
            throw new DomainException($"A {Kind.Label()} is not issued by an independent party; only certificates and audit reports can be checked with their issuer.");
        Review = EvidenceReview.Accepted;
        IssuerChecked = issuerChecked;
        RejectionReason = null;
        ReviewedByUserId = reviewer;
        ReviewedAt = now;
    }

    /// <summary>A reviewer rejects the document with a reason the vendor will read.</summary>
    public void Reject(Guid reviewer, string reason, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(reason) || reason.Trim().Length > ReasonMaxLength)
            throw new DomainException($"Give the reason for rejecting it (1 to {ReasonMaxLength} characters): the vendor reads it.");
        if (Review == EvidenceReview.Rejected) throw new DomainException("This document is already rejected.");
        Review = EvidenceReview.Rejected;
        IssuerChecked = false;
        RejectionReason = reason.Trim();
        ReviewedByUserId = reviewer;
        ReviewedAt = now;
    }

    /// <summary>
    /// Whether the document backs an answer on <paramref name="day"/>: not rejected, dated on or before it, not past its own expiry or period
    /// end, and (when the question sets <paramref name="validityDays"/>) no older than that many days from its document date.
    /// </summary>
    public bool IsValidOn(DateOnly day, int? validityDays) => IsValidOn(Review, DocumentDate, ValidUntil, day, validityDays);

    /// <summary>The same rule from the stored columns (for projections).</summary>
    public static bool IsValidOn(EvidenceReview review, DateOnly documentDate, DateOnly? validUntil, DateOnly day, int? validityDays) =>
        review != EvidenceReview.Rejected && documentDate <= day && (validUntil is not { } until || day <= until)
        && (validityDays is not { } days || BusinessDates.AddDays(documentDate, days) >= day);

    /// <summary>The last day the document backs an answer to a question with <paramref name="validityDays"/>; null when it never lapses.</summary>
    public static DateOnly? LastValidDay(DateOnly documentDate, DateOnly? validUntil, int? validityDays)
    {
        DateOnly? byDays = validityDays is { } days ? BusinessDates.AddDays(documentDate, days) : null;
        return (byDays, validUntil) switch
        {
            ({ } a, { } b) => a < b ? a : b,
            ({ } a, null) => a,
            (null, var b) => b,
        };
    }

    public static string Describe(EvidenceReview review) => review switch
    {
        EvidenceReview.Pending => "Waiting for review",
        EvidenceReview.Accepted => "Accepted",
        _ => "Rejected",
    };

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
