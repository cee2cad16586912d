using System.Net;
using VendorRisk.Domain.Assessments;
using VendorRisk.Domain.Tenancy;
using VendorRisk.IntegrationTests.Infrastructure;
using static VendorRisk.IntegrationTests.Portal.PortalTestKit;

namespace VendorRisk.IntegrationTests.Portal;

/// <summary>Two contributors who both saw a question unanswered: the first save wins, the second is a conflict.</summary>
public sealed class FirstAnswerConflictTests(VendorRiskApp app) : IClassFixture<VendorRiskApp>
{
    [Fact]
    public async Task A_second_person_who_saw_no_answer_gets_a_conflict_instead_of_overwriting_the_first_answer()
    {
        var world = await CreateWorldAsync(app);
        var ada = await app.CreateMemberAsync(world.Tenant, TenantRoles.VendorContact, "ada-" + Guid.NewGuid().ToString("N")[..6] + "@example.test", world.VendorA.Id);
        await app.InDbAsync(async db =>
        {
            db.AssessmentContacts.Add(AssessmentContact.Create(world.AssessmentA, ada.Email!, ada.Id));
            return await db.SaveChangesAsync();
        }, world.Tenant.Id);
        var first = await SignedInAsync(app, ada);
        var second = await SignedInAsync(app, world.ContactA);
        var firstToken = Token(await first.GetDocumentAsync(world.UrlA));
        var secondToken = Token(await second.GetDocumentAsync(world.UrlA));

        // Both pages show no answer (version 0). Ada answers first.
        AssertStatus(HttpStatusCode.OK, await AutosaveAsync(first, firstToken, world.UrlA, "uses_ai", 0, "true"), "first answer");
        var conflict = await AutosaveAsync(second, secondToken, world.UrlA, "uses_ai", 0, "false");

        AssertStatus(HttpStatusCode.Conflict, conflict, "second answer from an empty page");
        var body = await JsonAsync(conflict);
        Assert.Equal("Yes", body.GetProperty("value").GetString());
        var stored = Assert.Single(await AnswersAsync(app, world.AssessmentA));
        Assert.Equal("""{"kind":"boolean","value":true}""", stored.ValueJson);
        Assert.Equal(ada.Id, stored.UpdatedByUserId);
    }
}
