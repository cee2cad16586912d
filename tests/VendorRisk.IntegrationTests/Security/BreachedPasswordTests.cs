using System.Net;
using System.Security.Cryptography;
using System.Text;
using AngleSharp.Html.Parser;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using VendorRisk.Infrastructure;
using VendorRisk.Infrastructure.Identity;
using VendorRisk.IntegrationTests.Identity;
using VendorRisk.IntegrationTests.Infrastructure;

namespace VendorRisk.IntegrationTests.Security;

/// <summary>
/// ASVS 5.0 6.2.12 (ADR-048): with <c>Security:BreachedPasswordsFile</c> set, a password found in the offline corpus (Have I Been
/// Pwned's "ordered by hash" format, binary-searched on disk) is refused at sign-up, reset and change. The corpus here is a small
/// generated file: random hashes around the SHA-1 of a few passwords that would otherwise pass every rule.
/// </summary>
public sealed class BreachedPasswordTests(BreachedPasswordTests.CorpusApp app) : IClassFixture<BreachedPasswordTests.CorpusApp>
{
    public const string Breached = "marigold-tractor-sunrise";
    public const string AlsoBreached = "Lantern Over Quiet Fields";
    public const string NotBreached = "copper kettles hum at noon";

    public sealed class CorpusApp : VendorRiskApp
    {
        public string CorpusPath { get; }

        public CorpusApp()
        {
            CorpusPath = Path.Combine(DataFolder, "pwned-passwords-sha1-ordered-by-hash.txt");
            WriteCorpus(CorpusPath, [Breached, AlsoBreached], randomLines: 5000, lineEnd: "\r\n");
        }

        protected override IDictionary<string, string?> Settings =>
            new Dictionary<string, string?> { [BreachedPasswordCorpus.Setting] = CorpusPath };
    }

#pragma warning disable CA5350 // The corpus's published key, as the portal computes it.
    private static string Sha1(string password) => Convert.ToHexString(SHA1.HashData(Encoding.UTF8.GetBytes(password)));
#pragma warning restore CA5350

    /// <summary>A corpus in the published format: upper-case SHA-1, colon, count, sorted by hash.</summary>
    private static void WriteCorpus(string path, IEnumerable<string> passwords, int randomLines, string lineEnd, bool lowerCase = false)
    {
        var lines = passwords.Select(Sha1)
            .Concat(Enumerable.Range(0, randomLines).Select(_ => Convert.ToHexString(RandomNumberGenerator.GetBytes(20))))
            .Order(StringComparer.Ordinal)
            .Select((hash, i) => $"{(lowerCase ? hash.ToLowerInvariant() : hash)}:{i % 97 + 1}");
        File.WriteAllText(path, string.Join(lineEnd, lines) + lineEnd, Encoding.ASCII);
    }

