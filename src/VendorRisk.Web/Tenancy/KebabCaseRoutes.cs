using System.Text.RegularExpressions;

namespace VendorRisk.Web.Tenancy;

/// <summary>Page routes read as words: /account/forgot-password, not /account/ForgotPassword.</summary>
public sealed partial class KebabCaseRoutes : IOutboundParameterTransformer
{
    public string? TransformOutbound(object? value) =>
        value is null ? null : Boundary().Replace(value.ToString()!, "$1-$2").ToLowerInvariant();

    [GeneratedRegex("([a-z0-9])([A-Z])")]
    private static partial Regex Boundary();
}
