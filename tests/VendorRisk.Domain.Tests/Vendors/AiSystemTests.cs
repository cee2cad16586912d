using VendorRisk.Domain.Common;
using VendorRisk.Domain.Vendors;

namespace VendorRisk.Domain.Tests.Vendors;

public class AiSystemTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);

    private static AiSystemProfile Profile(string provider = "Example Labs", params string[] subprocessors) => new()
    {
        Purpose = "Summarises notes",
        FoundationModels = [new FoundationModel(provider, "Atlas", "1")],
        Subprocessors = subprocessors,
        Autonomy = AutonomyLevel.Assistive,
        Oversight = HumanOversight.EveryOutputReviewed,
    };

    [Fact]
    public void Creating_records_revision_one_and_the_fourth_parties()
    {
        var system = AiSystem.Create(Guid.NewGuid(), "Summariser", Profile("Example Labs", "Cloudnine", "cloudnine "), null, Now);

        Assert.Equal(1, system.RevisionNumber);
        Assert.Single(system.Revisions);
        Assert.Equal(["Example Labs"], system.Dependencies.Where(d => d.Kind == DependencyKind.FoundationModelProvider).Select(d => d.Name));
        // Trimmed and de-duplicated without regard to case.
        Assert.Equal(["Cloudnine"], system.Dependencies.Where(d => d.Kind == DependencyKind.Subprocessor).Select(d => d.Name));
    }

    [Fact]
    public void A_swapped_foundation_model_or_a_new_subprocessor_is_material_but_a_wording_change_is_not()
    {
        var system = AiSystem.Create(Guid.NewGuid(), "Summariser", Profile(), null, Now);

        var wording = system.Update("Summariser", Profile() with { Purpose = "Summarises clinical notes" }, null, Now.AddDays(1));
        Assert.False(system.Revisions[^1].IsMaterial);
        Assert.Equal("Purpose", Assert.Single(wording).Field);

        system.Update("Summariser", Profile("Other AI"), null, Now.AddDays(2));
        Assert.True(system.Revisions[^1].IsMaterial);

        var added = system.Update("Summariser", Profile("Other AI", "New Sub Ltd"), null, Now.AddDays(3));
        Assert.True(Assert.Single(added).IsMaterial);

        var removed = system.Update("Summariser", Profile("Other AI"), null, Now.AddDays(4));
        Assert.False(Assert.Single(removed).IsMaterial);
        Assert.Equal(5, system.RevisionNumber);
    }

    [Fact]
    public void More_autonomy_or_less_oversight_is_material()
    {
        var before = Profile();
        Assert.True(AiSystemProfile.Compare(before, before with { Autonomy = AutonomyLevel.Autonomous }).Single().IsMaterial);
        Assert.False(AiSystemProfile.Compare(before with { Autonomy = AutonomyLevel.Autonomous }, before).Single().IsMaterial);
        Assert.True(AiSystemProfile.Compare(before, before with { Oversight = HumanOversight.None }).Single().IsMaterial);
    }

    [Fact]
    public void Saving_an_unchanged_profile_is_refused()
    {
        var system = AiSystem.Create(Guid.NewGuid(), "Summariser", Profile(), null, Now);
        Assert.Throws<DomainException>(() => system.Update("Summariser", Profile(), null, Now));
        Assert.Equal(1, system.RevisionNumber);
    }

    [Fact]
    public void A_profile_without_purpose_or_with_a_nameless_model_is_refused()
    {
        Assert.Throws<DomainException>(() => AiSystem.Create(Guid.NewGuid(), "X", Profile() with { Purpose = " " }, null, Now));
        Assert.Throws<DomainException>(() => AiSystem.Create(Guid.NewGuid(), "X",
            Profile() with { FoundationModels = [new FoundationModel("Example Labs", "", null)] }, null, Now));
    }

    [Fact]
    public void The_profile_survives_a_json_round_trip()
    {
        var profile = Profile("Example Labs", "Cloudnine") with { EuAiActRiskClass = EuAiActRiskClass.High, DataCategories = ["health data"] };
        var copy = AiSystemProfile.FromJson(profile.ToJson());
        Assert.Empty(AiSystemProfile.Compare(profile, copy));
    }
}
