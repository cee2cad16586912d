using System.Net;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using VendorRisk.Domain.Assessments;
using VendorRisk.Domain.Reviews;
using VendorRisk.Domain.Tenancy;
using VendorRisk.Infrastructure.Identity;
using VendorRisk.IntegrationTests.Infrastructure;
using VendorRisk.IntegrationTests.Reviews;
using static VendorRisk.IntegrationTests.Reviews.ReviewTestKit;

namespace VendorRisk.IntegrationTests.Portal;

/// <summary>
/// Issue 14, item 5: a reviewer's clarification request the vendor can follow. The reviewer reopens questions in the review task with a
/// comment for all and one of their own; the vendor's e-mail names each question with the reviewer's words and links straight to it; the
/// portal lists the reopened questions at the top and shows the words at each; the vendor changes the answer, replies and submits again;
/// the reviewer reads the reply beside the question.
/// </summary>
public sealed class ClarificationLoopTests(VendorRiskApp app) : IClassFixture<VendorRiskApp>
{
    private sealed record Loop(ReviewScene Scene, AppUser Contact, Guid InstanceId, Guid AssessmentId, WorkflowTask Task)
    {
        public string TaskUrl => $"/t/{Scene.Tenant.Slug}/reviews/task/{Task.Id}";
        public string PortalUrl => $"/t/{Scene.Tenant.Slug}/portal/assessments/{AssessmentId}";
        public string DetailsUrl => $"/t/{Scene.Tenant.Slug}/assessments/details/{AssessmentId}";
    }

    private async Task<HttpClient> SignedInAsync(AppUser user)
    {
        var client = app.CreateBrowserClient();
        await client.SignInAsync(user.Email!);
        return client;
    }

    /// <summary>A review waiting on the reviewer's task, for an assessment whose contact is a portal user of the vendor.</summary>
    private async Task<Loop> ReviewAsync()
    {
        var scene = await SceneAsync(app);
        var contact = await app.CreateMemberAsync(scene.Tenant, TenantRoles.VendorContact, vendorId: scene.VendorId);
        var assessmentId = await SubmittedAssessmentAsync(app, scene, contact.Email!);
        var started = await RunAsync(app, scene, r => r.StartForAssessmentAsync(assessmentId));
        Assert.True(started.Applied, started.Message);
        var task = await ReviewTaskAsync(app, scene, started.InstanceId!.Value);
        return new Loop(scene, contact, started.InstanceId.Value, assessmentId, task);
    }

