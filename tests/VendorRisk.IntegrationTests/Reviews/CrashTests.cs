using System.Collections.Immutable;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using VendorRisk.Application.Portal;
using VendorRisk.Application.Reviews;
using VendorRisk.Application.Tenancy;
using VendorRisk.Domain.Assessments;
using VendorRisk.Domain.Questionnaires;
using VendorRisk.Domain.Reviews;
using VendorRisk.Domain.Tenancy;
using VendorRisk.Domain.Workflows;
using VendorRisk.Domain.Workflows.Runtime;
using VendorRisk.Infrastructure.Identity;
using VendorRisk.Infrastructure.Persistence;
using VendorRisk.IntegrationTests.Infrastructure;
using static VendorRisk.IntegrationTests.Reviews.ReviewTestKit;
using VendorRisk.Testing;

namespace VendorRisk.IntegrationTests.Reviews;

/// <summary>
/// Issue 13's crash test. An operation (submit, resubmit after a clarification, decide, vote) runs on a host whose database
/// "dies" at its n-th write: the n-th INSERT/UPDATE/DELETE command or COMMIT throws, and so does every command after it, as
/// if the process had been killed at that instant (what was not committed is rolled back, nothing more reaches the database).
/// For every n, a fresh copy of the same starting database is used; afterwards a new host starts on the files, runs the jobs
/// a restarted node runs (the hand-over sweeper, the workflow timer sweep) and checks that the assessment and its review agree
/// and that the next step of the review succeeds.
/// </summary>
public abstract class CrashTestBase : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "vendorrisk-tests", "crash-" + Guid.NewGuid().ToString("N"));
    private readonly List<string> _folders = [];

    /// <summary>The starting state is copied per crash point as a SQLite file (a copy of a PostgreSQL database per point is not built yet).</summary>
    protected const string CrashReason = "Copies the starting database as a SQLite file for every crash point";

    protected CrashTestBase() => Directory.CreateDirectory(_root);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        GC.SuppressFinalize(this);
    }

    /// <summary>What the operation starts from, and the ids the operation and the checks need.</summary>
    private protected sealed record Start(string Snapshot, ReviewScene Scene, AppUser Contact, Guid AssessmentId);

    /// <summary>Builds the starting state on a host of its own and keeps a copy of its database.</summary>
    private protected async Task<Start> StartAsync(Func<VendorRiskApp, ReviewScene, AppUser, Task<Guid>> prepare, RiskTier tier)
    {
        var folder = NewFolder();
        ReviewScene scene;
        AppUser contact;
        Guid assessmentId;
        using (var host = new FileHost(folder))
        {
            scene = await SceneAsync(host, tier);
            contact = await host.CreateMemberAsync(scene.Tenant, TenantRoles.VendorContact, "contact-" + Guid.NewGuid().ToString("N")[..6] + "@vendor.test", scene.VendorId);
            assessmentId = await prepare(host, scene, contact);
        }
        SqliteConnection.ClearAllPools();
        var snapshot = Path.Combine(_root, "snapshot-" + Guid.NewGuid().ToString("N") + ".db");
        await using (var connection = new SqliteConnection($"Data Source={Path.Combine(folder, "vendorrisk.db")};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var vacuum = connection.CreateCommand();
            vacuum.CommandText = "VACUUM INTO $snapshot;";
            vacuum.Parameters.AddWithValue("$snapshot", snapshot);
            await vacuum.ExecuteNonQueryAsync();
        }
        return new Start(snapshot, scene, contact, assessmentId);
    }

    /// <summary>
    /// Runs <paramref name="operation"/> once to count its writes, then once per write with the database dying there, and after
    /// each crash restarts on the files and runs <paramref name="check"/>. Returns how many crash points were tried.
    /// <paramref name="inTenant"/>: the operation runs in the scene's tenant as the system (a workflow step); otherwise it enters
    /// the tenant itself, as a page does.
    /// </summary>
    /// <remarks>
    /// Two hosts serve every crash point, on one data folder whose database file is put back to the starting copy before each
    /// point: the dying host (its death re-armed per point) and the restarted one. Starting two hosts per point took about two
    /// thirds of these tests' time. The app keeps no mutable rows in memory between requests (the only caches hold immutable
    /// questionnaire content), so a host that is already running reads each point's files exactly as a freshly started node would.
    /// </remarks>
    private protected async Task<int> CrashAtEveryWriteAsync(Start start, Func<IServiceProvider, Start, Task> operation, Func<VendorRiskApp, Start, Task> check,
        bool inTenant = false)
    {
        var folder = NewFolder();
        RestoreStart(start, folder);
        var death = new Death();
        using var dying = new FileHost(folder, death);
        using var restarted = new FileHost(folder);

        await dying.InScopeAsync(sp => operation(sp, start), inTenant ? start.Scene.Tenant.Id : null);
        var writes = death.Writes;
        Assert.True(writes >= 2, $"The operation made {writes} writes; the crash test needs an operation that writes.");

        for (var n = 1; n <= writes; n++)
        {
            RestoreStart(start, folder);
            death.Rearm(diesAt: n);
            var crashed = false;
            try
            {
                await dying.InScopeAsync(sp => operation(sp, start), inTenant ? start.Scene.Tenant.Id : null);
            }
            catch (Exception e) when (Death.IsCrash(e))
            {
                crashed = true;
            }
            Assert.True(crashed || death.IsDead, $"Crash point {n} of {writes} was never reached.");
            SqliteConnection.ClearAllPools();

            restarted.Clock.Advance(TimeSpan.FromMinutes(5)); // past the hand-over sweeper's grace
            await restarted.InScopeAsync(sp => sp.GetRequiredService<ReviewHandOverJob>().RunAsync(CancellationToken.None));
            await SweepAsync(restarted);
            try
            {
                await check(restarted, start);
            }
            catch (Exception e)
            {
                throw new Xunit.Sdk.XunitException($"After a crash at write {n} of {writes}: {e.Message}");
            }
        }
        return writes;
    }

    // ----- operations, as pages and the API call them -----

    private protected static async Task SubmitAsContactAsync(IServiceProvider services, Start start)
    {
        Assert.True(await services.GetRequiredService<TenantDoor>().EnterAsMemberAsync(start.Scene.Tenant.Slug, start.Contact.Id, CancellationToken.None));
        var outcome = await services.GetRequiredService<SubmissionOperations>().SubmitAsync(start.AssessmentId, CancellationToken.None);
        Assert.True(outcome.Succeeded, outcome.Message + ": " + string.Join("; ", outcome.Errors.Select(e => e.Field + " " + e.Message)));
    }

    // ----- what must hold after a restart -----

    private protected static Task<Assessment> AssessmentAsync(VendorRiskApp app, Start start) =>
        app.InDbAsync(db => db.Assessments.AsNoTracking().SingleAsync(a => a.Id == start.AssessmentId), start.Scene.Tenant.Id);

    private protected static Task<WorkflowInstance?> ReviewAsync(VendorRiskApp app, Start start) =>
        app.InDbAsync(db => db.Set<WorkflowInstance>().AsNoTracking().SingleOrDefaultAsync(i => i.AssessmentId == start.AssessmentId), start.Scene.Tenant.Id);

    private protected static Task<List<WorkflowTask>> OpenTasksOfAsync(VendorRiskApp app, Start start) =>
        app.InDbAsync(db => db.Set<WorkflowTask>().AsNoTracking().Where(t => t.AssessmentId == start.AssessmentId && t.Outcome == null).ToListAsync(), start.Scene.Tenant.Id);

    /// <summary>
    /// The assessment and its review tell the same story, and nothing waits to be handed over. Returns the review (null when
    /// the assessment was never submitted).
    /// </summary>
    private protected static async Task<WorkflowInstance?> AgreeAsync(VendorRiskApp app, Start start)
    {
        var assessment = await AssessmentAsync(app, start);
        var review = await ReviewAsync(app, start);
        var open = await OpenTasksOfAsync(app, start);
        var pendingHandOvers = await app.InDbAsync(db => db.Set<ReviewHandOver>().CountAsync(h => h.AssessmentId == start.AssessmentId && h.DeliveredAt == null), start.Scene.Tenant.Id);
        Assert.Equal(0, pendingHandOvers);
        switch (assessment.Status)
        {
            case AssessmentStatus.Sent or AssessmentStatus.InProgress:
                Assert.Null(review);
                break;
            case AssessmentStatus.ClarificationRequested:
                Assert.NotNull(review);
                Assert.Contains(open, t => t.Kind == WorkflowRunner.KindClarification);
                break;
            case AssessmentStatus.Submitted or AssessmentStatus.InReview:
                Assert.NotNull(review);
                Assert.Null(review.FinishedAt);
                Assert.DoesNotContain(open, t => t.Kind == WorkflowRunner.KindClarification);
                Assert.Contains(open, t => t.Kind is WorkflowRunner.KindHumanTask or WorkflowRunner.KindVote);
                break;
            case AssessmentStatus.Approved or AssessmentStatus.ApprovedWithConditions or AssessmentStatus.Rejected:
                Assert.NotNull(review);
                Assert.NotNull(review.FinishedAt);
                Assert.Empty(open);
                var vendorDecision = await app.InDbAsync(db => db.Vendors.Where(v => v.Id == assessment.VendorId).Select(v => v.DecisionAssessmentId).SingleAsync(), start.Scene.Tenant.Id);
                Assert.Equal(assessment.Id, vendorDecision);
                break;
            default:
                Assert.Fail($"Unexpected assessment status {assessment.Status}.");
                break;
        }
        return review;
    }

    /// <summary>A reviewer takes the review's open task and approves it; the step must apply.</summary>
    private protected static async Task ReviewerApprovesAsync(VendorRiskApp app, Start start, WorkflowInstance review)
    {
        var task = Assert.Single(await OpenTasksOfAsync(app, start), t => t.Kind == WorkflowRunner.KindHumanTask);
        var result = await DecideAsync(app, start.Scene, review.Id, task.TaskId, "approve", start.Scene.Reviewer);
        Assert.True(result.Applied, result.Message);
    }

    private string NewFolder()
    {
        var folder = Path.Combine(_root, Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        _folders.Add(folder);
        return folder;
    }

    /// <summary>
    /// Puts the starting database back into <paramref name="folder"/> (in WAL mode, as the app keeps it), as the files a node
    /// finds before the operation. No connection is open between points: the pools are cleared first.
    /// </summary>
    private static void RestoreStart(Start start, string folder)
    {
        SqliteConnection.ClearAllPools();
        var database = Path.Combine(folder, "vendorrisk.db");
        foreach (var file in new[] { database, database + "-wal", database + "-shm" }) File.Delete(file);
        File.Copy(start.Snapshot, database);
        using var connection = new SqliteConnection($"Data Source={database};Pooling=False");
        connection.Open();
        using var wal = connection.CreateCommand();
        wal.CommandText = "PRAGMA journal_mode=WAL;";
        wal.ExecuteNonQuery();
    }

    /// <summary>The app on a data folder of the test's, optionally with a database that dies at a chosen write.</summary>
    private sealed class FileHost(string folder, Death? death = null) : VendorRiskApp(folder)
    {
        public Death? Death => death;

        protected override bool ChecksMailLinks => death is null;

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            if (death is null) return;
            builder.ConfigureServices(services => services.ConfigureDbContext<SqliteAppDbContext>(options =>
                options.AddInterceptors(new DeathOnCommand(death), new DeathOnCommit(death))));
        }
    }

    /// <summary>
    /// The moment the process dies: the <c>diesAt</c>-th write of the operation (counted in the test's own flow, so the host's
    /// start-up and background work are not counted). After it every command fails, from any flow. Until armed with a crash
    /// point it only counts.
    /// </summary>
    private sealed class Death
    {
        private static readonly AsyncLocal<bool> InOperation = new();
        private int _writes;
        private int? _diesAt;

        /// <summary>Alive again with no write counted, to die at write <paramref name="diesAt"/> of the next operation.</summary>
        public void Rearm(int diesAt)
        {
            _writes = 0;
            _diesAt = diesAt;
            IsDead = false;
        }

        public int Writes => _writes;

        public bool IsDead { get; private set; }

        public static bool IsCrash(Exception e) =>
            e is SimulatedCrash || e.InnerException is { } inner && IsCrash(inner) || e is AggregateException a && a.InnerExceptions.Any(IsCrash);

        /// <summary>Counts writes from here on in this flow (the test's operation).</summary>
        public static void Arm() => InOperation.Value = true;

        public void BeforeCommand(DbCommand command)
        {
            if (IsDead) throw new SimulatedCrash("The process is dead.");
            if (InOperation.Value && IsWrite(command.CommandText)) Write();
        }

        public void BeforeCommit()
        {
            if (IsDead) throw new SimulatedCrash("The process is dead.");
            if (InOperation.Value) Write();
        }

        private void Write()
        {
            var n = Interlocked.Increment(ref _writes);
            if (n != _diesAt) return;
            IsDead = true;
            throw new SimulatedCrash($"The process was killed at write {n}.");
        }

        private static bool IsWrite(string sql)
        {
            var text = sql.TrimStart();
            return text.StartsWith("INSERT", StringComparison.OrdinalIgnoreCase) || text.StartsWith("UPDATE", StringComparison.OrdinalIgnoreCase)
                || text.StartsWith("DELETE", StringComparison.OrdinalIgnoreCase) || text.Contains("\nINSERT", StringComparison.OrdinalIgnoreCase)
                || text.Contains("\nUPDATE", StringComparison.OrdinalIgnoreCase) || text.Contains("\nDELETE", StringComparison.OrdinalIgnoreCase);
        }
    }

    private sealed class SimulatedCrash(string message) : Exception(message);

    private sealed class DeathOnCommand(Death death) : DbCommandInterceptor
    {
        public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
        {
            death.BeforeCommand(command);
            return result;
        }

        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result,
            CancellationToken cancellationToken = default)
        {
            death.BeforeCommand(command);
            return ValueTask.FromResult(result);
        }

        public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
        {
            death.BeforeCommand(command);
            return result;
        }

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            death.BeforeCommand(command);
            return ValueTask.FromResult(result);
        }

        public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
        {
            death.BeforeCommand(command);
            return result;
        }

        public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<object> result, CancellationToken cancellationToken = default)
        {
            death.BeforeCommand(command);
            return ValueTask.FromResult(result);
        }
    }

    private sealed class DeathOnCommit(Death death) : DbTransactionInterceptor
    {
        public override InterceptionResult TransactionCommitting(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result)
        {
            death.BeforeCommit();
            return result;
        }

        public override ValueTask<InterceptionResult> TransactionCommittingAsync(DbTransaction transaction, TransactionEventData eventData,
            InterceptionResult result, CancellationToken cancellationToken = default)
        {
            death.BeforeCommit();
            return ValueTask.FromResult(result);
        }
    }

    /// <summary>Marks the calling flow as the operation under test (its writes are counted).</summary>
    private protected static void OperationStarts() => Death.Arm();
}

