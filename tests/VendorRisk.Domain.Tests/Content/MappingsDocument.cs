using System.Text;
using VendorRisk.Domain.Coverage;
using VendorRisk.Domain.Evidence;
using VendorRisk.Domain.Questionnaires;
using VendorRisk.Domain.Questionnaires.Versioning;
using VendorRisk.Domain.Tests.Questionnaires.Support;

namespace VendorRisk.Domain.Tests.Content;

/// <summary>
/// Writes <c>docs/content/mappings.md</c> from the shipped questionnaire and catalogue: frameworks and counts, the
/// measured acceptance targets, how many questions a vendor answers, coverage per domain, every mapping with its
/// rationale, and the changes from 1.0. <see cref="MappingsDocumentTests"/> fails when the file is stale.
/// </summary>
internal static class MappingsDocument
{
    public const string RegenerateVariable = "VENDORRISK_REGENERATE_DOCS";

    public static string DocumentPath => Path.Combine(TestData.RepositoryRoot(), "docs", "content", "mappings.md");

    /// <summary>Framework-level targets of issue 15, each a set of controls and whether every one must be supported or only addressed.</summary>
    public static readonly IReadOnlyList<(string Name, string[] Controls)> Targets =
    [
        ("ISO/IEC 42001 A.10 (third-party and customer relationships)", ["iso42001:2023:A.10.2", "iso42001:2023:A.10.3", "iso42001:2023:A.10.4"]),
        ("NIST AI RMF GOVERN 6 (third-party risk)", ["nist-ai-rmf:1.0:GOVERN-6.1", "nist-ai-rmf:1.0:GOVERN-6.2"]),
        ("NIST AI RMF MAP 4 (component risks)", ["nist-ai-rmf:1.0:MAP-4.1", "nist-ai-rmf:1.0:MAP-4.2"]),
        ("NIST AI RMF MANAGE 3 (third-party resources)", ["nist-ai-rmf:1.0:MANAGE-3.1", "nist-ai-rmf:1.0:MANAGE-3.2"]),
        ("NIST AI 600-1 (12 generative AI risks)", [.. Enumerable.Range(1, 12).Select(i => $"nist-ai-600-1:2024:2.{i}")]),
        ("OWASP Top 10 for LLM Applications 2025", [.. Enumerable.Range(1, 10).Select(i => $"owasp-llm:2025:LLM{i:00}")]),
        ("ISO/IEC 27001 A.5.19-A.5.23 (suppliers)", ["iso27001:2022:A.5.19", "iso27001:2022:A.5.20", "iso27001:2022:A.5.21", "iso27001:2022:A.5.22", "iso27001:2022:A.5.23"]),
        ("ISO/IEC 27001 A.5.29, A.5.30 (continuity)", ["iso27001:2022:A.5.29", "iso27001:2022:A.5.30"]),
        ("ISO/IEC 27001 A.8.10, A.8.13, A.8.31 (deletion, backup, environments)", ["iso27001:2022:A.8.10", "iso27001:2022:A.8.13", "iso27001:2022:A.8.31"]),
    ];

