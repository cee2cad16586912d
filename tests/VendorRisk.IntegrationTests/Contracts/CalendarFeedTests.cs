using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using VendorRisk.Domain.Contracts;
using VendorRisk.IntegrationTests.Infrastructure;
using VendorRisk.Application.Contracts;

namespace VendorRisk.IntegrationTests.Contracts;

public sealed class CalendarFeedTests(VendorRiskApp app) : IClassFixture<VendorRiskApp>
{
    private static async Task<string> CreateFeedAsync(HttpClient client, ContractWorld w)
    {
        var url = $"{w.Base}/obligations/calendar";
        var created = await client.SubmitAsync(url, new Dictionary<string, string>(), "main form[action$='handler=Create']");
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var page = await client.GetDocumentAsync(url);
        var feed = page.QuerySelector("[data-testid=feed-url]")?.GetAttribute("value");
        Assert.NotNull(feed);
        // The address to subscribe to starts at the configured public address (issue 13), never at the request's host.
        Assert.StartsWith(VendorRiskApp.PublicBaseUrl + "/t/", feed, StringComparison.Ordinal);
        // Shown once only.
        Assert.Null((await client.GetDocumentAsync(url)).QuerySelector("[data-testid=feed-url]"));
        return new Uri(feed).PathAndQuery;
    }

    [Fact]
    public async Task The_feed_lists_the_owners_open_deadlines_as_escaped_and_folded_icalendar_without_a_cookie()
    {
        var w = await app.ContractWorldAsync();
        var due = app.Today().AddDays(20);
        var (_, mine) = await app.SeedObligationAsync(w.Tenant.Id, w.Contract, w.Manager.Id, Recurrence.Yearly, due,
            title: "Attestation; no training, at all \\ ever, for the whole customer data estate and all derived artefacts");
        var (_, others) = await app.SeedObligationAsync(w.Tenant.Id, w.Contract, w.Admin.Id, Recurrence.Yearly, due, title: "Someone else's");
        var client = await app.SignedInAsync(w.Manager);
        var path = await CreateFeedAsync(client, w);

        var anonymous = app.CreateBrowserClient();
        var response = await anonymous.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/calendar", response.Content.Headers.ContentType!.MediaType);
        var ics = await response.Content.ReadAsStringAsync();
        Assert.StartsWith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n", ics, StringComparison.Ordinal);
        Assert.EndsWith("END:VCALENDAR\r\n", ics, StringComparison.Ordinal);
        Assert.All(ics.Split("\r\n"), line => Assert.True(Encoding.UTF8.GetByteCount(line) <= 75, $"Line too long: {line}"));
        Assert.DoesNotContain("\n", ics.Replace("\r\n", "", StringComparison.Ordinal), StringComparison.Ordinal);
        var unfolded = ics.Replace("\r\n ", "", StringComparison.Ordinal);
        var links = unfolded.Split("\r\n").Where(line => line.StartsWith("URL:", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(links);
        Assert.All(links, link => Assert.StartsWith("URL:" + VendorRiskApp.PublicBaseUrl + "/t/", link, StringComparison.Ordinal));
        Assert.Contains($"UID:{mine.Id:N}@vendorrisk", unfolded, StringComparison.Ordinal);
        Assert.Contains($"DTSTART;VALUE=DATE:{due:yyyyMMdd}", unfolded, StringComparison.Ordinal);
        Assert.Contains(@"SUMMARY:Attestation\; no training\, at all \\ ever\, for the whole customer data estate", unfolded, StringComparison.Ordinal);
        Assert.Contains(@"\nVendor: ", unfolded, StringComparison.Ordinal);
        Assert.DoesNotContain(others.Id.ToString("N"), unfolded, StringComparison.Ordinal);
        Assert.Equal(1, unfolded.Split("BEGIN:VEVENT").Length - 1);

        // Only the hash is stored.
        var token = path[(path.LastIndexOf('/') + 1)..];
        var stored = await app.InDbAsync(db => db.Set<CalendarFeedToken>().SingleAsync(), w.Tenant.Id);
        Assert.Equal(CalendarFeedToken.Hash(token), stored.TokenHash);
        Assert.NotEqual(token, stored.TokenHash);
    }

    [Fact]
    public async Task A_revoked_rotated_foreign_or_unknown_token_answers_404()
    {
        var w = await app.ContractWorldAsync();
        var client = await app.SignedInAsync(w.Manager);
        var first = await CreateFeedAsync(client, w);
        var anonymous = app.CreateBrowserClient();
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(first)).StatusCode);

        var second = await CreateFeedAsync(client, w);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync(first)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(second)).StatusCode);

        // The same token under another tenant's address, and a made-up token.
        var other = await app.ContractWorldAsync();
        var token = second[(second.LastIndexOf('/') + 1)..];
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"{other.Base}/obligations/feed/{token}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"{w.Base}/obligations/feed/not-a-real-token")).StatusCode);

        var revoked = await client.SubmitAsync($"{w.Base}/obligations/calendar", new Dictionary<string, string>(), "main form[action$='handler=Revoke']");
        Assert.Equal(HttpStatusCode.Redirect, revoked.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync(second)).StatusCode);
        Assert.Equal(0, await app.InDbAsync(db => db.Set<CalendarFeedToken>().CountAsync(t => t.RevokedAt == null), w.Tenant.Id));
        var actions = await app.InDbAsync(db => db.AuditEvents.Where(e => e.Action.StartsWith("calendar-feed.")).Select(e => e.Action).ToListAsync(), w.Tenant.Id);
        Assert.Equal(2, actions.Count(a => a == "calendar-feed.created"));
        Assert.Equal(2, actions.Count(a => a == "calendar-feed.revoked"));
    }

    [Fact]
    public void Text_values_are_escaped_and_long_lines_are_folded_without_splitting_a_character()
    {
        Assert.Equal(@"a\\b\;c\,d\ne\nf", ICalendarWriter.Escape("a\\b;c,d\r\ne\nf"));
        var ics = ICalendarWriter.Write("Test", [new CalendarEvent("u1", new DateOnly(2027, 3, 1), new string('é', 100), "x", null, DateTimeOffset.UnixEpoch)]);
        var lines = ics.Split("\r\n");
        Assert.All(lines, l => Assert.True(Encoding.UTF8.GetByteCount(l) <= 75));
        Assert.Contains("SUMMARY:" + new string('é', 100), ics.Replace("\r\n ", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("DTSTAMP:19700101T000000Z", ics, StringComparison.Ordinal);
        Assert.Contains("DTEND;VALUE=DATE:20270302", ics, StringComparison.Ordinal);
    }
}
