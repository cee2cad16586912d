// Multi-node harness (issue 17, ADR-038): the published app as three real processes on one PostgreSQL database, evidence in
// Azurite, mail to a real SMTP server (the tests' TestSmtpServer, in this process), behind Debian's nginx (round robin, no sticky
// sessions), all on loopback ports. Run it through the script, which installs nginx and Azurite when missing, builds and
// publishes, and starts and stops PostgreSQL:
//
//   bash .ci/multi-node.sh [seconds=20] [contacts=16] [reviews=24]
//
// Phases: (1) autosave through nginx with one node in the upstream, (2) the same with three (each after an unmeasured warm-up and
// 5 s of idle CPU measurement), (3) vendors autosaving, reviewers deciding (spread over the phase) and an operator triggering the
// reminder job on the job dashboard, all through nginx, while one node is killed with SIGKILL half-way and started again. Then it
// waits for the outbox to drain and checks: no acknowledged answer lost, every review decided exactly once, each reminder queued
// once (deduplication keys), each mail received by the SMTP server exactly once (Message-ID), and the dashboard counters equal a
// recount. It prints autosaves/s and CPU per autosave of the nodes and of PostgreSQL (its own processes, from /proc), and exits 1
// when a check fails.
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using VendorRisk.Application.Assessments;
using VendorRisk.Application.Reviews;
using VendorRisk.Domain.Assessments;
using VendorRisk.Domain.Messaging;
using VendorRisk.Domain.Questionnaires;
using VendorRisk.Domain.Questionnaires.Library;
using VendorRisk.Domain.Questionnaires.Serialization;
using VendorRisk.Domain.Reviews;
using VendorRisk.Domain.Tenancy;
using VendorRisk.Domain.Vendors;
using VendorRisk.Infrastructure.Identity;
using VendorRisk.Infrastructure.Persistence;
using VendorRisk.Infrastructure.Portfolio;
using VendorRisk.Infrastructure.Tenancy;
using VendorRisk.Testing;

namespace VendorRisk.LoadTests;

