using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using VendorRisk.Infrastructure.Tenancy;

namespace VendorRisk.Infrastructure.Persistence;

public static class PersistenceServiceCollectionExtensions
{
    public static IServiceCollection AddVendorRiskPersistence(
        this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var options = configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        services.AddSingleton(options);
        services.AddScoped<TenantContext>();

        switch (options.Provider)
        {
            case DatabaseProvider.Sqlite:
                var connectionString = SqliteConnectionString(options, environment.ContentRootPath);
                services.AddDbContext<AppDbContext, SqliteAppDbContext>(db => db
                    .UseSqlite(connectionString, sqlite => sqlite.MigrationsHistoryTable("__EFMigrationsHistory"))
                    .AddInterceptors(new SqlitePragmas(options.SqliteBusyTimeoutMilliseconds, options.SqliteMemoryMapMiB)));
                break;
            case DatabaseProvider.SqlServer:
                var sqlServer = ServerConnectionString(options, configuration);
                services.AddDbContext<AppDbContext, SqlServerAppDbContext>(db => db.UseSqlServer(sqlServer));
                break;
            case DatabaseProvider.PostgreSql:
                var postgres = ServerConnectionString(options, configuration);
                services.AddDbContext<AppDbContext, PostgreSqlAppDbContext>(db => db.UseNpgsql(postgres));
                break;
            default:
                throw new InvalidOperationException($"Unknown Database:Provider '{options.Provider}'. Use Sqlite, PostgreSql or SqlServer.");
        }
        return services;
    }

    /// <summary>The connection string of a server provider: Database:ConnectionString, else ConnectionStrings:VendorRisk.</summary>
    public static string ServerConnectionString(DatabaseOptions options, IConfiguration configuration) =>
        options.ConnectionString ?? configuration.GetConnectionString("VendorRisk")
        ?? throw new InvalidOperationException(
            $"Database:Provider is {options.Provider} but neither Database:ConnectionString nor ConnectionStrings:VendorRisk is set.");

    public static string SqliteConnectionString(DatabaseOptions options, string contentRoot)
    {
        var path = Path.IsPathRooted(options.SqlitePath) ? options.SqlitePath : Path.Combine(contentRoot, options.SqlitePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = Math.Max(30, options.SqliteBusyTimeoutMilliseconds / 1000),
        }.ToString();
    }
}
