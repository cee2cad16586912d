using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using VendorRisk.Domain.Assessments;
using VendorRisk.Domain.Questionnaires;
using VendorRisk.Domain.Questionnaires.Evaluation;
using VendorRisk.Domain.Questionnaires.Tiering;
using VendorRisk.Domain.Vendors;
using VendorRisk.Infrastructure.Audit;
using VendorRisk.Infrastructure.Persistence;
using VendorRisk.Infrastructure.Questionnaires;
using VendorRisk.Infrastructure.Tenancy;
using VendorRisk.Web.Authorization;
using VendorRisk.Web.Pages.Shared;

namespace VendorRisk.Web.Pages.Vendors;

/// <summary>
/// The inherent-risk intake for one vendor: the shipped <c>ai-inherent-risk-intake</c> questionnaire as a plain
/// server-side form. A complete, valid submission is scored by <see cref="TierCalculator"/>; the answers and result
/// are kept as a <see cref="VendorIntake"/>, the vendor gets the computed tier (replacing any override) and the
/// change is audited, all in one save. Anything invalid is shown per question and nothing is saved.
/// </summary>
[Authorize(Policy = Policies.ManageVendors)]
public sealed class IntakeModel(AppDbContext db, TenantContext tenant, AuditLog audit, TimeProvider clock, ShippedTemplates shipped) : PageModel
{
    public const string TemplateKey = "ai-inherent-risk-intake";

    public string VendorName { get; private set; } = "";
    public Guid VendorId { get; private set; }
    public QuestionnaireFormModel Form { get; private set; } = null!;
    public string Slug => tenant.Slug!;

    public async Task<IActionResult> OnGetAsync(Guid vendorId)
    {
        if (!await LoadVendorAsync(vendorId)) return NotFound();
        if (Definition() is not { } definition) return NotFound();
        Form = new QuestionnaireFormModel(definition, null, new Dictionary<string, IReadOnlyList<string>>(), new Dictionary<string, string>());
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid vendorId)
    {
        var vendor = await db.Vendors.SingleOrDefaultAsync(v => v.Id == vendorId);
        if (vendor is null) return NotFound();
        VendorId = vendor.Id;
        VendorName = vendor.LegalName;
        if (Definition() is not { } definition) return NotFound();
        var compiled = definition.Compile().Value;

        var raw = QuestionnaireFormModel.RawValues(definition, Request.Form);
        var answers = new Dictionary<string, AnswerValue>(StringComparer.Ordinal);
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var item in definition.AllItems().Where(i => i.IsAnswerable))
        {
            var (value, problem) = AnswerJson.FromInput(item.Type, raw[item.Id]);
            if (problem is not null) errors[item.Id] = problem;
            else if (value is not null) answers[item.Id] = value;
        }
        var evaluation = new QuestionnaireEngine().Evaluate(compiled, answers);
        foreach (var error in evaluation.Errors) errors.TryAdd(error.ItemId, Sentence(error.Message));
        Form = new QuestionnaireFormModel(definition, evaluation, raw, errors);
        if (errors.Count > 0)
        {
            ModelState.AddModelError(string.Empty, $"Please correct the {errors.Count} answer{(errors.Count == 1 ? "" : "s")} marked below.");
            return Page();
        }

        var result = TierCalculator.Calculate(compiled, answers);
        if (result.IsFailure) throw new InvalidOperationException("The shipped intake questionnaire defines no tiering.");
        var tier = result.Value;
        var now = clock.GetUtcNow();
        var stored = new JsonObject();
        foreach (var (itemId, value) in answers.OrderBy(a => a.Key, StringComparer.Ordinal)) stored[itemId] = JsonNode.Parse(AnswerJson.Serialize(value));
        var intake = VendorIntake.Create(vendor.Id, definition.Id, definition.Version.ToString(), definition.ContentHash ?? definition.ComputeContentHash(),
            stored.ToJsonString(), tier.RiskScore, tier.Tier, tenant.UserId!.Value, now);
        db.VendorIntakes.Add(intake);
        var before = vendor.InherentTier;
        vendor.SetComputedTier(tier.Tier, now);
        audit.Record(AuditActions.VendorTiered, nameof(Vendor), vendor.Id, new
        {
            intakeId = intake.Id, score = tier.RiskScore, tier = tier.Tier.ToString(), scoreTier = tier.ScoreTier.ToString(), floors = tier.AppliedFloors,
            floorReasons = tier.AppliedFloorReasons,
            from = before?.ToString(), template = $"{definition.Id}@{definition.Version}",
        });
        await db.SaveChangesAsync();
        TempData["Status"] = $"Intake complete: inherent risk {tier.RiskScore:0.##}/100, tier {tier.Tier}."
            + (tier.AppliedFloorReasons.IsEmpty ? "" : " At least this tier because: " + string.Join(" ", tier.AppliedFloorReasons));
        return Redirect($"/t/{Slug}/vendors/details/{vendor.Id}");
    }

    private QuestionnaireDefinition? Definition() => shipped.Find(TemplateKey)?.Definition;

    private static string Sentence(string message) =>
        message.Length == 0 ? message : char.ToUpperInvariant(message[0]) + message[1..] + (message.EndsWith('.') ? "" : ".");

    private async Task<bool> LoadVendorAsync(Guid vendorId)
    {
        var vendor = await db.Vendors.Where(v => v.Id == vendorId).Select(v => new { v.Id, v.LegalName }).SingleOrDefaultAsync();
        if (vendor is null) return false;
        (VendorId, VendorName) = (vendor.Id, vendor.LegalName);
        return true;
    }
}
