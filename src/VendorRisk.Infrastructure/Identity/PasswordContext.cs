namespace VendorRisk.Infrastructure.Identity;

/// <summary>
/// Names a new password must not be built on that the account does not hold yet (ASVS 5.0 6.2.11, ADR-048): the organisation
/// being created by a sign-up link or joined through an invitation, before its membership exists. The operation adds it before
/// checking the password; the context-word validator reads it with the names of the person's organisations. One per request.
/// </summary>
public sealed class PasswordContext
{
    private readonly List<string> _organisationNames = [];

    public IReadOnlyList<string> OrganisationNames => _organisationNames;

    public void AddOrganisation(string? name)
    {
        if (!string.IsNullOrWhiteSpace(name)) _organisationNames.Add(name);
    }
}
