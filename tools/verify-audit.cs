// Verifies a VendorRisk audit chain download offline, with no secret of the portal (ADR-036).
//
//   dotnet run tools/verify-audit.cs -- audit-chain.jsonl [--public-key audit-signing-key.pem ...] [--checkpoints mails.jsonl ...]
//
// Needs only the .NET 10 SDK. Checks, in order: every event's SHA-256 hash over its fields and the hash before it, and that the
// sequence has no gap; every checkpoint's ECDSA P-256 signature under the public key (give the key you received separately with
// --public-key; without it the key inside the file is used and its fingerprint printed, to compare with the one in the checkpoint
// e-mails); that every checkpoint's event is in the file with the hash the checkpoint recorded (a rewrite, a cut tail and a deleted
// chain all fail here). --checkpoints adds checkpoint lines kept elsewhere (e.g. copied from the e-mails). Exit code 0 = intact,
// 1 = tampered (the first bad event is named), 2 = the file cannot be read.
// Signing-key rotations (ADR-042): the header lists every signing key the portal used, each after the first with a statement
// "previous key -> this key" signed by both. A key is trusted when given with --public-key (repeatable) or linked by such a statement
// to a trusted key, so a key kept from an old e-mail vouches for today's and today's for the old ones; each checkpoint must be
// signed by the trusted key it names.
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

if (args.Length == 0 || args[0].StartsWith("--", StringComparison.Ordinal))
{
    Console.Error.WriteLine("Usage: dotnet run tools/verify-audit.cs -- <audit-chain.jsonl> [--public-key <pem>] [--checkpoints <jsonl> ...]");
    return 2;
}
var keyPaths = new List<string>();
var extraCheckpointFiles = new List<string>();
for (var i = 1; i < args.Length; i++)
{
    if (args[i] == "--public-key" && i + 1 < args.Length) keyPaths.Add(args[++i]);
    else if (args[i] == "--checkpoints" && i + 1 < args.Length) extraCheckpointFiles.Add(args[++i]);
    else { Console.Error.WriteLine($"Unknown argument: {args[i]}"); return 2; }
}

JsonElement? header = null;
var events = new List<JsonElement>();
var checkpoints = new List<JsonElement>();
void ReadLines(string path, bool checkpointsOnly)
{
    var number = 0;
    foreach (var line in File.ReadLines(path))
    {
        number++;
        if (string.IsNullOrWhiteSpace(line)) continue;
        JsonElement e;
        try { e = JsonDocument.Parse(line).RootElement; }
        catch (JsonException) { throw new InvalidDataException($"{path} line {number} is not JSON."); }
        var type = e.TryGetProperty("type", out var t) ? t.GetString() : null;
        if (type == "checkpoint") checkpoints.Add(e);
        else if (checkpointsOnly) continue;
        else if (type == "event") events.Add(e);
        else if (type == "header") header = e;
        else throw new InvalidDataException($"{path} line {number} has an unknown type.");
    }
}
try
{
    ReadLines(args[0], checkpointsOnly: false);
    foreach (var file in extraCheckpointFiles) ReadLines(file, checkpointsOnly: true);
    if (header is null || header.Value.GetProperty("format").GetString() != "vendorrisk-audit-chain/1")
        throw new InvalidDataException("The file is not a VendorRisk audit chain (vendorrisk-audit-chain/1).");
}
catch (Exception e) when (e is IOException or InvalidDataException or KeyNotFoundException or UnauthorizedAccessException)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

