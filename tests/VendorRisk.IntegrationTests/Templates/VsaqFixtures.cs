using System.Net.Http.Headers;
using System.Text;
using VendorRisk.IntegrationTests.Api;

namespace VendorRisk.IntegrationTests.Templates;

/// <summary>VSAQ questionnaires written for these tests in VSAQ's JSON style (comments, joined strings, its limited HTML).</summary>
internal static class VsaqFixtures
{
    public const string Supplier = """
        // A supplier review written for VendorRisk's tests, in the style of a VSAQ questionnaire.
        {
          "questionnaire": [ { "type": "block", "text": "Supplier review", "items": [
            { "type": "block", "id": "block_access", "text": "Access", "items": [
              { "type": "info", "text": "Tell us how <b>people</b> sign in.<script>alert(1)</script>" },
              { "type": "radiogroup", "id": "mfa", "text": "Do staff use <b>two factors</b>? See <a href='https://example.com/mfa' onclick='steal()'>our guide</a>.",
                "choices": [ { "mfa_all": "Yes, <i>everyone</i>" }, { "mfa_none": "No" } ] },
              { "type": "tip", "warn": "yes", "severity": "high", "id": "warn_mfa", "name": "No second factor",
                "text": "Turn on a <b>second factor</b> " + "for every account.", "why": "Explain any compensating control:", "cond": "mfa_none" },
              { "type": "block", "text": "Administrators", "items": [
                { "type": "line", "text": "How many administrators?" }
              ] },
              { "type": "box", "text": "Anything else about access?" }
            ] },
            { "type": "block", "id": "block_data", "text": "Data", "items": [
              { "type": "info", "text": "Which kinds of data do you hold?" },
              { "type": "checkgroup", "choices": [ { "data_health": "Health" }, { "data_money": "Payment cards" } ] },
              { "type": "line", "text": "Retention in days", "cond": "data_health" },
              { "type": "yesno", "id": "policy", "text": "Do you have a written data policy?" }
            ] }
          ] } ]
        }
        """;

    /// <summary><see cref="Supplier"/> with one item without an id inserted at the top of a block.</summary>
    public static readonly string SupplierWithInsertedItem = Supplier.Replace(
        """{ "type": "info", "text": "Tell us how <b>people</b> sign in.<script>alert(1)</script>" },""",
        """{ "type": "yesno", "text": "Do you have a password policy?" }, { "type": "info", "text": "Tell us how <b>people</b> sign in.<script>alert(1)</script>" },""",
        StringComparison.Ordinal);

    /// <summary>POSTs a file to the import endpoint as multipart/form-data.</summary>
    public static Task<HttpResponseMessage> ImportAsync(HttpClient api, string fileName, string content, string format,
        string? templateId = null, string? version = null)
    {
        var body = new MultipartFormDataContent();
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(content));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        body.Add(file, "file", fileName);
        body.Add(new StringContent(format), "format");
        if (templateId is not null) body.Add(new StringContent(templateId), "templateId");
        if (version is not null) body.Add(new StringContent(version), "version");
        return api.PostAsync("/api/v1/templates/import", body);
    }

    public static async Task<Guid> ImportedIdAsync(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Created, $"import answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.JsonAsync()).GetProperty("id").GetGuid();
    }
}
