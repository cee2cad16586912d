// Workflow benchmark: N review instances of the shipped standard review advance concurrently through the real
// WorkflowRunner on a fresh SQLite file: start (autoScore, triage, assignReviewer, the review task with its timers,
// e-mail to the outbox) and the reviewer's decision (approve with a residual risk: setResidualRisk, notify, end).
// All N instances are started before any is decided, so N are live at once; `parallel` steps run at a time.
//
//   dotnet run -c Release --project tests/VendorRisk.LoadTests -- workflow [instances=1000] [parallel=16]
using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using VendorRisk.Domain.Assessments;
using VendorRisk.Domain.Questionnaires;
using VendorRisk.Domain.Questionnaires.Library;
using VendorRisk.Domain.Questionnaires.Serialization;
using VendorRisk.Domain.Reviews;
using VendorRisk.Domain.Tenancy;
using VendorRisk.Domain.Vendors;
using VendorRisk.Domain.Workflows;
using VendorRisk.Domain.Workflows.Runtime;
using VendorRisk.Infrastructure.Identity;
using VendorRisk.Infrastructure.Persistence;
using VendorRisk.Infrastructure.Tenancy;
using VendorRisk.Application.Reviews;
using VendorRisk.Testing;

namespace VendorRisk.LoadTests;

internal static class WorkflowHarness
{
    private const string Password = "Correct-Horse-Battery-9";

