using System.Net;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace VendorRisk.IntegrationTests.Infrastructure;

/// <summary>
/// Drives forms the way a browser does: GET the page, parse it (AngleSharp, never a regex), fill the named
/// fields, keep the hidden ones (anti-forgery token included) and POST to the form's action.
/// </summary>
public static class Forms
{
    private static readonly HtmlParser Parser = new();

    public static async Task<IHtmlDocument> GetDocumentAsync(this HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url} answered {(int)response.StatusCode}");
        return await ParseAsync(response);
    }

    public static async Task<IHtmlDocument> ParseAsync(HttpResponseMessage response) =>
        await Parser.ParseDocumentAsync(await response.Content.ReadAsStringAsync());

    /// <summary>Submits the form on <paramref name="url"/> that matches <paramref name="formSelector"/>.</summary>
    public static async Task<HttpResponseMessage> SubmitAsync(this HttpClient client, string url,
        IDictionary<string, string> fields, string formSelector = "main form[method=post]", string? submitterName = null)
    {
        var document = await client.GetDocumentAsync(url);
        return await client.SubmitAsync(document, url, fields, formSelector, submitterName);
    }

    public static async Task<HttpResponseMessage> SubmitAsync(this HttpClient client, IHtmlDocument document, string pageUrl,
        IDictionary<string, string> fields, string formSelector = "main form[method=post]", string? submitterName = null)
    {
        var form = document.QuerySelector(formSelector) as IHtmlFormElement
            ?? throw new InvalidOperationException($"No form '{formSelector}' on {pageUrl}.");
        var values = new List<KeyValuePair<string, string>>();
        foreach (var input in form.QuerySelectorAll("input[type=hidden]").OfType<IHtmlInputElement>())
        {
            if (!fields.ContainsKey(input.Name!)) values.Add(new(input.Name!, input.Value));
        }
        foreach (var (name, value) in fields) values.Add(new(name, value));
        if (submitterName is not null)
        {
            var button = form.QuerySelector($"button[name='{submitterName}']") as IHtmlButtonElement;
            if (button is not null) values.Add(new(submitterName, button.Value));
        }
        var action = form.GetAttribute("action");
        var target = string.IsNullOrEmpty(action) ? pageUrl : action;
        return await client.PostAsync(target, new FormUrlEncodedContent(values));
    }

    /// <summary>The validation messages shown next to fields and in the summary.</summary>
    public static IReadOnlyList<string> ValidationMessages(this IHtmlDocument document) =>
        document.QuerySelectorAll(".field-validation-error, .validation-summary-errors li, [data-valmsg-for].field-validation-error")
            .Select(e => e.TextContent.Trim()).Where(t => t.Length > 0).Distinct().ToList();

    public static string? FieldError(this IHtmlDocument document, string fieldName) =>
        document.QuerySelector($"[data-valmsg-for='{fieldName}']")?.TextContent.Trim() is { Length: > 0 } text ? text : null;

    /// <summary>Signs in and fails the test unless the sign-in succeeded.</summary>
    public static async Task SignInAsync(this HttpClient client, string email, string password = VendorRiskApp.Password)
    {
        var response = await client.TrySignInAsync(email, password);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect,
            $"Sign-in of {email} answered {(int)response.StatusCode}: {string.Join(" | ", (await ParseAsync(response)).ValidationMessages())}");
    }

    /// <summary>Posts the sign-in form and returns the answer, whatever it is.</summary>
    public static Task<HttpResponseMessage> TrySignInAsync(this HttpClient client, string email, string password = VendorRiskApp.Password) =>
        client.SubmitAsync("/account/login", new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        });
}