    /// <summary>Posts the task's decision form as a browser would, with several values per name where the form has them.</summary>
    private static async Task<HttpResponseMessage> DecideAsync(HttpClient client, string url, params (string Name, string Value)[] fields)
    {
        var page = await client.GetDocumentAsync(url);
        var form = page.QuerySelector("main form[method=post]")!;
        var values = form.QuerySelectorAll("input[type=hidden]").OfType<IHtmlInputElement>().Select(i => new KeyValuePair<string, string>(i.Name!, i.Value)).ToList();
        values.AddRange(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)));
        return await client.PostAsync(url, new FormUrlEncodedContent(values));
    }

    private static (string, string)[] Clarify(string? comment, params (string ItemId, string? Own)[] questions) =>
    [
        ("Input.Outcome", "requestClarification"),
        .. comment is null ? [] : new[] { ("Input.Comment", comment) },
        .. questions.Select(q => ("Input.QuestionIds", q.ItemId)),
        .. questions.Where(q => q.Own is not null).Select(q => ($"Input.QuestionComments[{q.ItemId}]", q.Own!)),
    ];

    private Task<List<ReopenedItem>> ReopenedAsync(Loop loop) =>
        app.InDbAsync(db => db.ReopenedItems.AsNoTracking().Where(r => r.AssessmentId == loop.AssessmentId).ToListAsync(), loop.Scene.Tenant.Id);

    [Fact]
    public async Task The_vendor_reads_each_reopened_question_with_the_reviewers_words_in_the_mail_and_the_portal_and_the_reviewer_reads_the_reply()
    {
        var loop = await ReviewAsync();
        var reviewer = await SignedInAsync(loop.Scene.Reviewer);

        var decided = await DecideAsync(reviewer, loop.TaskUrl,
            Clarify("Please check these two answers.", ("mfa", "Does MFA cover the support staff's console too?"), ("encryption", null)));

        Assert.Equal(HttpStatusCode.Redirect, decided.StatusCode);
        var reopened = await ReopenedAsync(loop);
        Assert.Equal(["encryption", "mfa"], reopened.Select(r => r.ItemId).Order(StringComparer.Ordinal));
        Assert.Equal("Please check these two answers.\n\nDoes MFA cover the support staff's console too?", reopened.Single(r => r.ItemId == "mfa").Reason);
        Assert.Equal("Please check these two answers.", reopened.Single(r => r.ItemId == "encryption").Reason);

        // The e-mail names both questions with the reviewer's words, and its links lead straight to them.
        var mail = await app.InDbAsync(db => db.OutboxMessages.AsNoTracking()
            .SingleAsync(m => m.TenantId == loop.Scene.Tenant.Id && m.ToAddress == loop.Contact.Email && m.Kind == "workflow-clarification-requested"));
        foreach (var text in new[] { "Do you enforce MFA?", "Encryption at rest?", "Does MFA cover the support staff&#x27;s console too?", "Please check these two answers." })
            Assert.Contains(text, app.BodyOf(mail).Html, StringComparison.Ordinal);
        Assert.Contains("Does MFA cover the support staff's console too?", app.BodyOf(mail).Text, StringComparison.Ordinal);
        var links = System.Text.RegularExpressions.Regex.Matches(app.BodyOf(mail).Html, "href=\"([^\"]+)\"").Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)).ToList();
        var itemLinks = links.Where(l => l.Contains("#item-", StringComparison.Ordinal)).ToList();
        Assert.Equal([$"{VendorRiskApp.PublicBaseUrl}{loop.PortalUrl}#item-mfa", $"{VendorRiskApp.PublicBaseUrl}{loop.PortalUrl}#item-encryption"], itemLinks);

        var vendor = await SignedInAsync(loop.Contact);
        foreach (var link in itemLinks)
        {
            var uri = new Uri(link);
            var page = await vendor.GetDocumentAsync(uri.PathAndQuery);
            var target = page.GetElementById(uri.Fragment.TrimStart('#'));
            Assert.NotNull(target);
            Assert.Equal("true", target.GetAttribute("data-reopened"));
        }

        // At the top: both questions, each a link to its item, with the reviewer's words; at each item, the words again.
        var portal = await vendor.GetDocumentAsync(loop.PortalUrl);
        var list = portal.QuerySelector("[data-testid=reopened-list]")!;
        Assert.Equal(["#item-mfa", "#item-encryption"], list.QuerySelectorAll("li a").Select(a => a.GetAttribute("href")));
        Assert.Contains("Does MFA cover the support staff's console too?", list.TextContent, StringComparison.Ordinal);
        Assert.Contains("Does MFA cover the support staff's console too?", portal.QuerySelector("#item-mfa [data-testid=reopened-question]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Please check these two answers.", portal.QuerySelector("#item-encryption [data-testid=reopened-question]")!.TextContent, StringComparison.Ordinal);

        // The vendor changes one answer, replies at the other, and submits again.
        var token = PortalTestKit.Token(portal);
        var mfa = (await PortalTestKit.AnswersAsync(app, loop.AssessmentId)).Single(a => a.ItemId == "mfa");
        PortalTestKit.AssertStatus(HttpStatusCode.OK, await PortalTestKit.AutosaveAsync(vendor, token, loop.PortalUrl, "mfa", mfa.Version, "false"), "reopened answer");
        // (The kit stores the encryption answer as a list; the portal saves a single choice as one value.)
        var encryption = (await PortalTestKit.AnswersAsync(app, loop.AssessmentId)).Single(a => a.ItemId == "encryption");
        PortalTestKit.AssertStatus(HttpStatusCode.OK, await PortalTestKit.AutosaveAsync(vendor, token, loop.PortalUrl, "encryption", encryption.Version, "yes"), "reopened answer");
        var reply = await vendor.SubmitAsync(portal, loop.PortalUrl, new Dictionary<string, string> { ["reply"] = "Encryption at rest uses AES-256 on every volume." }, "form#reply-encryption");
        Assert.Equal(HttpStatusCode.Redirect, reply.StatusCode);
        Assert.Equal("Encryption at rest uses AES-256 on every volume.", (await ReopenedAsync(loop)).Single(r => r.ItemId == "encryption").ReplyNote);
        var resubmitted = await vendor.SubmitAsync(loop.PortalUrl, new Dictionary<string, string>(), "form[action*='handler=Submit']");
        Assert.True(resubmitted.StatusCode == HttpStatusCode.Redirect,
            "resubmit: " + (await Forms.ParseAsync(resubmitted)).QuerySelector("[data-testid=missing], [data-testid=conflicts], [data-testid=refusal]")?.TextContent);
        Assert.All(await ReopenedAsync(loop), r => Assert.NotNull(r.AnsweredAt));

        // The reviewer's new task shows each question with the vendor's reply beside it.
        var next = await ReviewTaskAsync(app, loop.Scene, loop.InstanceId);
        var taskPage = await reviewer.GetDocumentAsync($"/t/{loop.Scene.Tenant.Slug}/reviews/task/{next.Id}");
        var thread = taskPage.QuerySelector("[data-testid=clarification-thread]")!;
        var mfaEntry = thread.QuerySelector("[data-clarification-item=mfa]")!;
        Assert.Contains("Does MFA cover the support staff's console too?", mfaEntry.QuerySelector("[data-testid=clarification-question]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Yes", mfaEntry.QuerySelector("[data-testid=clarification-reply] del")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("No", mfaEntry.QuerySelector("[data-testid=clarification-reply] strong")!.TextContent, StringComparison.Ordinal);
        var encryptionEntry = thread.QuerySelector("[data-clarification-item=encryption]")!;
        Assert.Equal("Answered", encryptionEntry.GetAttribute("data-state"));
        Assert.Contains("AES-256", encryptionEntry.QuerySelector("[data-testid=clarification-note]")!.TextContent, StringComparison.Ordinal);
        // The assessment page shows the same thread.
        Assert.NotNull((await reviewer.GetDocumentAsync(loop.DetailsUrl)).QuerySelector("[data-testid=clarification-thread] [data-clarification-item=mfa]"));

        // After the resubmission the reply is closed: a late reply is refused and changes nothing.
        var late = await PortalTestKit.PostFormAsync(vendor, token, loop.PortalUrl + "?handler=Reply&itemId=encryption", new Dictionary<string, string> { ["reply"] = "late" });
        PortalTestKit.AssertStatus(HttpStatusCode.Conflict, late, "a reply after the resubmission");
        Assert.Equal("Encryption at rest uses AES-256 on every volume.", (await ReopenedAsync(loop)).Single(r => r.ItemId == "encryption").ReplyNote);
    }

    [Fact]
    public async Task Bad_clarification_requests_are_refused_at_their_field_and_nothing_is_reopened()
    {
        var loop = await ReviewAsync();
        var reviewer = await SignedInAsync(loop.Scene.Reviewer);

        var silent = await DecideAsync(reviewer, loop.TaskUrl, Clarify(null, ("mfa", null)));
        var tooLong = await DecideAsync(reviewer, loop.TaskUrl, Clarify(null, ("mfa", new string('x', ReopenedItem.ReasonMaxLength + 1))));
        var unknown = await DecideAsync(reviewer, loop.TaskUrl, Clarify("Please check.", ("no-such-question", null)));
        // Its own words for every question are enough without a comment for all.
        Assert.Equal(HttpStatusCode.BadRequest, silent.StatusCode);
        Assert.Contains("Tell the vendor what to clarify", (await Forms.ParseAsync(silent)).FieldError("Input.Comment"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Contains("at most 4000", (await Forms.ParseAsync(tooLong)).QuerySelector("#qc-mfa-error")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("questions of this assessment", (await Forms.ParseAsync(unknown)).FieldError("Input.QuestionIds"), StringComparison.Ordinal);

        Assert.Empty(await ReopenedAsync(loop));
        Assert.Equal("waiting", (await InstanceAsync(app, loop.Scene, loop.InstanceId)).Status);
        Assert.Equal(AssessmentStatus.InReview, (await AssessmentOfAsync(app, loop.Scene, loop.InstanceId)).Status);
        Assert.Equal(0, await app.InDbAsync(db => db.OutboxMessages.CountAsync(m => m.TenantId == loop.Scene.Tenant.Id && m.Kind == "workflow-clarification-requested")));

        var ownWordsOnly = await DecideAsync(reviewer, loop.TaskUrl, Clarify(null, ("mfa", "Which factors do you accept?")));
        Assert.Equal(HttpStatusCode.Redirect, ownWordsOnly.StatusCode);
        Assert.Equal("Which factors do you accept?", Assert.Single(await ReopenedAsync(loop)).Reason);
    }

    [Fact]
    public async Task Shared_comments_show_at_their_question_in_the_portal_and_internal_ones_do_not()
    {
        var loop = await ReviewAsync();
        await app.InDbAsync(async db =>
        {
            var now = app.Clock.GetUtcNow();
            db.AssessmentComments.Add(AssessmentComment.Create(loop.AssessmentId, "mfa", loop.Scene.Reviewer.Id, "Thanks, MFA looks good to us.", true, now));
            db.AssessmentComments.Add(AssessmentComment.Create(loop.AssessmentId, "mfa", loop.Scene.Reviewer.Id, "Internal: ask legal about the DPA.", false, now));
            db.AssessmentComments.Add(AssessmentComment.Create(loop.AssessmentId, "encryption", loop.Scene.Reviewer.Id, "Internal only.", false, now));
            return await db.SaveChangesAsync();
        }, loop.Scene.Tenant.Id);

        var page = await (await SignedInAsync(loop.Contact)).GetDocumentAsync(loop.PortalUrl);

        Assert.Contains("Thanks, MFA looks good to us.", page.QuerySelector("#item-mfa [data-testid=shared-comments]")!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("ask legal about the DPA", page.Body!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("Internal only.", page.Body!.TextContent, StringComparison.Ordinal);
        Assert.Null(page.QuerySelector("#item-encryption [data-testid=shared-comments]"));
    }

    [Fact]
    public async Task Bad_replies_are_refused_with_a_message_and_save_nothing()
    {
        var loop = await ReviewAsync();
        var reviewer = await SignedInAsync(loop.Scene.Reviewer);
        Assert.Equal(HttpStatusCode.Redirect, (await DecideAsync(reviewer, loop.TaskUrl, Clarify("Which factors?", ("mfa", null)))).StatusCode);
        var vendor = await SignedInAsync(loop.Contact);
        var token = PortalTestKit.Token(await vendor.GetDocumentAsync(loop.PortalUrl));

        var tooLong = await PortalTestKit.PostFormAsync(vendor, token, loop.PortalUrl + "?handler=Reply&itemId=mfa",
            new Dictionary<string, string> { ["reply"] = new string('y', ReopenedItem.ReplyMaxLength + 1) });
        var notReopened = await PortalTestKit.PostFormAsync(vendor, token, loop.PortalUrl + "?handler=Reply&itemId=encryption",
            new Dictionary<string, string> { ["reply"] = "Yes" });
        var unknown = await PortalTestKit.PostFormAsync(vendor, token, loop.PortalUrl + "?handler=Reply&itemId=nope", new Dictionary<string, string> { ["reply"] = "Yes" });

        PortalTestKit.AssertStatus(HttpStatusCode.BadRequest, tooLong, "a reply that is too long");
        Assert.Contains("at most 4000", (await Forms.ParseAsync(tooLong)).QuerySelector("#reply-error-mfa")!.TextContent, StringComparison.Ordinal);
        PortalTestKit.AssertStatus(HttpStatusCode.BadRequest, notReopened, "a reply to a question not reopened");
        Assert.Contains("not reopened", (await Forms.ParseAsync(notReopened)).QuerySelector("[data-testid=refusal]")!.TextContent, StringComparison.Ordinal);
        PortalTestKit.AssertStatus(HttpStatusCode.BadRequest, unknown, "a reply to an unknown question");
        Assert.All(await ReopenedAsync(loop), r => Assert.Null(r.ReplyNote));

        // Another vendor's contact cannot reply to this assessment at all.
        var other = await app.Scenario.VendorAsync(loop.Scene.Tenant.Id, "Other AI " + Guid.NewGuid().ToString("N")[..6]);
        var stranger = await SignedInAsync(await app.CreateMemberAsync(loop.Scene.Tenant, TenantRoles.VendorContact, vendorId: other.Id));
        var foreign = await PortalTestKit.PostFormAsync(stranger, await PortalTestKit.AnyTokenAsync(stranger), loop.PortalUrl + "?handler=Reply&itemId=mfa",
            new Dictionary<string, string> { ["reply"] = "Hijack" });
        PortalTestKit.AssertStatus(HttpStatusCode.NotFound, foreign, "another vendor's reply");
        Assert.All(await ReopenedAsync(loop), r => Assert.Null(r.ReplyNote));
    }
}
