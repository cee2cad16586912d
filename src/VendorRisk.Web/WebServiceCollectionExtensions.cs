using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.RateLimiting;
using VendorRisk.Infrastructure.Audit;
using VendorRisk.Infrastructure.Identity;
using VendorRisk.Infrastructure.Persistence;
using VendorRisk.Web.Authorization;
using VendorRisk.Web.Health;
using VendorRisk.Web.Security;
using VendorRisk.Web.Tenancy;

namespace VendorRisk.Web;

public static class WebServiceCollectionExtensions
{
    public const string IdentityRateLimit = "identity";

    /// <summary>Pages whose POSTs guess at secrets (passwords, codes, reset links) or create accounts: rate-limited per client address.</summary>
    private static readonly string[] RateLimitedPages =
        ["/Account/Login", "/Account/TwoFactorLogin", "/Account/RecoveryCodeLogin", "/Account/ForgotPassword", "/Account/ResetPassword", "/Invitations/Accept",
            // Re-authentication checks a password or a code like sign-in does (ADR-035).
            "/Account/Manage/Reauthenticate",
            // Changing the password checks the current one (ASVS 5.0 6.2.3).
            "/Account/Manage/ChangePassword",
            // Sign-up mails a link to any address, and its second step checks an existing account's password: limited like the
            // other pages (issue 16, V8).
            "/Account/Register", "/Account/CompleteSignUp"];

