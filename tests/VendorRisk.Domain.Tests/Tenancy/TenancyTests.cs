using VendorRisk.Domain.Common;
using VendorRisk.Domain.Tenancy;

namespace VendorRisk.Domain.Tests.Tenancy;

public class TenantTests
{
    [Theory]
    [InlineData("acme", null)]
    [InlineData("acme-health-2", null)]
    [InlineData("ab", "3 to 40")]
    [InlineData("Acme", "lower-case")]
    [InlineData("acme--health", "single hyphens")]
    [InlineData("-acme", "single hyphens")]
    [InlineData("acme_health", "lower-case")]
    [InlineData("admin", "reserved")]
    [InlineData("", "Choose a short name")]
    public void Slug_validation_explains_what_is_wrong(string slug, string? expectedFragment)
    {
        var error = Tenant.ValidateSlug(slug);
        if (expectedFragment is null) Assert.Null(error);
        else Assert.Contains(expectedFragment, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Creating_a_tenant_with_a_bad_slug_is_refused() =>
        Assert.Throws<DomainException>(() => Tenant.Create("Bad Slug", "Acme", DateTimeOffset.UnixEpoch));
}

public class TenantMembershipTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_vendor_contact_must_be_bound_to_a_vendor_and_hold_no_internal_role()
    {
        Assert.Throws<DomainException>(() => TenantMembership.Create(Guid.NewGuid(), Guid.NewGuid(), TenantRoles.VendorContact, Now));
        Assert.Throws<DomainException>(() => TenantMembership.Create(Guid.NewGuid(), Guid.NewGuid(),
            TenantRoles.VendorContact | TenantRoles.Reviewer, Now, Guid.NewGuid()));
        Assert.Throws<DomainException>(() => TenantMembership.Create(Guid.NewGuid(), Guid.NewGuid(), TenantRoles.Reviewer, Now, Guid.NewGuid()));
        var contact = TenantMembership.Create(Guid.NewGuid(), Guid.NewGuid(), TenantRoles.VendorContact, Now, Guid.NewGuid());
        Assert.Equal(TenantRoles.VendorContact, contact.Roles);
    }

    [Fact]
    public void A_membership_needs_at_least_one_role() =>
        Assert.Throws<DomainException>(() => TenantMembership.Create(Guid.NewGuid(), Guid.NewGuid(), TenantRoles.None, Now));

    [Fact]
    public void Granting_adds_an_internal_role_but_never_mixes_in_vendor_contact()
    {
        var member = TenantMembership.Create(Guid.NewGuid(), Guid.NewGuid(), TenantRoles.Reviewer, Now);
        member.Grant(TenantRoles.CommitteeMember, null);
        Assert.Equal(TenantRoles.Reviewer | TenantRoles.CommitteeMember, member.Roles);
        Assert.Throws<DomainException>(() => member.Grant(TenantRoles.VendorContact, Guid.NewGuid()));
    }

    [Fact]
    public void Disabling_twice_or_enabling_an_active_member_is_refused()
    {
        var member = TenantMembership.Create(Guid.NewGuid(), Guid.NewGuid(), TenantRoles.Reviewer, Now);
        Assert.Throws<DomainException>(member.Enable);
        member.Disable();
        Assert.True(member.IsDisabled);
        Assert.Throws<DomainException>(member.Disable);
        member.Enable();
        Assert.False(member.IsDisabled);
    }
}

public class InvitationTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_token_is_256_random_bits_and_only_its_hash_is_stored()
    {
        var (invitation, token) = Invitation.Create(Guid.NewGuid(), "a@example.com", TenantRoles.Reviewer, Guid.NewGuid(), Now);
        var (_, other) = Invitation.Create(Guid.NewGuid(), "a@example.com", TenantRoles.Reviewer, Guid.NewGuid(), Now);

        Assert.Equal(43, token.Length); // 32 bytes, base64url without padding
        Assert.NotEqual(token, other);
        Assert.DoesNotContain(token, invitation.TokenHash, StringComparison.Ordinal);
        Assert.Equal(Invitation.HashToken(token), invitation.TokenHash);
        Assert.Equal(Now + TimeSpan.FromDays(7), invitation.ExpiresAt);
    }

    [Fact]
    public void An_invitation_works_once()
    {
        var (invitation, _) = Invitation.Create(Guid.NewGuid(), "a@example.com", TenantRoles.Reviewer, Guid.NewGuid(), Now);
        invitation.Accept(Guid.NewGuid(), "A@Example.com", Now.AddHours(1));
        var second = Assert.Throws<DomainException>(() => invitation.Accept(Guid.NewGuid(), "a@example.com", Now.AddHours(2)));
        Assert.Contains("already been used", second.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_expired_or_withdrawn_invitation_is_refused()
    {
        var (expired, _) = Invitation.Create(Guid.NewGuid(), "a@example.com", TenantRoles.Reviewer, Guid.NewGuid(), Now);
        Assert.Contains("expired", Assert.Throws<DomainException>(() =>
            expired.Accept(Guid.NewGuid(), "a@example.com", Now + Invitation.Lifetime)).Message, StringComparison.Ordinal);

        var (withdrawn, _) = Invitation.Create(Guid.NewGuid(), "a@example.com", TenantRoles.Reviewer, Guid.NewGuid(), Now);
        withdrawn.Revoke(Now);
        Assert.Contains("withdrawn", Assert.Throws<DomainException>(() =>
            withdrawn.Accept(Guid.NewGuid(), "a@example.com", Now)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_invitation_is_bound_to_its_e_mail_address()
    {
        var (invitation, _) = Invitation.Create(Guid.NewGuid(), "a@example.com", TenantRoles.Reviewer, Guid.NewGuid(), Now);
        Assert.Throws<DomainException>(() => invitation.Accept(Guid.NewGuid(), "b@example.com", Now));
        Assert.Null(invitation.AcceptedAt);
    }

    [Fact]
    public void An_invitation_grants_exactly_one_role_and_vendor_contacts_need_a_vendor()
    {
        Assert.Throws<DomainException>(() => Invitation.Create(Guid.NewGuid(), "a@example.com", TenantRoles.Reviewer | TenantRoles.Auditor, Guid.NewGuid(), Now));
        Assert.Throws<DomainException>(() => Invitation.Create(Guid.NewGuid(), "a@example.com", TenantRoles.VendorContact, Guid.NewGuid(), Now));
        Assert.Throws<DomainException>(() => Invitation.Create(Guid.NewGuid(), "a@example.com", TenantRoles.Reviewer, Guid.NewGuid(), Now, Guid.NewGuid()));
    }
}