    public static async Task<int> RunAsync(string[] args)
    {
        var instances = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1000;
        var parallel = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 16;
        var folder = Path.Combine(Path.GetTempPath(), "vendorrisk-load", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "VendorRisk.sln"))) root = root.Parent;
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_VENDORRISK_WEB",
            Path.Combine(root?.FullName ?? throw new InvalidOperationException("VendorRisk.sln not found"), "src", "VendorRisk.Web"));
        await using var app = new LoadApp(folder);
        var services = app.Services;

        Console.WriteLine($"Seeding {instances} submitted assessments into {folder} ...");
        var (tenantId, assessments) = await SeedAsync(services, instances);

        var starts = new ConcurrentBag<double>();
        var decisions = new ConcurrentBag<double>();
        var startTally = new ConcurrentBag<StatementCounter.Tally>();
        var decideTally = new ConcurrentBag<StatementCounter.Tally>();
        var process = Process.GetCurrentProcess();
        var load = LoadAverage();
        process.Refresh();
        var cpuAtStart = process.TotalProcessorTime;
        var errors = 0;
        var instanceIds = new ConcurrentBag<Guid>();
        var clock = Stopwatch.StartNew();
        await ForEachAsync(assessments, parallel, async assessmentId =>
        {
            var t = Stopwatch.GetTimestamp();
            var result = await InTenantAsync(services, tenantId, async sp =>
            {
                using var tally = StatementCounter.Measure();
                startTally.Add(tally);
                return await sp.GetRequiredService<WorkflowRunner>().StartForAssessmentAsync(assessmentId);
            });
            starts.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
            if (result.Applied) instanceIds.Add(result.InstanceId!.Value);
            else Interlocked.Increment(ref errors);
        });
        var startElapsed = clock.Elapsed;
        process.Refresh();
        var cpuAfterStarts = process.TotalProcessorTime;
        var live = await InTenantAsync(services, tenantId, sp => sp.GetRequiredService<AppDbContext>().Set<WorkflowInstance>().CountAsync(i => i.Status == "waiting"));
        Console.WriteLine($"{live} instances waiting for a reviewer at once.");

        var residual = ImmutableDictionary<string, WorkflowValue>.Empty.Add("residualRisk", WorkflowValue.OfString("low"));
        var decideClock = Stopwatch.StartNew();
        await ForEachAsync(instanceIds.OrderBy(i => i).ToList(), parallel, async instanceId =>
        {
            var t = Stopwatch.GetTimestamp();
            var result = await InTenantAsync(services, tenantId, async sp =>
            {
                var task = await sp.GetRequiredService<AppDbContext>().Set<WorkflowTask>().AsNoTracking()
                    .SingleAsync(x => x.InstanceId == instanceId && x.Outcome == null);
                var by = task.AssigneeUserId!.Value;
                using var tally = StatementCounter.Measure();
                decideTally.Add(tally);
                return await sp.GetRequiredService<WorkflowRunner>().HandleAsync(instanceId,
                    new TaskCompleted(task.TaskId, "approve", by.ToString(), Guid.NewGuid().ToString("N"), "benchmark", residual), by);
            });
            decisions.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
            if (!result.Applied) Interlocked.Increment(ref errors);
        });
        var total = clock.Elapsed;
        process.Refresh();
        var cpuAtEnd = process.TotalProcessorTime;
        var loadAtEnd = LoadAverage();

        var (transitions, completed) = await InTenantAsync(services, tenantId, async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            return (await db.Set<WorkflowJournalEntry>().CountAsync(), await db.Set<WorkflowInstance>().CountAsync(i => i.Status == "completed"));
        });
        var steps = starts.Concat(decisions).Order().ToArray();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"instances {instances}, parallel {parallel}, completed {completed}, errors {errors}, processors {Environment.ProcessorCount}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"transitions (journal rows) {transitions} in {total.TotalSeconds:0.0} s = {transitions / total.TotalSeconds:0.0} transitions/s; steps {steps.Length} = {steps.Length / total.TotalSeconds:0.0} steps/s"));
        Report("start (autoScore, triage, assign, open task)", [.. starts.Order()], startElapsed);
        Report("decide (approve, residual risk, notify, end)", [.. decisions.Order()], decideClock.Elapsed);
        Report("any step", steps, total);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"process CPU: starts {(cpuAfterStarts - cpuAtStart).TotalMilliseconds / Math.Max(1, starts.Count):0.00} ms/step, decisions {(cpuAtEnd - cpuAfterStarts).TotalMilliseconds / Math.Max(1, decisions.Count):0.00} ms/step, all {(cpuAtEnd - cpuAtStart).TotalMilliseconds / Math.Max(1, steps.Length):0.00} ms/step ({(cpuAtEnd - cpuAtStart).TotalSeconds:0.0} s CPU in {total.TotalSeconds:0.0} s)"));
        Console.WriteLine($"load average (1, 5, 15 min): at start {load}, at end {loadAtEnd}");
        Statements("start", startTally);
        Statements("decide", decideTally);

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(folder, true); } catch (IOException) { }
        return errors == 0 && completed == instances ? 0 : 1;
    }

    /// <summary>Statements per step of one kind: the mean over all steps (replays included) and the most one step ran.</summary>
    private static void Statements(string name, ConcurrentBag<StatementCounter.Tally> tallies)
    {
        if (tallies.IsEmpty) return;
        var keywords = tallies.SelectMany(t => t.Statements.Keys).Distinct().Order(StringComparer.Ordinal)
            .Select(k => string.Create(CultureInfo.InvariantCulture, $"{k} {tallies.Average(t => t.Statements.GetValueOrDefault(k)):0.00}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"SQL per {name} step: {tallies.Average(t => t.RoundTrips):0.00} round trips (max {tallies.Max(t => t.RoundTrips)}), {tallies.Average(t => t.Commits):0.00} commits; {string.Join(", ", keywords)}"));
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    private static void Report(string name, double[] sorted, TimeSpan elapsed)
    {
        double P(double q) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name}: {sorted.Length} in {elapsed.TotalSeconds:0.0} s; p50 {P(0.50):0.0} ms, p95 {P(0.95):0.0} ms, p99 {P(0.99):0.0} ms, max {(sorted.Length == 0 ? 0 : sorted[^1]):0.0} ms"));
    }

    private static async Task ForEachAsync(List<Guid> items, int parallel, Func<Guid, Task> work)
    {
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, parallel).Select(_ => Task.Run(async () =>
        {
            for (var i = Interlocked.Increment(ref next); i < items.Count; i = Interlocked.Increment(ref next)) await work(items[i]);
        })));
    }

    private static async Task<T> InTenantAsync<T>(IServiceProvider services, Guid tenantId, Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().EnterAsSystem(tenantId);
        return await work(scope.ServiceProvider);
    }

    private static async Task<(Guid TenantId, List<Guid> Assessments)> SeedAsync(IServiceProvider services, int count)
    {
        var now = DateTimeOffset.UtcNow;
        var users = new List<Guid>();
        Guid tenantId;
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var tenant = Tenant.Create("workflow-load", "Workflow load", now);
            db.Tenants.Add(tenant);
            await db.SaveChangesAsync();
            tenantId = tenant.Id;
            var manager = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            for (var i = 0; i < 6; i++)
            {
                var email = i == 0 ? "requester@load.test" : $"reviewer{i}@load.test";
                var user = new AppUser { UserName = email, Email = email, DisplayName = email.Split('@')[0], CreatedAt = now };
                var created = await manager.CreateAsync(user, Password);
                if (!created.Succeeded) throw new InvalidOperationException(string.Join("; ", created.Errors.Select(e => e.Description)));
                users.Add(user.Id);
            }
        }

        var assessments = new List<Guid>();
        await using (var scope = services.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<TenantContext>().EnterAsSystem(tenantId);
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            for (var i = 0; i < users.Count; i++)
                db.Memberships.Add(TenantMembership.Create(tenantId, users[i], i == 0 ? TenantRoles.VendorManager : TenantRoles.Reviewer, now));
            var template = QuestionnaireTemplate.CreateDraft(QuestionnaireJson.Parse(LoadDefinition.Definition).Value, users[0], now).Value.Publish(now).Value;
            db.QuestionnaireTemplates.Add(template);
            await db.SaveChangesAsync();
            for (var i = 0; i < count; i++)
            {
                // One vendor per assessment, as in a real portfolio: a decision also updates its vendor's schedule, and a
                // thousand concurrent decisions on one vendor would measure that row's contention, not the engine.
                var vendor = Vendor.Create($"Workflow Load Vendor {i}", null, null, null, now);
                vendor.SetComputedTier(RiskTier.Low, now);
                db.Vendors.Add(vendor);
                var assessment = Assessment.Create(vendor.Id, template.Id, template.TemplateKey, template.SemanticVersion, template.ContentHash!,
                    $"Workflow load {i}", DateOnly.FromDateTime(now.UtcDateTime).AddDays(30), users[0], now);
                assessment.Send(now);
                db.Assessments.Add(assessment);
                db.AssessmentContacts.Add(AssessmentContact.Create(assessment.Id, $"contact{i}@vendor.test", null));
                db.AssessmentAnswers.Add(AssessmentAnswer.Create(assessment.Id, "uses_ai", AnswerJson.Serialize(AnswerValue.Boolean(true)), null, now));
                db.AssessmentAnswers.Add(AssessmentAnswer.Create(assessment.Id, "staff", AnswerJson.Serialize(AnswerValue.Number(5)), null, now));
                assessment.Submit(100, now);
                assessments.Add(assessment.Id);
                if (i % 200 == 199) await db.SaveChangesAsync();
            }
            await db.SaveChangesAsync();
        }
        return (tenantId, assessments);
    }
}
