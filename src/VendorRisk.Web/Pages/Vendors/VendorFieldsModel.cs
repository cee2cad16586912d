using Microsoft.AspNetCore.Mvc.ModelBinding;
using VendorRisk.Application.Vendors;

namespace VendorRisk.Web.Pages.Vendors;

/// <summary>What the shared vendor fields partial needs: the values, the owner choices and the errors.</summary>
public sealed record VendorFieldsModel(VendorInput Input, IReadOnlyList<OwnerChoice> Owners, ModelStateDictionary ModelState)
{
    public string? ErrorFor(string key) =>
        ModelState.TryGetValue(key, out var entry) && entry.Errors.Count > 0 ? entry.Errors[0].ErrorMessage : null;
}