    public static string Render()
    {
        var catalogue = ShippedContent.Catalogue;
        var v2 = ShippedContent.SecurityV2;
        var definition = v2.Definition;
        var text = new StringBuilder();
        void Line(string line = "") => text.Append(line).Append('\n');

        Line("# AI vendor questionnaire 2.0.0: control mappings");
        Line();
        Line("<!-- Generated from seed-data/questionnaires/ai-vendor-security-governance-2.0.0.json and seed-data/controls.json by");
        Line("     tests/VendorRisk.Domain.Tests/Content/MappingsDocument.cs. Do not edit by hand; regenerate with");
        Line($"     {RegenerateVariable}=1 dotnet test tests/VendorRisk.Domain.Tests -c Release --filter \"FullyQualifiedName~MappingsDocument\"");
        Line("     A test fails when this file does not match the data. -->");
        Line();
        Line($"The questionnaire `{definition.Id}` {definition.Version} and the control catalogue are VendorRisk's own content, licensed "
             + $"{definition.Licence}. Question texts, control titles and rationales are written in our own words; no standard's text is copied, "
             + "so read each standard for its wording. Every mapping below says in one line why the question evidences the control; reviewers "
             + "and auditors see the same line on each vendor's coverage page.");
        Line();
        Line("Figures in this file are measured by running the questionnaire engine and the coverage calculator on the shipped files "
             + "(`tests/VendorRisk.Domain.Tests/Content`): a *favourable* vendor answers every question with its best choice and attaches "
             + "the evidence asked for.");
        Line();

        // ---------------------------------------------------------------- frameworks
        var maximal = ShippedContent.Coverage(ShippedContent.Maximal);
        var byControl = maximal.ToDictionary(c => c.Control.Id, StringComparer.Ordinal);
        var mapped = definition.AllItems().SelectMany(i => i.Controls).ToHashSet(StringComparer.Ordinal);
        Line("## Frameworks");
        Line();
        Line("| Framework | Controls in the catalogue | Mapped by 2.0.0 | Supported for a favourable maximal vendor |");
        Line("| --- | ---: | ---: | ---: |");
        foreach (var framework in catalogue.Frameworks)
        {
            var controls = catalogue.Controls.Where(c => c.Framework == framework.Id).ToList();
            Line($"| {framework.Name} | {controls.Count} | {controls.Count(c => mapped.Contains(c.Id))} | "
                 + $"{controls.Count(c => byControl[c.Id].Status == CoverageStatus.Supported)} |");
        }

        Line($"| **All** | {catalogue.Controls.Count} | {catalogue.Controls.Count(c => mapped.Contains(c.Id))} | "
             + $"{maximal.Count(c => c.Status == CoverageStatus.Supported)} |");
        Line();
        Line("A catalogue control that 2.0.0 does not map is kept because version 1.0.0 or the intake questionnaire maps it.");
        Line();

        // ---------------------------------------------------------------- targets
        Line("## Framework targets (issue 15), measured");
        Line();
        Line("| Target | Addressed (asked and answered) | Supported for a favourable maximal vendor |");
        Line("| --- | ---: | ---: |");
        foreach (var (name, controls) in Targets)
        {
            Line($"| {name} | {controls.Count(c => ShippedContent.Addressed(byControl[c]))}/{controls.Length} | "
                 + $"{controls.Count(c => byControl[c].Status == CoverageStatus.Supported)}/{controls.Length} |");
        }

        Line();

        // ---------------------------------------------------------------- burden
        Line("## How much a vendor answers");
        Line();
        Line("Conditions show the language-model, retrieval, agent, training, provider, high-risk and general-purpose model sections only "
             + "when they apply, and a \"planned\" answer's date question only after \"planned\" is chosen.");
        Line();
        Line("| Vendor | What applies | Questions to answer |");
        Line("| --- | --- | ---: |");
        foreach (var profile in new[] { ShippedContent.Minimal, ShippedContent.Maximal })
        {
            Line($"| {profile.Name} | {profile.Description} | {ShippedContent.AnswerableCount(v2, profile)} |");
        }

        var items = definition.AllItems().ToList();
        Line();
        Line($"The file holds {items.Count(i => i.IsAnswerable)} answerable items ({items.Count(i => i.IsAnswerable && i.Factual)} of them factual, "
             + $"{items.Count(i => i.PlannedBy is not null)} \"planned\" date questions among those), "
             + $"{items.Count(i => i.Type == ItemType.Finding)} findings and {items.Count(i => i.Key)} key items.");
        Line();

        // ---------------------------------------------------------------- domains
        Line("## Coverage per domain");
        Line();
        Line("The eight top-level sections follow the eight domains of the ISO 27001-for-AI article the questionnaire was built from. "
             + "Counts are for the maximal vendor; \"supported\" counts the controls its favourable answers in the domain support.");
        Line();
        Line("| Domain | Section | Questions | Key | Controls mapped | Frameworks | Controls supported |");
        Line("| --- | --- | ---: | ---: | ---: | ---: | ---: |");
        var evaluation = ShippedContent.Evaluate(v2, ShippedContent.Maximal);
        foreach (var (sectionId, domain) in ShippedContent.Domains)
        {
            var section = definition.Sections.Single(s => s.Id == sectionId);
            var sectionItems = SectionItems(section).ToList();
            var asked = sectionItems.Where(i => i.IsAnswerable && evaluation.Item(i.Id).Visible).ToList();
            var controls = sectionItems.Where(i => !i.Factual).SelectMany(i => i.Controls).ToHashSet(StringComparer.Ordinal);
            var frameworks = controls.Select(c => catalogue.Find(c)!.Framework).Distinct().Count();
            Line($"| {domain} | {section.Title} | {asked.Count} | {asked.Count(i => i.Key)} | {controls.Count} | {frameworks} | "
                 + $"{controls.Count(c => byControl[c].Status == CoverageStatus.Supported)} |");
        }

        Line();

        // ---------------------------------------------------------------- verified
        var bare = ShippedContent.Coverage(ShippedContent.Maximal, withEvidence: false, AssuranceLevel.SelfAttested);
        var accepted = ShippedContent.Coverage(ShippedContent.Maximal, withEvidence: true, AssuranceLevel.EvidenceAccepted);
        Line("## Claimed and verified coverage");
        Line();
        Line("Verified coverage counts only answers backed by accepted evidence or an independent check (ADR-021). For the maximal vendor:");
        Line();
        Line("| Favourable vendor | Supported as claimed | Supported when verified |");
        Line("| --- | ---: | ---: |");
        Line($"| without evidence | {bare.Count(c => c.Status == CoverageStatus.Supported)} | {bare.Count(c => c.Verified == CoverageStatus.Supported)} |");
        Line($"| with every piece of evidence accepted | {accepted.Count(c => c.Status == CoverageStatus.Supported)} | "
             + $"{accepted.Count(c => c.Verified == CoverageStatus.Supported)} |");
        Line();

        // ---------------------------------------------------------------- mappings
        Line("## Mappings");
        Line();
        Line("Question ids link answers across versions. **Key** marks a key control; factual questions carry no mapping.");
        foreach (var section in definition.AllSections())
        {
            var rows = section.Items.Where(i => !i.Controls.IsEmpty).ToList();
            if (rows.Count == 0) continue;
            Line();
            Line($"### {section.Title}");
            Line();
            Line("| Question | Control | Why it evidences the control |");
            Line("| --- | --- | --- |");
            foreach (var item in rows)
            {
                var question = $"`{item.Id}`{(item.Key ? " **Key**" : "")}{(item.Type == ItemType.Finding ? " (finding)" : "")}: {Cell(item.Text)}";
                foreach (var controlId in item.Controls)
                {
                    var control = catalogue.Find(controlId)!;
                    Line($"| {question} | {Cell(catalogue.Framework(control.Framework)!.Name)} {control.Code}: {Cell(control.Title)} | "
                         + $"{Cell(item.RationaleFor(controlId) ?? "")} |");
                    question = "";
                }
            }
        }

        Line();

        // ---------------------------------------------------------------- changes from 1.0
        var diff = QuestionnaireDiff.Compare(ShippedContent.SecurityV1.Definition, definition);
        var removed = diff.Of(ItemChangeKind.Removed).Select(c => c.ItemId).ToList();
        var added = diff.Of(ItemChangeKind.Added).Select(c => c.ItemId).ToList();
        var kept = ShippedContent.SecurityV1.Definition.AllItems().Select(i => i.Id).Where(id => !removed.Contains(id)).ToList();
        Line("## Changes from 1.0.0");
        Line();
        Line("A question keeps its id only where it kept its meaning, so answers carry over exactly there (ADR-021). "
             + "Split or reworded questions got new ids; their 1.0.0 answers are not carried.");
        Line();
        Line($"- Kept ({kept.Count}): {string.Join(", ", kept.Select(id => $"`{id}`"))}.");
        Line($"- Removed ({removed.Count}): {string.Join(", ", removed.Select(id => $"`{id}`"))}.");
        Line($"- Added ({added.Count(id => !id.EndsWith("_planned_by", StringComparison.Ordinal))}, not counting "
             + $"{added.Count(id => id.EndsWith("_planned_by", StringComparison.Ordinal))} \"planned\" date questions): "
             + string.Join(", ", added.Where(id => !id.EndsWith("_planned_by", StringComparison.Ordinal)).Select(id => $"`{id}`")) + ".");
        return text.ToString();
    }

    private static IEnumerable<QuestionnaireItem> SectionItems(QuestionnaireSection section) =>
        section.Items.Concat(section.Sections.SelectMany(SectionItems));

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}
