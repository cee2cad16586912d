using Microsoft.AspNetCore.Identity;

namespace VendorRisk.Infrastructure.Identity;

public sealed class AppUser : IdentityUser<Guid>
{
    public const int DisplayNameMaxLength = 120;

    public string DisplayName { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
}

public sealed class AppRole : IdentityRole<Guid>
{
    /// <summary>Platform operators see the job dashboard and outbox of every tenant. Not a tenant role.</summary>
    public const string PlatformOperator = "PlatformOperator";
}
