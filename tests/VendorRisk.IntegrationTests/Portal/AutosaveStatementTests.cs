using System.Data.Common;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using VendorRisk.Infrastructure.Persistence;
using VendorRisk.IntegrationTests.Infrastructure;
using static VendorRisk.IntegrationTests.Portal.PortalTestKit;

namespace VendorRisk.IntegrationTests.Portal;

/// <summary>
/// The database work of one autosave through the real HTTP endpoint, counted by an EF command interceptor on the host's real database
/// (issue 17's budget of 2,000 saves/s, ADR-045): every statement a save sends is a round trip and CPU in EF, so a change that adds
/// one to the hot path fails here, with the statements listed. Only the marked request's statements are counted (an async-local scope
/// opened by a middleware), so other work of the host cannot disturb the count. When a change removes a statement, lower the pin.
/// </summary>
public sealed class AutosaveStatementTests(AutosaveStatementTests.CountingApp app) : IClassFixture<AutosaveStatementTests.CountingApp>
{
    // Reads: session check, tenant door, the contact's vendor with the assessment and the contact check (one query), the answers.
    // Write: the answer's UPDATE (with its version check), then the assessment's status under the write lock. BEGIN and COMMIT are the
    // transaction's (counted apart).
    private const int StatementsOfASave = 6;

    [Fact]
    public async Task An_autosave_of_a_question_without_evidence_runs_six_statements_in_one_transaction()
    {
        var world = await CreateWorldAsync(app);
        var client = await SignedInAsync(app, world.ContactA);
        var token = Token(await client.GetDocumentAsync(world.UrlA));
        var first = await JsonAsync(await AutosaveAsync(client, token, world.UrlA, "uses_ai", 0, "true"));

        var (response, log) = await app.CountAsync(() => AutosaveAsync(client, token, world.UrlA, "uses_ai", first.GetProperty("version").GetInt32(), "false"));

        AssertStatus(HttpStatusCode.OK, response, "autosave");
        Assert.True(log.Statements.Count == StatementsOfASave, $"{log.Statements.Count} statements, expected {StatementsOfASave}:\n{log}");
        Assert.Equal(1, log.Transactions);
        Assert.Single(log.Statements, s => s.StartsWith("UPDATE \"AssessmentAnswers\"", StringComparison.Ordinal));
        Assert.DoesNotContain(log.Statements, s => s.Contains("\"EvidenceFiles\"", StringComparison.Ordinal) || s.Contains("\"EvidenceRecords\"", StringComparison.Ordinal));
        var body = await JsonAsync(response);
        Assert.Equal(first.GetProperty("version").GetInt32() + 1, body.GetProperty("version").GetInt32());
        Assert.False(body.GetProperty("state").GetProperty("items").GetProperty("ai_kind").GetProperty("visible").GetBoolean());
    }

    [Fact]
    public async Task A_first_answer_inserts_instead_of_updating_and_costs_no_more()
    {
        var world = await CreateWorldAsync(app);
        var client = await SignedInAsync(app, world.ContactA);
        var token = Token(await client.GetDocumentAsync(world.UrlA));
        await AutosaveAsync(client, token, world.UrlA, "uses_ai", 0, "true");

        var (response, log) = await app.CountAsync(() => AutosaveAsync(client, token, world.UrlA, "contact_email", 0, "sec@example.com"));

        AssertStatus(HttpStatusCode.OK, response, "autosave");
        Assert.True(log.Statements.Count == StatementsOfASave, $"{log.Statements.Count} statements, expected {StatementsOfASave}:\n{log}");
        Assert.Single(log.Statements, s => s.StartsWith("INSERT INTO \"AssessmentAnswers\"", StringComparison.Ordinal));
    }

    private const string EvidenceDefinition = """
        {
          "id": "evidence-statements", "version": "1.0.0", "title": "Evidence statements",
          "sections": [ { "id": "s", "title": "Policies", "items": [
            { "id": "owner", "type": "text", "text": "Who owns the security policy?", "evidence": { "required": true, "prompt": "The signed policy" } },
            { "id": "notes", "type": "text", "text": "Notes" }
          ] } ]
        }
        """;

