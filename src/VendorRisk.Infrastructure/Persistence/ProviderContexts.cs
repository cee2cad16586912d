using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using VendorRisk.Domain.Vendors;
using VendorRisk.Infrastructure.Tenancy;

namespace VendorRisk.Infrastructure.Persistence;

/// <summary>SQLite, the embedded default. Its migrations live in Persistence/Migrations/Sqlite.</summary>
public sealed class SqliteAppDbContext(DbContextOptions<SqliteAppDbContext> options, TenantContext tenant,
    IEnumerable<ISaveChangesParticipant>? participants = null)
    : AppDbContext(options, tenant, participants)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        base.ConfigureConventions(configurationBuilder);
        // SQLite cannot compare or order DateTimeOffset values in SQL. All our times are UTC, so storing
        // them as a sortable 64-bit number keeps ORDER BY and range filters in the database.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
        configurationBuilder.Properties<DateTimeOffset?>().HaveConversion<DateTimeOffsetToBinaryConverter>();
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        // The vendor search tests LIKE '%term%' on name and description of every vendor of the tenant: from this index
        // alone, in name order, without reading the rows (a quarter of the pages).
        builder.Entity<Vendor>().HasIndex(v => new { v.TenantId, v.LegalName, v.Description }, SearchIndex);
        // Rows found through another table (the dashboard's expiring decisions) are checked for tenant and status from this
        // index, not the row. (On SQL Server the clustered primary key is the row, so it needs no such index.)
        builder.Entity<Vendor>().HasIndex(v => new { v.Id, v.TenantId, v.Status }, "IX_Vendors_Id_TenantId_Status");
    }

    public const string SearchIndex = "IX_Vendors_Search";
}

/// <summary>SQL Server, for production. Its migrations live in Persistence/Migrations/SqlServer.</summary>
public sealed class SqlServerAppDbContext(DbContextOptions<SqlServerAppDbContext> options, TenantContext tenant,
    IEnumerable<ISaveChangesParticipant>? participants = null)
    : AppDbContext(options, tenant, participants)
{
    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        // As on SQLite; a description is too long for an index key here, so it is carried in the leaf level instead.
        builder.Entity<Vendor>().HasIndex(v => new { v.TenantId, v.LegalName }, SqliteAppDbContext.SearchIndex).IncludeProperties(v => v.Description);
    }
}