/// <summary>The vendor submits: afterwards either nothing happened (and the vendor can submit) or the review runs (and a reviewer can decide).</summary>
public sealed class SubmitCrashTests : CrashTestBase
{
    [SqliteOnlyFact(CrashReason)]
    public async Task A_crash_at_any_write_of_a_submission_leaves_the_assessment_and_its_review_in_agreement()
    {
        var start = await StartAsync(async (app, scene, contact) =>
            (await app.Scenario.AssessmentAsync(scene.Tenant.Id, new AssessmentPlan(scene.VendorId, await TemplateAsync(app, scene), scene.Requester.Id)
            {
                Contacts = [(contact.Email!, contact.Id)],
                Answers = GoodAnswers,
                Sent = true,
                VendorActivity = true,
            })).Id, RiskTier.Low);

        var tried = await CrashAtEveryWriteAsync(start, (sp, s) => { OperationStarts(); return SubmitAsContactAsync(sp, s); }, async (app, s) =>
        {
            var review = await AgreeAsync(app, s);
            if (review is null)
            {
                await app.InScopeAsync(sp => SubmitAsContactAsync(sp, s));
                review = await AgreeAsync(app, s);
            }
            await ReviewerApprovesAsync(app, s, review!);
            Assert.Equal(AssessmentStatus.Approved, (await AssessmentAsync(app, s)).Status);
        });
        Assert.True(tried >= 4, $"Only {tried} crash points.");
    }

