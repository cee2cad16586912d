using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using VendorRisk.Application.Common;
using VendorRisk.Application.Findings;
using VendorRisk.Domain.Findings;
using VendorRisk.Domain.Questionnaires;
using VendorRisk.Infrastructure.Tenancy;
using VendorRisk.Web.Authorization;
using VendorRisk.Web.Forms;

namespace VendorRisk.Web.Pages.Findings;

/// <summary>
/// Raises a finding on an assessment (<c>/findings/edit/{assessmentId}</c>, optionally pre-filled from an engine finding
/// with <c>?item=</c>) or edits one (<c>/findings/edit/{assessmentId}/{id}</c>) through <see cref="FindingOperations"/>.
/// </summary>
[Authorize(Policy = Policies.Review)]
public sealed class EditModel(FindingQueries findings, FindingOperations operations, TenantContext tenant) : PageModel
{
    public const string VendorOwner = FindingFields.VendorOwner;

    public FindingScope Scope { get; private set; } = null!;
    public Guid? FindingId { get; private set; }
    public IReadOnlyList<(string Id, string Text)> Questions { get; private set; } = [];
    public IReadOnlyList<FindingOwner> Owners { get; private set; } = [];
    public string Slug => tenant.Slug!;

    [BindProperty] public FindingInput Input { get; set; } = new();

    public sealed class FindingInput
    {
        public string? Severity { get; set; }
        public string? Title { get; set; }
        public string? Description { get; set; }
        public List<string> ItemIds { get; set; } = [];
        public string? Treatment { get; set; }
        [Display(Name = "Treatment plan")]
        public string? TreatmentPlan { get; set; }
        public string? Owner { get; set; }
        [Display(Name = "Due on")]
        public DateOnly? DueOn { get; set; }
        /// <summary>The version the reviewer started editing from.</summary>
        public int Version { get; set; }

        public FindingFields ToFields() => new(Severity, Title, Description, ItemIds, Treatment, TreatmentPlan, Owner, DueOn);

        public static FindingInput From(FindingFields f, int version) => new()
        {
            Severity = f.Severity, Title = f.Title, Description = f.Description, ItemIds = [.. f.ItemIds], Treatment = f.Treatment,
            TreatmentPlan = f.TreatmentPlan, Owner = f.Owner, DueOn = f.DueOn, Version = version,
        };
    }

    public async Task<IActionResult> OnGetAsync(Guid assessmentId, Guid? id, string? item, CancellationToken cancellationToken)
    {
        var form = await LoadAsync(assessmentId, id, item, cancellationToken);
        if (!form.Succeeded) return this.Refusal(form);
        Input = FindingInput.From(form.Value!.Fields, form.Value.Version);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid assessmentId, Guid? id, CancellationToken cancellationToken)
    {
        var saved = id is { } findingId
            ? await operations.EditAsync(assessmentId, findingId, Input.ToFields(), Input.Version, cancellationToken)
            : await operations.RaiseAsync(assessmentId, Input.ToFields(), cancellationToken);
        if (saved.Succeeded)
        {
            TempData["Status"] = id is null ? "The finding was raised." : "The finding was saved.";
            return Redirect($"/t/{Slug}/findings/{assessmentId}");
        }
        if (saved.Status is OutcomeStatus.NotFound or OutcomeStatus.Forbidden) return this.Refusal(saved);
        var form = await LoadAsync(assessmentId, id, null, cancellationToken);
        if (!form.Succeeded) return this.Refusal(form);
        if (saved.Status == OutcomeStatus.Conflict)
        {
            // The reviewer's changes stay in the form; the version moves on so that saving again overwrites knowingly.
            Input.Version = form.Value!.Version;
            ModelState.Remove("Input.Version");
        }
        this.Failure(saved);
        return Page();
    }

    private async Task<Outcome<FindingForm>> LoadAsync(Guid assessmentId, Guid? id, string? item, CancellationToken cancellationToken)
    {
        var form = await findings.FormAsync(assessmentId, id, item, cancellationToken);
        if (form.Succeeded) (Scope, FindingId, Questions, Owners) = (form.Value!.Scope, id, form.Value.Questions, form.Value.Owners);
        return form;
    }

    public static string Name<T>(T value) where T : struct, Enum => FindingQueries.Name(value);

    public static readonly IReadOnlyList<FindingSeverity> Severities = Enum.GetValues<FindingSeverity>();
    public static readonly IReadOnlyList<FindingTreatment> Treatments = Enum.GetValues<FindingTreatment>();
}
