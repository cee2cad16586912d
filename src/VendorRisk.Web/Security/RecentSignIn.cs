using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace VendorRisk.Web.Security;

/// <summary>
/// A page (on the class) or a handler (on the method) that needs the person to have proved who they are within the last few minutes
/// (<c>Security:ReauthenticationWindow</c>, default 5 minutes): enrolling an authenticator, new recovery codes, minting an API token,
/// changing a member's roles, changing the security policy (issue 16, V6; ADR-035).
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
public sealed class RequiresRecentSignInAttribute : Attribute;

/// <summary>
/// Sends a person whose last proof (sign-in or re-authentication) is older than the window to the re-authentication page, with the
/// address to come back to: the page itself (a form posted is shown again, to be submitted once more).
/// </summary>
public sealed class RecentSignInFilter(TimeProvider clock, IConfiguration configuration) : IAsyncPageFilter
{
    public const string ReauthenticatePath = "/account/manage/reauthenticate";

    public static TimeSpan Window(IConfiguration configuration) => configuration.GetValue("Security:ReauthenticationWindow", TimeSpan.FromMinutes(5));

    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var required = context.HandlerMethod?.MethodInfo.IsDefined(typeof(RequiresRecentSignInAttribute), inherit: false) == true
            || context.HandlerInstance.GetType().IsDefined(typeof(RequiresRecentSignInAttribute), inherit: false);
        if (required && !IsRecent(context.HttpContext))
        {
            var request = context.HttpContext.Request;
            // Back to the page as a GET: a form's handler name (?handler=...) would only select a POST handler.
            var query = HttpMethods.IsGet(request.Method) ? request.QueryString
                : QueryString.Create(request.Query.Where(q => !string.Equals(q.Key, "handler", StringComparison.OrdinalIgnoreCase)));
            var back = request.Path + query;
            context.Result = new RedirectResult(ReauthenticatePath + "?returnUrl=" + Uri.EscapeDataString(back.ToString()));
            return;
        }
        await next();
    }

    private bool IsRecent(HttpContext http) =>
        SessionLifetime.CurrentSession(http) is { } session && clock.GetUtcNow() - session.AuthenticatedAt <= Window(configuration);
}

/// <summary>
/// Holds a person whose organisation requires two-factor sign-in, and who has not set it up, at the enrolment page (issue 16, V6):
/// from the sign-in on, every page but their account pages and the error pages sends them there until they are enrolled.
/// </summary>
public sealed class MfaEnrolmentGate(RequestDelegate next)
{
    public const string EnrolmentPath = "/account/manage/enable-authenticator";

    public Task InvokeAsync(HttpContext context)
    {
        if (SessionLifetime.CurrentSession(context) is { MfaEnrolmentRequired: true }
            && !context.Request.Path.StartsWithSegments("/account") && !context.Request.Path.StartsWithSegments("/errors"))
        {
            context.Response.Redirect(EnrolmentPath);
            return Task.CompletedTask;
        }
        return next(context);
    }
}