    internal static readonly Dictionary<string, string> GoodAnswers = new()
    {
        ["mfa"] = AssessmentPlan.Json(AnswerValue.Boolean(true)),
        ["encryption"] = AssessmentPlan.Json(AnswerValue.Text("yes")),
    };
}

/// <summary>
/// The vendor resubmits after a clarification (the case issue 13 found stuck): afterwards either the clarification still waits
/// (and the vendor can resubmit) or the review is back with a reviewer (who can decide).
/// </summary>
public sealed class ResubmitCrashTests : CrashTestBase
{
    [SqliteOnlyFact(CrashReason)]
    public async Task A_crash_at_any_write_of_a_resubmission_leaves_the_assessment_and_its_review_in_agreement()
    {
        var start = await StartAsync(async (app, scene, contact) =>
        {
            var assessmentId = (await app.Scenario.AssessmentAsync(scene.Tenant.Id, new AssessmentPlan(scene.VendorId, await TemplateAsync(app, scene), scene.Requester.Id)
            {
                Contacts = [(contact.Email!, contact.Id)],
                Answers = SubmitCrashTests.GoodAnswers,
                Submitted = true,
                Score = 100,
            })).Id;
            var started = await RunAsync(app, scene, r => r.StartForAssessmentAsync(assessmentId));
            Assert.True(started.Applied, started.Message);
            var review = await ReviewTaskAsync(app, scene, started.InstanceId!.Value);
            var asked = await DecideAsync(app, scene, started.InstanceId.Value, review.TaskId, "requestClarification", scene.Reviewer, questions: ["mfa"]);
            Assert.True(asked.Applied, asked.Message);
            return assessmentId;
        }, RiskTier.Low);

        var tried = await CrashAtEveryWriteAsync(start, (sp, s) => { OperationStarts(); return SubmitAsContactAsync(sp, s); }, async (app, s) =>
        {
            var review = await AgreeAsync(app, s);
            if ((await AssessmentAsync(app, s)).Status == AssessmentStatus.ClarificationRequested)
            {
                await app.InScopeAsync(sp => SubmitAsContactAsync(sp, s));
                review = await AgreeAsync(app, s);
            }
            Assert.Equal(1, (await AssessmentAsync(app, s)).ClarificationRounds);
            await ReviewerApprovesAsync(app, s, review!);
            Assert.Equal(AssessmentStatus.Approved, (await AssessmentAsync(app, s)).Status);
        });
        Assert.True(tried >= 4, $"Only {tried} crash points.");
    }
}

