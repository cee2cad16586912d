using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using VendorRisk.Domain.Assessments;
using VendorRisk.Domain.Contracts;
using VendorRisk.Domain.Findings;
using VendorRisk.Domain.Questionnaires;
using VendorRisk.Domain.Questionnaires.Library;
using VendorRisk.Domain.Questionnaires.Serialization;
using VendorRisk.Domain.Tenancy;
using VendorRisk.Domain.Reassessments;
using VendorRisk.Domain.Vendors;
using VendorRisk.Infrastructure.Identity;
using VendorRisk.Infrastructure.Persistence;
using VendorRisk.Infrastructure.Tenancy;

namespace VendorRisk.LoadTests.Generator;

/// <summary>How the vendors spread over tenants (see docs/decisions/ADR-018-generated-portfolio-shape.md).</summary>
internal enum TenantShape
{
    /// <summary>Per 10,000 vendors: 40 tenants on a power law, the largest holding 2,000.</summary>
    Skewed,
    /// <summary>Every vendor in one tenant: the worst case for per-tenant pages.</summary>
    Single,
}

internal sealed record GeneratorOptions(string DatabasePath, int Vendors, TenantShape Shape, int Seed = 7)
{
    public const int VendorsPerScale = 10_000;
    public const int AssessmentsPerVendor = 10;
    public const int AnswersPerAssessment = 10;
    public const string Password = "Generated-VendorRisk-2026";

    /// <summary>The day the portfolio is "as of": two years of history end here and open work is due around it.</summary>
    public DateTimeOffset AsOf { get; init; } = new(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);

    /// <summary>Where the shipped questionnaire JSON files are (seed-data/questionnaires).</summary>
    public string QuestionnaireFolder { get; init; } = "";

    public static string ManagerEmail(string slug) => $"manager@{slug}.example";
}

internal sealed record GeneratorReport(IReadOnlyList<(string Slug, int Vendors)> Tenants, IReadOnlyDictionary<string, long> Rows, TimeSpan Elapsed, long Bytes);

/// <summary>
/// Fills a SQLite database with a realistic portfolio: tenants, users and memberships (each tenant has a known manager),
/// published questionnaire templates, vendors with owners, tiers and AI systems (foundation-model providers,
/// subprocessors), ten assessments per vendor over two years in every status with scores and residual ratings, ten
/// answers per assessment, findings, contracts with obligations and their occurrences. The schema comes from the app's
/// own migrations; every row is made by the domain's own factories and state-changing methods (so it is a state the
/// app can reach), then written with prepared SQL in large transactions.
/// </summary>
internal sealed class DataGenerator : IDisposable
{
    private static readonly string[] Syllables =
    [
        "Ab", "Al", "Ar", "Bel", "Bri", "Cal", "Cor", "Dan", "Del", "Eon", "Fal", "Fen", "Gal", "Hal", "Ion", "Jun", "Kal", "Lum",
        "Mar", "Nor", "Nov", "Oak", "Pol", "Quin", "Ral", "Sol", "Tal", "Ul", "Val", "Ver", "Wen", "Xen", "Yar", "Zen", "Ash", "Cyr",
    ];
    private static readonly string[] Endings = ["a", "is", "on", "ex", "ia", "um", "o", "ar", "en", "ix", "ora", "yn"];
    private static readonly string[] Nouns =
    [
        "Analytics", "Health", "Labs", "Data", "Vision", "Signal", "Cloud", "Logic", "Works", "Insight", "Systems", "Bio",
        "Robotics", "Voice", "Metrics", "Care", "Finance", "Security", "Learning", "Networks",
    ];
    private static readonly string[] Suffixes = ["Ltd", "GmbH", "Inc.", "SAS", "B.V.", "AB", "LLC", "plc", "AG", "Oy"];
    private static readonly string[] Countries = ["DE", "US", "GB", "FR", "NL", "SE", "IE", "CH", "CA", "IL", "IN", "ES", "FI", "DK", "PL"];
    private static readonly string[] Purposes =
    [
        "Summarises clinical notes for care teams.", "Scores incoming invoices for fraud.", "Transcribes and analyses support calls.",
        "Ranks job applicants against role profiles.", "Detects anomalies in network traffic.", "Answers customer questions in chat.",
        "Extracts fields from scanned contracts.", "Forecasts demand for supply planning.", "Flags suspicious transactions for review.",
        "Generates first drafts of marketing copy.", "Classifies medical images for triage.", "Routes service tickets to teams.",
    ];
    private static readonly (string Provider, string Model)[] FoundationModels =
    [
        ("OpenAI", "gpt-4o"), ("Anthropic", "claude-sonnet"), ("Google", "gemini-pro"), ("Meta", "llama-3-70b"), ("Mistral AI", "mistral-large"),
        ("Cohere", "command-r"), ("Amazon", "titan-text"), ("Microsoft", "phi-3"), ("Aleph Alpha", "luminous"),
    ];
    private static readonly string[] Subprocessors =
    [
        "Amazon Web Services", "Microsoft Azure", "Google Cloud", "Snowflake", "Datadog", "Twilio", "Cloudflare", "MongoDB Atlas",
        "Salesforce", "Zendesk", "OVHcloud", "Hetzner",
    ];
    private static readonly string[] DataCategories = ["contact data", "health data", "financial data", "employee data", "support transcripts", "images"];
    private static readonly string[] FindingTitles =
    [
        "No documented AI risk assessment", "Prompt injection not tested", "Customer data used for training", "No encryption at rest",
        "MFA missing for administrators", "No human oversight of outputs", "Decision logs not retained", "Penetration test overdue",
        "Subprocessor list incomplete", "Bias testing not performed",
    ];

