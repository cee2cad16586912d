using Microsoft.Playwright;

namespace VendorRisk.E2ETests.PageObjects;

/// <summary>
/// /portal/assessments/{id}: a vendor contact answers a questionnaire. Every change autosaves (wwwroot/js/portal.js);
/// the page root carries <c>data-pending-saves</c> and each question <c>data-save-state</c>, so a test waits for
/// the saves the browser actually made instead of sleeping.
/// </summary>
public sealed class PortalAnswerPage(IPage page) : PageObject(page)
{
    public ILocator Item(string itemId) => Page.Locator($"[data-item-id='{itemId}']");

    /// <summary>Whether the question is shown (not hidden by its condition, nor its section).</summary>
    public Task<bool> IsShownAsync(string itemId) => Item(itemId).IsVisibleAsync();

    /// <summary>Waits until no autosave is on its way.</summary>
    public async Task SavedAsync() =>
        await Assertions.Expect(Page.Locator("[data-portal-assessment]")).ToHaveAttributeAsync("data-pending-saves", "0");

    /// <summary>Ticks the choice with <paramref name="value"/> (radio or checkbox) by clicking its label, as a person would.</summary>
    public async Task ChooseAsync(string itemId, string value)
    {
        var id = await Item(itemId).Locator($"input[value='{value}']").GetAttributeAsync("id");
        await Page.Locator($"label[for='{id}']").ClickAsync();
        await SavedAsync();
    }

    /// <summary>Types an answer and leaves the field (the change event autosaves it).</summary>
    public async Task TypeAsync(string itemId, string text)
    {
        var field = Item(itemId).Locator($"[name='q.{itemId}']");
        await field.FillAsync(text);
        await field.BlurAsync();
        await SavedAsync();
    }

    public async Task<string> ValueAsync(string itemId) => await Item(itemId).Locator($"[name='q.{itemId}']").First.InputValueAsync();

    public async Task<bool> IsChosenAsync(string itemId, string value) => await Item(itemId).Locator($"input[value='{value}']").IsCheckedAsync();

    public async Task<string> StatusOfAsync(string itemId) => (await Item(itemId).Locator("[data-item-status]").InnerTextAsync()).Trim();

    public async Task<string> ProgressAsync() => (await Page.Locator("[data-testid=overall-progress]").InnerTextAsync()).Trim();

    /// <summary>
    /// Uploads a file as evidence for a question with the document's details (the upload posts the page and comes back to it): the
    /// document date (a week ago unless given), the kind (the first the question accepts unless given), issuer and expiry when given.
    /// </summary>
    public async Task UploadEvidenceAsync(string itemId, string fileName, string mimeType, byte[] content, DateOnly? documentDate = null,
        string? kindLabel = null, string? issuer = null, DateOnly? validUntil = null)
    {
        await Page.Locator($"#file-{itemId}").SetInputFilesAsync(new FilePayload { Name = fileName, MimeType = mimeType, Buffer = content });
        var kind = Page.Locator($"#ev-kind-{itemId}");
        if (kindLabel is not null) await kind.SelectOptionAsync(new SelectOptionValue { Label = kindLabel });
        else if (string.IsNullOrEmpty(await kind.InputValueAsync())) await kind.SelectOptionAsync(new SelectOptionValue { Index = 1 });
        await Page.Locator($"#ev-date-{itemId}").FillAsync((documentDate ?? DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-7))
            .ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        if (validUntil is { } until)
            await Page.Locator($"#ev-until-{itemId}").FillAsync(until.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        if (issuer is not null) await Page.Locator($"#ev-issuer-{itemId}").FillAsync(issuer);
        await Page.Locator($"button[form='upload-{itemId}']").ClickAsync();
        await Page.WaitForLoadStateAsync(LoadState.Load);
    }

    /// <summary>The review status the vendor sees beside an uploaded file, and the rejection's reason if any.</summary>
    public ILocator EvidenceFile(string itemId, string fileName) =>
        Item(itemId).Locator("[data-evidence-file]").Filter(new() { Has = Page.GetByRole(AriaRole.Link, new() { Name = fileName }) });

    public async Task SubmitAsync() => await PressAsync("Submit answers");

    /// <summary>The list of missing answers shown after a refused submit (empty when none).</summary>
    public async Task<IReadOnlyList<string>> MissingAsync()
    {
        var list = Page.Locator("[data-testid=missing] li");
        return (await list.AllInnerTextsAsync()).Select(t => t.Trim()).ToList();
    }

    public async Task<string> StatusAsync() => (await Page.Locator("[data-testid=status]").InnerTextAsync()).Trim();
}
