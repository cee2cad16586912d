namespace VendorRisk.Web.Security;

/// <summary>The page shown for an unhandled exception outside Development: friendly, and without details.</summary>
public static class ErrorPage
{
    private const string Html = """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Something went wrong - VendorRisk</title><link rel="stylesheet" href="/lib/bootstrap/css/bootstrap.min.css"></head>
        <body><main class="container py-5"><h1>Something went wrong</h1>
        <p>The problem has been logged. Nothing you entered was saved. Please go back and try again in a moment.</p>
        <p><a href="/">Go to the start page</a></p></main></body></html>
        """;

    public static async Task WriteAsync(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status500InternalServerError;
        context.Response.ContentType = "text/html; charset=utf-8";
        await context.Response.WriteAsync(Html);
    }
}