/// <summary>A reviewer approves: afterwards either the task is still open (and can be decided) or the assessment is decided with all its consequences.</summary>
public sealed class DecideCrashTests : CrashTestBase
{
    [SqliteOnlyFact(CrashReason)]
    public async Task A_crash_at_any_write_of_a_decision_leaves_the_assessment_and_its_review_in_agreement()
    {
        var start = await StartAsync(async (app, scene, _) =>
        {
            var instanceId = await StartedReviewAsync(app, scene);
            return (await AssessmentOfAsync(app, scene, instanceId)).Id;
        }, RiskTier.Low);

        var tried = await CrashAtEveryWriteAsync(start, async (sp, s) =>
        {
            OperationStarts();
            var review = await sp.GetRequiredService<AppDbContext>().Set<WorkflowInstance>().AsNoTracking().SingleAsync(i => i.AssessmentId == s.AssessmentId);
            var task = await sp.GetRequiredService<AppDbContext>().Set<WorkflowTask>().AsNoTracking()
                .SingleAsync(t => t.InstanceId == review.Id && t.Outcome == null && t.Kind == WorkflowRunner.KindHumanTask);
            var result = await sp.GetRequiredService<WorkflowRunner>().HandleAsync(review.Id,
                new TaskCompleted(task.TaskId, "approve", s.Scene.Reviewer.Id.ToString(), Guid.NewGuid().ToString("N"), "checked", null, default), s.Scene.Reviewer.Id);
            Assert.True(result.Applied, result.Message);
        }, async (app, s) =>
        {
            var review = await AgreeAsync(app, s);
            if ((await AssessmentAsync(app, s)).Status == AssessmentStatus.InReview) await ReviewerApprovesAsync(app, s, review!);
            await AgreeAsync(app, s);
            Assert.Equal(AssessmentStatus.Approved, (await AssessmentAsync(app, s)).Status);
        }, inTenant: true);
        Assert.True(tried >= 2, $"Only {tried} crash points.");
    }
}

