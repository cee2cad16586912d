using System.Net;
using Microsoft.EntityFrameworkCore;
using VendorRisk.Domain.Tenancy;
using VendorRisk.IntegrationTests.Infrastructure;

using RiskTier = VendorRisk.Domain.Questionnaires.RiskTier;

namespace VendorRisk.IntegrationTests.Assessments;

public sealed class IntakeTieringTests(VendorRiskApp app) : IClassFixture<VendorRiskApp>
{
    private static Dictionary<string, string> Answers(params (string Item, string Value)[] choices)
    {
        var fields = new Dictionary<string, string>
        {
            ["answers[vendor_name]"] = "Quillon Analytics",
            ["answers[business_owner_email]"] = "owner@tenant.example",
            ["answers[use_case]"] = "Summarises support tickets for agents.",
        };
        foreach (var (item, value) in choices) fields[$"answers[{item}]"] = value;
        return fields;
    }

    private static readonly (string, string)[] LowRisk =
    [
        ("process_criticality", "low"), ("data_sensitivity", "public"), ("personal_data", "none"), ("customer_data_to_model", "false"),
        ("autonomy_level", "assistive"), ("human_oversight", "every_output"), ("people_affected", "few"),
        ("decisions_about_people", "none"), ("eu_ai_act_class", "minimal"), ("other_annex_iii_use", "none"), ("prohibited_practices", "none"),
    ];

    private static readonly (string, string)[] HighRisk =
    [
        ("process_criticality", "critical"), ("data_sensitivity", "restricted"), ("personal_data", "special_category"),
        ("customer_data_to_model", "true"), ("model_owner", "third_party"), ("model_data_use", "training"), ("autonomy_level", "autonomous"),
        ("human_oversight", "none"), ("people_affected", "public"), ("decisions_about_people", "employment"), ("eu_ai_act_class", "high_risk"),
        ("other_annex_iii_use", "none"), ("prohibited_practices", "none"),
    ];

    [Fact]
    public async Task Low_risk_answers_tier_the_vendor_low_and_the_intake_is_stored_and_audited()
    {
        var w = await app.WorldAsync();
        var url = $"/t/{w.Tenant.Slug}/vendors/intake/{w.Vendor.Id}";

        var response = await w.Client.SubmitAsync(url, Answers(LowRisk));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"/t/{w.Tenant.Slug}/vendors/details/{w.Vendor.Id}", response.Headers.Location!.OriginalString);
        var vendor = await app.InDbAsync(db => db.Vendors.SingleAsync(v => v.Id == w.Vendor.Id), w.Tenant.Id);
        Assert.Equal(RiskTier.Low, vendor.InherentTier);
        Assert.Equal(RiskTier.Low, vendor.ComputedTier);
        var intake = await app.InDbAsync(db => db.VendorIntakes.SingleAsync(), w.Tenant.Id);
        Assert.Equal(0m, intake.RiskScore);
        Assert.Equal("ai-inherent-risk-intake", intake.TemplateKey);
        Assert.StartsWith("sha256:", intake.ContentHash, StringComparison.Ordinal);
        Assert.Contains("\"vendor_name\"", intake.AnswersJson, StringComparison.Ordinal);
        var audit = await app.InDbAsync(db => db.AuditEvents.SingleAsync(e => e.Action == "vendor.tiered"), w.Tenant.Id);
        Assert.Contains("\"tier\":\"Low\"", audit.DetailsJson.Replace(" ", "", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase);
        var page = await w.Client.GetDocumentAsync($"/t/{w.Tenant.Slug}/vendors/details/{w.Vendor.Id}");
        Assert.Equal("Low", page.QuerySelector("[data-testid=vendor-tier]")!.TextContent.Trim());
    }

    [Fact]
    public async Task High_risk_answers_tier_the_vendor_critical_or_high()
    {
        var w = await app.WorldAsync();

        var response = await w.Client.SubmitAsync($"/t/{w.Tenant.Slug}/vendors/intake/{w.Vendor.Id}", Answers(HighRisk));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var vendor = await app.InDbAsync(db => db.Vendors.SingleAsync(v => v.Id == w.Vendor.Id), w.Tenant.Id);
        Assert.Contains(vendor.InherentTier, new RiskTier?[] { RiskTier.High, RiskTier.Critical });
        var intake = await app.InDbAsync(db => db.VendorIntakes.SingleAsync(), w.Tenant.Id);
        Assert.True(intake.RiskScore >= 75m, $"score {intake.RiskScore}");
        Assert.Equal(RiskTier.Critical, intake.ComputedTier);
        // Why the tier: each floor that applied is recorded with its reason, and the manager is told.
        var audit = await app.InDbAsync(db => db.AuditEvents.SingleAsync(e => e.Action == "vendor.tiered"), w.Tenant.Id);
        Assert.Contains("Acts on its own without a person routinely checking its outputs.", audit.DetailsJson, StringComparison.Ordinal);
        var page = await w.Client.GetDocumentAsync(response.Headers.Location!.OriginalString);
        Assert.Contains("Used in an area the EU AI Act lists as high-risk (Annex III)", page.Body!.TextContent, StringComparison.Ordinal);
    }

    /// <summary>The cases: low answers everywhere except the one that sets a floor.</summary>
    public static TheoryData<string, string, string, string> FloorCases => new()
    {
        // An employment-screening AI whose requester ticks "minimal" for the EU AI Act class.
        { "decisions_about_people", "employment", "High", "Used in an area the EU AI Act lists as high-risk (Annex III)" },
        { "other_annex_iii_use", "critical_infrastructure", "High", "Used in an area the EU AI Act lists as high-risk (Annex III)" },
        { "prohibited_practices", "emotion_recognition_work_school", "Critical", "a practice the EU AI Act prohibits (Article 5)" },
    };

