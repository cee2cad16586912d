using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using VendorRisk.Application.ApiTokens;
using VendorRisk.Application.AuditTrail;
using VendorRisk.Application.Common;
using VendorRisk.Application.Members;
using VendorRisk.Application.Outbox;
using VendorRisk.Application.Templates;
using VendorRisk.Application.Tenancy;
using VendorRisk.Application.Vendors;
using VendorRisk.Domain.Api;
using VendorRisk.Domain.Audit;
using VendorRisk.Domain.Tenancy;
using VendorRisk.Infrastructure.Identity;
using VendorRisk.IntegrationTests.Infrastructure;

namespace VendorRisk.IntegrationTests.Admin;

/// <summary>
/// The operations of the people, token, template, audit and outbox areas demand their own permission, whoever calls them: a role that
/// may not is refused, another tenant's id is not found, and neither writes anything.
/// </summary>
public sealed class OperationAccessTests(VendorRiskApp app) : IClassFixture<VendorRiskApp>
{
    private static readonly CancellationToken None = CancellationToken.None;

    /// <summary>Runs <paramref name="work"/> in a scope that entered <paramref name="tenant"/> through the door as <paramref name="user"/>.</summary>
    private Task<T> AsAsync<T>(Tenant tenant, AppUser user, Func<IServiceProvider, Task<T>> work) =>
        app.InScopeAsync(async sp =>
        {
            Assert.True(await sp.GetRequiredService<TenantDoor>().EnterAsMemberAsync(tenant.Slug, user.Id, None));
            return await work(sp);
        });

    private async Task<(int Events, int Invitations, int Tokens, int Templates)> CountsAsync() =>
        (await app.CountAllAsync<AuditEvent>(), await app.CountAllAsync<Invitation>(),
            await app.CountAllAsync<PersonalAccessToken>(), await app.CountAllAsync<Domain.Questionnaires.Library.QuestionnaireTemplate>());

    [Fact]
    public async Task A_member_who_is_not_a_tenant_admin_is_refused_every_member_operation_and_nothing_is_written()
    {
        var tenant = await app.CreateTenantAsync();
        var admin = await app.CreateMemberAsync(tenant, TenantRoles.TenantAdmin);
        var target = await app.CreateMemberAsync(tenant, TenantRoles.Reviewer);
        var membership = await app.MembershipAsync(tenant, target.Id);
        var invited = await AsAsync(tenant, admin, sp => sp.GetRequiredService<MemberOperations>()
            .InviteColleagueAsync($"pending-{Guid.NewGuid():N}@example.test", "Auditor", None));
        Assert.True(invited.Succeeded, invited.Message);
        var before = await CountsAsync();

        foreach (var roles in new[] { TenantRoles.Reviewer, TenantRoles.VendorManager | TenantRoles.CommitteeMember, TenantRoles.Auditor })
        {
            var member = await app.CreateMemberAsync(tenant, roles);
            var outcomes = await AsAsync(tenant, member, async sp =>
            {
                var members = sp.GetRequiredService<MemberOperations>();
                var queries = sp.GetRequiredService<MemberQueries>();
                return new Outcome[]
                {
                    await members.InviteColleagueAsync($"new-{Guid.NewGuid():N}@example.test", "Reviewer", None),
                    await members.ChangeRolesAsync(membership.Id, [TenantRoles.TenantAdmin], membership.Version, None),
                    await members.ChangeSpecialismsAsync(membership.Id, [ReviewerSpecialisms.Security], membership.Version, None),
                    await members.DisableAsync(membership.Id, membership.Version, None),
                    await members.EnableAsync(membership.Id, membership.Version, None),
                    await members.ResendInvitationAsync(invited.Value!.Id, None),
                    await members.WithdrawInvitationAsync(invited.Value!.Id, None),
                    await queries.ListAsync(None),
                    await queries.FindAsync(membership.Id, None),
                };
            });
            Assert.All(outcomes, o => Assert.Equal(OutcomeStatus.Forbidden, o.Status));
        }

        var after = await app.MembershipAsync(tenant, target.Id);
        Assert.Equal((TenantRoles.Reviewer, false, membership.Version), (after.Roles, after.IsDisabled, after.Version));
        Assert.Equal(before, await CountsAsync());
        Assert.Null(await app.InDbAsync(db => db.Invitations.Where(i => i.Id == invited.Value!.Id).Select(i => i.RevokedAt).SingleAsync(), tenant.Id));
    }

