using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using VendorRisk.Domain.Common;
using VendorRisk.Domain.Incidents;
using VendorRisk.Application.Incidents;

namespace VendorRisk.Web.Pages.Shared;

/// <summary>The incident report form, shared by the internal page and the vendor portal. Times are entered in UTC.</summary>
public sealed class IncidentForm
{
    [Required(ErrorMessage = "Choose the type of incident.")]
    public IncidentType? Type { get; set; }

    [Required(ErrorMessage = "Give the incident a short title.")]
    [StringLength(Incident.TitleMaxLength, ErrorMessage = "Use at most {1} characters.")]
    public string? Title { get; set; }

    [StringLength(Incident.TextMaxLength, ErrorMessage = "Use at most {1} characters.")]
    public string? Description { get; set; }

    [Required(ErrorMessage = "Enter when the incident started.")]
    public DateTime? StartedAt { get; set; }

    [Required(ErrorMessage = "Enter when the incident was detected.")]
    public DateTime? DetectedAt { get; set; }

    public List<Guid> AiSystemIds { get; set; } = [];

    [StringLength(Incident.TextMaxLength, ErrorMessage = "Use at most {1} characters.")]
    public string? DataAffected { get; set; }

    [StringLength(Incident.TextMaxLength, ErrorMessage = "Use at most {1} characters.")]
    public string? ActionsTaken { get; set; }

    private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));

    /// <summary>Adds the checks that need more than one field or the clock.</summary>
    public void Check(ModelStateDictionary modelState, string prefix, DateTimeOffset now)
    {
        if (Type is { } type && !Enum.IsDefined(type)) modelState.AddModelError(prefix + "Type", "Choose the type of incident.");
        if (StartedAt is not { } started || DetectedAt is not { } detected) return;
        var outside = false;
        if (!BusinessDates.InRange(Utc(started))) { modelState.AddModelError(prefix + "StartedAt", Incident.StartedOutOfRange); outside = true; }
        if (!BusinessDates.InRange(Utc(detected))) { modelState.AddModelError(prefix + "DetectedAt", Incident.DetectedOutOfRange); outside = true; }
        if (outside) return;
        if (Utc(started) > now) modelState.AddModelError(prefix + "StartedAt", "The incident cannot have started in the future.");
        if (Utc(detected) > now) modelState.AddModelError(prefix + "DetectedAt", "The incident cannot have been detected in the future.");
        else if (detected < started) modelState.AddModelError(prefix + "DetectedAt", "The incident cannot have been detected before it started.");
    }

    public IncidentReport ToReport(IReadOnlyCollection<Guid> systems) =>
        new(Type!.Value, Title!, Description, Utc(StartedAt!.Value), Utc(DetectedAt!.Value), systems, DataAffected, ActionsTaken);

    public static string Local(DateTime? value) => value?.ToString("yyyy-MM-ddTHH:mm", System.Globalization.CultureInfo.InvariantCulture) ?? "";
}
