using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace VendorRisk.Testing;

/// <summary>
/// Counts the SQL statements and transactions EF Core sends, per measured operation: <see cref="Measure"/> opens a tally for
/// the calling async flow, and every command and commit EF runs in that flow (and only there: other requests, start-up and
/// background jobs are not counted) adds to it. Statements are counted by their first keyword (SELECT, INSERT, ...); a batch
/// of several statements in one command counts once as a round trip and per statement in <see cref="Tally.Statements"/>.
/// Add it to a host with <see cref="AddTo"/>.
/// </summary>
public sealed class StatementCounter
{
    private static readonly AsyncLocal<Tally?> Current = new();

    /// <summary>Counts what EF runs in the calling flow until the returned tally is disposed (nested tallies both count).</summary>
    public static Tally Measure()
    {
        var tally = new Tally(Current.Value);
        Current.Value = tally;
        return tally;
    }

    /// <summary>Registers the interceptors on the app's SQLite context (the tests' provider).</summary>
    public static void AddTo(IServiceCollection services) =>
        services.ConfigureDbContext<Infrastructure.Persistence.SqliteAppDbContext>(options => options.AddInterceptors(new Commands(), new Transactions()));

    /// <summary>What one measured operation ran.</summary>
    public sealed class Tally(Tally? outer) : IDisposable
    {
        private readonly ConcurrentDictionary<string, int> _byKeyword = new(StringComparer.Ordinal);
        private readonly ConcurrentQueue<string> _sql = new();
        private int _roundTrips;
        private int _commits;
        private int _disposed;

        /// <summary>Commands sent to the database (a batch is one).</summary>
        public int RoundTrips => _roundTrips;

        /// <summary>Statements by first keyword (SELECT, INSERT, UPDATE, DELETE, ...), a batch counted per statement.</summary>
        public IReadOnlyDictionary<string, int> Statements => _byKeyword;

        public int Reads => _byKeyword.GetValueOrDefault("SELECT");

        public int Writes => _byKeyword.Where(k => k.Key is "INSERT" or "UPDATE" or "DELETE").Sum(k => k.Value);

        /// <summary>Transactions committed.</summary>
        public int Commits => _commits;

        /// <summary>The commands' text, in order.</summary>
        public IReadOnlyList<string> Sql => [.. _sql];

        public override string ToString() =>
            $"{RoundTrips} round trips, {Commits} commits; " + string.Join(", ", _byKeyword.OrderBy(k => k.Key, StringComparer.Ordinal).Select(k => $"{k.Key} {k.Value}"));

        internal void Command(string sql)
        {
            Interlocked.Increment(ref _roundTrips);
            _sql.Enqueue(sql);
            foreach (var statement in sql.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var keyword = statement.Split((char[])[' ', '\n', '\r', '\t'], 2)[0].ToUpperInvariant();
                if (keyword.Length > 0 && char.IsLetter(keyword[0])) _byKeyword.AddOrUpdate(keyword, 1, (_, n) => n + 1);
            }
            outer?.Command(sql);
        }

        internal void Commit()
        {
            Interlocked.Increment(ref _commits);
            outer?.Commit();
        }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0 && Current.Value == this) Current.Value = outer;
        }
    }

    private sealed class Commands : DbCommandInterceptor
    {
        private static void Count(DbCommand command) => Current.Value?.Command(command.CommandText);

        public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
        {
            Count(command);
            return result;
        }

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Count(command);
            return ValueTask.FromResult(result);
        }

        public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
        {
            Count(command);
            return result;
        }

        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result,
            CancellationToken cancellationToken = default)
        {
            Count(command);
            return ValueTask.FromResult(result);
        }

        public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
        {
            Count(command);
            return result;
        }

        public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<object> result, CancellationToken cancellationToken = default)
        {
            Count(command);
            return ValueTask.FromResult(result);
        }
    }

    private sealed class Transactions : DbTransactionInterceptor
    {
        public override void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Current.Value?.Commit();

        public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            Current.Value?.Commit();
            return Task.CompletedTask;
        }
    }
}