    [Fact]
    public async Task A_tenant_admin_gets_not_found_for_another_tenants_members_and_invitations_and_nothing_is_written()
    {
        var a = await app.CreateTenantAsync();
        var b = await app.CreateTenantAsync();
        var adminOfA = await app.CreateMemberAsync(a, TenantRoles.TenantAdmin);
        var adminOfB = await app.CreateMemberAsync(b, TenantRoles.TenantAdmin);
        var memberOfB = await app.CreateMemberAsync(b, TenantRoles.Reviewer);
        var membershipOfB = await app.MembershipAsync(b, memberOfB.Id);
        var invitationOfB = await AsAsync(b, adminOfB, sp => sp.GetRequiredService<MemberOperations>()
            .InviteColleagueAsync($"pending-{Guid.NewGuid():N}@example.test", "Reviewer", None));
        var before = await CountsAsync();

        var outcomes = await AsAsync(a, adminOfA, async sp =>
        {
            var members = sp.GetRequiredService<MemberOperations>();
            return new Outcome[]
            {
                await members.ChangeRolesAsync(membershipOfB.Id, [TenantRoles.TenantAdmin], membershipOfB.Version, None),
                await members.ChangeSpecialismsAsync(membershipOfB.Id, [ReviewerSpecialisms.Privacy], membershipOfB.Version, None),
                await members.DisableAsync(membershipOfB.Id, membershipOfB.Version, None),
                await members.EnableAsync(membershipOfB.Id, membershipOfB.Version, None),
                await members.ResendInvitationAsync(invitationOfB.Value!.Id, None),
                await members.WithdrawInvitationAsync(invitationOfB.Value!.Id, None),
                await sp.GetRequiredService<MemberQueries>().FindAsync(membershipOfB.Id, None),
            };
        });

        Assert.All(outcomes, o => Assert.Equal(OutcomeStatus.NotFound, o.Status));
        var after = await app.MembershipAsync(b, memberOfB.Id);
        Assert.Equal((TenantRoles.Reviewer, false, ReviewerSpecialisms.None, membershipOfB.Version), (after.Roles, after.IsDisabled, after.Specialisms, after.Version));
        Assert.Equal(before, await CountsAsync());
        Assert.Null(await app.InDbAsync(db => db.Invitations.Where(i => i.Id == invitationOfB.Value!.Id).Select(i => i.RevokedAt).SingleAsync(), b.Id));
    }

    [Fact]
    public async Task Vendor_contacts_are_invited_by_vendor_managers_only_and_only_for_the_own_tenants_vendors()
    {
        var tenant = await app.CreateTenantAsync();
        var other = await app.CreateTenantAsync();
        var manager = await app.CreateMemberAsync(tenant, TenantRoles.VendorManager);
        var reviewer = await app.CreateMemberAsync(tenant, TenantRoles.Reviewer);
        var managerOfOther = await app.CreateMemberAsync(other, TenantRoles.VendorManager);
        var vendorId = await OnboardAsync(tenant, manager, "Acme AI");
        var foreignVendorId = await OnboardAsync(other, managerOfOther, "Other AI");
        var before = await CountsAsync();

        var byReviewer = await AsAsync(tenant, reviewer, sp => sp.GetRequiredService<MemberOperations>()
            .InviteVendorContactAsync(vendorId, $"contact-{Guid.NewGuid():N}@example.test", None));
        var foreign = await AsAsync(tenant, manager, sp => sp.GetRequiredService<MemberOperations>()
            .InviteVendorContactAsync(foreignVendorId, $"contact-{Guid.NewGuid():N}@example.test", None));
        var malformed = await AsAsync(tenant, manager, sp => sp.GetRequiredService<MemberOperations>()
            .InviteVendorContactAsync(vendorId, "someone@localhost", None));

        Assert.Equal(OutcomeStatus.Forbidden, byReviewer.Status);
        Assert.Equal(OutcomeStatus.NotFound, foreign.Status);
        Assert.Equal((OutcomeStatus.Invalid, "Email"), (malformed.Status, malformed.Errors.Single().Field));
        Assert.Equal(before, await CountsAsync());

        var email = $"contact-{Guid.NewGuid():N}@example.test";
        var sent = await AsAsync(tenant, manager, sp => sp.GetRequiredService<MemberOperations>().InviteVendorContactAsync(vendorId, email, None));

        Assert.True(sent.Succeeded, sent.Message);
        var invitation = await app.InDbAsync(db => db.Invitations.SingleAsync(i => i.Id == sent.Value!.Id), tenant.Id);
        Assert.Equal((TenantRoles.VendorContact, (Guid?)vendorId, email), (invitation.Role, invitation.VendorId, invitation.Email));
        Assert.Single(await app.InvitationMailsAsync(email));
    }

