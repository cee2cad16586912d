using System.Globalization;
using System.Text;
using System.Text.Json;
using VendorRisk.Domain.Audit;

namespace VendorRisk.Infrastructure.Audit;

/// <summary>
/// A chain with its checkpoints as a file a tenant keeps and verifies offline, without any secret of the portal (ADR-036): JSON
/// lines, first a header with the checkpoint signing key's public half (and the history of signing keys, ADR-042), then every event with the fields its SHA-256 hash covers,
/// then the signed checkpoints. <c>tools/verify-audit.cs</c> recomputes each hash and link, checks each checkpoint's signature, and
/// that each checkpoint's event is in the file with the hash the checkpoint recorded. The rows' MACs are included for completeness;
/// only the portal can check them.
/// </summary>
public static class AuditChainBundle
{
    public const string Format = "vendorrisk-audit-chain/1";

    /// <summary>Plain JSON escaping (a quote as <c>\"</c>, not <c>\u0022</c>): the file is read by people and tools, never put in HTML.</summary>
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static byte[] Write(Guid chain, string name, IEnumerable<AuditEvent> eventsInSequenceOrder, IReadOnlyList<AuditCheckpoint> checkpoints,
        string publicKeyPem, string signerId, IReadOnlyList<AuditSigner> signers, DateTimeOffset exportedAt)
    {
        var text = new StringBuilder();
        void Line(object value) => text.Append(JsonSerializer.Serialize(value, Json)).Append('\n');
        Line(new
        {
            type = "header",
            format = Format,
            chain,
            name,
            exportedAt = exportedAt.ToString("O", CultureInfo.InvariantCulture),
            signer = signerId,
            publicKey = publicKeyPem,
            // Every signing key the portal has used, each after the first with its rotation statement signed by the key before it
            // and by itself (ADR-042): the verifier follows them from whichever key the tenant trusts.
            signers = signers.Select(s => new
            {
                signer = s.Id,
                publicKey = s.PublicKeyPem,
                sinceTicks = s.Since?.UtcTicks,
                since = s.Since?.ToString("O", CultureInfo.InvariantCulture),
                previous = s.Previous,
                endorsement = s.Endorsement,
                acceptance = s.Acceptance,
            }),
        });
        foreach (var e in eventsInSequenceOrder)
        {
            Line(new
            {
                type = "event",
                sequence = e.Sequence,
                tenantId = e.TenantId,
                occurredAtTicks = e.OccurredAt.UtcTicks,
                occurredAt = e.OccurredAt.ToString("O", CultureInfo.InvariantCulture),
                actorUserId = e.ActorUserId,
                actorName = e.ActorName,
                ipAddress = e.IpAddress,
                action = e.Action,
                entityType = e.EntityType,
                entityId = e.EntityId,
                detailsJson = e.DetailsJson,
                previousHash = e.PreviousHash,
                hash = e.Hash,
                keyId = e.KeyId,
                mac = e.Mac,
            });
        }
        foreach (var c in checkpoints) Line(CheckpointLine(c));
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>A checkpoint as one line of the bundle; the checkpoint e-mails carry the same line, which the verifier also takes.</summary>
    public static object CheckpointLine(AuditCheckpoint c) => new
    {
        type = "checkpoint",
        chain = c.Chain,
        sequence = c.Sequence,
        hash = c.Hash,
        atTicks = c.At.UtcTicks,
        at = c.At.ToString("O", CultureInfo.InvariantCulture),
        signer = c.Signer,
        signature = c.Signature,
    };

    public static string CheckpointLineJson(AuditCheckpoint c) => JsonSerializer.Serialize(CheckpointLine(c), Json);
}
