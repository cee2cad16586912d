using System.Diagnostics;
using System.Net;
using AngleSharp.Html.Parser;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using VendorRisk.Application.AuditTrail;
using VendorRisk.Domain.Audit;
using VendorRisk.Domain.Tenancy;
using VendorRisk.Infrastructure.Audit;
using VendorRisk.Infrastructure.Persistence;
using VendorRisk.IntegrationTests.Architecture;
using VendorRisk.IntegrationTests.Infrastructure;
using VendorRisk.IntegrationTests.Security;
using VendorRisk.Web;

namespace VendorRisk.IntegrationTests.Audit;

/// <summary>
/// Issue 16, V5 completed (ADR-036): every row is keyed (HMAC under a key outside the database, its id on the row, rotated by a
/// command), checkpoints are signed with a key pair, copied to the tenant admins by e-mail, and checked by the verifier (page, operator
/// page, CLI); a tenant downloads its chain and verifies it offline with the documented command.
/// </summary>
public sealed class AuditKeyedChainTests(VendorRiskApp app) : IClassFixture<VendorRiskApp>
{
    [Fact]
    public async Task A_full_re_hash_forgery_after_the_last_checkpoint_is_named_at_the_edited_row()
    {
        var tenant = await TenantWithEventsAsync(6);
        await CheckpointAsync();
        await MoreEventsAsync(tenant, 3); // events 8..10: after the last checkpoint, where ADR-022 had only the unkeyed chain

        await app.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            await db.Database.ExecuteSqlRawAsync("""UPDATE "AuditEvents" SET "DetailsJson" = {0} WHERE "TenantId" = {1} AND "Sequence" = 9""", "{\"n\":999}", tenant.Id);
            await ReHashAsync(db, tenant.Id);
        }, tenant.Id);

        var events = await app.InDbAsync(db => db.AuditEvents.AsNoTracking().OrderBy(e => e.Sequence).ToListAsync(), tenant.Id);
        var head = await app.InDbAsync(db => db.AuditChainHeads.AsNoTracking().SingleAsync(), tenant.Id);
        Assert.True(AuditChainVerifier.Verify(events, head).IsIntact, "The forgery must fool the unkeyed chain, or this test shows nothing.");
        // Before the fix (ADR-022): the checkpoint at event 7 still agreed, so the rewrite of event 9 verified as intact.

        var result = await VerifyAsync(tenant.Id);
        Assert.False(result.IsIntact);
        Assert.Equal(9, result.FirstBadSequence);
        Assert.Contains("Event 9", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stripping_the_keyed_hashes_to_pass_rows_off_as_older_than_keying_is_named_at_the_first_stripped_row()
    {
        // The first start of this installation keyed the rows older than keying (none here) and marked the key folder.
        await app.InScopeAsync(sp => sp.GetRequiredService<AuditCheckpointJob>().SealLegacyRowsAsync(CancellationToken.None));
        var tenant = await TenantWithEventsAsync(4);
        await app.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            await db.Database.ExecuteSqlRawAsync("""UPDATE "AuditEvents" SET "KeyId" = NULL, "Mac" = NULL, "DetailsJson" = {1} WHERE "TenantId" = {0} AND "Sequence" >= 3""", tenant.Id, "{}");
            await ReHashAsync(db, tenant.Id);
            // The start-up keying of old rows runs once per installation; it has run, so it keys nothing now.
            Assert.Equal(0, await sp.GetRequiredService<AuditCheckpointJob>().SealLegacyRowsAsync(CancellationToken.None));
        }, tenant.Id);

        var result = await VerifyAsync(tenant.Id);
        Assert.False(result.IsIntact);
        Assert.Equal(3, result.FirstBadSequence);
        Assert.Contains("no keyed hash", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task After_a_key_rotation_new_rows_use_the_new_key_and_old_rows_still_verify_with_theirs()
    {
        var tenant = await TenantWithEventsAsync(2);
        var keys = app.Services.GetRequiredService<AuditKeyRing>();
        var before = keys.Active.Id;

        var output = new StringWriter();
        Assert.Equal(0, await AuditCommands.RunAsync(app.Services, ["audit-keys", "rotate"], output));
        var after = keys.Active.Id;
        Assert.NotEqual(before, after);
        Assert.Contains(after, output.ToString(), StringComparison.Ordinal);
        await MoreEventsAsync(tenant, 2);

        var keyIds = await app.InDbAsync(db => db.AuditEvents.OrderBy(e => e.Sequence).Select(e => e.KeyId).ToListAsync(), tenant.Id);
        Assert.Equal([before, before, before, after, after], keyIds);
        Assert.True((await VerifyAsync(tenant.Id)).IsIntact);
        // The rotation itself is on the platform chain.
        Assert.True(await app.InDbAsync(db => db.AuditEvents.AnyAsync(e => e.Action == AuditActions.AuditKeyRotated && e.EntityId == after)));
    }

    [Fact]
    public async Task A_row_naming_a_key_the_portal_does_not_hold_is_reported()
    {
        var tenant = await TenantWithEventsAsync(2);
        await app.InDbAsync(db => db.Database.ExecuteSqlRawAsync("""UPDATE "AuditEvents" SET "KeyId" = 'made-up' WHERE "TenantId" = {0} AND "Sequence" = 2""", tenant.Id));

        var result = await VerifyAsync(tenant.Id);
        Assert.False(result.IsIntact);
        Assert.Equal(2, result.FirstBadSequence);
        Assert.Contains("made-up", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rows_written_before_keyed_hashing_are_keyed_once_when_their_chain_verifies()
    {
        var tenant = await TenantWithEventsAsync(3);
        var ring = new AuditKeyRing(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [AuditKeyRing.KeyFolderSetting] = Path.Combine(app.DataFolder, "upgrade-keys-" + Guid.NewGuid().ToString("N")),
        }).Build(), app.Services.GetRequiredService<Microsoft.Extensions.Hosting.IHostEnvironment>());
        await app.InDbAsync(db => db.Database.ExecuteSqlRawAsync("""UPDATE "AuditEvents" SET "KeyId" = NULL, "Mac" = NULL WHERE "TenantId" = {0}""", tenant.Id));
        Assert.Contains("no keyed hash", (await VerifyAsync(tenant.Id)).Message, StringComparison.Ordinal);

        var keyed = await app.InScopeAsync(sp => new AuditVerifier(sp.GetRequiredService<AppDbContext>(), sp.GetRequiredService<VendorRisk.Infrastructure.Tenancy.TenantContext>(),
            sp.GetRequiredService<AuditAnchors>(), ring).SealLegacyRowsAsync(), tenant.Id);

        Assert.Equal(4, keyed);
        Assert.All(await app.InDbAsync(db => db.AuditEvents.Select(e => e.KeyId).ToListAsync(), tenant.Id), id => Assert.Equal(ring.Active.Id, id));
    }

    [Fact]
    public async Task The_command_line_verifier_names_each_tampered_chain_a_deleted_tenant_s_chain_and_the_platform_chain()
    {
        var rewritten = await TenantWithEventsAsync(5);
        var truncated = await TenantWithEventsAsync(5);
        var deleted = await TenantWithEventsAsync(2);
        await PlatformEventsAsync(3);
        await CheckpointAsync();

        await app.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            await db.Database.ExecuteSqlRawAsync("""UPDATE "AuditEvents" SET "EntityId" = 'forged' WHERE "TenantId" = {0} AND "Sequence" = 4""", rewritten.Id);
            await ReHashAsync(db, rewritten.Id);
        }, rewritten.Id);
        await app.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            await db.Database.ExecuteSqlRawAsync("""DELETE FROM "AuditEvents" WHERE "TenantId" = {0} AND "Sequence" > 3""", truncated.Id);
            var last = await db.AuditEvents.AsNoTracking().SingleAsync(e => e.Sequence == 3);
            await db.AuditChainHeads.ExecuteUpdateAsync(s => s.SetProperty(h => h.Sequence, 3L).SetProperty(h => h.Hash, last.Hash));
        }, truncated.Id);
        await app.InDbAsync(async db =>
        {
            // The whole chain, its head and the tenant itself: nothing in the database says it existed.
            await db.Database.ExecuteSqlRawAsync("""DELETE FROM "AuditEvents" WHERE "TenantId" = {0}""", deleted.Id);
            await db.Database.ExecuteSqlRawAsync("""DELETE FROM "AuditChainHeads" WHERE "TenantId" = {0}""", deleted.Id);
            await db.Database.ExecuteSqlRawAsync("""DELETE FROM "Memberships" WHERE "TenantId" = {0}""", deleted.Id);
            return await db.Database.ExecuteSqlRawAsync("""DELETE FROM "Tenants" WHERE "Id" = {0}""", deleted.Id);
        });
        await app.InDbAsync(db => db.Database.ExecuteSqlRawAsync("""UPDATE "AuditEvents" SET "IpAddress" = '10.9.9.9' WHERE "TenantId" = {0} AND "Sequence" = 2""", Guid.Empty));

        var output = new StringWriter();
        var exit = await AuditCommands.RunAsync(app.Services, ["verify-audit"], output);

        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(1, exit);
        Assert.Contains(lines, l => l.StartsWith($"TAMPERED {rewritten.Id}", StringComparison.Ordinal) && l.Contains("at event 4", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith($"TAMPERED {truncated.Id}", StringComparison.Ordinal) && l.Contains("at event 4", StringComparison.Ordinal) && l.Contains("removed", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith($"TAMPERED {deleted.Id}", StringComparison.Ordinal) && l.Contains("deleted", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith($"TAMPERED {Guid.Empty}", StringComparison.Ordinal) && l.Contains("at event 2", StringComparison.Ordinal));

        // The same results on the operators' page.
        var page = await new HtmlParser().ParseDocumentAsync(await (await app.OperatorClientAsync()).GetStringAsync("/ops/audit"));
        Assert.Equal("2", page.QuerySelector($"tr[data-chain='{Guid.Empty}']")!.GetAttribute("data-first-bad-sequence"));
        Assert.Equal("4", page.QuerySelector($"tr[data-chain='{rewritten.Id}']")!.GetAttribute("data-first-bad-sequence"));
        Assert.Equal("false", page.QuerySelector($"tr[data-chain='{deleted.Id}']")!.GetAttribute("data-intact"));
        var tenantAdmin = await SignedInAsync(rewritten);
        Assert.NotEqual(HttpStatusCode.OK, (await tenantAdmin.GetAsync("/ops/audit")).StatusCode);
    }

    [Fact]
    public async Task Checkpoints_are_e_mailed_to_the_tenant_admins_once_a_day_with_the_signed_line()
    {
        var tenant = await TenantWithEventsAsync(2);
        var admin = await app.CreateMemberAsync(tenant, TenantRoles.TenantAdmin);
        await app.CreateMemberAsync(tenant, TenantRoles.Reviewer);
        await CheckpointAsync();
        await MoreEventsAsync(tenant, 1);
        await CheckpointAsync();

        var mails = await app.InDbAsync(db => db.OutboxMessages.Where(m => m.Kind == AuditCheckpointMail.Kind && m.TenantId == tenant.Id)
            .ToListAsync());
        var mail = Assert.Single(mails);
        Assert.Equal(admin.Email, mail.ToAddress);
        var line = (await app.InScopeAsync(sp => sp.GetRequiredService<AuditAnchors>().ReadAsync(tenant.Id, CancellationToken.None))).Checkpoints[0];
        Assert.Contains(AuditChainBundle.CheckpointLineJson(line), app.BodyOf(mail).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_downloaded_chain_spanning_key_rotations_verifies_offline_with_the_documented_command_and_a_tampered_download_does_not()
    {
        var tenant = await TenantWithEventsAsync(2);
        await CheckpointAsync(); // at event 3, signed by the key the tenant kept then
        var client = await SignedInAsync(tenant);
        var folder = Directory.CreateDirectory(Path.Combine(app.DataFolder, "offline-" + Guid.NewGuid().ToString("N"))).FullName;
        var oldKeyFile = Path.Combine(folder, "audit-signing-key-old.pem");
        await File.WriteAllTextAsync(oldKeyFile, await client.GetStringAsync($"/t/{tenant.Slug}/audit?handler=SigningKey"));
        // Both keys rotated (ADR-042): events 4 to 6 under a new row key, the checkpoint at event 5 signed by a new signing key.
        Assert.Equal(0, await AuditCommands.RunAsync(app.Services, ["audit-keys", "rotate"], new StringWriter()));
        Assert.Equal(0, await AuditCommands.RunAsync(app.Services, ["audit-keys", "rotate-signing"], new StringWriter()));
        await MoreEventsAsync(tenant, 2);
        await CheckpointAsync(); // at event 5
        await MoreEventsAsync(tenant, 1);

        var download = await client.GetAsync($"/t/{tenant.Slug}/audit?handler=Chain");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        var key = await client.GetStringAsync($"/t/{tenant.Slug}/audit?handler=SigningKey");
        Assert.NotEqual(await File.ReadAllTextAsync(oldKeyFile), key);
        var chainFile = Path.Combine(folder, "audit-chain.jsonl");
        var keyFile = Path.Combine(folder, "audit-signing-key.pem");
        await File.WriteAllBytesAsync(chainFile, await download.Content.ReadAsByteArrayAsync());
        await File.WriteAllTextAsync(keyFile, key);
        var lines = await File.ReadAllLinesAsync(chainFile);
        Assert.Contains(@"\""n\"":2", lines[3], StringComparison.Ordinal);

        // The tampered copies, each checked below.
        var edited = Path.Combine(folder, "edited.jsonl"); // an edited event (the fourth line is event 3)
        await File.WriteAllLinesAsync(edited, lines.Select((l, i) => i == 3 ? l.Replace(@"\""n\"":2", @"\""n\"":7", StringComparison.Ordinal) : l));
        var cut = Path.Combine(folder, "cut.jsonl"); // the tail cut: events 4 to 6 gone
        await File.WriteAllLinesAsync(cut, lines.Where(l => !(l.Contains("\"type\":\"event\"", StringComparison.Ordinal)
            && (l.Contains("\"sequence\":4,", StringComparison.Ordinal) || l.Contains("\"sequence\":5,", StringComparison.Ordinal) || l.Contains("\"sequence\":6,", StringComparison.Ordinal)))));
        var forgedCheckpoint = Path.Combine(folder, "forged.jsonl"); // a checkpoint re-signed with another key than the portal's published one
        await File.WriteAllLinesAsync(forgedCheckpoint, lines.Select(l => l.Contains("\"type\":\"checkpoint\"", StringComparison.Ordinal)
            ? System.Text.RegularExpressions.Regex.Replace(l, "\"signature\":\"[^\"]+\"", "\"signature\":\"AAAA\"") : l));

        // The first run compiles the verifier if `dotnet run` has no up-to-date build of it (.ci/test.sh builds it beside the
        // solution); the other four are separate processes over separate files, started together so that the test waits for the
        // slowest, not for the sum (each is a `dotnet run` start: seconds of waiting on a busy machine).
        var intact = await RunDocumentedCommandAsync(chainFile, oldKeyFile);
        var intactWithNewKeyRun = RunDocumentedCommandAsync(chainFile, keyFile);
        var editedRun = RunDocumentedCommandAsync(edited, keyFile);
        var cutRun = RunDocumentedCommandAsync(cut, oldKeyFile);
        var forgedRun = RunDocumentedCommandAsync(forgedCheckpoint, keyFile);
        await Task.WhenAll(intactWithNewKeyRun, editedRun, cutRun, forgedRun);

        // The key kept from before the rotation vouches for the new one through the signed rotation, and the new one for the old.
        Assert.True(intact.Exit == 0, intact.Output);
        Assert.Contains("INTACT: events 1 to 6", intact.Output, StringComparison.Ordinal);
        Assert.Contains("trusted through the signed rotation", intact.Output, StringComparison.Ordinal);
        var intactWithNewKey = await intactWithNewKeyRun;
        Assert.True(intactWithNewKey.Exit == 0, intactWithNewKey.Output);

        // The edited event.
        var editedResult = await editedRun;
        Assert.Equal(1, editedResult.Exit);
        Assert.Contains("event 3 was changed", editedResult.Output, StringComparison.Ordinal);

        // The tail cut: the checkpoint at event 5, signed by the new key, says so to the holder of the old one.
        var cutResult = await cutRun;
        Assert.Equal(1, cutResult.Exit);
        Assert.Contains("events 4 to 5 were removed", cutResult.Output, StringComparison.Ordinal);

        // The re-signed checkpoint.
        var forgedResult = await forgedRun;
        Assert.Equal(1, forgedResult.Exit);
        Assert.Contains("not signed", forgedResult.Output, StringComparison.Ordinal);
    }

    /// <summary>The README's command: <c>dotnet run tools/verify-audit.cs -- &lt;file&gt; --public-key &lt;pem&gt;</c>, from the repository root.</summary>
    private static async Task<(int Exit, string Output)> RunDocumentedCommandAsync(string chainFile, string keyFile)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = ArchitectureTests.RepositoryRoot(), RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "run", "tools/verify-audit.cs", "--", chainFile, "--public-key", keyFile }) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await error);
    }

    private Task<int> CheckpointAsync() =>
        app.InScopeAsync(sp => sp.GetRequiredService<AuditCheckpointJob>().RunAsync(CancellationToken.None));

    /// <summary>What a forger without the row key does after editing rows: recomputes every SHA-256 hash and the head.</summary>
    private static async Task ReHashAsync(AppDbContext db, Guid chain)
    {
        var previous = "";
        foreach (var e in await db.AuditEvents.IgnoreQueryFilters().AsNoTracking().Where(x => x.TenantId == chain).OrderBy(x => x.Sequence).ToListAsync())
        {
            e.Chain(e.Sequence, previous);
            await db.Database.ExecuteSqlRawAsync("""UPDATE "AuditEvents" SET "Hash" = {0}, "PreviousHash" = {1} WHERE "Id" = {2}""", e.Hash, e.PreviousHash, e.Id);
            previous = e.Hash;
        }
        await db.Database.ExecuteSqlRawAsync("""UPDATE "AuditChainHeads" SET "Hash" = {0} WHERE "TenantId" = {1}""", previous, chain);
    }

    private Task<Tenant> TenantWithEventsAsync(int count) => AuditTestKit.TenantWithEventsAsync(app, count);

    private Task MoreEventsAsync(Tenant tenant, int count) => AuditTestKit.MoreEventsAsync(app, tenant, count);

    private Task<bool> PlatformEventsAsync(int count) =>
        app.InScopeAsync(async sp =>
        {
            var audit = sp.GetRequiredService<AuditLog>();
            for (var i = 1; i <= count; i++) audit.Record(AuditActions.SignInFailed, details: new { n = i });
            await sp.GetRequiredService<AppDbContext>().SaveChangesAsync();
            return true;
        });

    private async Task<HttpClient> SignedInAsync(Tenant tenant)
    {
        var user = await app.CreateMemberAsync(tenant, TenantRoles.TenantAdmin);
        var client = app.CreateBrowserClient();
        await client.SignInAsync(user.Email!);
        return client;
    }

    private Task<AuditChainVerification> VerifyAsync(Guid tenantId) =>
        app.InScopeAsync(sp => sp.GetRequiredService<AuditVerifier>().VerifyCurrentChainAsync(), tenantId);
}
