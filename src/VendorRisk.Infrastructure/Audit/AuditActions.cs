namespace VendorRisk.Infrastructure.Audit;

/// <summary>The action names written to the trail; auditors filter by them, so they never change.</summary>
public static class AuditActions
{
    public const string SignInSucceeded = "identity.sign-in.succeeded";
    public const string SignInFailed = "identity.sign-in.failed";
    public const string LockedOut = "identity.locked-out";
    public const string SignedOut = "identity.signed-out";
    public const string TwoFactorEnabled = "identity.2fa.enabled";
    public const string TwoFactorDisabled = "identity.2fa.disabled";
    public const string RecoveryCodesGenerated = "identity.2fa.recovery-codes-generated";
    public const string RecoveryCodeUsed = "identity.2fa.recovery-code-used";
    public const string PasswordResetRequested = "identity.password-reset.requested";
    public const string PasswordReset = "identity.password-reset.completed";
    public const string PasswordChanged = "identity.password.changed";
    public const string Reauthenticated = "identity.reauthenticated";
    public const string ReauthenticationFailed = "identity.reauthentication.failed";
    public const string SessionEnded = "identity.session.ended";
    public const string SignedOutEverywhere = "identity.signed-out-everywhere";
    public const string SecurityPolicyChanged = "tenant.security-policy.changed";
    public const string TenantCreated = "tenant.created";
    public const string InvitationSent = "tenant.invitation.sent";
    public const string InvitationAccepted = "tenant.invitation.accepted";
    public const string InvitationRevoked = "tenant.invitation.revoked";
    public const string RolesChanged = "tenant.member.roles-changed";
    public const string UserDisabled = "tenant.member.disabled";
    public const string SpecialismsChanged = "tenant.member.specialisms-changed";
    public const string UserEnabled = "tenant.member.enabled";
    /// <summary>A tenant admin ended every session of a member (ADR-049).</summary>
    public const string MemberSessionsEnded = "tenant.member.sessions-ended";
    /// <summary>A tenant admin reset a member's authenticator; the member enrols again at their next sign-in (ADR-049).</summary>
    public const string MemberAuthenticatorReset = "tenant.member.authenticator-reset";
    /// <summary>A signed-in member or token was refused (403) in the organisation; throttled (ADR-049).</summary>
    public const string AccessDenied = "security.access-denied";
    /// <summary>A request was refused by a rate limit (429); throttled (ADR-049).</summary>
    public const string RateLimited = "security.rate-limited";
    public const string OutboxRetried = "ops.outbox.retried";
    public const string OutboxRetriedInBulk = "ops.outbox.retried-in-bulk";
    public const string TemplateImported = "template.imported";
    public const string TemplateCloned = "template.cloned";
    public const string TemplateEdited = "template.edited";
    public const string TemplatePublished = "template.published";
    public const string TemplateVersionStarted = "template.version-started";
    public const string TemplateRetired = "template.retired";
    public const string AssessmentSent = "assessment.sent";
    public const string AssessmentCommented = "assessment.commented";
    public const string AssessmentNotApplicableAccepted = "assessment.not-applicable-accepted";
    public const string AssessmentClarificationRequested = "assessment.clarification-requested";
    public const string AssessmentReviewStarted = "assessment.review-started";
    public const string AssessmentCancelled = "assessment.cancelled";
    public const string AssessmentDecided = "assessment.decided";
    public const string AssessmentExpired = "assessment.expired";
    public const string EvidenceDownloaded = "assessment.evidence-downloaded";
    public const string VendorCreated = "vendor.created";
    public const string VendorUpdated = "vendor.updated";
    public const string VendorTiered = "vendor.tiered";
    public const string FindingRaised = "finding.raised";
    public const string FindingEdited = "finding.edited";
    public const string FindingClosed = "finding.closed";
    public const string FindingRiskAccepted = "finding.risk-accepted";
    public const string FindingReopened = "finding.reopened";
    public const string FindingRemediationProposed = "finding.remediation-proposed";
    public const string ApiTokenCreated = "api-token.created";
    public const string ApiTokenRevoked = "api-token.revoked";
    public const string AuditKeyRotated = "audit.key-rotated";
    public const string AuditSigningKeyRotated = "audit.signing-key-rotated";
}