    private Task<Guid> OnboardAsync(Tenant tenant, AppUser manager, string name) =>
        AsAsync(tenant, manager, async sp =>
        {
            var onboarded = await sp.GetRequiredService<VendorOperations>().OnboardAsync(new VendorDetails(name, null, null, null, null, null), None);
            Assert.True(onboarded.Succeeded, onboarded.Message);
            return onboarded.Value;
        });

    [Fact]
    public async Task Template_changes_are_refused_to_readers_and_another_tenants_template_is_not_found()
    {
        var tenant = await app.CreateTenantAsync();
        var other = await app.CreateTenantAsync();
        var admin = await app.CreateMemberAsync(tenant, TenantRoles.TenantAdmin);
        var reviewer = await app.CreateMemberAsync(tenant, TenantRoles.Reviewer);
        var adminOfOther = await app.CreateMemberAsync(other, TenantRoles.TenantAdmin);
        var cloned = await AsAsync(tenant, admin, sp => sp.GetRequiredService<TemplateOperations>().CloneShippedAsync("ai-inherent-risk-intake", None));
        Assert.True(cloned.Succeeded, cloned.Message);
        var id = cloned.Value!.Id;
        var before = await CountsAsync();

        var byReader = await AsAsync(tenant, reviewer, async sp =>
        {
            var templates = sp.GetRequiredService<TemplateOperations>();
            return new Outcome[]
            {
                await templates.PublishAsync(id, None),
                await templates.RetireAsync(id, None),
                await templates.StartNewVersionAsync(id, "2.0.0", None),
                await templates.EditDraftAsync(id, "{}", 1, None),
                await templates.CloneShippedAsync("ai-inherent-risk-intake", None),
            };
        });
        var readable = await AsAsync(tenant, reviewer, sp => sp.GetRequiredService<TemplateQueries>().FindAsync(id, None));
        var byOther = await AsAsync(other, adminOfOther, async sp =>
        {
            var templates = sp.GetRequiredService<TemplateOperations>();
            return new Outcome[]
            {
                await templates.PublishAsync(id, None),
                await templates.RetireAsync(id, None),
                await templates.StartNewVersionAsync(id, null, None),
                await templates.EditDraftAsync(id, "{}", 1, None),
                await sp.GetRequiredService<TemplateQueries>().FindAsync(id, None),
                await sp.GetRequiredService<TemplateQueries>().ExportAsync(id, TemplateFileFormat.Json, None),
            };
        });

        Assert.All(byReader, o => Assert.Equal(OutcomeStatus.Forbidden, o.Status));
        Assert.True(readable.Succeeded);
        Assert.All(byOther, o => Assert.Equal(OutcomeStatus.NotFound, o.Status));
        Assert.Equal(before, await CountsAsync());
        Assert.Equal(Domain.Questionnaires.QuestionnaireStatus.Draft,
            await app.InDbAsync(db => db.QuestionnaireTemplates.Where(t => t.Id == id).Select(t => t.Status).SingleAsync(), tenant.Id));
    }

