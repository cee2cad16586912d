using System.Linq.Expressions;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using VendorRisk.Domain.Api;
using VendorRisk.Domain.Assessments;
using VendorRisk.Domain.Audit;
using VendorRisk.Domain.Common;
using VendorRisk.Domain.Findings;
using VendorRisk.Domain.Messaging;
using VendorRisk.Domain.Questionnaires.Library;
using VendorRisk.Domain.Tenancy;
using VendorRisk.Domain.Vendors;
using VendorRisk.Infrastructure.Identity;
using VendorRisk.Infrastructure.Tenancy;

namespace VendorRisk.Infrastructure.Persistence;

/// <summary>
/// The one database of VendorRisk: Identity, tenancy, and every tenant's data. Tenant isolation lives here:
/// each <see cref="ITenantOwned"/> entity gets a query filter on <see cref="CurrentTenantId"/>, and saving
/// stamps new rows with the current tenant and refuses rows of any other. Provider-specific subclasses
/// (<see cref="SqliteAppDbContext"/>, <see cref="PostgreSqlAppDbContext"/>, <see cref="SqlServerAppDbContext"/>) carry their own migrations.
/// </summary>
public abstract class AppDbContext : IdentityDbContext<AppUser, AppRole, Guid>, IDataProtectionKeyContext
{
    public const string TenantFilter = "Tenant";

    private readonly TenantContext _tenant;
    private readonly IReadOnlyList<ISaveChangesParticipant> _participants;
    private readonly IAuditKeys? _auditKeys;

    /// <param name="auditKeys">The keys new audit rows are keyed with (ADR-036); only design-time and schema tools go without.</param>
    protected AppDbContext(DbContextOptions options, TenantContext tenant, IEnumerable<ISaveChangesParticipant>? participants,
        IAuditKeys? auditKeys = null) : base(options)
    {
        _tenant = tenant;
        _participants = participants?.ToList() ?? [];
        _auditKeys = auditKeys;
    }

    /// <summary>
    /// Read by the query filters on every query. It must stay an instance member: a value captured while
    /// the model is built would be cached in the model and leak one tenant's id into every context.
    /// </summary>
    public Guid? CurrentTenantId => _tenant.TenantId;

    /// <summary>
    /// The audit chain the filters show: the tenant's, or the platform chain outside a tenant. A non-nullable
    /// member of its own, because EF Core fails to evaluate <c>CurrentTenantId ?? PlatformChain</c> in a filter
    /// when no tenant is set ("Nullable object must have a value").
    /// </summary>
    public Guid CurrentAuditChain => _tenant.TenantId ?? AuditEvent.PlatformChain;

