using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using VendorRisk.Infrastructure.Tenancy;

namespace VendorRisk.Infrastructure.Persistence;

/// <summary>SQLite, the embedded default. Its migrations live in Persistence/Migrations/Sqlite.</summary>
public sealed class SqliteAppDbContext(DbContextOptions<SqliteAppDbContext> options, TenantContext tenant)
    : AppDbContext(options, tenant)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        base.ConfigureConventions(configurationBuilder);
        // SQLite cannot compare or order DateTimeOffset values in SQL. All our times are UTC, so storing
        // them as a sortable 64-bit number keeps ORDER BY and range filters in the database.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
        configurationBuilder.Properties<DateTimeOffset?>().HaveConversion<DateTimeOffsetToBinaryConverter>();
    }
}

/// <summary>SQL Server, for production. Its migrations live in Persistence/Migrations/SqlServer.</summary>
public sealed class SqlServerAppDbContext(DbContextOptions<SqlServerAppDbContext> options, TenantContext tenant)
    : AppDbContext(options, tenant);