    [Fact]
    public async Task Tokens_belong_to_internal_members_and_nobody_revokes_another_members_or_another_tenants_token()
    {
        var tenant = await app.CreateTenantAsync();
        var other = await app.CreateTenantAsync();
        var owner = await app.CreateMemberAsync(tenant, TenantRoles.Auditor);
        var colleague = await app.CreateMemberAsync(tenant, TenantRoles.TenantAdmin);
        var contact = await app.CreateMemberAsync(tenant, TenantRoles.VendorContact, vendorId: Guid.NewGuid());
        var outsider = await app.CreateMemberAsync(other, TenantRoles.TenantAdmin);
        var minted = await AsAsync(tenant, owner, sp => sp.GetRequiredService<ApiTokenOperations>()
            .MintAsync(new ApiTokenRequest("Nightly export", ApiTokenScope.Read, DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime).AddDays(30)), None));
        Assert.True(minted.Succeeded, minted.Message);
        var before = await CountsAsync();

        var byContact = await AsAsync(tenant, contact, async sp => new Outcome[]
        {
            await sp.GetRequiredService<ApiTokenOperations>().MintAsync(new ApiTokenRequest("Mine", ApiTokenScope.Read, DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime).AddDays(30)), None),
            await sp.GetRequiredService<ApiTokenOperations>().RevokeAsync(minted.Value!.Id, None),
            await sp.GetRequiredService<ApiTokenQueries>().MineAsync(None),
        });
        var byColleague = await AsAsync(tenant, colleague, sp => sp.GetRequiredService<ApiTokenOperations>().RevokeAsync(minted.Value!.Id, None));
        var byOutsider = await AsAsync(other, outsider, sp => sp.GetRequiredService<ApiTokenOperations>().RevokeAsync(minted.Value!.Id, None));

        Assert.All(byContact, o => Assert.Equal(OutcomeStatus.Forbidden, o.Status));
        Assert.Equal(OutcomeStatus.NotFound, byColleague.Status);
        Assert.Equal(OutcomeStatus.NotFound, byOutsider.Status);
        Assert.Equal(before, await CountsAsync());
        Assert.Null(await app.InDbAsync(db => db.PersonalAccessTokens.Where(t => t.Id == minted.Value!.Id).Select(t => t.RevokedAt).SingleAsync(), tenant.Id));
    }

    [Fact]
    public async Task The_audit_trail_is_read_by_admins_and_auditors_only_and_the_outbox_by_operators_only()
    {
        var tenant = await app.CreateTenantAsync();
        var reviewer = await app.CreateMemberAsync(tenant, TenantRoles.Reviewer | TenantRoles.VendorManager | TenantRoles.CommitteeMember);
        var auditor = await app.CreateMemberAsync(tenant, TenantRoles.Auditor);
        var admin = await app.CreateMemberAsync(tenant, TenantRoles.TenantAdmin);
        var before = await CountsAsync();

        var byReviewer = await AsAsync(tenant, reviewer, async sp => new Outcome[]
        {
            await sp.GetRequiredService<AuditTrailQueries>().TrailAsync(new AuditFilter(), 1, 50, None),
            await sp.GetRequiredService<AuditTrailQueries>().ExportCsvAsync(new AuditFilter(), None),
        });
        var byAuditor = await AsAsync(tenant, auditor, sp => sp.GetRequiredService<AuditTrailQueries>().TrailAsync(new AuditFilter(), 1, 50, None));
        // A tenant admin is no platform operator, and a job (no person) is not either.
        var byAdmin = await AsAsync(tenant, admin, async sp => new Outcome[]
        {
            await sp.GetRequiredService<OutboxOperations>().RetryAsync(Guid.NewGuid(), None),
            await sp.GetRequiredService<OutboxQueries>().ListAsync(null, 1, 25, None),
        });
        var byJob = await app.InScopeAsync(sp => sp.GetRequiredService<OutboxQueries>().ListAsync(null, 1, 25, None), tenant.Id);

        Assert.All(byReviewer, o => Assert.Equal(OutcomeStatus.Forbidden, o.Status));
        Assert.True(byAuditor.Succeeded);
        Assert.All(byAdmin, o => Assert.Equal(OutcomeStatus.Forbidden, o.Status));
        Assert.Equal(OutcomeStatus.Forbidden, byJob.Status);
        Assert.Equal(before, await CountsAsync());
    }
}