    private readonly GeneratorOptions _options;
    private readonly Random _random;
    private readonly IdSource _ids;
    private readonly Dictionary<Type, TableWriter> _writers = [];
    private SqliteConnection _connection = null!;
    private SqliteTransaction? _transaction;
    private long _rowsInTransaction;
    private string _passwordHash = "";
    private QuestionnaireDefinition _securityDefinition = null!;
    private QuestionnaireDefinition _intakeDefinition = null!;
    private List<QuestionnaireItem> _answeredItems = [];

    public DataGenerator(GeneratorOptions options)
    {
        _options = options;
        _random = new Random(options.Seed);
        _ids = new IdSource(options.Seed, options.AsOf.AddYears(-3));
    }

    /// <summary>Vendors per tenant, largest first.</summary>
    public static IReadOnlyList<int> TenantSizes(int vendors, TenantShape shape)
    {
        if (shape == TenantShape.Single || vendors < GeneratorOptions.VendorsPerScale) return [vendors];
        // One block per 10,000 vendors: 40 tenants whose sizes follow rank^-a, a chosen so the largest holds 20 %.
        const int Tenants = 40, Largest = 2_000, Block = GeneratorOptions.VendorsPerScale;
        double Share(double a) => 1 / Enumerable.Range(1, Tenants).Sum(r => Math.Pow(r, -a));
        double lo = 0, hi = 3;
        for (var i = 0; i < 60; i++)
        {
            var mid = (lo + hi) / 2;
            if (Share(mid) < (double)Largest / Block) lo = mid; else hi = mid;
        }
        var exponent = (lo + hi) / 2;
        var total = Enumerable.Range(1, Tenants).Sum(r => Math.Pow(r, -exponent));
        var block = Enumerable.Range(1, Tenants).Select(r => Math.Max(1, (int)Math.Round(Block * Math.Pow(r, -exponent) / total))).ToArray();
        block[0] = Largest;
        block[1] += Block - block.Sum();
        var blocks = Math.Max(1, vendors / Block);
        var sizes = new List<int>();
        for (var b = 0; b < blocks; b++) sizes.AddRange(block);
        sizes[^1] += vendors - sizes.Sum();
        return [.. sizes.OrderDescending()];
    }