    private static BreachedPasswordCorpus Corpus(string path) =>
        BreachedPasswordCorpus.From(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [BreachedPasswordCorpus.Setting] = path }).Build())!;

    [Theory]
    [InlineData("\r\n", false, 0)]
    [InlineData("\n", false, 1)]
    [InlineData("\r\n", true, 2000)]
    [InlineData("\n", false, 20000)]
    public void The_corpus_finds_every_listed_password_wherever_it_sits_and_nothing_else(string lineEnd, bool lowerCase, int randomLines)
    {
        var path = Path.Combine(app.DataFolder, $"corpus-{Guid.NewGuid():N}.txt");
        var listed = new[] { Breached, AlsoBreached, "middle of the road" };
        WriteCorpus(path, listed, randomLines, lineEnd, lowerCase);
        var corpus = Corpus(path);

        foreach (var password in listed) Assert.True(corpus.TimesSeen(password) > 0, $"{password} was not found.");
        foreach (var password in new[] { NotBreached, "", "marigold-tractor-sunrisE", "zzzz" }) Assert.Equal(0, corpus.TimesSeen(password));
        // Every line is found with its own count, the first and the last included.
        var lines = File.ReadAllLines(path);
        foreach (var line in lines.Where((_, i) => i == 0 || i == lines.Length - 1 || i % 37 == 0))
            Assert.Equal(long.Parse(line[41..], System.Globalization.CultureInfo.InvariantCulture), corpus.TimesSeenHash(line[..40]));
        // Hashes just below the first and above the last line are not.
        Assert.Equal(0, corpus.TimesSeenHash(new string('0', 40)));
        Assert.Equal(0, corpus.TimesSeenHash(new string('F', 40)));
    }

    [Fact]
    public void An_empty_corpus_finds_nothing_and_counts_are_read_as_published()
    {
        var empty = Path.Combine(app.DataFolder, $"empty-{Guid.NewGuid():N}.txt");
        File.WriteAllText(empty, "");
        Assert.Equal(0, Corpus(empty).TimesSeen(Breached));

        var one = Path.Combine(app.DataFolder, $"one-{Guid.NewGuid():N}.txt");
        File.WriteAllText(one, $"{Sha1(Breached)}:3861493");
        Assert.Equal(3861493, Corpus(one).TimesSeen(Breached));
    }

    [Fact]
    public void A_missing_or_malformed_corpus_stops_the_start_with_a_message_naming_the_setting()
    {
        var missing = Assert.Throws<InvalidConfigurationException>(() => Corpus(Path.Combine(app.DataFolder, "no-such-file.txt")));
        Assert.Contains(BreachedPasswordCorpus.Setting, missing.Message, StringComparison.Ordinal);

        var wrong = Path.Combine(app.DataFolder, $"wrong-{Guid.NewGuid():N}.txt");
        File.WriteAllText(wrong, "password123\nletmein\n");
        var malformed = Assert.Throws<InvalidConfigurationException>(() => Corpus(wrong));
        Assert.Contains(BreachedPasswordCorpus.Setting, malformed.Message, StringComparison.Ordinal);
    }

    private const string ChangePage = "/account/manage/change-password";

    [Theory]
    [InlineData(Breached)]
    [InlineData(AlsoBreached)]
    public async Task Changing_to_a_breached_password_is_refused_beside_the_field_and_changes_nothing(string password)
    {
        var user = await app.CreateUserAsync($"breach-{Guid.NewGuid():N}@example.test");
        var browser = app.CreateBrowserClient();
        await browser.SignInAsync(user.Email!);
        var hash = await app.InDbAsync(db => db.Users.Where(u => u.Id == user.Id).Select(u => u.PasswordHash).SingleAsync());

        var refused = await browser.SubmitAsync(ChangePage, new Dictionary<string, string>
        {
            ["Input.CurrentPassword"] = VendorRiskApp.Password, ["Input.NewPassword"] = password, ["Input.ConfirmPassword"] = password,
        });

        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Equal(BreachedPasswordValidator.Message, (await Forms.ParseAsync(refused)).FieldError("Input.NewPassword"));
        Assert.Equal(hash, await app.InDbAsync(db => db.Users.Where(u => u.Id == user.Id).Select(u => u.PasswordHash).SingleAsync()));

        var accepted = await browser.SubmitAsync(ChangePage, new Dictionary<string, string>
        {
            ["Input.CurrentPassword"] = VendorRiskApp.Password, ["Input.NewPassword"] = NotBreached, ["Input.ConfirmPassword"] = NotBreached,
        });
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
    }

    [Fact]
    public async Task A_reset_to_a_breached_password_is_refused_and_the_link_stays_usable()
    {
        var user = await app.CreateUserAsync($"breach-reset-{Guid.NewGuid():N}@example.test");
        await app.CreateBrowserClient().SubmitAsync("/account/forgot-password", new Dictionary<string, string> { ["Input.Email"] = user.Email! });
        var mail = Assert.Single(await app.InDbAsync(db => db.OutboxMessages.IgnoreQueryFilters()
            .Where(m => m.Kind == "password-reset" && m.ToAddress == user.Email).ToListAsync()));
        var html = await new HtmlParser().ParseDocumentAsync(app.BodyOf(mail).Html);
        var link = new Uri(html.QuerySelectorAll("a[href]").Select(a => a.GetAttribute("href")!)
            .Single(h => h.Contains("/account/reset-password", StringComparison.Ordinal))).PathAndQuery;
        var browser = app.CreateBrowserClient();

        var refused = await browser.SubmitAsync(link, new Dictionary<string, string> { ["Input.Password"] = Breached, ["Input.ConfirmPassword"] = Breached });

        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains(BreachedPasswordValidator.Message, (await Forms.ParseAsync(refused)).Text(), StringComparison.Ordinal);
        await app.CreateBrowserClient().SignInAsync(user.Email!);
        var reset = await browser.SubmitAsync(link, new Dictionary<string, string> { ["Input.Password"] = NotBreached, ["Input.ConfirmPassword"] = NotBreached });
        Assert.Equal(HttpStatusCode.Redirect, reset.StatusCode);
        await app.CreateBrowserClient().SignInAsync(user.Email!, NotBreached);
    }

    [Fact]
    public async Task Sign_up_with_a_breached_password_is_refused_on_the_link_page_and_creates_no_account()
    {
        var email = $"breach-signup-{Guid.NewGuid():N}@example.test";
        await app.CreateBrowserClient().SubmitAsync("/account/register", new Dictionary<string, string>
        {
            ["Input.OrganisationName"] = "Juniper Freight", ["Input.Slug"] = "jf-" + Guid.NewGuid().ToString("N")[..8],
            ["Input.DisplayName"] = "Nia Founder", ["Input.Email"] = email,
        });
        var mail = Assert.Single(await app.InDbAsync(db => db.OutboxMessages.IgnoreQueryFilters()
            .Where(m => m.ToAddress == email).ToListAsync()));
        var html = await new HtmlParser().ParseDocumentAsync(app.BodyOf(mail).Html);
        var link = new Uri(html.QuerySelectorAll("a[href]").Select(a => a.GetAttribute("href")!)
            .Single(h => h.Contains("/account/complete-sign-up", StringComparison.Ordinal))).PathAndQuery;

        var refused = await app.CreateBrowserClient().SubmitAsync(link, new Dictionary<string, string> { ["Input.Password"] = Breached });

        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Equal(BreachedPasswordValidator.Message, (await Forms.ParseAsync(refused)).FieldError("Input.Password"));
        Assert.Null(await app.FindUserAsync(email));
        var created = await app.CreateBrowserClient().SubmitAsync(link, new Dictionary<string, string> { ["Input.Password"] = NotBreached });
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        Assert.NotNull(await app.FindUserAsync(email));
    }
}
