namespace VendorRisk.IntegrationTests.Architecture
{
    /// <summary>The architecture rules run on deliberate violations compiled into this assembly: each must be caught.</summary>
    public sealed class ArchitectureRuleTests
    {
        private static readonly IReadOnlyList<TypeReference> Fixture = TypeReferences.Of(typeof(ArchitectureRuleTests).Assembly)
            .Where(r => r.FromNamespace.StartsWith("ArchitectureFixture", StringComparison.Ordinal)).ToList();

        [Fact]
        public void Two_folders_that_use_each_other_are_reported_as_a_circle_with_the_references_that_close_it()
        {
            var cycles = FolderRules.Cycles(Fixture, "ArchitectureFixture.Infrastructure");

            var cycle = Assert.Single(cycles);
            Assert.StartsWith("Infrastructure/Mail <-> Infrastructure/Templates:", cycle, StringComparison.Ordinal);
            Assert.Contains("ArchitectureFixture.Infrastructure.Mail.Outbox uses ArchitectureFixture.Infrastructure.Templates.Layout", cycle, StringComparison.Ordinal);
            Assert.Contains("ArchitectureFixture.Infrastructure.Templates.Layout uses ArchitectureFixture.Infrastructure.Mail.Outbox", cycle, StringComparison.Ordinal);
        }

        [Fact]
        public void Folders_that_use_each_other_one_way_only_form_no_circle()
        {
            Assert.Empty(FolderRules.Cycles(Fixture, "ArchitectureFixture.Layered"));
        }

        [Fact]
        public void A_page_folders_type_used_by_the_api_or_another_folder_is_reported_and_the_shared_folder_is_not()
        {
            var leaks = FolderRules.PageFolderLeaks(Fixture, "ArchitectureFixture.Web.Pages");

            Assert.Equal(2, leaks.Count);
            Assert.Contains(leaks, l => l.StartsWith("ArchitectureFixture.Web.Api.Endpoints (outside Pages) uses ArchitectureFixture.Web.Pages.Portal.PortalAccess", StringComparison.Ordinal));
            Assert.Contains(leaks, l => l.StartsWith("ArchitectureFixture.Web.Pages.Contracts.DetailsModel (Contracts) uses ArchitectureFixture.Web.Pages.Portal.PortalAccess", StringComparison.Ordinal));
        }
    }
}

// Deliberate violations for the rule tests above; nothing calls them.
#pragma warning disable CA1812, CA1822, CA1050
namespace ArchitectureFixture.Infrastructure.Mail
{
    public static class Outbox { public static int Size() => Templates.Layout.Width() + 1; }
}

namespace ArchitectureFixture.Infrastructure.Templates
{
    public static class Layout { public static int Width() => 80; public static int Queued() => Mail.Outbox.Size(); }
}

namespace ArchitectureFixture.Layered.Persistence
{
    public static class Store { public static int Rows() => 1; }
}

namespace ArchitectureFixture.Layered.Reports
{
    public static class Report { public static int Rows() => Persistence.Store.Rows(); }
}

namespace ArchitectureFixture.Web.Pages.Portal
{
    public static class PortalAccess { public static bool May() => true; }
}

namespace ArchitectureFixture.Web.Pages.Shared
{
    public static class Layout { public static string Title() => "VendorRisk"; }
}

namespace ArchitectureFixture.Web.Pages.Contracts
{
    public sealed class DetailsModel { public bool May() => Portal.PortalAccess.May() && Shared.Layout.Title().Length > 0; }
}

namespace ArchitectureFixture.Web.Api
{
    public static class Endpoints { public static bool May() => Pages.Portal.PortalAccess.May(); }
}
#pragma warning restore CA1812, CA1822, CA1050
