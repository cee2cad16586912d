using System.Net;
using System.Net.Http.Headers;
using AngleSharp.Html.Dom;
using VendorRisk.IntegrationTests.Infrastructure;

namespace VendorRisk.IntegrationTests.Templates;

/// <summary>Uploads and token-carrying POSTs for the template pages, the way a browser sends them.</summary>
internal static class TemplateTestKit
{
    public const string SmallDefinition = """
        {
          "id": "cloud-basics",
          "version": "1.0.0",
          "title": "Cloud basics",
          "sections": [
            {
              "id": "ai",
              "title": "AI use",
              "items": [
                { "id": "uses_ai", "type": "boolean", "text": "Does the service use AI?", "required": true },
                { "id": "ai_kind", "type": "singleChoice", "text": "Which kind of AI?", "visibleIf": "{uses_ai} = true",
                  "choices": [ { "value": "llm", "label": "Large language model", "score": 50 }, { "value": "ml", "label": "Classic machine learning", "score": 100 } ] },
                { "id": "ai_notes", "type": "textarea", "text": "Describe the model", "requiredIf": "{ai_kind} = 'llm'" }
              ]
            }
          ]
        }
        """;

    /// <summary>
    /// shared/data/vsaq beside the repository (../shared from its root), or beside a folder above it when the repository is a
    /// worktree one level further down (e.g. wt/NAME next to main).
    /// </summary>
    public static string FindDataRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "VendorRisk.sln"))) dir = dir.Parent;
        Assert.True(dir is not null, "VendorRisk.sln not found above " + AppContext.BaseDirectory);
        for (var above = dir!.Parent; above is not null; above = above.Parent)
        {
            var data = Path.Combine(above.FullName, "shared", "data", "vsaq");
            if (Directory.Exists(data)) return data;
        }
        return Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "data", "vsaq"));
    }

    public static async Task<string> TokenAsync(HttpClient client, string pageUrl)
    {
        var document = await client.GetDocumentAsync(pageUrl);
        return document.QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value")
            ?? throw new InvalidOperationException($"No anti-forgery token on {pageUrl}.");
    }

    /// <summary>POSTs <paramref name="fields"/> to <paramref name="target"/> with a token taken from <paramref name="tokenPage"/>.</summary>
    public static async Task<HttpResponseMessage> PostAsync(HttpClient client, string tokenPage, string target, IDictionary<string, string>? fields = null)
    {
        var values = new Dictionary<string, string>(fields ?? new Dictionary<string, string>())
        {
            ["__RequestVerificationToken"] = await TokenAsync(client, tokenPage),
        };
        return await client.PostAsync(target, new FormUrlEncodedContent(values));
    }

    public static async Task<HttpResponseMessage> UploadAsync(HttpClient client, string slug, string fileName, byte[] content,
        string format, IDictionary<string, string>? fields = null)
    {
        var url = $"/t/{slug}/templates/import";
        var document = await client.GetDocumentAsync(url);
        var form = (IHtmlFormElement)document.QuerySelector("main form[method=post]")!;
        Assert.Equal("multipart/form-data", form.GetAttribute("enctype"));
        using var body = new MultipartFormDataContent();
        foreach (var hidden in form.QuerySelectorAll("input[type=hidden]").OfType<IHtmlInputElement>())
            body.Add(new StringContent(hidden.Value), hidden.Name!);
        body.Add(new StringContent(format), "Input.Format");
        foreach (var (name, value) in fields ?? new Dictionary<string, string>())
            body.Add(new StringContent(value), name);
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        body.Add(file, "Input.File", fileName);
        return await client.PostAsync(url, body);
    }

    public static Guid CreatedId(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"Expected a redirect, got {(int)response.StatusCode}");
        var location = response.Headers.Location!.OriginalString;
        Assert.Contains("/templates/details/", location, StringComparison.Ordinal);
        return Guid.Parse(location[(location.LastIndexOf('/') + 1)..]);
    }

    public static async Task<IReadOnlyList<string>> ProblemsAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = await Forms.ParseAsync(response);
        return document.QuerySelectorAll(".template-problems li").Select(li => li.TextContent.Trim())
            .Concat(document.ValidationMessages()).ToList();
    }
}