var chain = header.Value.GetProperty("chain").GetGuid();
static string? Str(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null ? v.ToString() : null;
static ECDsa Key(string pem)
{
    var key = ECDsa.Create();
    key.ImportFromPem(pem);
    return key;
}
static string Fingerprint(ECDsa key) => Convert.ToHexString(SHA256.HashData(key.ExportSubjectPublicKeyInfo()))[..16].ToLowerInvariant();

// The trusted checkpoint keys, by fingerprint: those given, or else the file's current one (said so below).
var trusted = new Dictionary<string, ECDsa>(StringComparer.Ordinal);
try
{
    foreach (var key in keyPaths.Count == 0 ? [Key(header.Value.GetProperty("publicKey").GetString()!)] : keyPaths.Select(p => Key(File.ReadAllText(p))))
        trusted[Fingerprint(key)] = key;
}
catch (Exception e) when (e is IOException or ArgumentException or CryptographicException or UnauthorizedAccessException)
{
    Console.Error.WriteLine($"The public key cannot be read: {e.Message}");
    return 2;
}
Console.WriteLine($"Chain {chain} ({header.Value.GetProperty("name").GetString()}), {events.Count} events, {checkpoints.Count} checkpoints.");
Console.WriteLine(keyPaths.Count == 0
    ? $"Checkpoint key {trusted.Keys.Single()} taken from the file: compare it with the fingerprint in your checkpoint e-mails, or pass --public-key."
    : $"Checkpoint key(s) {string.Join(", ", trusted.Keys)} from {string.Join(", ", keyPaths)}.");

// Rotations: each statement signed by the key before and the key after links the two; trust flows along valid links both ways.
var history = new Dictionary<string, (ECDsa Key, JsonElement Entry)>(StringComparer.Ordinal);
if (header.Value.TryGetProperty("signers", out var signers) && signers.ValueKind == JsonValueKind.Array)
{
    foreach (var entry in signers.EnumerateArray())
    {
        try
        {
            var key = Key(Str(entry, "publicKey") ?? "");
            if (Fingerprint(key) == Str(entry, "signer")) history[Fingerprint(key)] = (key, entry);
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException) { }
    }
}
var links = new List<(string From, string To)>();
foreach (var (id, (key, entry)) in history)
{
    if (Str(entry, "previous") is not { } from || !history.TryGetValue(from, out var before)) continue;
    if (Str(entry, "sinceTicks") is not { } since || Str(entry, "endorsement") is not { } endorsement || Str(entry, "acceptance") is not { } acceptance) continue;
    var statement = Encoding.UTF8.GetBytes($"vendorrisk-audit-signer/1|{from}|{id}|{Convert.ToBase64String(key.ExportSubjectPublicKeyInfo())}|{since}");
    try
    {
        if (before.Key.VerifyData(statement, Convert.FromBase64String(endorsement), HashAlgorithmName.SHA256)
            && key.VerifyData(statement, Convert.FromBase64String(acceptance), HashAlgorithmName.SHA256))
            links.Add((from, id));
        else Console.WriteLine($"Warning: the rotation from key {from} to key {id} is not signed by both: key {id} is not trusted through it.");
    }
    catch (FormatException) { }
}
// A key has at most one successor: a second one is a history made up with a stolen retired key.
if (links.GroupBy(l => l.From).FirstOrDefault(g => g.Count() > 1) is { } fork)
{
    Console.WriteLine($"TAMPERED: the signing key history forks at key {fork.Key} (successors {string.Join(", ", fork.Select(l => l.To))}).");
    return 1;
}
for (var grew = true; grew;)
{
    grew = false;
    foreach (var (from, to) in links)
    {
        if (trusted.ContainsKey(from) == trusted.ContainsKey(to)) continue;
        var add = trusted.ContainsKey(from) ? to : from;
        trusted[add] = history[add].Key;
        Console.WriteLine($"Checkpoint key {add} trusted through the signed rotation {from} -> {to}.");
        grew = true;
    }
}

int Fail(string message)
{
    Console.WriteLine($"TAMPERED: {message}");
    return 1;
}

// 1. The chain: each event's hash over its own fields and the hash before it (the same text as AuditEvent.ComputeHash).
var hashes = new Dictionary<long, string>();
long expected = 1;
var previous = "";
foreach (var e in events)
{
    var sequence = e.GetProperty("sequence").GetInt64();
    if (sequence != expected) return Fail($"event {expected} is missing: the chain jumps from {expected - 1} to {sequence}.");
    var text = new StringBuilder();
    void Add(string? value) => text.Append(value?.Length ?? -1).Append(':').Append(value).Append('|');
    Add(sequence.ToString(CultureInfo.InvariantCulture));
    Add(e.GetProperty("tenantId").GetGuid().ToString("D"));
    Add(e.GetProperty("occurredAtTicks").GetInt64().ToString(CultureInfo.InvariantCulture));
    Add(Str(e, "actorUserId") is { } actor ? Guid.Parse(actor).ToString("D") : null);
    Add(Str(e, "actorName"));
    Add(Str(e, "ipAddress"));
    Add(Str(e, "action"));
    Add(Str(e, "entityType"));
    Add(Str(e, "entityId"));
    Add(Str(e, "detailsJson"));
    Add(Str(e, "previousHash"));
    var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    if (Str(e, "previousHash") != previous) return Fail($"event {sequence} does not link to the event before it.");
    if (hash != Str(e, "hash")) return Fail($"event {sequence} was changed: its content does not give its hash.");
    hashes[sequence] = hash;
    previous = hash;
    expected++;
}
var last = expected - 1;

// 2. The checkpoints: each signed by the portal's checkpoint key, each agreeing with the events.
long anchored = 0;
foreach (var c in checkpoints.OrderBy(c => c.GetProperty("sequence").GetInt64()))
{
    var sequence = c.GetProperty("sequence").GetInt64();
    var hash = Str(c, "hash") ?? "";
    var at = Str(c, "at");
    if (c.GetProperty("chain").GetGuid() != chain) continue;
    var signed = $"vendorrisk-audit-checkpoint/1|{chain:D}|{sequence.ToString(CultureInfo.InvariantCulture)}|{hash}|{c.GetProperty("atTicks").GetInt64().ToString(CultureInfo.InvariantCulture)}";
    var signer = Str(c, "signer");
    var keys = signer is null ? trusted.Values.ToList() : trusted.TryGetValue(signer, out var named) ? [named] : [];
    bool valid;
    try { valid = Str(c, "signature") is { } s && keys.Any(k => k.VerifyData(Encoding.UTF8.GetBytes(signed), Convert.FromBase64String(s), HashAlgorithmName.SHA256)); }
    catch (FormatException) { valid = false; }
    if (!valid) return Fail($"the checkpoint of {at} (event {sequence}) is not signed by a trusted checkpoint key (it names {signer ?? "no key"}; trusted: {string.Join(", ", trusted.Keys)}).");
    if (!hashes.TryGetValue(sequence, out var stored))
        return Fail(last == 0
            ? $"the chain was deleted: the checkpoint of {at} recorded {sequence} events and the file has none."
            : $"events {last + 1} to {sequence} were removed: the checkpoint of {at} recorded event {sequence}, and the chain ends at {last}.");
    if (stored != hash)
        return Fail($"the chain was rewritten between event {anchored + 1} and event {sequence}: event {sequence} no longer has the hash the checkpoint of {at} recorded.");
    anchored = sequence;
}

Console.WriteLine(anchored == 0
    ? $"INTACT, but no checkpoint anchors it: events 1 to {last} are linked, and nothing outside the file vouches for them."
    : anchored == last
        ? $"INTACT: events 1 to {last} are linked and the last checkpoint vouches for event {anchored}."
        : $"INTACT: events 1 to {last} are linked; checkpoints vouch for events 1 to {anchored}, later ones are not yet anchored.");
return 0;