    public async Task<GeneratorReport> GenerateAsync(TextWriter log)
    {
        var clock = Stopwatch.StartNew();
        var path = Path.GetFullPath(_options.DatabasePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            if (File.Exists(path + suffix)) File.Delete(path + suffix);
        }

        // The schema is the app's: its own migrations on its own SQLite context.
        var contextOptions = new DbContextOptionsBuilder<SqliteAppDbContext>()
            .UseSqlite($"Data Source={path}", sqlite => sqlite.MigrationsHistoryTable("__EFMigrationsHistory")).Options;
        await using (var db = new SqliteAppDbContext(contextOptions, new TenantContext()))
        {
            await db.Database.MigrateAsync();
            foreach (var type in new[]
            {
                typeof(Tenant), typeof(AppUser), typeof(TenantMembership), typeof(QuestionnaireTemplate), typeof(Vendor), typeof(AiSystem),
                typeof(AiSystemRevision), typeof(AiSystemDependency), typeof(Assessment), typeof(AssessmentAnswer), typeof(ReviewFinding),
                typeof(Contract), typeof(Obligation), typeof(ObligationOccurrence), typeof(ReassessmentSchedule),
            })
            {
                _writers[type] = null!;
            }
            // Writers need the model; the connection is opened below.
            _model = db.Model;
        }
        SqliteConnection.ClearAllPools();
        log.WriteLine($"Schema migrated in {clock.Elapsed.TotalSeconds:0.0} s.");

        _connection = new SqliteConnection($"Data Source={path};Pooling=False");
        await _connection.OpenAsync();
        Execute("PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF; PRAGMA cache_size=-1000000; PRAGMA temp_store=MEMORY; PRAGMA foreign_keys=OFF;");
        // Secondary indexes are dropped during the load and rebuilt from the migrations' own definitions at the end:
        // building an index once over sorted data is far cheaper than keeping ten of them up to date row by row.
        var indexes = new List<string>();
        using (var command = _connection.CreateCommand())
        {
            command.CommandText = "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL";
            using var reader = command.ExecuteReader();
            while (reader.Read()) indexes.Add(reader.GetString(1));
        }
        using (var command = _connection.CreateCommand())
        {
            command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL";
            var names = new List<string>();
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read()) names.Add(reader.GetString(0));
            }
            foreach (var name in names) Execute($"DROP INDEX \"{name}\"");
        }

        foreach (var type in _writers.Keys.ToList()) _writers[type] = new TableWriter(_connection, _model.FindEntityType(type)!);
        _transaction = _connection.BeginTransaction();
        foreach (var writer in _writers.Values) writer.Transaction = _transaction;

        _passwordHash = new PasswordHasher<AppUser>().HashPassword(new AppUser(), GeneratorOptions.Password);
        _securityDefinition = LoadDefinition("ai-vendor-security-governance.json");
        _intakeDefinition = LoadDefinition("ai-inherent-risk-intake.json");
        _answeredItems = _securityDefinition.Sections.SelectMany(s => s.Items)
            .Where(i => i.Type is not (ItemType.Info or ItemType.Finding or ItemType.File)).Take(GeneratorOptions.AnswersPerAssessment).ToList();
        if (_answeredItems.Count < GeneratorOptions.AnswersPerAssessment)
            throw new InvalidOperationException("The security questionnaire has fewer answerable items than answers per assessment.");

        var sizes = TenantSizes(_options.Vendors, _options.Shape);
        var tenants = new List<(string, int)>();
        for (var t = 0; t < sizes.Count; t++)
        {
            var slug = $"org-{t + 1:0000}";
            GenerateTenant(slug, sizes[t]);
            tenants.Add((slug, sizes[t]));
            if (sizes.Count < 50 || (t + 1) % 20 == 0 || t == sizes.Count - 1)
                log.WriteLine($"{t + 1}/{sizes.Count} tenants, {_writers[typeof(Vendor)].Rows:N0} vendors, {_writers[typeof(AssessmentAnswer)].Rows:N0} answers, {clock.Elapsed.TotalSeconds:0} s");
        }
        _transaction.Commit();
        _transaction.Dispose();
        _transaction = null;

        var indexClock = Stopwatch.StartNew();
        foreach (var sql in indexes) Execute(sql);
        log.WriteLine($"{indexes.Count} indexes rebuilt in {indexClock.Elapsed.TotalSeconds:0.0} s.");
        // The vendors' current decision and residual rating (ADR-015), as the app records them when an assessment is decided.
        var backfillClock = Stopwatch.StartNew();
        Execute(VendorRisk.Application.Assessments.CurrentDecision.BackfillSql(sqlServer: false));
        log.WriteLine($"Vendors' current decisions backfilled in {backfillClock.Elapsed.TotalSeconds:0.0} s.");
        // The dashboard's counters (ADR-019), as the app keeps them when it writes these rows one by one.
        var countersClock = Stopwatch.StartNew();
        await using (var db = new SqliteAppDbContext(contextOptions, new TenantContext()))
            await VendorRisk.Infrastructure.Portfolio.PortfolioCounters.RebuildAsync(db);
        log.WriteLine($"Portfolio counters recounted in {countersClock.Elapsed.TotalSeconds:0.0} s.");
        Execute("PRAGMA wal_checkpoint(TRUNCATE);");
        var rows = _writers.Values.ToDictionary(w => w.Table, w => w.Rows);
        foreach (var writer in _writers.Values) writer.Dispose();
        await _connection.CloseAsync();
        await _connection.DisposeAsync();
        SqliteConnection.ClearAllPools();
        var bytes = new FileInfo(path).Length;
        return new GeneratorReport(tenants, rows, clock.Elapsed, bytes);
    }

    private Microsoft.EntityFrameworkCore.Metadata.IModel _model = null!;

    public void Dispose()
    {
        _transaction?.Dispose();
        foreach (var writer in _writers.Values) writer?.Dispose();
        _connection?.Dispose();
    }

    private QuestionnaireDefinition LoadDefinition(string file)
    {
        var json = File.ReadAllText(Path.Combine(_options.QuestionnaireFolder, file));
        var parsed = QuestionnaireJson.Parse(json);
        return parsed.Value ?? throw new InvalidOperationException($"{file} does not parse.");
    }

    private void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = _transaction;
        command.ExecuteNonQuery();
    }

    private T Insert<T>(T entity, Guid tenantId) where T : class
    {
        _writers[typeof(T)].Insert(entity, tenantId);
        if (++_rowsInTransaction < 200_000) return entity;
        _transaction!.Commit();
        _transaction.Dispose();
        _transaction = _connection.BeginTransaction();
        foreach (var writer in _writers.Values) writer.Transaction = _transaction;
        _rowsInTransaction = 0;
        return entity;
    }

    private T WithId<T>(T entity) where T : class
    {
        GuidSetter.Set(entity, "Id", _ids.Next());
        return entity;
    }

    private DateTimeOffset AsOf => _options.AsOf;

    private static DateOnly Day(DateTimeOffset at) => DateOnly.FromDateTime(at.UtcDateTime);

    private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    /// <summary>Picks an index by weights (they need not sum to 1).</summary>
    private int Weighted(params double[] weights)
    {
        var x = _random.NextDouble() * weights.Sum();
        for (var i = 0; i < weights.Length; i++)
        {
            if ((x -= weights[i]) < 0) return i;
        }
        return weights.Length - 1;
    }

    private void GenerateTenant(string slug, int vendorCount)
    {
        var created = AsOf.AddYears(-3).AddDays(_random.Next(0, 60));
        var tenant = WithId(Tenant.Create(slug, $"Organisation {slug[4..]}", created));
        Insert(tenant, tenant.Id);

        AppUser User(string local, string displayName, TenantRoles roles)
        {
            var email = $"{local}@{slug}.example";
            var user = new AppUser
            {
                Id = _ids.Next(), UserName = email, NormalizedUserName = email.ToUpperInvariant(), Email = email, NormalizedEmail = email.ToUpperInvariant(),
                EmailConfirmed = true, PasswordHash = _passwordHash, SecurityStamp = _ids.Next().ToString("N").ToUpperInvariant(),
                ConcurrencyStamp = _ids.Next().ToString(), LockoutEnabled = true, DisplayName = displayName, CreatedAt = created,
            };
            Insert(user, tenant.Id);
            Insert(WithId(TenantMembership.Create(tenant.Id, user.Id, roles, created)), tenant.Id);
            return user;
        }

        var manager = User("manager", "Morgan Manager", TenantRoles.TenantAdmin | TenantRoles.VendorManager);
        var owners = new List<AppUser> { manager };
        for (var i = 1; i <= Math.Clamp(vendorCount / 50, 2, 200); i++) owners.Add(User($"owner{i}", $"Owner {i}", TenantRoles.VendorManager));
        var reviewers = new List<AppUser>();
        for (var i = 1; i <= Math.Clamp(vendorCount / 200, 1, 50); i++) reviewers.Add(User($"reviewer{i}", $"Reviewer {i}", TenantRoles.Reviewer));
        for (var i = 1; i <= 3; i++) User($"committee{i}", $"Committee member {i}", TenantRoles.CommitteeMember);
        User("auditor", "Avery Auditor", TenantRoles.Auditor);

        var intake = WithId(QuestionnaireTemplate.CreateDraft(_intakeDefinition, manager.Id, created).Value!.Publish(created).Value!);
        Insert(intake, tenant.Id);
        var security = WithId(QuestionnaireTemplate.CreateDraft(_securityDefinition, manager.Id, created).Value!.Publish(created).Value!);
        Insert(security, tenant.Id);

        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var v = 0; v < vendorCount; v++)
        {
            // Ten assessments per vendor on average, exactly ten per pair of vendors, so the totals are exact.
            var spread = v / 2 * 7919 % 6;
            var assessments = vendorCount == 1 ? GeneratorOptions.AssessmentsPerVendor
                : v == vendorCount - 1 && vendorCount % 2 == 1 ? GeneratorOptions.AssessmentsPerVendor
                : GeneratorOptions.AssessmentsPerVendor + (v % 2 == 0 ? spread : -spread);
            GenerateVendor(tenant.Id, names, owners, reviewers, security, assessments);
        }
    }

    private string VendorName(HashSet<string> taken)
    {
        var name = $"{Pick(Syllables)}{Pick(Endings)} {Pick(Nouns)} {Pick(Suffixes)}";
        if (taken.Add(name)) return name;
        for (var n = 2; ; n++)
        {
            var numbered = $"{name[..name.LastIndexOf(' ')]} {n} {name[(name.LastIndexOf(' ') + 1)..]}";
            if (taken.Add(numbered)) return numbered;
        }
    }

    private static readonly ReassessmentPolicy DefaultPolicy = ReassessmentPolicy.Defaults();

    private void GenerateVendor(Guid tenantId, HashSet<string> names, List<AppUser> owners, List<AppUser> reviewers,
        QuestionnaireTemplate template, int assessmentCount)
    {
        var name = VendorName(names);
        var domain = new string(name.ToLowerInvariant().Where(char.IsAsciiLetterOrDigit).ToArray()) + ".example";
        var created = AsOf.AddDays(-_random.Next(760, 1000));
        var vendor = WithId(Vendor.Create(name, $"https://{domain}", Pick(Countries),
            $"{Pick(Purposes)} Supplier of {Pick(Nouns).ToLowerInvariant()} services.", created));
        vendor.AssignOwnership(_random.NextDouble() < 0.95 ? Pick(owners).Id : null, (BusinessCriticality)Weighted(25, 40, 25, 10));
        var status = (VendorStatus)Weighted(8, 10, 70, 12);
        if (status != VendorStatus.Prospect || _random.NextDouble() < 0.5)
        {
            vendor.SetComputedTier((RiskTier)Weighted(35, 35, 22, 8), created.AddDays(3));
            if (_random.NextDouble() < 0.03)
            {
                var tier = vendor.InherentTier == RiskTier.Critical ? RiskTier.High : vendor.InherentTier!.Value + 1;
                vendor.OverrideTier(tier, "Processes special category data at scale; raised after the committee review.", created.AddDays(10));
            }
        }
        if (status >= VendorStatus.Onboarding) vendor.StartOnboarding();
        if (status >= VendorStatus.Active) vendor.Activate();
        if (status == VendorStatus.Offboarded) vendor.Offboard();

        var systems = 1 + Weighted(50, 30, 20);
        for (var s = 0; s < systems; s++) GenerateAiSystem(tenantId, vendor, created.AddDays(5 + s));

        var ownerId = vendor.BusinessOwnerUserId ?? owners[0].Id;
        Guid? previous = null;
        var span = (AsOf - created).TotalDays - 30;
        for (var k = 0; k < assessmentCount; k++)
        {
            var latest = k == assessmentCount - 1;
            var open = latest && status is VendorStatus.Active or VendorStatus.Onboarding && _random.NextDouble() < 0.45;
            var createdAt = open
                ? AsOf.AddDays(-_random.Next(5, 60)).AddMinutes(_random.Next(0, 600))
                : created.AddDays(span * (k + _random.NextDouble() * 0.8) / assessmentCount).AddMinutes(_random.Next(0, 600));
            // Closed work ended before the as-of day: due dates (up to 60 days) and decisions fall in the past.
            if (!open && createdAt > AsOf.AddDays(-90)) createdAt = AsOf.AddDays(-90 - _random.Next(0, 20));
            previous = GenerateAssessment(tenantId, vendor, template, ownerId, reviewers, createdAt, open, previous);
        }
        // Written after its assessments: each decision was recorded on the vendor (its current decision and residual risk).
        Insert(vendor, tenantId);
        // The next reassessment, as the app schedules it after a decision: by the default policy's cadence for the tier, or
        // earlier when a conditional acceptance ends first (ReassessmentScheduling).
        if (vendor.DecisionAssessmentId is { } basedOn && status != VendorStatus.Offboarded)
        {
            var decidedOn = Day(vendor.DecidedAt!.Value);
            var tier = vendor.InherentTier ?? RiskTier.Medium;
            var schedule = WithId(ReassessmentSchedule.Create(vendor.Id));
            schedule.Set(basedOn, decidedOn, tier, DefaultPolicy.MonthsFor(tier),
                vendor.DecisionStatus == AssessmentStatus.ApprovedWithConditions ? decidedOn.AddMonths(6) : null, vendor.DecidedAt.Value);
            Insert(schedule, tenantId);
        }

        if (status is VendorStatus.Active or VendorStatus.Offboarded && _random.NextDouble() < 0.3)
            GenerateContract(tenantId, vendor, ownerId, created.AddDays(_random.Next(10, 120)));
    }

    private void GenerateAiSystem(Guid tenantId, Vendor vendor, DateTimeOffset at)
    {
        var models = Enumerable.Range(0, Weighted(15, 60, 25)).Select(_ => Pick(FoundationModels))
            .DistinctBy(m => m.Provider).Select(m => new FoundationModel(m.Provider, m.Model, _random.NextDouble() < 0.5 ? "2026-05" : null)).ToList();
        var profile = new AiSystemProfile
        {
            Purpose = Pick(Purposes), UseCase = "Internal operations", ModelType = models.Count > 0 ? "large language model" : "gradient-boosted trees",
            FoundationModels = models, Deployment = (AiDeployment)Weighted(70, 20, 10),
            DataCategories = Enumerable.Range(0, 1 + _random.Next(3)).Select(_ => Pick(DataCategories)).Distinct().ToList(),
            ProcessesPersonalData = _random.NextDouble() < 0.7, TrainingOnCustomerData = (CustomerDataTraining)Weighted(50, 10, 15, 5, 20),
            Autonomy = (AutonomyLevel)Weighted(45, 30, 20, 5), Oversight = (HumanOversight)Weighted(25, 35, 30, 10),
            PeopleAffected = "Customers and staff", EuAiActRiskClass = (EuAiActRiskClass)Weighted(10, 15, 30, 25, 10, 10, 0),
            Subprocessors = Enumerable.Range(0, Weighted(10, 40, 35, 15)).Select(_ => Pick(Subprocessors)).Distinct().ToList(),
        };
        var system = WithId(AiSystem.Create(vendor.Id, $"{vendor.LegalName.Split(' ')[0]} {Pick(Nouns)} AI", profile, null, at));
        Insert(system, tenantId);
        foreach (var revision in system.Revisions)
        {
            WithId(revision);
            GuidSetter.Set(revision, "AiSystemId", system.Id);
            Insert(revision, tenantId);
        }
        foreach (var dependency in system.Dependencies)
        {
            WithId(dependency);
            GuidSetter.Set(dependency, "AiSystemId", system.Id);
            Insert(dependency, tenantId);
        }
    }

    private Guid GenerateAssessment(Guid tenantId, Vendor vendor, QuestionnaireTemplate template, Guid requestedBy, List<AppUser> reviewers,
        DateTimeOffset createdAt, bool open, Guid? previous)
    {
        var due = Day(createdAt).AddDays(_random.Next(21, 61));
        var assessment = WithId(Assessment.Create(vendor.Id, template.Id, template.TemplateKey, template.SemanticVersion, template.ContentHash!,
            $"{template.Title} {createdAt:yyyy-MM}", due, requestedBy, createdAt, previous));
        var status = open
            ? new[] { AssessmentStatus.Draft, AssessmentStatus.Sent, AssessmentStatus.InProgress, AssessmentStatus.Submitted, AssessmentStatus.InReview, AssessmentStatus.ClarificationRequested }[Weighted(10, 20, 25, 12, 18, 15)]
            : new[] { AssessmentStatus.Approved, AssessmentStatus.ApprovedWithConditions, AssessmentStatus.Rejected, AssessmentStatus.Cancelled, AssessmentStatus.Expired }[Weighted(60, 20, 6, 7, 7)];
        var sentAt = createdAt.AddHours(1);
        var submittedAt = sentAt.AddDays(_random.Next(2, Math.Max(3, due.DayNumber - Day(sentAt).DayNumber)));
        if (open && submittedAt > AsOf) submittedAt = AsOf.AddHours(-_random.Next(2, 72));
        var reviewedAt = submittedAt.AddDays(1);
        if (open && reviewedAt > AsOf) reviewedAt = AsOf.AddHours(-1);
        var decidedAt = reviewedAt.AddDays(_random.Next(2, 20));
        var reviewer = Pick(reviewers).Id;
        var answeredByVendor = status is not (AssessmentStatus.Draft or AssessmentStatus.Sent or AssessmentStatus.Cancelled or AssessmentStatus.Expired)
            || (status is AssessmentStatus.Cancelled or AssessmentStatus.Expired && _random.NextDouble() < 0.5);

        if (status != AssessmentStatus.Draft) assessment.Send(sentAt);
        if (answeredByVendor && status != AssessmentStatus.Cancelled) assessment.RecordVendorActivity();
        switch (status)
        {
            case AssessmentStatus.Cancelled:
                assessment.Cancel(sentAt.AddDays(_random.Next(1, 15)));
                break;
            case AssessmentStatus.Expired:
                assessment.Expire(new DateTimeOffset(due.AddDays(1).ToDateTime(new TimeOnly(2, 0)), TimeSpan.Zero));
                break;
            case >= AssessmentStatus.Submitted:
                assessment.Submit(Math.Round((decimal)(35 + _random.NextDouble() * 63), 1), submittedAt);
                if (status == AssessmentStatus.Submitted) break;
                assessment.StartReview();
                if (status == AssessmentStatus.ClarificationRequested)
                {
                    assessment.RequestClarification([_answeredItems[_random.Next(4, 10)].Id, _answeredItems[_random.Next(4, 10)].Id]);
                    break;
                }
                if (status == AssessmentStatus.InReview && _random.NextDouble() < 0.5) break;
                var likelihood = 1 + Weighted(25, 35, 22, 12, 6);
                var impact = 1 + Weighted(15, 30, 30, 17, 8);
                if (status == AssessmentStatus.Rejected) { likelihood = Math.Max(likelihood, 3); impact = Math.Max(impact, 4); }
                assessment.RateResidualRisk(likelihood, impact, reviewedAt.AddHours(4));
                if (status == AssessmentStatus.InReview) break;
                var decision = status switch
                {
                    AssessmentStatus.Approved => AssessmentDecision.Approved,
                    AssessmentStatus.ApprovedWithConditions => AssessmentDecision.ApprovedWithConditions,
                    _ => AssessmentDecision.Rejected,
                };
                assessment.Decide(decision, decision switch
                {
                    AssessmentDecision.Approved => null,
                    AssessmentDecision.ApprovedWithConditions => "Approved on condition that customer data is excluded from model training within 90 days.",
                    _ => "Rejected: no evidence of human oversight for automated decisions.",
                }, decidedAt);
                break;
        }
        Insert(assessment, tenantId);
        if (assessment.Status is AssessmentStatus.Approved or AssessmentStatus.ApprovedWithConditions or AssessmentStatus.Rejected)
            vendor.RecordDecision(assessment.Id, assessment.Status, assessment.DecidedAt!.Value, assessment.ResidualLikelihood, assessment.ResidualImpact);

        // Ten answers: given by the vendor, or carried over from the previous assessment into a new one.
        var answeredAt = answeredByVendor ? sentAt.AddDays(1) : createdAt;
        foreach (var item in _answeredItems)
        {
            var answer = WithId(AssessmentAnswer.Create(assessment.Id, item.Id, AnswerFor(item, vendor), null, answeredAt,
                carriedOver: !answeredByVendor && previous is not null));
            Insert(answer, tenantId);
        }

        // Findings: most reviews that ended with conditions or a rejection raise some; old ones are resolved.
        var findings = status switch
        {
            AssessmentStatus.ApprovedWithConditions or AssessmentStatus.Rejected => 1 + _random.Next(3),
            AssessmentStatus.Approved or AssessmentStatus.InReview or AssessmentStatus.ClarificationRequested => _random.NextDouble() < 0.2 ? 1 : 0,
            _ => 0,
        };
        for (var f = 0; f < findings; f++)
        {
            var raisedAt = reviewedAt.AddHours(2 + f);
            var vendorOwned = _random.NextDouble() < 0.4;
            var finding = WithId(ReviewFinding.Raise(assessment.Id, null, new FindingDetails(
                (FindingSeverity)Weighted(20, 40, 30, 10), Pick(FindingTitles), "Raised in the review of the submitted answers.",
                [_answeredItems[_random.Next(_answeredItems.Count)].Id], (FindingTreatment)Weighted(70, 10, 10, 10), "Agree a remediation plan with the vendor.",
                vendorOwned ? FindingOwnerKind.Vendor : FindingOwnerKind.Internal, vendorOwned ? null : reviewer,
                Day(raisedAt).AddDays(_random.Next(14, 120))), reviewer, raisedAt));
            var resolvedAt = raisedAt.AddDays(_random.Next(10, 90));
            if (resolvedAt < AsOf.AddDays(-14) && _random.NextDouble() < 0.85)
            {
                if (vendorOwned) finding.ProposeRemediation("Controls added and evidence supplied.", Day(resolvedAt).AddDays(30), reviewer, resolvedAt.AddDays(-2));
                if (_random.NextDouble() < 0.8) finding.Close("Verified against the vendor's evidence.", reviewer, resolvedAt);
                else finding.AcceptRisk("Residual risk is within appetite for this use case.",
                    DateOnly.FromDateTime(resolvedAt.UtcDateTime).AddDays(365), reviewer, resolvedAt);
            }
            Insert(finding, tenantId);
        }
        return assessment.Id;
    }

    private string? AnswerFor(QuestionnaireItem item, Vendor vendor)
    {
        string[] raw = item.Type switch
        {
            ItemType.Text => [$"{vendor.LegalName} platform"],
            ItemType.Textarea => [Pick(Purposes)],
            ItemType.Email => [$"security@{new Uri(vendor.Website!).Host}"],
            ItemType.Url => [$"https://trust.{new Uri(vendor.Website!).Host}"],
            ItemType.Number => [_random.Next(1, 40).ToString(CultureInfo.InvariantCulture)],
            ItemType.Boolean => [_random.NextDouble() < 0.6 ? "true" : "false"],
            ItemType.Date => [Day(AsOf.AddDays(-_random.Next(30, 700))).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)],
            ItemType.MultipleChoice => item.Choices.Where(c => c.Value != "none").Select(c => c.Value)
                .Where(_ => _random.NextDouble() < 0.4).DefaultIfEmpty(item.Choices.First(c => c.Value != "none").Value).ToArray(),
            ItemType.SingleChoice => [item.Choices[_random.Next(item.Choices.Length)].Value],
            _ => ["n/a"],
        };
        var (value, error) = AnswerJson.FromInput(item.Type, raw);
        if (error is not null) throw new InvalidOperationException($"{item.Id}: {error}");
        return value is null ? null : AnswerJson.Serialize(value);
    }

    private void GenerateContract(Guid tenantId, Vendor vendor, Guid ownerId, DateTimeOffset at)
    {
        var starts = Day(at);
        var contract = WithId(Contract.Create(vendor.Id, new ContractTerms($"Master services agreement with {vendor.LegalName}",
            $"MSA-{_random.Next(1000, 9999)}", starts, starts.AddYears(3), 12, 90, _random.Next(10, 2000) * 1000m, "EUR"), ownerId, at));
        Insert(contract, tenantId);
        foreach (var type in ShippedObligationTypes.All.OrderBy(_ => _random.Next()).Take(1 + _random.Next(3)))
        {
            var obligation = WithId(Obligation.Create(contract.Id, vendor.Id, type.Key, starts.AddDays(_random.Next(30, 365)),
                new ObligationTerms(type.Name, $"Clause {_random.Next(5, 30)}", ownerId, type.DefaultRecurrence, Obligation.DefaultReminderPlan,
                    type.NeedsVendorEvidence, type.DefaultHours), at));
            Insert(obligation, tenantId);
            ObligationOccurrence? occurrence = WithId(obligation.FirstOccurrence(at));
            while (occurrence.DueOn < Day(AsOf).AddDays(-10) && _random.NextDouble() < 0.9)
            {
                var closedAt = new DateTimeOffset(occurrence.DueOn.AddDays(-_random.Next(0, 10)).ToDateTime(new TimeOnly(10, 0)), TimeSpan.Zero);
                if (_random.NextDouble() < 0.9) occurrence.Meet("Received and filed.", null, ownerId, false, closedAt);
                else occurrence.Waive("Not applicable this period: service paused.", ownerId, closedAt);
                Insert(occurrence, tenantId);
                var next = obligation.NextAfter(occurrence, contract.EndsOn, closedAt);
                if (next is null) { occurrence = null; break; }
                occurrence = WithId(next);
            }
            if (occurrence is not null) Insert(occurrence, tenantId);
        }
    }
}
