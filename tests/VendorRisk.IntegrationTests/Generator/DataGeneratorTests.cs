using System.Net;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using VendorRisk.Domain.Vendors;
using VendorRisk.Infrastructure.Portfolio;
using VendorRisk.Domain.Assessments;
using VendorRisk.Domain.Questionnaires.Evaluation;
using VendorRisk.Application.Assessments;
using VendorRisk.IntegrationTests.Infrastructure;
using VendorRisk.LoadTests.Generator;

namespace VendorRisk.IntegrationTests.Generator;

/// <summary>The portfolio generator of tests/VendorRisk.LoadTests at a tiny scale, checked against the real app.</summary>
public sealed class DataGeneratorTests
{
    private static GeneratorOptions Options(string databasePath, int vendors = 3) =>
        new(databasePath, vendors, TenantShape.Single)
        {
            QuestionnaireFolder = Path.Combine(AppContext.BaseDirectory, "seed-data", "questionnaires"),
        };

    private static async Task<GeneratorReport> GenerateAsync(GeneratorOptions options)
    {
        using var generator = new DataGenerator(options);
        return await generator.GenerateAsync(TextWriter.Null);
    }

    [Fact]
    public async Task A_generated_database_opens_in_the_app_and_its_manager_signs_in_and_lists_every_vendor()
    {
        using var app = new VendorRiskApp();
        var report = await GenerateAsync(Options(Path.Combine(app.DataFolder, "vendorrisk.db")));

        Assert.Equal(3, report.Rows["Vendors"]);
        Assert.Equal(30, report.Rows["Assessments"]);
        Assert.Equal(300, report.Rows["AssessmentAnswers"]);
        var slug = report.Tenants.Single().Slug;

        // The app starts on the generated file: its start-up migration check finds the schema up to date.
        using var client = app.CreateBrowserClient();
        await client.SignInAsync(GeneratorOptions.ManagerEmail(slug), GeneratorOptions.Password);
        var list = await client.GetDocumentAsync($"/t/{slug}/vendors");
        var names = await app.InDbAsync(db => db.Vendors.IgnoreQueryFilters().Select(v => v.LegalName).ToListAsync());
        Assert.Equal(3, names.Count);
        foreach (var name in names) Assert.Contains(name, list.QuerySelector("main")!.TextContent, StringComparison.Ordinal);

        using var dashboard = await client.GetAsync(new Uri($"/t/{slug}/dashboard", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);

        // Each vendor carries its latest rated decision, as the app records it when an assessment is decided (ADR-015).
        var vendors = await app.InDbAsync(db => db.Vendors.IgnoreQueryFilters().AsNoTracking().ToListAsync());
        var decided = await app.InDbAsync(db => db.Assessments.IgnoreQueryFilters().AsNoTracking()
            .Where(a => a.Status == AssessmentStatus.Approved || a.Status == AssessmentStatus.ApprovedWithConditions || a.Status == AssessmentStatus.Rejected)
            .ToListAsync());
        Assert.NotEmpty(decided);
        foreach (var vendor in vendors)
        {
            var latest = decided.Where(a => a.VendorId == vendor.Id && a.ResidualLikelihood != null).MaxBy(a => a.DecidedAt);
            Assert.Equal((latest?.Id, latest?.ResidualLikelihood, latest?.ResidualImpact),
                (vendor.ResidualAssessmentId, vendor.ResidualLikelihood, vendor.ResidualImpact));
        }
    }

    [Fact]
    public async Task Every_generated_assessment_is_pinned_to_a_published_template_and_its_answers_evaluate()
    {
        using var app = new VendorRiskApp();
        var report = await GenerateAsync(Options(Path.Combine(app.DataFolder, "vendorrisk.db")));
        var tenantId = await app.InDbAsync(db => db.Tenants.Where(t => t.Slug == report.Tenants[0].Slug).Select(t => t.Id).SingleAsync());

        var checkedCount = await app.InDbAsync(async db =>
        {
            var assessments = await db.Assessments.AsNoTracking().ToListAsync();
            foreach (var assessment in assessments)
            {
                var (questionnaire, problem) = await PinnedQuestionnaire.LoadAsync(db, assessment);
                Assert.True(questionnaire is not null, problem);
                var answers = await AssessmentAnswers.LoadAsync(db, assessment.Id);
                Assert.Equal(10, answers.Count);
                var evaluation = new QuestionnaireEngine().Evaluate(questionnaire!, answers);
                Assert.NotNull(evaluation);
                if (assessment.Status is AssessmentStatus.Approved or AssessmentStatus.ApprovedWithConditions or AssessmentStatus.Rejected)
                {
                    Assert.NotNull(assessment.Score);
                    Assert.InRange(assessment.ResidualLikelihood!.Value, 1, 5);
                    Assert.InRange(assessment.ResidualImpact!.Value, 1, 5);
                    Assert.NotNull(assessment.DecidedAt);
                }
            }
            return assessments.Count;
        }, tenantId);
        Assert.Equal(30, checkedCount);
    }

    [Fact]
    public async Task Each_generated_vendor_carries_its_latest_decision_and_residual_rating_for_the_dashboard()
    {
        using var app = new VendorRiskApp();
        var report = await GenerateAsync(Options(Path.Combine(app.DataFolder, "vendorrisk.db")));
        var tenantId = await app.InDbAsync(db => db.Tenants.Where(t => t.Slug == report.Tenants[0].Slug).Select(t => t.Id).SingleAsync());

        await app.InDbAsync(async db =>
        {
            var decided = new[] { AssessmentStatus.Approved, AssessmentStatus.ApprovedWithConditions, AssessmentStatus.Rejected };
            foreach (var vendor in await db.Vendors.AsNoTracking().ToListAsync())
            {
                var latest = (await db.Assessments.AsNoTracking().Where(a => a.VendorId == vendor.Id && decided.Contains(a.Status)).ToListAsync())
                    .OrderByDescending(a => a.DecidedAt).First();
                Assert.Equal(latest.Id, vendor.DecisionAssessmentId);
                Assert.Equal(latest.Status, vendor.DecisionStatus);
                Assert.Equal(latest.ResidualLikelihood, vendor.ResidualLikelihood);
                Assert.Equal(latest.ResidualImpact, vendor.ResidualImpact);
            }

            // The dashboard's running counts (ADR-019) and each decided vendor's next reassessment, as the app keeps them.
            var vendors = await db.Vendors.AsNoTracking().ToListAsync();
            var counters = await db.PortfolioCounters.ToDictionaryAsync(c => c.Name, c => c.Value);
            foreach (var status in vendors.GroupBy(v => v.Status))
                Assert.Equal(status.Count(), counters[PortfolioCounters.StatusCounter(status.Key)]);
            var scheduled = vendors.Where(v => v.DecisionAssessmentId != null && v.Status != VendorStatus.Offboarded)
                .Select(v => (v.Id, v.DecisionAssessmentId!.Value)).OrderBy(v => v.Id).ToList();
            Assert.Equal(scheduled, (await db.ReassessmentSchedules.AsNoTracking().ToListAsync())
                .Select(s => (s.VendorId, s.BasedOnAssessmentId)).OrderBy(s => s.VendorId).ToList());
            return true;
        }, tenantId);
    }

    [Fact]
    public async Task The_same_seed_generates_the_same_database()
    {
        var folder = Path.Combine(Path.GetTempPath(), "vendorrisk-tests", Guid.NewGuid().ToString("N"));
        try
        {
            var first = await DumpAsync(await GenerateAtAsync(Path.Combine(folder, "a.db")), Path.Combine(folder, "a.db"));
            var second = await DumpAsync(await GenerateAtAsync(Path.Combine(folder, "b.db")), Path.Combine(folder, "b.db"));
            Assert.Equal(first, second);
            Assert.Contains("ORG-0001", first.ToUpperInvariant(), StringComparison.Ordinal);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }

        async Task<GeneratorReport> GenerateAtAsync(string path) => await GenerateAsync(Options(path, vendors: 4));

        static async Task<string> DumpAsync(GeneratorReport report, string path)
        {
            await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = """
                SELECT group_concat(x, '|') FROM (
                  SELECT Id || Slug AS x FROM Tenants
                  UNION ALL SELECT Id || LegalName || Status || ifnull(InherentTier, '') FROM Vendors
                  UNION ALL SELECT Id || VendorId || Status || DueOn || ifnull(Score, '') || ifnull(ResidualImpact, '') FROM Assessments
                  UNION ALL SELECT Id || AssessmentId || ItemId || ifnull(ValueJson, '') FROM AssessmentAnswers
                  UNION ALL SELECT Id || Status || Title FROM ReviewFindings ORDER BY 1)
                """;
            return $"{report.Rows.Sum(r => r.Value)}:{await command.ExecuteScalarAsync()}";
        }
    }

    [Fact]
    public void The_skewed_shape_gives_forty_tenants_per_ten_thousand_vendors_with_the_largest_holding_two_thousand()
    {
        var once = DataGenerator.TenantSizes(10_000, TenantShape.Skewed);
        Assert.Equal(40, once.Count);
        Assert.Equal(10_000, once.Sum());
        Assert.Equal(2_000, once[0]);
        Assert.True(once[^1] >= 1);

        var tenTimes = DataGenerator.TenantSizes(100_000, TenantShape.Skewed);
        Assert.Equal(400, tenTimes.Count);
        Assert.Equal(100_000, tenTimes.Sum());
        Assert.Equal(2_000, tenTimes[0]);
        Assert.Equal([20_000], DataGenerator.TenantSizes(20_000, TenantShape.Single));
    }
}
