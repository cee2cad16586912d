using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using VendorRisk.Domain.Common;
using VendorRisk.Domain.Vendors;
using VendorRisk.Infrastructure.Audit;
using VendorRisk.Infrastructure.Persistence;
using VendorRisk.Infrastructure.Tenancy;
using VendorRisk.Web.Authorization;

namespace VendorRisk.Web.Pages.Vendors;

/// <summary>Adds an AI system to a vendor or records a new revision of one.</summary>
[Authorize(Policy = Policies.ManageVendors)]
public sealed class AiSystemModel(AppDbContext db, AuditLog audit, TimeProvider clock, TenantContext tenant,
    Application.Reassessments.ReviewProposals proposals) : PageModel
{
    [BindProperty] public AiSystemInput Input { get; set; } = new();
    [BindProperty] public int Version { get; set; }
    public string VendorName { get; private set; } = "";
    public Guid VendorId { get; private set; }
    public Guid? SystemId { get; private set; }

    public sealed class AiSystemInput
    {
        [Required(ErrorMessage = "Name the AI system.")]
        [StringLength(AiSystemProfile.NameMaxLength, ErrorMessage = "Use at most {1} characters.")]
        public string Name { get; set; } = "";
        [Required(ErrorMessage = "Describe what the system is for.")]
        [StringLength(AiSystemProfile.TextMaxLength, ErrorMessage = "Use at most {1} characters.")]
        public string Purpose { get; set; } = "";
        [StringLength(AiSystemProfile.TextMaxLength, ErrorMessage = "Use at most {1} characters.")]
        [Display(Name = "Use case")]
        public string? UseCase { get; set; }
        [StringLength(200, ErrorMessage = "Use at most {1} characters.")]
        [Display(Name = "Model type")]
        public string? ModelType { get; set; }
        /// <summary>One per line: provider | model | version (version optional).</summary>
        [Display(Name = "Foundation models")]
        public string? FoundationModels { get; set; }
        public AiDeployment Deployment { get; set; }
        /// <summary>Comma-separated.</summary>
        [Display(Name = "Data categories")]
        public string? DataCategories { get; set; }
        public bool ProcessesPersonalData { get; set; }
        public CustomerDataTraining TrainingOnCustomerData { get; set; } = CustomerDataTraining.Unknown;
        public AutonomyLevel Autonomy { get; set; }
        public HumanOversight Oversight { get; set; }
        [StringLength(AiSystemProfile.TextMaxLength, ErrorMessage = "Use at most {1} characters.")]
        public string? PeopleAffected { get; set; }
        public EuAiActRiskClass EuAiActRiskClass { get; set; }
        /// <summary>One per line.</summary>
        public string? Subprocessors { get; set; }

        public static AiSystemInput From(string name, AiSystemProfile p) => new()
        {
            Name = name, Purpose = p.Purpose, UseCase = p.UseCase, ModelType = p.ModelType,
            FoundationModels = string.Join('\n', p.FoundationModels.Select(m => m.Version is null ? $"{m.Provider} | {m.Model}" : $"{m.Provider} | {m.Model} | {m.Version}")),
            Deployment = p.Deployment, DataCategories = string.Join(", ", p.DataCategories), ProcessesPersonalData = p.ProcessesPersonalData,
            TrainingOnCustomerData = p.TrainingOnCustomerData, Autonomy = p.Autonomy, Oversight = p.Oversight, PeopleAffected = p.PeopleAffected,
            EuAiActRiskClass = p.EuAiActRiskClass, Subprocessors = string.Join('\n', p.Subprocessors),
        };

        /// <summary>The profile, or the line of the foundation-model list that cannot be read.</summary>
        public (AiSystemProfile? Profile, string? ModelLineError) ToProfile()
        {
            var models = new List<FoundationModel>();
            var lines = (FoundationModels ?? "").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
            for (var i = 0; i < lines.Count; i++)
            {
                var parts = lines[i].Split('|').Select(p => p.Trim()).ToArray();
                if (parts.Length is < 2 or > 3 || parts[0].Length == 0 || parts[1].Length == 0)
                    return (null, $"Line {i + 1} (\"{lines[i]}\") must read: provider | model | version (version optional).");
                models.Add(new FoundationModel(parts[0], parts[1], parts.Length == 3 && parts[2].Length > 0 ? parts[2] : null));
            }
            return (new AiSystemProfile
            {
                Purpose = Purpose, UseCase = UseCase, ModelType = ModelType, FoundationModels = models, Deployment = Deployment,
                DataCategories = (DataCategories ?? "").Split(',').ToList(), ProcessesPersonalData = ProcessesPersonalData,
                TrainingOnCustomerData = TrainingOnCustomerData, Autonomy = Autonomy, Oversight = Oversight, PeopleAffected = PeopleAffected,
                EuAiActRiskClass = EuAiActRiskClass, Subprocessors = (Subprocessors ?? "").Split('\n').ToList(),
            }, null);
        }
    }

    public async Task<IActionResult> OnGetAsync(Guid vendorId, Guid? id)
    {
        if (!await LoadVendorAsync(vendorId, id)) return NotFound();
        if (id is { } systemId)
        {
            var system = await db.AiSystems.AsNoTracking().SingleOrDefaultAsync(s => s.Id == systemId && s.VendorId == vendorId);
            if (system is null) return NotFound();
            Input = AiSystemInput.From(system.Name, system.Profile);
            Version = system.Version;
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid vendorId, Guid? id)
    {
        if (!await LoadVendorAsync(vendorId, id)) return NotFound();
        AiSystem? system = null;
        if (id is { } systemId)
        {
            system = await db.AiSystems.Include(s => s.Dependencies).SingleOrDefaultAsync(s => s.Id == systemId && s.VendorId == vendorId);
            if (system is null) return NotFound();
        }
        var (profile, modelLineError) = Input.ToProfile();
        if (modelLineError is not null) ModelState.AddModelError("Input.FoundationModels", modelLineError);
        if (!ModelState.IsValid) return Page();

        var userId = tenant.UserId;
        try
        {
            if (system is null)
            {
                system = AiSystem.Create(vendorId, Input.Name, profile!, userId, clock.GetUtcNow());
                db.AiSystems.Add(system);
                audit.Record("ai-system.created", nameof(AiSystem), system.Id, new { vendorId, system.Name, profile = system.ProfileJson });
            }
            else
            {
                db.Entry(system).Property(s => s.Version).OriginalValue = Version;
                var changes = system.Update(Input.Name, profile!, userId, clock.GetUtcNow());
                audit.Record("ai-system.changed", nameof(AiSystem), system.Id,
                    new { vendorId, revision = system.RevisionNumber, material = changes.Any(c => c.IsMaterial), changes });
                await Application.Reassessments.MaterialChange.ProposeReviewAsync(proposals, system, changes, HttpContext.RequestAborted);
            }
            await db.SaveChangesAsync();
        }
        catch (DomainException e)
        {
            ModelState.AddModelError(string.Empty, e.Message);
            return Page();
        }
        catch (DbUpdateConcurrencyException)
        {
            ModelState.AddModelError(string.Empty,
                "Someone else changed this AI system while you were editing. Open its history to see their revision, then apply your changes again.");
            return Page();
        }
        TempData["Status"] = $"{system.Name} was saved (revision {system.RevisionNumber}).";
        return Redirect($"/t/{tenant.Slug}/vendors/details/{vendorId}");
    }

    private async Task<bool> LoadVendorAsync(Guid vendorId, Guid? id)
    {
        VendorId = vendorId;
        SystemId = id;
        VendorName = await db.Vendors.Where(v => v.Id == vendorId).Select(v => v.LegalName).SingleOrDefaultAsync() ?? "";
        return VendorName.Length > 0;
    }
}