    [Theory]
    [MemberData(nameof(FloorCases))]
    public async Task A_floor_lifts_a_low_score_and_the_vendor_page_keeps_saying_why(string item, string value, string tier, string reason)
    {
        var w = await app.WorldAsync();
        var answers = LowRisk.Where(a => a.Item1 != item).Append((item, value)).ToArray();

        var response = await w.Client.SubmitAsync($"/t/{w.Tenant.Slug}/vendors/intake/{w.Vendor.Id}", Answers(answers));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var intake = await app.InDbAsync(db => db.VendorIntakes.SingleAsync(), w.Tenant.Id);
        Assert.Equal(RiskTier.Low, intake.ScoreTier);
        Assert.Equal(tier, intake.ComputedTier.ToString());
        // Not only in the message after the intake: every later visit of the vendor page shows the score's tier and the reason.
        var page = await w.Client.GetDocumentAsync($"/t/{w.Tenant.Slug}/vendors/details/{w.Vendor.Id}");
        Assert.Equal(tier, page.QuerySelector("[data-testid=vendor-tier]")!.TextContent.Trim());
        Assert.Contains("by score alone: Low", page.QuerySelector("[data-testid=vendor-intake-score]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains(reason, page.QuerySelector("[data-testid=vendor-tier-floors]")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_autonomous_agent_without_oversight_is_high_and_lowering_it_needs_a_justification()
    {
        var w = await app.WorldAsync();
        var answers = LowRisk.Where(a => a.Item1 is not ("autonomy_level" or "human_oversight"))
            .Append(("autonomy_level", "autonomous")).Append(("human_oversight", "none")).ToArray();
        await w.Client.SubmitAsync($"/t/{w.Tenant.Slug}/vendors/intake/{w.Vendor.Id}", Answers(answers));
        var detailsUrl = $"/t/{w.Tenant.Slug}/vendors/details/{w.Vendor.Id}";
        var page = await w.Client.GetDocumentAsync(detailsUrl);
        Assert.Equal("High", page.QuerySelector("[data-testid=vendor-tier]")!.TextContent.Trim());
        Assert.Contains("Acts on its own without a person routinely checking its outputs.",
            page.QuerySelector("[data-testid=vendor-tier-floors]")!.TextContent, StringComparison.Ordinal);

        // The floor is a default, not a lock: a manager may lower the tier, but only with a justification.
        var refused = await w.Client.SubmitAsync(detailsUrl,
            new Dictionary<string, string> { ["TierOverride.Tier"] = "Low", ["TierOverride.Justification"] = "" }, formSelector: "form[action*='handler=OverrideTier']");
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.NotNull((await Forms.ParseAsync(refused)).FieldError("TierOverride.Justification"));
        Assert.Equal(RiskTier.High, (await app.InDbAsync(db => db.Vendors.SingleAsync(v => v.Id == w.Vendor.Id), w.Tenant.Id)).InherentTier);
    }

    [Fact]
    public async Task Missing_and_invalid_answers_are_shown_per_question_and_nothing_is_saved()
    {
        var w = await app.WorldAsync();
        var fields = Answers(LowRisk);
        fields.Remove("answers[use_case]");
        fields["answers[business_owner_email]"] = "not an address";
        fields["answers[customer_data_to_model]"] = "true"; // reveals model_data_use, left unanswered

        var response = await w.Client.SubmitAsync($"/t/{w.Tenant.Slug}/vendors/intake/{w.Vendor.Id}", fields);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await Forms.ParseAsync(response);
        Assert.NotNull(page.FieldError("answers[use_case]"));
        Assert.NotNull(page.FieldError("answers[business_owner_email]"));
        Assert.NotNull(page.FieldError("answers[model_data_use]"));
        Assert.NotNull(page.FieldError("answers[model_owner]"));
        Assert.Null(page.FieldError("answers[vendor_name]"));
        Assert.Equal(0, await app.InDbAsync(db => db.VendorIntakes.CountAsync(), w.Tenant.Id));
        Assert.Null((await app.InDbAsync(db => db.Vendors.SingleAsync(v => v.Id == w.Vendor.Id), w.Tenant.Id)).InherentTier);
        Assert.Equal(0, await app.InDbAsync(db => db.AuditEvents.CountAsync(e => e.Action == "vendor.tiered"), w.Tenant.Id));
    }

    [Fact]
    public async Task The_intake_form_hides_questions_the_engine_says_are_invisible_and_labels_every_field()
    {
        var w = await app.WorldAsync();

        var page = await w.Client.GetDocumentAsync($"/t/{w.Tenant.Slug}/vendors/intake/{w.Vendor.Id}");

        Assert.Null(page.QuerySelector("[data-item=model_data_use]"));
        Assert.NotNull(page.QuerySelector("[data-item=eu_ai_act_class]"));
        foreach (var input in page.QuerySelectorAll("main input:not([type=hidden]), main textarea"))
            Assert.NotNull(page.QuerySelector($"label[for='{input.Id}']"));
    }

    [Fact]
    public async Task A_reviewer_cannot_run_the_intake()
    {
        var w = await app.WorldAsync();
        var reviewer = await app.CreateMemberAsync(w.Tenant, TenantRoles.Reviewer);
        var client = app.CreateBrowserClient();
        await client.SignInAsync(reviewer.Email!);

        AssessmentTestKit.AssertDenied(await client.GetAsync($"/t/{w.Tenant.Slug}/vendors/intake/{w.Vendor.Id}"));
    }
}