    [Fact]
    public async Task A_question_that_takes_evidence_reads_its_own_links_once_more_and_reports_them_as_before()
    {
        var world = await CreateWorldAsync(app);
        var template = await app.Scenario.PublishedQuestionnaireAsync(world.Tenant.Id, EvidenceDefinition, world.Admin.Id);
        var id = await IssueAsync(app, world.Tenant, template, world.VendorA.Id, world.Admin.Id, [world.ContactA.Email!]);
        var url = $"/t/{world.Tenant.Slug}/portal/assessments/{id}";
        var client = await SignedInAsync(app, world.ContactA);
        var token = Token(await client.GetDocumentAsync(url));
        var first = await JsonAsync(await AutosaveAsync(client, token, url, "owner", 0, "The CISO"));
        Assert.Contains(first.GetProperty("errors").EnumerateArray(), e => e.GetString()!.Contains("The signed policy", StringComparison.Ordinal));

        // The document goes on the question; the next save reads the question's links and no longer asks for it.
        AssertStatus(HttpStatusCode.Redirect, await UploadAsync(client, token, url, "owner", "policy.pdf", Pdf), "evidence upload");
        var (response, log) = await app.CountAsync(() => AutosaveAsync(client, token, url, "owner", first.GetProperty("version").GetInt32(), "The CTO"));

        AssertStatus(HttpStatusCode.OK, response, "autosave");
        Assert.True(log.Statements.Count == StatementsOfASave + 1, $"{log.Statements.Count} statements, expected {StatementsOfASave + 1}:\n{log}");
        Assert.Single(log.Statements, s => s.Contains("\"EvidenceFiles\"", StringComparison.Ordinal));
        Assert.Empty((await JsonAsync(response)).GetProperty("errors").EnumerateArray());

        // A question without evidence on the same questionnaire reads none.
        var (notes, notesLog) = await app.CountAsync(() => AutosaveAsync(client, token, url, "notes", 0, "none"));
        AssertStatus(HttpStatusCode.OK, notes, "autosave of the notes");
        Assert.True(notesLog.Statements.Count == StatementsOfASave, $"{notesLog.Statements.Count} statements, expected {StatementsOfASave}:\n{notesLog}");
    }

    private static readonly byte[] Pdf = "%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"u8.ToArray();

    /// <summary>The statements and transactions of one request.</summary>
    public sealed class RequestLog
    {
        public List<string> Statements { get; } = [];
        public int Transactions { get; set; }
        public override string ToString() => string.Join("\n---\n", Statements);
    }

    /// <summary>The app with an EF interceptor that logs the statements of requests carrying <see cref="Header"/>.</summary>
    public sealed class CountingApp : VendorRiskApp
    {
        public const string Header = "X-Test-Count-Statements";
        private readonly Interceptor _interceptor = new();

        public async Task<(HttpResponseMessage Response, RequestLog Log)> CountAsync(Func<Task<HttpResponseMessage>> send)
        {
            _interceptor.Last = null;
            CountingHandler.Enabled.Value = true;
            try
            {
                var response = await send();
                return (response, _interceptor.Last ?? throw new InvalidOperationException("The request was not counted."));
            }
            finally
            {
                CountingHandler.Enabled.Value = false;
            }
        }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services =>
            {
                services.ConfigureDbContext<SqliteAppDbContext>((_, options) => options.AddInterceptors(_interceptor));
                services.ConfigureDbContext<PostgreSqlAppDbContext>((_, options) => options.AddInterceptors(_interceptor));
                services.AddSingleton<IStartupFilter>(new CountingStartup(_interceptor));
            });
        }

        /// <summary>Keeps cookies, follows no redirect (as the base host's client), and marks the requests made inside <see cref="CountAsync"/>.</summary>
        public override HttpClient CreateBrowserClient() =>
            CreateDefaultClient(new Microsoft.AspNetCore.Mvc.Testing.Handlers.CookieContainerHandler(), new CountingHandler());
    }

    /// <summary>Marks the test's requests to count (an async-local of the test's own flow, so parallel tests are not marked).</summary>
    private sealed class CountingHandler : DelegatingHandler
    {
        public static readonly AsyncLocal<bool> Enabled = new();

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (Enabled.Value) request.Headers.Add(CountingApp.Header, "1");
            return base.SendAsync(request, cancellationToken);
        }
    }

    private sealed class CountingStartup(Interceptor interceptor) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (context, following) =>
            {
                if (!context.Request.Headers.ContainsKey(CountingApp.Header))
                {
                    await following(context);
                    return;
                }
                var log = new RequestLog();
                interceptor.Current.Value = log;
                try
                {
                    await following(context);
                }
                finally
                {
                    interceptor.Current.Value = null;
                    interceptor.Last = log;
                }
            });
            next(app);
        };
    }

    private sealed class Interceptor : DbCommandInterceptor, IDbTransactionInterceptor
    {
        public AsyncLocal<RequestLog?> Current { get; } = new();
        public RequestLog? Last { get; set; }

        private InterceptionResult<T> Log<T>(DbCommand command, InterceptionResult<T> result)
        {
            if (Current.Value is { } log) lock (log) log.Statements.Add(command.CommandText);
            return result;
        }

        public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result) =>
            Log(command, result);

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default) => ValueTask.FromResult(Log(command, result));

        public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result) =>
            Log(command, result);

        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<int> result, CancellationToken cancellationToken = default) => ValueTask.FromResult(Log(command, result));

        public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result) =>
            Log(command, result);

        public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<object> result, CancellationToken cancellationToken = default) => ValueTask.FromResult(Log(command, result));

        public ValueTask<DbTransaction> TransactionStartedAsync(DbConnection connection, TransactionEndEventData eventData, DbTransaction result,
            CancellationToken cancellationToken = default)
        {
            if (Current.Value is { } log) lock (log) log.Transactions++;
            return ValueTask.FromResult(result);
        }

        public DbTransaction TransactionStarted(DbConnection connection, TransactionEndEventData eventData, DbTransaction result)
        {
            if (Current.Value is { } log) lock (log) log.Transactions++;
            return result;
        }
    }
}
