using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using VendorRisk.Domain.Vendors;
using VendorRisk.Infrastructure.Tenancy;

namespace VendorRisk.Infrastructure.Persistence;

/// <summary>SQLite, the embedded default. Its migrations live in Persistence/Migrations/Sqlite.</summary>
public sealed class SqliteAppDbContext(DbContextOptions<SqliteAppDbContext> options, TenantContext tenant,
    IEnumerable<ISaveChangesParticipant>? participants = null, Domain.Audit.IAuditKeys? auditKeys = null)
    : AppDbContext(options, tenant, participants, auditKeys)
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
    IEnumerable<ISaveChangesParticipant>? participants = null, Domain.Audit.IAuditKeys? auditKeys = null)
    : AppDbContext(options, tenant, participants, auditKeys)
{
    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        // As on SQLite; a description is too long for an index key here, so it is carried in the leaf level instead.
        SqlServerIndexBuilderExtensions.IncludeProperties(
            builder.Entity<Vendor>().HasIndex(v => new { v.TenantId, v.LegalName }, SqliteAppDbContext.SearchIndex), v => v.Description);
    }
}

/// <summary>
/// PostgreSQL, the tested server provider (ADR-023). Its migrations live in Persistence/Migrations/PostgreSql. Times stay
/// <c>timestamptz</c> (all of ours are UTC, which Npgsql requires of a <see cref="DateTimeOffset"/> it writes).
/// </summary>
public sealed class PostgreSqlAppDbContext(DbContextOptions<PostgreSqlAppDbContext> options, TenantContext tenant,
    IEnumerable<ISaveChangesParticipant>? participants = null, Domain.Audit.IAuditKeys? auditKeys = null)
    : AppDbContext(options, tenant, participants, auditKeys)
{
    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        // LIKE is case-sensitive on PostgreSQL and case-insensitive (for ASCII) on SQLite and SQL Server's default collation.
        // The columns that searches match with LIKE are citext, whose LIKE ignores case, so one query means the same everywhere.
        builder.HasPostgresExtension("citext");
        builder.Entity<Vendor>().Property(v => v.LegalName).HasColumnType("citext");
        builder.Entity<Vendor>().Property(v => v.Description).HasColumnType("citext");
        builder.Entity<Domain.Audit.AuditEvent>().Property(e => e.ActorName).HasColumnType("citext");
        // The vendor list is read in name order per tenant from this index. A description (up to 4,000 characters) can
        // exceed a B-tree entry's limit (a third of a page), so unlike SQLite it is not carried in the index: a search reads
        // the tenant's vendor rows.
        builder.Entity<Vendor>().HasIndex(v => new { v.TenantId, v.LegalName }, SqliteAppDbContext.SearchIndex);
        // As on SQLite (a heap, not a clustered key): rows found through another table are checked for tenant and status from
        // the index, by an index-only scan.
        NpgsqlIndexBuilderExtensions.IncludeProperties(
            builder.Entity<Vendor>().HasIndex(v => v.Id, "IX_Vendors_Id_TenantId_Status"), v => new { v.TenantId, v.Status });
    }

    /// <summary>
    /// Writers run truly in parallel here, and a dozen appending to one chain would exhaust the retries: the head row is locked
    /// (<c>FOR UPDATE</c>) until the appending transaction ends, so they append one after another. The first event of a chain
    /// has no head to lock; two writers creating it collide on its key, and one retries.
    /// </summary>
    protected override IQueryable<Domain.Audit.AuditChainHead> ChainHeadForUpdate(Guid chain) =>
        AuditChainHeads.FromSql($"""SELECT * FROM "AuditChainHeads" WHERE "TenantId" = {chain} FOR UPDATE""");
}