    public DbSet<Tenant> Tenants => Set<Tenant>();
    public DbSet<TenantMembership> Memberships => Set<TenantMembership>();
    public DbSet<Invitation> Invitations => Set<Invitation>();
    public DbSet<AuditEvent> AuditEvents => Set<AuditEvent>();
    public DbSet<AuditChainHead> AuditChainHeads => Set<AuditChainHead>();
    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();
    public DbSet<Vendor> Vendors => Set<Vendor>();
    public DbSet<VendorContact> VendorContacts => Set<VendorContact>();
    public DbSet<AiSystem> AiSystems => Set<AiSystem>();
    public DbSet<AiSystemRevision> AiSystemRevisions => Set<AiSystemRevision>();
    public DbSet<AiSystemDependency> AiSystemDependencies => Set<AiSystemDependency>();
    public DbSet<QuestionnaireTemplate> QuestionnaireTemplates => Set<QuestionnaireTemplate>();
    public DbSet<Assessment> Assessments => Set<Assessment>();
    public DbSet<AssessmentContact> AssessmentContacts => Set<AssessmentContact>();
    public DbSet<AssessmentAnswer> AssessmentAnswers => Set<AssessmentAnswer>();
    public DbSet<AssessmentComment> AssessmentComments => Set<AssessmentComment>();
    public DbSet<ReopenedItem> ReopenedItems => Set<ReopenedItem>();
    public DbSet<EvidenceFile> EvidenceFiles => Set<EvidenceFile>();
    public DbSet<Domain.Evidence.EvidenceRecord> EvidenceRecords => Set<Domain.Evidence.EvidenceRecord>();
    public DbSet<VendorIntake> VendorIntakes => Set<VendorIntake>();
    public DbSet<ReviewFinding> ReviewFindings => Set<ReviewFinding>();
    public DbSet<TenantSecurityPolicy> TenantSecurityPolicies => Set<TenantSecurityPolicy>();
    public DbSet<UserSession> UserSessions => Set<UserSession>();
    public DbSet<Domain.Reviews.DecisionGatePolicy> DecisionGatePolicies => Set<Domain.Reviews.DecisionGatePolicy>();
    public DbSet<Domain.Reviews.DecisionCondition> DecisionConditions => Set<Domain.Reviews.DecisionCondition>();
    public DbSet<Domain.Reassessments.ReassessmentPolicy> ReassessmentPolicies => Set<Domain.Reassessments.ReassessmentPolicy>();
    public DbSet<Domain.Reassessments.ReassessmentSchedule> ReassessmentSchedules => Set<Domain.Reassessments.ReassessmentSchedule>();
    public DbSet<Domain.Reassessments.ReassessmentOccurrence> ReassessmentOccurrences => Set<Domain.Reassessments.ReassessmentOccurrence>();
    public DbSet<Domain.Reassessments.ReviewProposal> ReviewProposals => Set<Domain.Reassessments.ReviewProposal>();
    public DbSet<Domain.Incidents.Incident> Incidents => Set<Domain.Incidents.Incident>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<PersonalAccessToken> PersonalAccessTokens => Set<PersonalAccessToken>();
    public DbSet<PortfolioCounter> PortfolioCounters => Set<PortfolioCounter>();
    public DbSet<PartyConcentration> PartyConcentrations => Set<PartyConcentration>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(AppDbContext).Assembly);

        foreach (var entityType in builder.Model.GetEntityTypes().Where(t => t.BaseType is null).ToList())
        {
            var clr = entityType.ClrType;
            if (typeof(ITenantOwned).IsAssignableFrom(clr))
            {
                var method = typeof(AppDbContext).GetMethod(nameof(ApplyTenantFilter), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!;
                method.MakeGenericMethod(clr).Invoke(this, [builder]);
                builder.Entity(clr).HasIndex(nameof(ITenantOwned.TenantId));
            }
            // Domain entities create their own GUIDs. Telling EF so matters: for a key it thinks it generates, a new
            // child added to a tracked collection would be taken for an existing row and updated, not inserted.
            if (clr.Namespace?.StartsWith("VendorRisk.Domain", StringComparison.Ordinal) == true
                && entityType.FindPrimaryKey()?.Properties is [{ ClrType: var keyType } key] && keyType == typeof(Guid))
            {
                builder.Entity(clr).Property(key.Name).ValueGeneratedNever();
            }
            if (typeof(IVersioned).IsAssignableFrom(clr))
            {
                builder.Entity(clr).Property(nameof(IVersioned.Version)).IsConcurrencyToken();
            }
        }

        // Outside a tenant only the platform chain is visible; inside, only that tenant's chain.
        builder.Entity<AuditEvent>().HasQueryFilter(TenantFilter, e => e.TenantId == CurrentAuditChain);
        builder.Entity<AuditChainHead>().HasQueryFilter(TenantFilter, e => e.TenantId == CurrentAuditChain);
    }

    private void ApplyTenantFilter<T>(ModelBuilder builder) where T : class, ITenantOwned =>
        builder.Entity<T>().HasQueryFilter(TenantFilter, e => e.TenantId == CurrentTenantId);

    public override int SaveChanges(bool acceptAllChangesOnSuccess) =>
        SaveChangesAsync(acceptAllChangesOnSuccess).GetAwaiter().GetResult();

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        EnforceTenantOwnership();
        BumpVersions();

        var newAuditEvents = ChangeTracker.Entries<AuditEvent>()
            .Where(e => e.State == EntityState.Added).Select(e => e.Entity).ToList();
        var prepared = _participants.Select(p => (Participant: p, Prepared: p.Prepare(ChangeTracker))).Where(x => x.Prepared is not null).ToList();
        if (newAuditEvents.Count == 0 && prepared.Count == 0)
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);

        // Chaining reads the chain head and appends after it, and participants (the dashboard's counters) move with what they
        // count: each must happen in the transaction of the change.
        async Task<int> WriteAsync()
        {
            if (newAuditEvents.Count > 0) await ChainAsync(newAuditEvents, cancellationToken);
            var written = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
            foreach (var (participant, state) in prepared) await participant.CompleteAsync(this, state!, cancellationToken);
            return written;
        }
        if (Database.CurrentTransaction is not null) return await WriteAsync();
        for (var attempt = 1; ; attempt++)
        {
            await using var transaction = await Database.BeginTransactionAsync(cancellationToken);
            try
            {
                var written = await WriteAsync();
                await transaction.CommitAsync(cancellationToken);
                return written;
            }
            catch (DbUpdateException e) when (attempt < MaxChainAttempts && e.Entries.Any(x => x.Entity is AuditChainHead or AuditEvent))
            {
                // Another writer appended to the same chain first (SQL Server; SQLite serialises writers). Read the
                // new head and chain again: the rest of the unit of work is unchanged and is retried as a whole.
                await transaction.RollbackAsync(cancellationToken);
                foreach (var head in ChangeTracker.Entries<AuditChainHead>().ToList()) head.State = EntityState.Detached;
            }
        }
    }

    private const int MaxChainAttempts = 5;

    private void EnforceTenantOwnership()
    {
        var current = CurrentTenantId;
        foreach (var entry in ChangeTracker.Entries<ITenantOwned>())
        {
            if (entry.State is EntityState.Unchanged or EntityState.Detached) continue;
            if (current is null)
                throw new TenantIsolationException(
                    $"A {entry.Metadata.ClrType.Name} cannot be saved outside a tenant: no tenant is set for this scope.");

            var tenantId = entry.Property(nameof(ITenantOwned.TenantId));
            if (entry.State == EntityState.Added && (Guid)tenantId.CurrentValue! == Guid.Empty)
            {
                tenantId.CurrentValue = current.Value;
                continue;
            }
            var written = (Guid)tenantId.CurrentValue!;
            var original = entry.State == EntityState.Added ? written : (Guid)tenantId.OriginalValue!;
            if (written != current || original != current)
                throw new TenantIsolationException(
                    $"A {entry.Metadata.ClrType.Name} of another tenant cannot be saved in this tenant's scope.");
        }

        foreach (var entry in ChangeTracker.Entries<AuditEvent>().Where(e => e.State != EntityState.Unchanged))
        {
            if (entry.State != EntityState.Added)
                throw new TenantIsolationException("Audit events are append-only.");
            if (entry.Entity.TenantId != (current ?? AuditEvent.PlatformChain))
                throw new TenantIsolationException("An audit event must belong to the tenant of this scope.");
        }
    }

    private void BumpVersions()
    {
        foreach (var entry in ChangeTracker.Entries<IVersioned>().Where(e => e.State == EntityState.Modified))
        {
            PropertyEntry version = entry.Property(nameof(IVersioned.Version));
            version.CurrentValue = (int)version.OriginalValue! + 1;
        }
    }

    private async Task ChainAsync(List<AuditEvent> newEvents, CancellationToken cancellationToken)
    {
        // Chains in one order, so two writers that lock the heads of the same two chains cannot wait on each other.
        foreach (var chain in newEvents.GroupBy(e => e.TenantId).OrderBy(c => c.Key))
        {
            var head = await ChainHeadForUpdate(chain.Key).IgnoreQueryFilters().SingleOrDefaultAsync(cancellationToken);
            if (head is null)
            {
                head = new AuditChainHead { TenantId = chain.Key };
                AuditChainHeads.Add(head);
            }
            var key = _auditKeys?.Active;
            foreach (var e in chain.OrderBy(e => e.OccurredAt))
            {
                if (key is null) e.Chain(head.Sequence + 1, head.Hash);
                else e.Chain(head.Sequence + 1, head.Hash, key);
                head.Sequence = e.Sequence;
                head.Hash = e.Hash;
            }
        }
    }

    /// <summary>
    /// The head of a chain, read to append after it. By default an ordinary read: a writer that appended first makes the other's
    /// head update fail its concurrency check, and the unit of work is retried (<see cref="MaxChainAttempts"/>). A provider whose
    /// writers run in parallel may lock the head instead, so writers to one chain queue rather than retry. The caller reads it past
    /// the tenant filters (the platform chain has no tenant).
    /// </summary>
    protected virtual IQueryable<AuditChainHead> ChainHeadForUpdate(Guid chain) => AuditChainHeads.Where(h => h.TenantId == chain);

    /// <summary>For tests and the model check: the filter expression of a tenant-owned type.</summary>
    internal static Expression? TenantFilterOf(Microsoft.EntityFrameworkCore.Metadata.IEntityType type) =>
        type.FindDeclaredQueryFilter(TenantFilter)?.Expression;
}

public sealed class TenantIsolationException(string message) : InvalidOperationException(message);