internal static partial class MultiNodeHarness
{
    private const string Password = "Correct-Horse-Battery-9";
    private const string Slug = "multi-node";
    private const int Items = 200;
    private static string Azure(int port) => "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;"
        + "AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;"
        + $"BlobEndpoint=http://127.0.0.1:{port}/devstoreaccount1;";

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length < 1) throw new ArgumentException("usage: multinode <PostgreSQL server connection string> [seconds] [contacts] [reviews]");
        var seconds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 20;
        var contactCount = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 16;
        var reviewCount = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 24;
        var warmUp = Math.Max(5, seconds / 3);
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "VendorRisk.sln"))) root = root.Parent;
        var repo = root?.FullName ?? throw new InvalidOperationException("VendorRisk.sln not found");
        // The nodes run the published app (the script publishes it; its folder holds wwwroot and the static asset manifest).
        var published = Environment.GetEnvironmentVariable("VENDORRISK_MULTINODE_WEB") is { Length: > 0 } folder ? folder : AppContext.BaseDirectory;
        var work = Path.Combine(Path.GetTempPath(), "vendorrisk-multinode", Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(work);
        var processes = new List<Process>();
        var failures = new List<string>();
        // Stopped from outside (SIGTERM from the script's trap, Ctrl-C): the finally below does not run then, so stop the children here.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => StopAll(processes);
        // The mail server every node delivers to: a real SMTP server in this process that records each message it accepts.
        await using var smtp = new TestSmtpServer();
        await smtp.StartAsync();
        try
        {
            // The database: one of its own on the given server.
            var server = new NpgsqlConnectionStringBuilder(args[0]);
            var database = "vr_multinode_" + Path.GetFileName(work);
            await using (var admin = new NpgsqlConnection(server.ConnectionString))
            {
                await admin.OpenAsync();
                await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database}\"", admin);
                await create.ExecuteNonQueryAsync();
            }
            var connection = new NpgsqlConnectionStringBuilder(args[0]) { Database = database, MaxPoolSize = 40 }.ConnectionString;
            var postmaster = PostmasterPid(server);

            // Azurite (blob service only), on a free port with a throwaway folder.
            var azuritePort = FreePort();
            var azurite = Path.Combine(repo, "tests", "azurite", "node_modules", "azurite", "dist", "src", "blob", "main.js");
            processes.Add(Spawn("node", [azurite, "--blobHost", "127.0.0.1", "--blobPort", Port(azuritePort), "--location", Dir(work, "azurite"),
                "--silent", "--skipApiVersionCheck", "--disableProductStyleUrl"], Path.Combine(work, "azurite.log"), work, new Dictionary<string, string>()));
            await WaitForPortAsync(azuritePort, processes[^1]);

            var nginxPort = FreePort();
            var publicBase = $"http://127.0.0.1:{nginxPort}";
            var anchorKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
            var nodePorts = new[] { FreePort(), FreePort(), FreePort() };
            var nodes = new Process?[3];
            Dictionary<string, string> NodeEnvironment(int i, bool migrate) => new()
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
                ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{nodePorts[i]}",
                ["App__PublicBaseUrl"] = publicBase,
                ["Database__Provider"] = "PostgreSql",
                ["Database__ConnectionString"] = connection,
                ["Database__MigrateOnStartup"] = migrate ? "true" : "false",
                ["Jobs__RunServer"] = "true",
                ["Jobs__WorkerCount"] = "2",
                ["Jobs__PollIntervalSeconds"] = "1",
                ["Node__Name"] = $"node-{i + 1}",
                ["Node__Role"] = "All",
                ["Storage__EvidenceStore"] = "AzureBlob",
                ["Storage__AzureBlob__ConnectionString"] = Azure(azuritePort),
                ["Storage__EvidencePath"] = Dir(work, "shared-evidence"),
                ["Email__Delivery"] = "Smtp",
                ["Email__Smtp__Host"] = "127.0.0.1",
                ["Email__Smtp__Port"] = Port(smtp.Port),
                ["Email__Smtp__Security"] = "None",
                ["Email__Smtp__TimeoutSeconds"] = "60",
                ["Audit__AnchorKey"] = anchorKey,
                ["Audit__CheckpointPath"] = Path.Combine(work, "audit-checkpoints.jsonl"),
                ["Security__SignInAttemptsPerMinute"] = "100000",
                ["Logging__LogLevel__Default"] = "Warning",
                ["Logging__LogLevel__Microsoft.AspNetCore"] = "Error",
                ["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information",
            };
            var web = Path.Combine(published, "VendorRisk.Web.dll");
            Process StartNode(int i, bool migrate)
            {
                var process = Spawn("dotnet", [web], Path.Combine(work, $"node-{i + 1}.log"), published, NodeEnvironment(i, migrate));
                processes.Add(process);
                return nodes[i] = process;
            }

            Console.WriteLine($"Work folder {work}; PostgreSQL database {database}; Azurite :{azuritePort}; SMTP :{smtp.Port}; nginx :{nginxPort}; "
                + $"nodes :{string.Join(", :", nodePorts)} (from {published})");
            var clock = Stopwatch.StartNew();
            await WaitReadyAsync(nodePorts[0], StartNode(0, migrate: true));
            Console.WriteLine($"node-1 migrated the database and is ready after {clock.Elapsed.TotalSeconds:0} s.");

            // Seeding in this process, through the app's own services on the same database.
            Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_VENDORRISK_WEB", Path.Combine(repo, "src", "VendorRisk.Web"));
            await using var direct = new DirectApp(connection, publicBase, Azure(azuritePort), anchorKey, work);
            var world = await SeedAsync(direct.Services, contactCount, reviewCount);
            Console.WriteLine($"Seeded {world.Contacts.Count} contacts with an assessment of {Items} questions each (due tomorrow) and "
                + $"{world.Reviews.Count} reviews waiting for {world.Reviewers.Count} reviewers.");

            var nginx = new Nginx(Dir(work, "nginx"), nginxPort);
            nginx.Configure([nodePorts[0]]);
            processes.Add(nginx.Start());
            await WaitForPortAsync(nginxPort, processes[^1]);
            var baseAddress = new Uri(publicBase);

            var contacts = new List<Contact>();
            foreach (var (email, assessmentId) in world.Contacts) contacts.Add(await Contact.SignInAsync(baseAddress, email, assessmentId));

            // Phase 1 and 2: throughput of one node, then three, on the same load through nginx; each after a warm-up that is not measured
            // (a node's first requests compile code and fill caches).
            await WarmUpAsync(contacts, warmUp);
            var single = await MeasureAsync("1 node", contacts, TimeSpan.FromSeconds(seconds), [nodes[0]!], postmaster);
            await Task.WhenAll(WaitReadyAsync(nodePorts[1], StartNode(1, migrate: false)), WaitReadyAsync(nodePorts[2], StartNode(2, migrate: false)));
            nginx.Configure(nodePorts);
            nginx.Reload();
            await WarmUpAsync(contacts, warmUp);
            var three = await MeasureAsync("3 nodes", contacts, TimeSpan.FromSeconds(seconds), [.. nodes.Select(n => n!)], postmaster);

            // Phase 3: everything at once through nginx, and node-2 killed with SIGKILL half-way, then started again.
            Console.WriteLine($"Mixed load for {seconds} s: autosaves, decisions, reminder runs; node-2 is killed with SIGKILL after {seconds / 2} s ...");
            var reviewers = new List<Reviewer>();
            foreach (var email in world.Reviewers) reviewers.Add(await Reviewer.SignInAsync(baseAddress, email));
            var @operator = await Reviewer.SignInAsync(baseAddress, world.OperatorEmail);
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
            var autosaving = Task.WhenAll(contacts.Select(c => c.RunAsync(stop.Token)));
            // Decisions spread over the phase, so some are in flight when the node dies; every task is decided in the end.
            var deciding = Task.WhenAll(reviewers.Select(r =>
            {
                var tasks = world.Reviews.Where(t => t.Reviewer == r.Email).ToList();
                return r.DecideAllAsync(tasks, TimeSpan.FromSeconds(seconds / (tasks.Count + 1.0)));
            }));
            var triggers = 0;
            var triggering = Task.Run(async () =>
            {
                for (var i = 0; i < 3 && !stop.IsCancellationRequested; i++)
                {
                    if (await @operator.TriggerRecurringJobAsync(AssessmentReminderJob.RecurringJobId)) Interlocked.Increment(ref triggers);
                    await Task.Delay(TimeSpan.FromSeconds(seconds / 4.0), CancellationToken.None);
                }
            });
            await Task.Delay(TimeSpan.FromSeconds(seconds / 2.0));
            var killed = nodes[1]!;
            killed.Kill(); // SIGKILL: no graceful stop, nothing flushed
            await killed.WaitForExitAsync();
            Console.WriteLine($"node-2 (pid {killed.Id}) killed at {seconds / 2} s; starting it again.");
            var restart = WaitReadyAsync(nodePorts[1], StartNode(1, migrate: false));
            await Task.WhenAll(autosaving, deciding, triggering);
            await restart;
            Console.WriteLine("node-2 is ready again.");
            // Once more after the restart, so a run lost with the killed node cannot hide a missing reminder.
            if (await @operator.TriggerRecurringJobAsync(AssessmentReminderJob.RecurringJobId)) triggers++;
            Console.WriteLine($"Mixed phase: {contacts.Sum(c => c.Attempts)} autosaves sent, {contacts.Sum(c => c.Failures)} failed in flight (and retried), "
                + $"{reviewers.Sum(r => r.Decided)} decisions acknowledged, {reviewers.Sum(r => r.Failures)} decision requests failed in flight (and retried), "
                + $"{triggers} reminder runs triggered.");
            Console.WriteLine($"  Autosaves whose answer was lost in flight: {contacts.Sum(c => c.ConfirmedByConflict)} had been stored (the retry met a "
                + $"conflict showing the same value), {contacts.Sum(c => c.SavedOnRetry)} were stored by the retry.");
            foreach (var problem in reviewers.SelectMany(r => r.Problems).Concat(contacts.SelectMany(c => c.Problems)).GroupBy(p => p).Take(10))
                Console.WriteLine($"  {problem.Count()} x {problem.Key}");

            // Wait for the reminder runs and the outbox: every mail sent, none pending or claimed (a dead node's claim is taken over).
            var drained = await WaitForAsync(TimeSpan.FromMinutes(4), async () => await direct.InDbAsync(async db =>
                await db.OutboxMessages.IgnoreQueryFilters().CountAsync(m => m.Kind == AssessmentMails.KindReminder) >= world.Contacts.Count
                && !await db.OutboxMessages.IgnoreQueryFilters().AnyAsync(m => m.Status == OutboxStatus.Pending || m.Status == OutboxStatus.Sending)));
            if (!drained) failures.Add("The outbox did not drain (or the reminders were not queued) within 4 minutes.");

            await CheckAsync(direct, world, contacts, reviewers, smtp, failures);

            Console.WriteLine();
            var memory = File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal:", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
            Console.WriteLine($"Machine: {Environment.ProcessorCount} cores, {long.Parse(memory, CultureInfo.InvariantCulture) / 1024} MiB; "
                + $"load average {File.ReadAllText("/proc/loadavg").Trim()} (1, 5, 15 min)");
            foreach (var m in new[] { single, three }) Console.WriteLine(m);
            Console.WriteLine(failures.Count == 0 ? "All checks passed." : "FAILED:" + Environment.NewLine + string.Join(Environment.NewLine, failures.Select(f => "  " + f)));
            return failures.Count == 0 ? 0 : 1;
        }
        finally
        {
            StopAll(processes);
            if (Environment.GetEnvironmentVariable("VENDORRISK_KEEP_WORK") is not "1")
            {
                try { Directory.Delete(work, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            }
        }
    }

    private static void StopAll(List<Process> processes)
    {
        lock (processes)
        {
            foreach (var process in processes.Where(p => !p.HasExited).Reverse())
            {
                try { process.Kill(entireProcessTree: true); process.WaitForExit(10_000); } catch (InvalidOperationException) { }
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------------------------
    // The checks

    private static async Task CheckAsync(DirectApp direct, SeededWorld world, List<Contact> contacts, List<Reviewer> reviewers, TestSmtpServer smtp,
        List<string> failures)
    {
        var tenantId = world.TenantId;
        // 1. No acknowledged answer lost: each contact is the only writer of its assessment, so every question holds the last value
        // that was acknowledged for it (a 200, or a conflict on the retry of a save lost in flight that shows our value), or the
        // value of a save still unanswered when the phase ended.
        var answers = await direct.InDbAsync(db => db.AssessmentAnswers.IgnoreQueryFilters().AsNoTracking()
            .Where(a => world.Contacts.Select(c => c.AssessmentId).Contains(a.AssessmentId))
            .Select(a => new { a.AssessmentId, a.ItemId, a.ValueJson }).ToListAsync());
        var stored = answers.ToDictionary(a => (a.AssessmentId, a.ItemId), a => a.ValueJson);
        var acknowledged = contacts.Sum(c => c.Saved);
        var lost = contacts.SelectMany(c => c.LastAcknowledged.Select(p => (c, Item: p.Key, Value: p.Value)))
            .Count(x => !stored.TryGetValue((x.c.AssessmentId, x.Item), out var json) || json is null
                || !(Contact.Holds(json, x.Value) || (x.c.Pending is { } pending && pending.Item == x.Item && Contact.Holds(json, pending.Value))));
        Console.WriteLine($"Answers: {acknowledged} saves acknowledged over all phases ({contacts.Sum(c => c.LastAcknowledged.Count)} questions), {lost} lost.");
        if (lost > 0) failures.Add($"{lost} acknowledged answers are not in the database.");

        // 2. Exactly one decision per assessment: one completed review task each, and every acknowledged decision recorded.
        var reviewIds = world.Reviews.Select(r => r.AssessmentId).ToList();
        var decided = await direct.InDbAsync(db => db.Assessments.IgnoreQueryFilters().AsNoTracking()
            .Where(a => reviewIds.Contains(a.Id) && a.DecidedAt != null).Select(a => a.Id).ToListAsync());
        var completedTasks = await direct.InDbAsync(db => db.Set<WorkflowTask>().IgnoreQueryFilters().AsNoTracking()
            .Where(t => reviewIds.Contains(t.AssessmentId) && t.Kind == WorkflowRunner.KindHumanTask && t.Outcome != null)
            .GroupBy(t => t.AssessmentId).Select(g => new { g.Key, Count = g.Count() }).ToListAsync());
        var acknowledgedDecisions = reviewers.SelectMany(r => r.Acknowledged).ToHashSet();
        var unrecorded = acknowledgedDecisions.Count(id => !decided.Contains(id));
        var twice = completedTasks.Count(t => t.Count > 1);
        Console.WriteLine($"Decisions: {acknowledgedDecisions.Count} acknowledged, {decided.Count} assessments decided, "
            + $"{completedTasks.Count} with a completed review task, {twice} with more than one.");
        if (twice > 0) failures.Add($"{twice} assessments have more than one decision.");
        if (unrecorded > 0) failures.Add($"{unrecorded} acknowledged decisions are not recorded.");
        if (decided.Count != completedTasks.Count) failures.Add($"{decided.Count} assessments are decided but {completedTasks.Count} have a completed review task.");
        if (decided.Count != reviewIds.Count || acknowledgedDecisions.Count != reviewIds.Count)
            failures.Add($"{reviewIds.Count} reviews, but {acknowledgedDecisions.Count} decisions were acknowledged and {decided.Count} recorded: each must be decided once.");

        // 3. Each reminder once (deduplication keys) and each mail once: the SMTP server received each sent outbox message exactly once
        // (by its Message-ID, which a node that takes over a dead node's claim sends again unchanged), and nothing else.
        var mails = await direct.InDbAsync(db => db.OutboxMessages.IgnoreQueryFilters().AsNoTracking()
            .Select(m => new { m.Id, m.MessageId, m.Kind, m.Status, m.DeduplicationKey, m.Attempts }).ToListAsync());
        var reminders = mails.Where(m => m.Kind == AssessmentMails.KindReminder).ToList();
        var received = smtp.Received.GroupBy(m => m.MessageId ?? "").ToDictionary(g => g.Key, g => g.Count());
        var sent = mails.Where(m => m.Status == OutboxStatus.Sent).ToList();
        var missing = sent.Count(m => !received.ContainsKey(m.MessageId));
        var duplicated = received.Count(r => r.Value > 1);
        var unknown = received.Keys.Count(id => !mails.Any(m => m.MessageId == id));
        var remindersReceived = reminders.Count(r => received.GetValueOrDefault(r.MessageId) == 1);
        Console.WriteLine($"Reminders: {reminders.Count} queued for {world.Contacts.Count} contacts ({reminders.Select(r => r.DeduplicationKey).Distinct().Count()} distinct keys), "
            + $"{remindersReceived} received exactly once. Mail: {mails.Count} messages, {sent.Count} sent, {mails.Count(m => m.Status == OutboxStatus.Dead)} dead, "
            + $"{smtp.Received.Count} received by the SMTP server, {mails.Count(m => m.Attempts > 1)} sent after more than one attempt; "
            + $"{missing} sent but not received, {duplicated} received more than once, {unknown} received but not in the outbox.");
        if (reminders.Count != world.Contacts.Count || reminders.Select(r => r.DeduplicationKey).Distinct().Count() != reminders.Count)
            failures.Add($"{reminders.Count} reminders for {world.Contacts.Count} contacts: each must be reminded exactly once.");
        if (remindersReceived != reminders.Count) failures.Add($"{reminders.Count - remindersReceived} reminders were not received exactly once.");
        if (sent.Count != mails.Count) failures.Add($"{mails.Count - sent.Count} mails were not sent.");
        if (missing + duplicated + unknown > 0) failures.Add($"{missing + duplicated + unknown} mails were not received exactly once.");

        // 4. The dashboard counters, kept by deltas under concurrent writers on three nodes, equal a recount.
        var kept = await CountersAsync(direct, tenantId);
        await direct.InDbAsync(async db => { await PortfolioCounters.RebuildAsync(db); return 0; });
        var recounted = await CountersAsync(direct, tenantId);
        var differing = kept.Keys.Union(recounted.Keys).Where(k => kept.GetValueOrDefault(k) != recounted.GetValueOrDefault(k)).ToList();
        Console.WriteLine($"Counters: {kept.Count} kept, {differing.Count} differ from a recount{(differing.Count > 0 ? ": " + string.Join(", ", differing) : "")}.");
        if (differing.Count > 0) failures.Add($"{differing.Count} dashboard counters differ from a recount.");
    }

    private static Task<Dictionary<string, long>> CountersAsync(DirectApp direct, Guid tenantId) =>
        direct.InDbAsync(db => db.PortfolioCounters.IgnoreQueryFilters().AsNoTracking()
            .Where(c => c.TenantId == tenantId && c.Name != PortfolioCounters.RebuildRequested)
            .ToDictionaryAsync(c => c.Name, c => (long)c.Value));

    // ---------------------------------------------------------------------------------------------------------------------------
    // Throughput and CPU

    private sealed record Measurement(string Idle, string Name, int Requests, int Errors, TimeSpan Elapsed, TimeSpan NodesCpu, TimeSpan DatabaseCpu, double[] Latencies)
    {
        public override string ToString()
        {
            double P(double q) => Latencies.Length == 0 ? 0 : Latencies[Math.Min(Latencies.Length - 1, (int)Math.Ceiling(q * Latencies.Length) - 1)];
            return string.Create(CultureInfo.InvariantCulture,
                $"{Name}: {Requests} autosaves in {Elapsed.TotalSeconds:0.0} s = {Requests / Elapsed.TotalSeconds:0.0}/s, errors {Errors}; "
                + $"p50 {P(0.5):0} ms, p99 {P(0.99):0} ms; CPU per autosave: app nodes {NodesCpu.TotalMilliseconds / Math.Max(1, Requests):0.00} ms, "
                + $"PostgreSQL {DatabaseCpu.TotalMilliseconds / Math.Max(1, Requests):0.00} ms; {Idle}");
        }
    }

    private static async Task<Measurement> MeasureAsync(string name, List<Contact> contacts, TimeSpan duration, Process[] nodes, int postmaster)
    {
        var idle = await IdleAsync(nodes, postmaster);
        Console.WriteLine($"Autosave through nginx with {name} for {duration.TotalSeconds:0} s (closed loop, {contacts.Count} contacts) ...");
        var nodesBefore = nodes.Sum(n => CpuOf(n.Id));
        var dbBefore = ClusterCpu(postmaster);
        var before = contacts.Sum(c => c.Saved);
        var errorsBefore = contacts.Sum(c => c.Failures);
        foreach (var c in contacts) c.Latencies.Clear();
        var watch = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource(duration);
        await Task.WhenAll(contacts.Select(c => c.RunAsync(stop.Token)));
        var elapsed = watch.Elapsed;
        var nodesCpu = nodes.Sum(n => CpuOf(n.Id)) - nodesBefore;
        var dbCpu = ClusterCpu(postmaster) - dbBefore;
        var latencies = contacts.SelectMany(c => c.Latencies).Order().ToArray();
        return new Measurement(idle, name, contacts.Sum(c => c.Saved) - before, contacts.Sum(c => c.Failures) - errorsBefore, elapsed,
            TimeSpan.FromSeconds(nodesCpu), TimeSpan.FromSeconds(dbCpu), latencies);
    }

    /// <summary>What the nodes and PostgreSQL use with no request at all (job polling, timers), in CPU milliseconds per second.</summary>
    private static async Task<string> IdleAsync(Process[] nodes, int postmaster)
    {
        var nodesBefore = nodes.Sum(n => CpuOf(n.Id));
        var dbBefore = ClusterCpu(postmaster);
        var watch = Stopwatch.StartNew();
        await Task.Delay(TimeSpan.FromSeconds(5));
        var elapsed = watch.Elapsed.TotalSeconds;
        return string.Create(CultureInfo.InvariantCulture,
            $"idle: app nodes {(nodes.Sum(n => CpuOf(n.Id)) - nodesBefore) * 1000 / elapsed:0} ms CPU/s, PostgreSQL {(ClusterCpu(postmaster) - dbBefore) * 1000 / elapsed:0} ms CPU/s");
    }

    private static async Task WarmUpAsync(List<Contact> contacts, int seconds)
    {
        Console.WriteLine($"Warm-up for {seconds} s (not measured) ...");
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        await Task.WhenAll(contacts.Select(c => c.RunAsync(stop.Token)));
    }

    /// <summary>CPU seconds (user + system) of a process, from /proc (0 once it is gone).</summary>
    private static double CpuOf(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
        }
        catch (IOException) { return 0; }
    }

    /// <summary>CPU seconds of the PostgreSQL cluster: the postmaster and its children (backends, writers), and the time of children that ended.</summary>
    private static double ClusterCpu(int postmaster)
    {
        if (postmaster <= 0) return 0;
        double total = 0;
        foreach (var dir in Directory.GetDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                var parent = int.Parse(fields[1], CultureInfo.InvariantCulture);
                if (pid != postmaster && parent != postmaster) continue;
                total += (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
                if (pid == postmaster) total += (long.Parse(fields[13], CultureInfo.InvariantCulture) + long.Parse(fields[14], CultureInfo.InvariantCulture)) / 100.0;
            }
            catch (IOException) { }
        }
        return total;
    }

    private static int PostmasterPid(NpgsqlConnectionStringBuilder server)
    {
        // .ci/postgres.sh exports the data directory; its postmaster.pid names the server's process.
        var dir = Environment.GetEnvironmentVariable("VENDORRISK_PG_DIR");
        var file = dir is null ? null : Path.Combine(dir, "data", "postmaster.pid");
        if (file is null || !File.Exists(file))
        {
            Console.WriteLine($"No VENDORRISK_PG_DIR: PostgreSQL's CPU ({server.Host}:{server.Port}) is not measured.");
            return 0;
        }
        return int.Parse(File.ReadLines(file).First().Trim(), CultureInfo.InvariantCulture);
    }

    // ---------------------------------------------------------------------------------------------------------------------------
    // The people

    /// <summary>
    /// A vendor contact autosaving answers to its own assessment, question after question and round after round, each save with the
    /// version it last saw of that question (as the page does). It is the only writer of its assessment.
    /// </summary>
    private sealed class Contact(HttpClient client, string url, string token, Guid assessmentId)
    {
        private long _next;
        private bool _uncertain;
        private readonly int[] _versions = new int[Items];

        public Guid AssessmentId { get; } = assessmentId;
        /// <summary>The last value acknowledged for each question.</summary>
        public Dictionary<string, string> LastAcknowledged { get; } = [];
        /// <summary>A save sent but not answered when the phase ended: it may or may not have been stored.</summary>
        public (string Item, string Value)? Pending { get; private set; }
        public int Saved { get; private set; }
        public List<double> Latencies { get; } = [];
        public int Attempts { get; private set; }
        public int Failures { get; private set; }
        /// <summary>Saves whose answer was lost in flight and whose retry found them stored already (a conflict showing our value).</summary>
        public int ConfirmedByConflict { get; private set; }
        /// <summary>Saves whose answer was lost in flight and whose retry stored them.</summary>
        public int SavedOnRetry { get; private set; }
        public List<string> Problems { get; } = [];

        /// <summary>Whether a stored answer (JSON) is exactly this value.</summary>
        public static bool Holds(string json, string value) => json.Contains(JsonSerializer.Serialize(value), StringComparison.Ordinal);

        public static async Task<Contact> SignInAsync(Uri baseAddress, string email, Guid assessmentId)
        {
            var client = NewClient(baseAddress);
            await MultiNodeHarness.SignInAsync(client, email);
            using var moved = await client.GetAsync($"/portal/assessments/{assessmentId}");
            var url = moved.Headers.Location?.OriginalString ?? throw new InvalidOperationException($"No portal page for {email}: {(int)moved.StatusCode}");
            return new Contact(client, url, TokenOf(await client.GetStringAsync(url)), assessmentId);
        }

        public async Task RunAsync(CancellationToken stop)
        {
            while (!stop.IsCancellationRequested)
            {
                var index = (int)(_next % Items);
                var item = $"q{index}";
                var value = $"saved {item} round {_next / Items}";
                var started = Stopwatch.GetTimestamp();
                Attempts++;
                Pending = (item, value);
                try
                {
                    using var request = new HttpRequestMessage(HttpMethod.Post, url + "?handler=Autosave")
                    {
                        Content = JsonContent.Create(new { itemId = item, values = new[] { value }, version = _versions[index] }),
                    };
                    request.Headers.Add("RequestVerificationToken", token);
                    using var response = await client.SendAsync(request, CancellationToken.None);
                    var body = await response.Content.ReadAsStringAsync(CancellationToken.None);
                    if (response.StatusCode == HttpStatusCode.OK
                        || (response.StatusCode == HttpStatusCode.Conflict && _uncertain && ConflictShows(body, value)))
                    {
                        // A conflict on the retry of a save whose answer was lost in flight, showing our value: the first attempt was saved.
                        using var json = JsonDocument.Parse(body);
                        _versions[index] = json.RootElement.GetProperty("version").GetInt32();
                        if (_uncertain && response.StatusCode == HttpStatusCode.Conflict) ConfirmedByConflict++;
                        else if (_uncertain) SavedOnRetry++;
                        LastAcknowledged[item] = value;
                        Saved++;
                        Latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                        _next++;
                        _uncertain = false;
                        Pending = null;
                        continue;
                    }
                    Problems.Add($"An autosave answered {(int)response.StatusCode}{(_uncertain ? " on a retry" : "")}: {Shorten(body)}");
                }
                catch (HttpRequestException) { }
                // The node died or nginx answered 502/504: the save may or may not have happened. Try the same value again.
                Failures++;
                _uncertain = true;
                if (stop.IsCancellationRequested) return;
                await Task.Delay(100, CancellationToken.None);
            }
        }

        private static bool ConflictShows(string body, string value)
        {
            using var json = JsonDocument.Parse(body);
            return json.RootElement.TryGetProperty("values", out var values) && values.ValueKind == JsonValueKind.Array
                && values.EnumerateArray().Any(v => v.ValueKind == JsonValueKind.String && v.GetString() == value);
        }
    }

    /// <summary>A response body in one short line: an HTML page's title (nginx's 502 page), or the start of the text.</summary>
    private static string Shorten(string text)
    {
        if (Regex.Match(text, "<title>([^<]*)</title>") is { Success: true } title) return title.Groups[1].Value;
        text = Regex.Replace(text, "\\s+", " ").Trim();
        return text.Length <= 200 ? text : text[..200] + "...";
    }

    /// <summary>A reviewer deciding the tasks assigned to them (or an operator triggering jobs), each request through nginx.</summary>
    private sealed class Reviewer(HttpClient client, string email)
    {
        public string Email { get; } = email;
        public List<Guid> Acknowledged { get; } = [];
        public int Decided => Acknowledged.Count;
        public int Failures { get; private set; }
        public List<string> Problems { get; } = [];

        public static async Task<Reviewer> SignInAsync(Uri baseAddress, string email)
        {
            var client = NewClient(baseAddress);
            await MultiNodeHarness.SignInAsync(client, email);
            return new Reviewer(client, email);
        }

        /// <summary>
        /// Decides each task, one every <paramref name="pace"/>: the page's form (its anti-forgery token and idempotency key), then the
        /// post. A post whose answer was lost in flight is sent again with the same key, as a browser resubmitting the form does:
        /// the app answers "already decided" instead of deciding twice.
        /// </summary>
        public async Task DecideAllAsync(List<SeededReview> tasks, TimeSpan pace)
        {
            foreach (var task in tasks)
            {
                await Task.Delay(pace, CancellationToken.None);
                var url = $"/t/{Slug}/reviews/task/{task.TaskId}";
                string? token = null, key = null;
                for (var attempt = 0; attempt < 40; attempt++)
                {
                    try
                    {
                        if (token is null || key is null)
                        {
                            using var page = await client.GetAsync(url, CancellationToken.None);
                            var html = await page.Content.ReadAsStringAsync(CancellationToken.None);
                            if (page.StatusCode != HttpStatusCode.OK)
                            {
                                Problems.Add($"A task page answered {(int)page.StatusCode}: {Shorten(html)}");
                                Failures++;
                                await Task.Delay(250, CancellationToken.None);
                                continue;
                            }
                            token = TokenOf(html);
                            key = Regex.Match(html, "name=\"Input.IdempotencyKey\" value=\"([^\"]+)\"").Groups[1].Value;
                            if (key.Length == 0) key = Regex.Match(html, "value=\"([^\"]+)\"[^>]*name=\"Input.IdempotencyKey\"").Groups[1].Value;
                            if (key.Length == 0) throw new InvalidOperationException($"The task page {url} has no idempotency key.");
                        }
                        using var response = await client.PostAsync(url, new FormUrlEncodedContent(new Dictionary<string, string>
                        {
                            ["__RequestVerificationToken"] = token, ["Input.IdempotencyKey"] = key,
                            ["Input.Outcome"] = "approve", ["Input.Comment"] = "Checked on several nodes", ["Input.Likelihood"] = "2", ["Input.Impact"] = "3",
                            ["Input.Rationale"] = "MFA and encryption in place",
                        }), CancellationToken.None);
                        if (response.StatusCode == HttpStatusCode.Redirect) { Acknowledged.Add(task.AssessmentId); break; }
                        Problems.Add($"A decision answered {(int)response.StatusCode}: {Shorten(await response.Content.ReadAsStringAsync(CancellationToken.None))}");
                        Failures++;
                    }
                    catch (HttpRequestException) { Failures++; }
                    await Task.Delay(250, CancellationToken.None);
                }
            }
        }

        /// <summary>"Trigger now" on the job dashboard (/ops/jobs), as an operator clicks it.</summary>
        public async Task<bool> TriggerRecurringJobAsync(string jobId)
        {
            for (var attempt = 0; attempt < 10; attempt++)
            {
                try
                {
                    var html = await client.GetStringAsync("/ops/jobs/recurring");
                    var header = MetaContent().Match(html) is { Success: true } h && h.Groups[1].Value == "csrf-header" ? h.Groups[2].Value : null;
                    var token = MetaContent().Matches(html).FirstOrDefault(m => m.Groups[1].Value == "csrf-token")?.Groups[2].Value;
                    header ??= MetaContent().Matches(html).FirstOrDefault(m => m.Groups[1].Value == "csrf-header")?.Groups[2].Value;
                    using var request = new HttpRequestMessage(HttpMethod.Post, "/ops/jobs/recurring/trigger")
                    {
                        Content = new FormUrlEncodedContent([new KeyValuePair<string, string>("jobs[]", jobId)]),
                    };
                    if (header is not null && token is not null) request.Headers.Add(header, WebUtility.HtmlDecode(token));
                    using var response = await client.SendAsync(request);
                    if (response.IsSuccessStatusCode) return true;
                    Console.WriteLine($"Triggering {jobId} answered {(int)response.StatusCode}.");
                }
                catch (HttpRequestException) { }
                await Task.Delay(500);
            }
            return false;
        }
    }

    [GeneratedRegex("<meta name=\"(csrf-header|csrf-token)\" content=\"([^\"]*)\"")]
    private static partial Regex MetaContent();

    private static HttpClient NewClient(Uri baseAddress) =>
        new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer(), MaxConnectionsPerServer = 2 })
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromSeconds(60),
        };

    private static async Task SignInAsync(HttpClient client, string email)
    {
        for (var attempt = 0; ; attempt++)
        {
            var login = await client.GetStringAsync("/account/login");
            using var signIn = await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = TokenOf(login), ["Input.Email"] = email, ["Input.Password"] = Password,
            }));
            if (signIn.StatusCode == HttpStatusCode.Redirect) return;
            if (attempt == 3) throw new InvalidOperationException($"Sign-in of {email} failed: {(int)signIn.StatusCode}");
        }
    }

    private static string TokenOf(string html) =>
        Regex.Match(html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;

    // ---------------------------------------------------------------------------------------------------------------------------
    // Seeding

    private sealed record SeededReview(Guid AssessmentId, Guid TaskId, string Reviewer);

    private sealed record SeededWorld(Guid TenantId, List<(string Email, Guid AssessmentId)> Contacts, List<string> Reviewers, List<SeededReview> Reviews,
        string OperatorEmail);

    private static string AutosaveDefinition()
    {
        var items = string.Join(",\n", Enumerable.Range(0, Items).Select(i => $$"""{ "id": "q{{i}}", "type": "textarea", "text": "Question {{i}}" }"""));
        return $$"""{ "id": "multi-node", "version": "1.0.0", "title": "Multi-node", "sections": [ { "id": "s", "title": "S", "items": [ {{items}} ] } ] }""";
    }

    private static async Task<SeededWorld> SeedAsync(IServiceProvider services, int contactCount, int reviewCount)
    {
        var now = DateTimeOffset.UtcNow;
        Guid tenantId;
        var reviewerEmails = new[] { "reviewer1@mn.test", "reviewer2@mn.test", "reviewer3@mn.test" };
        var ids = new Dictionary<string, Guid>();
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var tenant = Tenant.Create(Slug, "Multi-node", now);
            db.Tenants.Add(tenant);
            await db.SaveChangesAsync();
            tenantId = tenant.Id;
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            foreach (var email in reviewerEmails.Append("requester@mn.test").Append("operator@mn.test")
                .Concat(Enumerable.Range(0, contactCount).Select(i => $"contact{i}@mn.test")))
            {
                var user = new AppUser { UserName = email, Email = email, DisplayName = email.Split('@')[0], CreatedAt = now };
                var created = await users.CreateAsync(user, Password);
                if (!created.Succeeded) throw new InvalidOperationException(string.Join("; ", created.Errors.Select(e => e.Description)));
                ids[email] = user.Id;
            }
            // The operator role exists once someone was made an operator (the demo seed, an administrator): here, the harness.
            var roles = scope.ServiceProvider.GetRequiredService<RoleManager<AppRole>>();
            if (!await roles.RoleExistsAsync(AppRole.PlatformOperator)) await roles.CreateAsync(new AppRole { Name = AppRole.PlatformOperator });
            var role = await users.AddToRoleAsync(await users.FindByEmailAsync("operator@mn.test") ?? throw new InvalidOperationException(), AppRole.PlatformOperator);
            if (!role.Succeeded) throw new InvalidOperationException(string.Join("; ", role.Errors.Select(e => e.Description)));
        }

        var contacts = new List<(string, Guid)>();
        var reviewAssessments = new List<Guid>();
        var requester = ids["requester@mn.test"];
        await using (var scope = services.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<TenantContext>().EnterAsSystem(tenantId);
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            db.Memberships.Add(TenantMembership.Create(tenantId, requester, TenantRoles.VendorManager, now));
            foreach (var email in reviewerEmails) db.Memberships.Add(TenantMembership.Create(tenantId, ids[email], TenantRoles.Reviewer, now));
            var autosave = QuestionnaireTemplate.CreateDraft(QuestionnaireJson.Parse(AutosaveDefinition()).Value, requester, now).Value.Publish(now).Value;
            var review = QuestionnaireTemplate.CreateDraft(QuestionnaireJson.Parse(LoadDefinition.Definition).Value, requester, now).Value.Publish(now).Value;
            db.QuestionnaireTemplates.AddRange(autosave, review);
            await db.SaveChangesAsync();
            var today = DateOnly.FromDateTime(now.UtcDateTime);
            for (var i = 0; i < contactCount; i++)
            {
                var email = $"contact{i}@mn.test";
                var vendor = Vendor.Create($"Autosaving Vendor {i}", null, null, null, now);
                db.Vendors.Add(vendor);
                db.Memberships.Add(TenantMembership.Create(tenantId, ids[email], TenantRoles.VendorContact, now, vendor.Id));
                // Sent ten days ago and due tomorrow: the reminder job owes each contact exactly one "1 day left" reminder.
                var assessment = Assessment.Create(vendor.Id, autosave.Id, autosave.TemplateKey, autosave.SemanticVersion, autosave.ContentHash!,
                    $"Multi-node assessment {i}", today.AddDays(1), requester, now.AddDays(-10));
                assessment.Send(now.AddDays(-10));
                db.Assessments.Add(assessment);
                db.AssessmentContacts.Add(AssessmentContact.Create(assessment.Id, email, ids[email]));
                contacts.Add((email, assessment.Id));
            }
            for (var i = 0; i < reviewCount; i++)
            {
                var vendor = Vendor.Create($"Reviewed Vendor {i}", null, null, null, now);
                vendor.SetComputedTier(RiskTier.Low, now);
                db.Vendors.Add(vendor);
                var assessment = Assessment.Create(vendor.Id, review.Id, review.TemplateKey, review.SemanticVersion, review.ContentHash!,
                    $"Reviewed assessment {i}", today.AddDays(30), requester, now);
                assessment.Send(now);
                db.Assessments.Add(assessment);
                db.AssessmentContacts.Add(AssessmentContact.Create(assessment.Id, $"reviewed{i}@vendor.test", null));
                db.AssessmentAnswers.Add(AssessmentAnswer.Create(assessment.Id, "uses_ai", AnswerJson.Serialize(AnswerValue.Boolean(true)), null, now));
                db.AssessmentAnswers.Add(AssessmentAnswer.Create(assessment.Id, "staff", AnswerJson.Serialize(AnswerValue.Number(5)), null, now));
                assessment.Submit(100, now);
                reviewAssessments.Add(assessment.Id);
            }
            await db.SaveChangesAsync();
        }

        var reviews = new List<SeededReview>();
        foreach (var assessmentId in reviewAssessments)
        {
            await using var scope = services.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<TenantContext>().EnterAsSystem(tenantId);
            var started = await scope.ServiceProvider.GetRequiredService<WorkflowRunner>().StartForAssessmentAsync(assessmentId);
            if (!started.Applied) throw new InvalidOperationException("The review did not start: " + started.Message);
            var task = await scope.ServiceProvider.GetRequiredService<AppDbContext>().Set<WorkflowTask>().AsNoTracking()
                .SingleAsync(t => t.InstanceId == started.InstanceId && t.Outcome == null && t.Kind == WorkflowRunner.KindHumanTask);
            var reviewer = ids.Single(p => p.Value == task.AssigneeUserId).Key;
            reviews.Add(new SeededReview(assessmentId, task.Id, reviewer));
        }
        return new SeededWorld(tenantId, contacts, [.. reviewerEmails], reviews, "operator@mn.test");
    }

    // ---------------------------------------------------------------------------------------------------------------------------
    // Processes

    private static Process Spawn(string program, IEnumerable<string> arguments, string log, string workingDirectory, IDictionary<string, string> environment)
    {
        // Through sh's exec, so the process id is the program's own (kill -9 hits it) and its output goes to a log file.
        var info = new ProcessStartInfo("/bin/sh") { WorkingDirectory = workingDirectory, UseShellExecute = false };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add("log=\"$1\"; shift; exec \"$@\" >>\"$log\" 2>&1");
        info.ArgumentList.Add("sh");
        info.ArgumentList.Add(log);
        info.ArgumentList.Add(program);
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        foreach (var key in info.Environment.Keys.Where(k => k.StartsWith("ASPNETCORE_", StringComparison.Ordinal) || k.StartsWith("DOTNET_", StringComparison.Ordinal)).ToList())
            info.Environment.Remove(key);
        foreach (var (key, value) in environment) info.Environment[key] = value;
        return Process.Start(info) ?? throw new InvalidOperationException(program + " did not start.");
    }

    private static async Task WaitReadyAsync(int port, Process process)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var patience = Stopwatch.StartNew();
        while (patience.Elapsed < TimeSpan.FromMinutes(5))
        {
            if (process.HasExited) throw new InvalidOperationException($"The node on port {port} exited with {process.ExitCode} before it was ready (see its log).");
            try
            {
                using var response = await http.GetAsync($"http://127.0.0.1:{port}/health/ready");
                if (response.StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(250);
        }
        throw new TimeoutException($"The node on port {port} was not ready within 5 minutes.");
    }

    private static async Task WaitForPortAsync(int port, Process process)
    {
        var patience = Stopwatch.StartNew();
        while (patience.Elapsed < TimeSpan.FromMinutes(2))
        {
            if (process.HasExited) throw new InvalidOperationException($"The process for port {port} exited with {process.ExitCode}.");
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException) { await Task.Delay(50); }
        }
        throw new TimeoutException($"Nothing listens on port {port}.");
    }

    private static async Task<bool> WaitForAsync(TimeSpan limit, Func<Task<bool>> condition)
    {
        var patience = Stopwatch.StartNew();
        while (patience.Elapsed < limit)
        {
            if (await condition()) return true;
            await Task.Delay(500);
        }
        return false;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string Port(int port) => port.ToString(CultureInfo.InvariantCulture);

    private static string Dir(string parent, string name)
    {
        var path = Path.Combine(parent, name);
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>Debian's nginx with a configuration of its own (round robin, no sticky sessions), run in the foreground.</summary>
    private sealed class Nginx(string folder, int port)
    {
        private string Config => Path.Combine(folder, "nginx.conf");

        public void Configure(IEnumerable<int> upstreams)
        {
            var servers = string.Concat(upstreams.Select(p => $"        server 127.0.0.1:{p} max_fails=1 fail_timeout=2s;\n"));
            var user = Environment.UserName == "root" ? "user root;\n" : "";
            File.WriteAllText(Config, $$"""
                {{user}}worker_processes 1;
                daemon off;
                pid {{folder}}/nginx.pid;
                error_log {{folder}}/error.log warn;
                events { worker_connections 1024; }
                http {
                    access_log off;
                    client_body_temp_path {{folder}}/body;
                    proxy_temp_path {{folder}}/proxy;
                    fastcgi_temp_path {{folder}}/fastcgi;
                    uwsgi_temp_path {{folder}}/uwsgi;
                    scgi_temp_path {{folder}}/scgi;
                    upstream vendorrisk {
                {{servers}}        keepalive 32;
                    }
                    server {
                        listen 127.0.0.1:{{port}};
                        client_max_body_size 30m;
                        location / {
                            proxy_pass http://vendorrisk;
                            proxy_http_version 1.1;
                            proxy_set_header Connection "";
                            proxy_set_header Host $host;
                            proxy_set_header X-Forwarded-For $remote_addr;
                            proxy_set_header X-Forwarded-Proto $scheme;
                            proxy_next_upstream error timeout http_502 http_503;
                        }
                    }
                }

                """, Encoding.ASCII);
        }

        public Process Start() => Spawn("nginx", ["-p", folder, "-c", Config], Path.Combine(folder, "nginx.log"), folder, new Dictionary<string, string>());

        public void Reload()
        {
            using var reload = Process.Start(new ProcessStartInfo("nginx", ["-p", folder, "-c", Config, "-s", "reload"]) { UseShellExecute = false, RedirectStandardError = true })
                ?? throw new InvalidOperationException("nginx -s reload did not start.");
            var output = reload.StandardError.ReadToEnd();
            reload.WaitForExit();
            if (reload.ExitCode != 0) throw new InvalidOperationException("nginx -s reload failed: " + output);
            // Old workers finish their connections; new ones take the new upstream list.
            Thread.Sleep(500);
        }
    }

    /// <summary>The app's services in this process on the harness's database (seeding and checks): no server of its own, no job server.</summary>
    private sealed class DirectApp(string connection, string publicBase, string azure, string anchorKey, string work) : WebApplicationFactory<global::Program>
    {
        public async Task<T> InDbAsync<T>(Func<AppDbContext, Task<T>> work)
        {
            await using var scope = Services.CreateAsyncScope();
            return await work(scope.ServiceProvider.GetRequiredService<AppDbContext>());
        }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Testing");
            builder.UseSetting("App:PublicBaseUrl", publicBase);
            builder.UseSetting("Database:Provider", "PostgreSql");
            builder.UseSetting("Database:ConnectionString", connection);
            builder.UseSetting("Database:MigrateOnStartup", "false");
            builder.UseSetting("Jobs:RunServer", "false");
            builder.UseSetting("Email:Delivery", "Pickup");
            builder.UseSetting("Email:PickupFolder", Path.Combine(work, "mail"));
            builder.UseSetting("Storage:EvidenceStore", "AzureBlob");
            builder.UseSetting("Storage:AzureBlob:ConnectionString", azure);
            builder.UseSetting("Audit:AnchorKey", anchorKey);
            builder.UseSetting("Audit:CheckpointPath", Path.Combine(work, "audit-checkpoints.jsonl"));
            builder.UseSetting("Seed:DemoData", "false");
            builder.UseSetting("Logging:LogLevel:Default", "Warning");
            builder.UseSetting("Logging:LogLevel:Microsoft.Hosting.Lifetime", "Warning");
            builder.ConfigureLogging(l => l.SetMinimumLevel(LogLevel.Warning));
        }
    }
}