/// <summary>The deciding committee vote: afterwards either the vote is not counted (and can be cast) or the decision stands with all its consequences.</summary>
public sealed class VoteCrashTests : CrashTestBase
{
    [SqliteOnlyFact(CrashReason)]
    public async Task A_crash_at_any_write_of_the_deciding_vote_leaves_the_assessment_and_its_review_in_agreement()
    {
        var start = await StartAsync(async (app, scene, _) =>
        {
            var (instanceId, ballot) = await CommitteeVoteTests.AtCommitteeAsync(app, scene);
            for (var i = 0; i < 2; i++) Assert.True((await CommitteeVoteTests.VoteAsync(app, scene, instanceId, ballot, scene.Committee[i])).Applied);
            return (await AssessmentOfAsync(app, scene, instanceId)).Id;
        }, RiskTier.High);

        var tried = await CrashAtEveryWriteAsync(start, async (sp, s) =>
        {
            OperationStarts();
            Assert.True((await CastLastVoteAsync(sp, s)).Applied);
        }, async (app, s) =>
        {
            await AgreeAsync(app, s);
            if ((await AssessmentAsync(app, s)).Status is not (AssessmentStatus.Approved or AssessmentStatus.ApprovedWithConditions))
            {
                var result = await app.InScopeAsync(sp => CastLastVoteAsync(sp, s), s.Scene.Tenant.Id);
                Assert.True(result.Applied, result.Message);
            }
            await AgreeAsync(app, s);
            Assert.Equal(3, await app.InDbAsync(db => db.Set<WorkflowVote>().CountAsync(), s.Scene.Tenant.Id));
            Assert.Contains((await AssessmentAsync(app, s)).Status, new[] { AssessmentStatus.Approved, AssessmentStatus.ApprovedWithConditions });
        }, inTenant: true);
        Assert.True(tried >= 2, $"Only {tried} crash points.");
    }

    private static async Task<WorkflowRunResult> CastLastVoteAsync(IServiceProvider sp, Start s)
    {
        var db = sp.GetRequiredService<AppDbContext>();
        var review = await db.Set<WorkflowInstance>().AsNoTracking().SingleAsync(i => i.AssessmentId == s.AssessmentId);
        var ballot = await db.Set<WorkflowTask>().AsNoTracking().SingleAsync(t => t.InstanceId == review.Id && t.Outcome == null && t.Kind == WorkflowRunner.KindVote);
        var voter = s.Scene.Committee[2];
        return await sp.GetRequiredService<WorkflowRunner>().HandleAsync(review.Id, new VoteCast(ballot.TaskId, voter.Id.ToString(), VoteChoice.Approve), voter.Id,
            new VoteDetails(null, null, null, null));
    }
}
