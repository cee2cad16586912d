using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace VendorRisk.Web.Pages.Errors;

/// <summary>Friendly pages for error status codes; never a stack trace.</summary>
public sealed class StatusModel : PageModel
{
    public int Code { get; private set; }
    public string Heading { get; private set; } = "";
    public string Explanation { get; private set; } = "";

    public void OnGet(int code) => Describe(code);

    public void OnPost(int code) => Describe(code);

    private void Describe(int code)
    {
        Code = code;
        (Heading, Explanation) = code switch
        {
            400 => ("The request could not be read", "The form may have expired. Go back, reload the page and try again."),
            403 => ("You do not have access", "Your role in this organisation does not allow this. Ask a tenant admin if you need it."),
            404 => ("Page not found", "This page does not exist, or you do not have access to it."),
            413 => ("The upload is too large", "The file is larger than this page accepts. Go back and choose a smaller file; the page says how large a file may be."),
            429 => ("Too many attempts", "Please wait a minute before trying again."),
            _ => ("Something went wrong", "The problem has been logged. Please try again in a moment."),
        };
        // Keep the original status for the browser and for tests.
        if (HttpContext.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodeReExecuteFeature>() is null && code is >= 400 and < 600)
            Response.StatusCode = code;
    }
}
