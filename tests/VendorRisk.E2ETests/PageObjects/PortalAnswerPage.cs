using System.Text.Json;
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
    /// Answers every shown, required, unanswered question the way a person would (clicking or typing), round after
    /// round, because an answer may reveal further questions. <paramref name="choices"/> picks the value for chosen
    /// questions (otherwise the first choice); <paramref name="skip"/> stays unanswered.
    /// </summary>
    public async Task AnswerEveryRequiredQuestionAsync(IReadOnlyDictionary<string, string> choices, IReadOnlySet<string> skip)
    {
        for (var round = 0; round < 200; round++)
        {
            var next = await NextUnansweredAsync(skip);
            if (next is null) return;
            var (itemId, type) = next.Value;
            switch (type)
            {
                case "Boolean" or "SingleChoice" or "MultipleChoice":
                    var value = choices.TryGetValue(itemId, out var chosen) ? chosen
                        : await Item(itemId).Locator($"input[name='q.{itemId}']").First.GetAttributeAsync("value") ?? "";
                    await ChooseAsync(itemId, value);
                    break;
                default:
                    await TypeAsync(itemId, choices.TryGetValue(itemId, out var text) ? text : SampleText(type));
                    break;
            }
        }
        throw new InvalidOperationException("Still unanswered questions after 200 answers.");
    }

    private static string SampleText(string type) => type switch
    {
        "Email" => "security@vendor.example",
        "Url" => "https://vendor.example/trust",
        "Number" => "3",
        "Date" => "2026-01-15",
        _ => "Answered in the end-to-end test.",
    };

    private async Task<(string ItemId, string Type)?> NextUnansweredAsync(IReadOnlySet<string> skip)
    {
        var json = await Page.EvaluateAsync<string>("""
            skip => {
              const open = [...document.querySelectorAll('[data-item-id]')].find(el => {
                if (skip.includes(el.dataset.itemId) || el.dataset.itemType === 'File' || el.dataset.itemType === 'Info') return false;
                if (el.closest('[hidden]')) return false;
                const mark = el.querySelector('[data-required-mark]');
                if (!mark || mark.hidden) return false;
                const inputs = [...el.querySelectorAll('[name="q.' + el.dataset.itemId + '"]')];
                if (inputs.length === 0 || inputs.some(i => i.disabled)) return false;
                return !inputs.some(i => (i.type === 'radio' || i.type === 'checkbox') ? i.checked : i.value.trim() !== '');
              });
              return JSON.stringify(open ? [open.dataset.itemId, open.dataset.itemType] : null);
            }
            """, skip.ToArray());
        var found = JsonSerializer.Deserialize<string[]?>(json);
        return found is null ? null : (found[0], found[1]);
    }

    /// <summary>Uploads a file as evidence for a question (the upload posts the page and comes back to it).</summary>
    public async Task UploadEvidenceAsync(string itemId, string fileName, string mimeType, byte[] content)
    {
        await Page.Locator($"#file-{itemId}").SetInputFilesAsync(new FilePayload { Name = fileName, MimeType = mimeType, Buffer = content });
        await Item(itemId).GetByRole(AriaRole.Button, new() { Name = "Upload", Exact = true }).ClickAsync();
        await Page.WaitForLoadStateAsync(LoadState.Load);
    }

    public async Task SubmitAsync() => await PressAsync("Submit answers");

    /// <summary>The list of missing answers shown after a refused submit (empty when none).</summary>
    public async Task<IReadOnlyList<string>> MissingAsync()
    {
        var list = Page.Locator("[data-testid=missing] li");
        return (await list.AllInnerTextsAsync()).Select(t => t.Trim()).ToList();
    }

    public async Task<string> StatusAsync() => (await Page.Locator("[data-testid=status]").InnerTextAsync()).Trim();
}
