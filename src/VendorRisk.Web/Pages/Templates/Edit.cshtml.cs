using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using VendorRisk.Domain.Questionnaires;
using VendorRisk.Domain.Questionnaires.Library;
using VendorRisk.Domain.Questionnaires.Serialization;
using VendorRisk.Infrastructure.Audit;
using VendorRisk.Infrastructure.Persistence;
using VendorRisk.Infrastructure.Tenancy;

namespace VendorRisk.Web.Pages.Templates;

/// <summary>Edits a draft as JSON. Invalid JSON or an invalid definition saves nothing and lists every problem by path.</summary>
public sealed class EditModel(AppDbContext db, TenantContext tenant, AuditLog audit, TimeProvider clock) : TemplatePageBase
{
    /// <summary>The largest definition accepted from the editor (characters).</summary>
    public const int MaxJsonLength = 2_000_000;

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Enter the questionnaire as JSON.")]
        [StringLength(MaxJsonLength, ErrorMessage = "The JSON is too long: use at most {1} characters.")]
        public string Json { get; set; } = "";

        /// <summary>The concurrency token read with the page.</summary>
        public int RowVersion { get; set; }
    }

    public QuestionnaireTemplate Template { get; private set; } = null!;

    public string Slug => tenant.Slug!;

    public bool IsDraft => Template.Status == QuestionnaireStatus.Draft;

    public async Task<IActionResult> OnGetAsync(Guid id)
    {
        var template = await db.QuestionnaireTemplates.AsNoTracking().SingleOrDefaultAsync(t => t.Id == id);
        if (template is null) return NotFound();
        Template = template;
        Input = new InputModel { Json = template.DefinitionJson, RowVersion = template.Version };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id)
    {
        var template = await db.QuestionnaireTemplates.SingleOrDefaultAsync(t => t.Id == id);
        if (template is null) return NotFound();
        Template = template;
        if (!ModelState.IsValid) return Page();

        if (!IsDraft)
        {
            ModelState.AddModelError("Input.Json", $"Version {template.SemanticVersion} is {template.StatusName} and cannot be edited. Start a new version to make changes.");
            return Page();
        }

        var parsed = QuestionnaireJson.Parse(Input.Json);
        if (parsed.IsFailure)
        {
            ShowProblems("Input.Json", parsed.Errors, "The JSON has problems; see the list above. Nothing was saved.");
            return Page();
        }

        var replaced = template.ReplaceDefinition(parsed.Value, clock.GetUtcNow());
        if (replaced.IsFailure)
        {
            ShowProblems("Input.Json", replaced.Errors, "The change was refused; see the list above. Nothing was saved.");
            return Page();
        }

        db.Entry(template).Property(t => t.Version).OriginalValue = Input.RowVersion;
        audit.Record(AuditActions.TemplateEdited, nameof(QuestionnaireTemplate), template.Id, new { template.TemplateKey, template.SemanticVersion });
        try
        {
            await db.SaveChangesAsync();
        }
        catch (DbUpdateConcurrencyException)
        {
            ModelState.AddModelError("Input.Json", "Someone else saved this draft after you opened it. Copy your changes, reload the page and apply them again.");
            return Page();
        }

        TempData["Status"] = $"Draft {template.SemanticVersion} was saved.";
        return Redirect($"/t/{Slug}/templates/details/{template.Id}");
    }
}