    public static IServiceCollection AddVendorRiskIdentity(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddIdentity<AppUser, AppRole>(o =>
            {
                o.User.RequireUniqueEmail = true;
                o.SignIn.RequireConfirmedAccount = false;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.Lockout.AllowedForNewUsers = true;
                // Length over composition rules (NIST SP 800-63B); common passwords are refused separately.
                o.Password.RequiredLength = 12;
                o.Password.RequireDigit = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequiredUniqueChars = 4;
            })
            .AddEntityFrameworkStores<AppDbContext>()
            // Recovery codes kept as salted hashes, not in clear (ASVS 5.0 6.5.2, ADR-048).
            .AddUserStore<HashedRecoveryCodeUserStore>()
            .AddDefaultTokenProviders()
            .AddTokenProvider<SingleUseAuthenticatorTokenProvider>(TokenOptions.DefaultAuthenticatorProvider)
            .AddPasswordValidator<CommonPasswordValidator>()
            // The product's, the person's and their organisations' names (ASVS 5.0 6.2.11, ADR-048).
            .AddPasswordValidator<VendorRisk.Application.Accounts.ContextWordsPasswordValidator>();
        services.AddScoped<PasswordContext>();
        // An offline breached-password corpus, when the operator provides one (ASVS 5.0 6.2.12, ADR-048).
        if (BreachedPasswordCorpus.From(configuration) is { } breached)
        {
            services.AddSingleton(breached);
            services.AddScoped<IPasswordValidator<AppUser>, BreachedPasswordValidator>();
        }

        // Every request checks the security stamp (in the session query, SessionLifetime; ADR-043): signing out, a password change
        // or disabling a user ends every session at once, not a minute later (issue 16, V3).
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.Zero);
        services.ConfigureApplicationCookie(o =>
        {
            // __Host-vr.auth and always Secure on an https portal (see Transport).
            o.Cookie.Name = Transport.AuthCookieName(configuration);
            o.Cookie.HttpOnly = true;
            o.Cookie.SecurePolicy = o.Cookie.Name.StartsWith(Transport.HostPrefix, StringComparison.Ordinal)
                ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
            o.Cookie.Path = "/";
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.LoginPath = "/account/login";
            o.LogoutPath = "/account/logout";
            o.AccessDeniedPath = "/errors/403";
            SessionLifetime.Configure(o, configuration);
        });
        // Keys in the database: a restart or a second instance keeps cookies and forms valid. Encrypted there with a certificate
        // kept outside the database when one is configured (ADR-040).
        services.AddDataProtection().SetApplicationName("VendorRisk").PersistKeysToDbContext<AppDbContext>()
            .ProtectKeysWithConfiguredCertificate(configuration);
        services.AddScoped<AuditLog>();
        services.AddScoped<AuditVerifier>();
        services.AddSingleton<AuditAnchors>();
        if (AuditCheckpointBlobs.From(configuration) is { } checkpointBlobs)
        {
            // The object-store copy of every checkpoint, read back by verification (ADR-042).
            services.AddSingleton(checkpointBlobs);
            services.AddSingleton<IAuditCheckpointSink>(checkpointBlobs);
            services.AddSingleton<IAuditCheckpointStore>(checkpointBlobs);
        }
        services.AddSingleton<AuditKeyRing>();
        services.AddSingleton<VendorRisk.Domain.Audit.IAuditKeys>(sp => sp.GetRequiredService<AuditKeyRing>());
        return services;
    }

    public static IServiceCollection AddVendorRiskWeb(this IServiceCollection services, IConfiguration configuration)
    {
        var operatorRole = configuration["Security:OperatorRole"] ?? AppRole.PlatformOperator;
        var attemptsPerMinute = configuration.GetValue("Security:SignInAttemptsPerMinute", 10);

        services.AddVendorRiskAllowedHosts(configuration);
        services.AddVendorRiskTransport(configuration);
        services.AddHttpContextAccessor();
        services.AddScoped<Shell.ShellModel>();
        services.AddSingleton(TimeProvider.System);
        services.AddScoped<IAuthorizationHandler, TenantRoleHandler>();
        services.AddAuthorizationBuilder();
        services.Configure<AuthorizationOptions>(o => o.AddVendorRiskPolicies(operatorRole));

        services.AddRazorPages(o =>
        {
            o.Conventions.Add(new PageRouteConvention());
            // Deny by default: tenant pages need an internal membership, global pages (tenant chooser, portal,
            // account settings) a signed-in user, unless a page or folder says otherwise.
            // Portal pages in a tenant answer 404 to anyone who is not a contact of what they ask for (their operations decide), so
            // they only need a signed-in user: a role policy would answer 403 and tell that the id exists.
            o.Conventions.AddFolderApplicationModelConvention("/", m => m.EndpointMetadata.Add(
                PageRouteConvention.IsTenantScoped(m.ViewEnginePath) && !PageRouteConvention.IsPortal(m.ViewEnginePath)
                    ? new AuthorizeAttribute(Policies.Internal) : new AuthorizeAttribute()));
            o.Conventions.AllowAnonymousToPage("/Index");
            // Sign-in, sign-up and password reset are open; /Account/Manage is not: [AllowAnonymous] would win
            // over any [Authorize] on the same page, so it is never added there.
            o.Conventions.AddFolderApplicationModelConvention("/Account", m =>
            {
                if (!m.ViewEnginePath.StartsWith("/Account/Manage/", StringComparison.Ordinal))
                    m.EndpointMetadata.Add(new AllowAnonymousAttribute());
            });
            o.Conventions.AllowAnonymousToFolder("/Errors");
            o.Conventions.AllowAnonymousToFolder("/Invitations");
            o.Conventions.AuthorizeFolder("/Account/Manage");
            o.Conventions.AuthorizeFolder("/Tenants");
            o.Conventions.AuthorizeFolder("/Admin", Policies.TenantAdmin);
            o.Conventions.AuthorizeFolder("/Ops", Policies.Operator);
            foreach (var page in RateLimitedPages)
                o.Conventions.AddPageApplicationModelConvention(page, m => m.EndpointMetadata.Add(new EnableRateLimitingAttribute(IdentityRateLimit)));
            o.Conventions.ConfigureFilter(new Microsoft.AspNetCore.Mvc.ServiceFilterAttribute(typeof(ReadOnlyAuditorFilter)));
            o.Conventions.ConfigureFilter(new Microsoft.AspNetCore.Mvc.ServiceFilterAttribute(typeof(RecentSignInFilter)));
        });
        services.AddScoped<ReadOnlyAuditorFilter>();
        services.AddScoped<RecentSignInFilter>();
        services.Configure<RouteOptions>(o => o.LowercaseUrls = true);

        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(IdentityRateLimit, context => HttpMethods.IsPost(context.Request.Method)
                ? RateLimitPartition.GetFixedWindowLimiter(context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = attemptsPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 })
                : RateLimitPartition.GetNoLimiter("reads"));
        });
        services.AddVendorRiskHealth();
        services.AddSingleton<Infrastructure.Questionnaires.SafeMarkup>();
        services.AddSingleton(new Infrastructure.Questionnaires.ShippedTemplates(Path.Combine(AppContext.BaseDirectory, "seed-data", "questionnaires")));
        return services;
    }
}
