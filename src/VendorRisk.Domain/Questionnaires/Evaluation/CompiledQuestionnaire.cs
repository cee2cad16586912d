using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Text.RegularExpressions;
using VendorRisk.Domain.Questionnaires.Expressions;

namespace VendorRisk.Domain.Questionnaires.Evaluation;

/// <summary>
/// A checked definition prepared for repeated evaluation: expressions parsed and bound to slot indexes,
/// sections and items in a topologically ordered visibility plan, id lookups frozen. Immutable and
/// safe to share between threads and requests.
/// </summary>
public sealed class CompiledQuestionnaire
{
    internal CompiledQuestionnaire(
        QuestionnaireDefinition definition,
        CompiledSection[] sections,
        CompiledItem[] items,
        int[] plan,
        FrozenDictionary<string, int> itemIndex,
        ImmutableArray<(string Control, int[] Items)> controls,
        BoundExpression?[] tierFloors)
    {
        Definition = definition;
        Sections = sections;
        Items = items;
        Plan = plan;
        ItemIndex = itemIndex;
        Controls = controls;
        TierFloors = tierFloors;
    }

    public QuestionnaireDefinition Definition { get; }

    internal CompiledSection[] Sections { get; }

    internal CompiledItem[] Items { get; }

    /// <summary>Visibility evaluation order; a value <c>v &gt;= 0</c> is item v, <c>v &lt; 0</c> is section <c>~v</c>.</summary>
    internal int[] Plan { get; }

    internal FrozenDictionary<string, int> ItemIndex { get; }

    /// <summary>Control ids (ordinal order) with the indexes of the items mapped to them.</summary>
    internal ImmutableArray<(string Control, int[] Items)> Controls { get; }

    internal BoundExpression?[] TierFloors { get; }

    public int ItemCount => Items.Length;

    /// <summary>Ids of sections and items in the order their visibility is decided (for diagnostics).</summary>
    public IEnumerable<string> EvaluationOrder => Plan.Select(step => step >= 0 ? Items[step].Item.Id : Sections[~step].Section.Id);
}

internal sealed class CompiledSection(QuestionnaireSection section, int index, int parentIndex, string path)
{
    public QuestionnaireSection Section { get; } = section;

    public int Index { get; } = index;

    public int ParentIndex { get; } = parentIndex;

    public string Path { get; } = path;

    public BoundExpression? VisibleIf { get; set; }

    public List<int> ItemIndexes { get; } = [];

    public List<int> ChildSectionIndexes { get; } = [];
}

internal sealed class CompiledItem(QuestionnaireItem item, int index, int sectionIndex, string path)
{
    public QuestionnaireItem Item { get; } = item;

    public int Index { get; } = index;

    public int SectionIndex { get; } = sectionIndex;

    public string Path { get; } = path;

    public BoundExpression? VisibleIf { get; set; }

    public BoundExpression? RequiredIf { get; set; }

    public BoundExpression? When { get; set; }

    public BoundExpression? EvidenceRequiredIf { get; set; }

    public Regex? Pattern { get; set; }

    public FrozenDictionary<string, Choice> ChoiceByValue { get; set; } = FrozenDictionary<string, Choice>.Empty;

    /// <summary>Points available; 0 means the item does not take part in scoring.</summary>
    public decimal MaxScore { get; set; }

    /// <summary>Risk points available; 0 means the item does not take part in tiering.</summary>
    public decimal MaxRisk { get; set; }

    public bool HasResults { get; set; }
}
