using System.Collections.Immutable;
using Hangfire;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using VendorRisk.Application.Reviews;
using VendorRisk.Domain.Workflows;
using VendorRisk.Domain.Workflows.Runtime;
using VendorRisk.IntegrationTests.Infrastructure;
using VendorRisk.Testing;
using static VendorRisk.IntegrationTests.Reviews.ReviewTestKit;

namespace VendorRisk.IntegrationTests.Reviews;

/// <summary>
/// The work of one review step, pinned (issue 17's budget of 500 steps/s, ADR-046): the SQL statements a start (autoScore,
/// triage, assignReviewer, the review task with its two timers, the assignee's e-mail) and a decision (approve with a residual
/// risk, notify, end) send on a real SQLite file, counted by an EF command interceptor, each in one transaction, and no Hangfire
/// job per timer. A change that reads or writes more per step fails here with the statements listed; one that reads less
/// lowers the pins.
/// </summary>
public sealed class WorkflowStatementCountTests(WorkflowStatementCountTests.CountingApp app) : IClassFixture<WorkflowStatementCountTests.CountingApp>
{
    private const string Reason = "Counts the statements EF sends through the SQLite context's interceptor";

    /// <summary>Start: the assessment, whether a review started, the vendor (tier and name, once), the pinned template (first
    /// use of this version in the process; compiled once and kept), the answers, the members, their open load, the tenant's slug
    /// and name, the assignee's address; then, in the write transaction, the audit chain head.</summary>
    private const int StartReads = 10;

    /// <summary>Start writes: instance, task, two timers, four journal rows, the assignee's mail, two audit events, the audit chain
    /// head and the assessment (in review).</summary>
    private const int StartWrites = 13;

    /// <summary>Decision: instance, assessment, open tasks, journal position, pending timers (one read for both cancellations),
    /// vendor, tenant, requester's address, vendor contacts; the decision's own reads (vendor row, its tier, reassessment policy
    /// and schedule); the chain head. No members, load or questionnaire: the step asks for none of them.</summary>
    private const int DecisionReads = 14;

    /// <summary>Decision writes: the task closed, two timers cancelled, three journal rows, two mails, audit events and chain
    /// head, the instance, the assessment, the vendor and its reassessment schedule.</summary>
    private const int DecisionWrites = 15;

    [SqliteOnlyFact(Reason)]
    public async Task A_start_and_a_decision_each_send_a_pinned_number_of_statements_in_one_transaction()
    {
        var scene = await SceneAsync(app);
        var assessmentId = await SubmittedAssessmentAsync(app, scene);
        var jobsBefore = ScheduledJobs();

        StatementCounter.Tally start = null!;
        var started = await RunAsync(app, scene, async runner =>
        {
            using var tally = start = StatementCounter.Measure();
            return await runner.StartForAssessmentAsync(assessmentId);
        });
        Assert.True(started.Applied, started.Message);
        var instanceId = started.InstanceId!.Value;

        var task = await ReviewTaskAsync(app, scene, instanceId);
        var residual = ImmutableDictionary<string, WorkflowValue>.Empty.Add("residualRisk", WorkflowValue.OfString("low"));
        StatementCounter.Tally decision = null!;
        var decided = await RunAsync(app, scene, async runner =>
        {
            using var tally = decision = StatementCounter.Measure();
            return await runner.HandleAsync(instanceId,
                new TaskCompleted(task.TaskId, "approve", task.AssigneeUserId!.Value.ToString(), Guid.NewGuid().ToString("N"), "fine", residual),
                task.AssigneeUserId);
        });
        Assert.True(decided.Applied, decided.Message);

        AssertPinned("start", start, StartReads, StartWrites);
        AssertPinned("decision", decision, DecisionReads, DecisionWrites);
        // Timers are rows the recurring sweeper fires (ADR-046): no Hangfire job per timer.
        Assert.Equal(jobsBefore, ScheduledJobs());
    }

    private long ScheduledJobs() => app.Services.GetRequiredService<JobStorage>().GetMonitoringApi().ScheduledCount();

    private static void AssertPinned(string step, StatementCounter.Tally tally, int reads, int writes) =>
        Assert.True(tally.Commits == 1 && tally.Reads == reads && tally.Writes == writes,
            $"The {step} ran {tally} (pinned: 1 commit, {reads} SELECT, {writes} INSERT/UPDATE/DELETE):{Environment.NewLine}"
            + string.Join(Environment.NewLine + "--" + Environment.NewLine, tally.Sql));

    /// <summary>The test host with the statement counter on its SQLite context.</summary>
    public sealed class CountingApp : VendorRiskApp
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(StatementCounter.AddTo);
        }
    }
}
