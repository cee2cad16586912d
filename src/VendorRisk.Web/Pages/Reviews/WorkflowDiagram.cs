using System.Globalization;
using System.Text;
using VendorRisk.Domain.Workflows;

namespace VendorRisk.Web.Pages.Reviews;

/// <summary>
/// Draws a workflow definition as an SVG diagram on the server: activities as boxes in layers (longest path from the
/// start, loops drawn as arcs on the right), outcomes as labelled arrows, long arrows routed through the layers they
/// cross. The current activity is highlighted, visited ones are marked and the transitions taken are drawn dark.
/// Deterministic (same definition, same picture); all text is escaped.
/// </summary>
public static class WorkflowDiagram
{
    private const double NodeWidth = 216, NodeHeight = 54, DummyWidth = 16, GapX = 28, LayerGap = 64, Margin = 24, LoopLane = 22;

    private sealed class Node(string id, WorkflowActivity? activity)
    {
        public string Id { get; } = id;
        public WorkflowActivity? Activity { get; } = activity;
        public bool IsDummy => Activity is null;
        public double Width => IsDummy ? DummyWidth : NodeWidth;
        public int Layer { get; set; }
        public double Order { get; set; }
        public double X { get; set; }
        public double Y { get; set; }
        public double CenterX => X + Width / 2;
    }

    private sealed record Edge(string From, string To, string Label, bool Back);

    /// <param name="taken">Transitions the instance made, as (from, to) activity ids.</param>
    public static string Render(WorkflowDefinition definition, string? current, IReadOnlySet<string> visited,
        IReadOnlySet<(string From, string To)> taken, string titleId, string descriptionId)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var nodes = definition.Activities.ToDictionary(a => a.Id, a => new Node(a.Id, a), StringComparer.Ordinal);

        // Edges, one per (from, to), outcomes joined; back edges found by a depth-first walk from the start.
        var edges = new List<Edge>();
        var state = new Dictionary<string, int>(StringComparer.Ordinal); // 1 on stack, 2 done
        var discovery = new List<string>();
        void Walk(string id)
        {
            state[id] = 1;
            discovery.Add(id);
            foreach (var group in nodes[id].Activity!.Outcomes.Where(o => nodes.ContainsKey(o.Value)).GroupBy(o => o.Value, StringComparer.Ordinal))
            {
                var back = state.GetValueOrDefault(group.Key) == 1;
                edges.Add(new Edge(id, group.Key, string.Join(", ", group.Select(o => o.Key)), back || group.Key == id));
                if (!state.ContainsKey(group.Key)) Walk(group.Key);
            }
            state[id] = 2;
        }
        Walk(definition.Start);
        foreach (var unreached in definition.Activities.Where(a => !state.ContainsKey(a.Id))) Walk(unreached.Id);

        // Layers: longest path over forward edges, in reverse finishing order (a topological order).
        var forward = edges.Where(e => !e.Back).ToList();
        foreach (var id in TopologicalOrder(discovery, forward))
        {
            foreach (var e in forward.Where(e => e.From == id)) nodes[e.To].Layer = Math.Max(nodes[e.To].Layer, nodes[id].Layer + 1);
        }

        // Long forward edges pass through one dummy node per layer they cross.
        var all = nodes.Values.ToList();
        var segments = new List<(Edge Edge, List<Node> Path)>();
        foreach (var e in forward)
        {
            var path = new List<Node> { nodes[e.From] };
            for (var layer = nodes[e.From].Layer + 1; layer < nodes[e.To].Layer; layer++)
            {
                var dummy = new Node($"{e.From}->{e.To}#{layer}", null) { Layer = layer };
                all.Add(dummy);
                path.Add(dummy);
            }
            path.Add(nodes[e.To]);
            segments.Add((e, path));
        }

        // Order within layers: discovery order, then barycentre sweeps down and up.
        var layers = all.GroupBy(n => n.Layer).OrderBy(g => g.Key).Select(g => g.ToList()).ToList();
        var rank = discovery.Select((id, i) => (id, i)).ToDictionary(p => p.id, p => p.i, StringComparer.Ordinal);
        foreach (var layer in layers)
        {
            var ordered = layer.OrderBy(n => n.IsDummy ? 1 : 0).ThenBy(n => n.IsDummy ? 0 : rank.GetValueOrDefault(n.Id)).ToList();
            for (var i = 0; i < ordered.Count; i++) ordered[i].Order = i;
        }
        var links = segments.SelectMany(s => s.Path.Zip(s.Path.Skip(1))).ToList();
        for (var sweep = 0; sweep < 4; sweep++)
        {
            var down = sweep % 2 == 0;
            foreach (var layer in down ? layers.Skip(1) : Enumerable.Reverse(layers).Skip(1))
            {
                foreach (var n in layer)
                {
                    var neighbours = down ? links.Where(l => l.Second == n).Select(l => l.First) : links.Where(l => l.First == n).Select(l => l.Second);
                    var list = neighbours.ToList();
                    if (list.Count > 0) n.Order = list.Average(m => m.Order) + (n.IsDummy ? 0.001 : 0);
                }
                var sorted = layer.OrderBy(n => n.Order).ToList();
                for (var i = 0; i < sorted.Count; i++) sorted[i].Order = i;
            }
        }

        // Coordinates: each layer centred.
        var widths = layers.Select(l => l.Sum(n => n.Width) + GapX * (l.Count - 1)).ToList();
        var backEdges = edges.Where(e => e.Back).ToList();
        var contentWidth = widths.Max();
        var width = contentWidth + 2 * Margin + LoopLane * (backEdges.Count + 1);
        for (var i = 0; i < layers.Count; i++)
        {
            var x = Margin + (contentWidth - widths[i]) / 2;
            foreach (var n in layers[i].OrderBy(n => n.Order))
            {
                n.X = x;
                n.Y = Margin + i * (NodeHeight + LayerGap);
                x += n.Width + GapX;
            }
        }
        var height = Margin * 2 + layers.Count * NodeHeight + (layers.Count - 1) * LayerGap;

        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture,
            $"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"workflow-diagram\" viewBox=\"0 0 {F(width)} {F(height)}\" width=\"{F(width)}\" role=\"img\" aria-labelledby=\"{Esc(titleId)} {Esc(descriptionId)}\" data-testid=\"workflow-diagram\">");
        svg.Append(CultureInfo.InvariantCulture, $"<title id=\"{Esc(titleId)}\">{Esc(definition.Name)} v{definition.Version}</title>");
        svg.Append(CultureInfo.InvariantCulture, $"<desc id=\"{Esc(descriptionId)}\">Activities as boxes connected by their outcomes{(current is null ? "" : $"; the review waits in {Esc(current)}")}. The list below describes the path taken.</desc>");
        svg.Append("<defs>")
            .Append("<marker id=\"wf-arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"9\" markerHeight=\"9\" markerUnits=\"userSpaceOnUse\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#6c757d\"/></marker>")
            .Append("<marker id=\"wf-arrow-taken\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"9\" markerHeight=\"9\" markerUnits=\"userSpaceOnUse\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#0a3622\"/></marker>")
            .Append("</defs>");

        // Edges first (boxes cover their ends), labels last.
        var labels = new StringBuilder();
        foreach (var (edge, path) in segments)
        {
            var isTaken = taken.Contains((edge.From, edge.To));
            var d = new StringBuilder();
            var (x0, y0) = (path[0].CenterX, path[0].Y + NodeHeight);
            d.Append(CultureInfo.InvariantCulture, $"M{F(x0)},{F(y0)}");
            for (var i = 1; i < path.Count; i++)
            {
                var target = path[i];
                var last = i == path.Count - 1;
                var (x1, y1) = (target.CenterX, target.Y + (last ? -1 : 0));
                var mid = (y0 + y1) / 2;
                d.Append(CultureInfo.InvariantCulture, $" C{F(x0)},{F(mid)} {F(x1)},{F(mid)} {F(x1)},{F(y1)}");
                if (!last)
                {
                    d.Append(CultureInfo.InvariantCulture, $" L{F(x1)},{F(target.Y + NodeHeight)}");
                    y0 = target.Y + NodeHeight;
                }
                else
                {
                    y0 = y1;
                }
                x0 = x1;
            }
            svg.Append(CultureInfo.InvariantCulture,
                $"<path d=\"{d}\" fill=\"none\" stroke=\"{(isTaken ? "#0a3622" : "#6c757d")}\" stroke-width=\"{(isTaken ? 2.5 : 1.25)}\" marker-end=\"url(#{(isTaken ? "wf-arrow-taken" : "wf-arrow")})\"/>");
            // Labels sit where the arrows have fanned out, so the outcomes of one activity do not overlap.
            var next = path[1];
            Label(labels, edge.Label, path[0].CenterX + (next.CenterX - path[0].CenterX) * 0.8, path[0].Y + NodeHeight + LayerGap * 0.62, isTaken);
        }

        for (var i = 0; i < backEdges.Count; i++)
        {
            var edge = backEdges[i];
            var (from, to) = (nodes[edge.From], nodes[edge.To]);
            var isTaken = taken.Contains((edge.From, edge.To));
            var lane = Margin + contentWidth + LoopLane * (i + 1);
            var (y1, y2) = (from.Y + NodeHeight / 2 + 6, to.Y + NodeHeight / 2 - 6);
            svg.Append(CultureInfo.InvariantCulture,
                $"<path d=\"M{F(from.X + from.Width)},{F(y1)} C{F(lane)},{F(y1)} {F(lane)},{F(y2)} {F(to.X + to.Width + 1)},{F(y2)}\" fill=\"none\" stroke=\"{(isTaken ? "#0a3622" : "#6c757d")}\" stroke-width=\"{(isTaken ? 2.5 : 1.25)}\" stroke-dasharray=\"5 3\" marker-end=\"url(#{(isTaken ? "wf-arrow-taken" : "wf-arrow")})\"/>");
            Label(labels, edge.Label, (from.X + from.Width + lane) / 2 + 6, (y1 + y2) / 2, isTaken);
        }

        foreach (var n in nodes.Values)
        {
            var isCurrent = n.Id == current;
            var isVisited = visited.Contains(n.Id);
            var (fill, stroke, strokeWidth) = isCurrent ? ("#cfe2ff", "#052c65", 3.0) : isVisited ? ("#d1e7dd", "#0a3622", 1.5) : ("#ffffff", "#6c757d", 1.25);
            svg.Append(CultureInfo.InvariantCulture, $"<g data-activity=\"{Esc(n.Id)}\" class=\"{(isCurrent ? "current" : isVisited ? "visited" : "pending")}\">");
            svg.Append(CultureInfo.InvariantCulture,
                $"<rect x=\"{F(n.X)}\" y=\"{F(n.Y)}\" width=\"{F(n.Width)}\" height=\"{F(NodeHeight)}\" rx=\"8\" fill=\"{fill}\" stroke=\"{stroke}\" stroke-width=\"{F(strokeWidth)}\"/>");
            var mark = isCurrent ? "▶ " : isVisited ? "✓ " : "";
            svg.Append(CultureInfo.InvariantCulture,
                $"<text x=\"{F(n.CenterX)}\" y=\"{F(n.Y + 22)}\" text-anchor=\"middle\" font-size=\"13\" font-weight=\"600\" fill=\"#212529\">{Esc(mark + Shorten(n.Id, 26))}</text>");
            svg.Append(CultureInfo.InvariantCulture,
                $"<text x=\"{F(n.CenterX)}\" y=\"{F(n.Y + 40)}\" text-anchor=\"middle\" font-size=\"11\" fill=\"#343a40\">{Esc(Shorten(Kind(n.Activity!), 32))}</text>");
            svg.Append("</g>");
        }

        svg.Append(labels).Append("</svg>");
        return svg.ToString();
    }

    private static void Label(StringBuilder labels, string text, double x, double y, bool taken)
    {
        var shown = Shorten(text, 28);
        var w = shown.Length * 6.2 + 8;
        labels.Append(CultureInfo.InvariantCulture,
            $"<rect x=\"{F(x - w / 2)}\" y=\"{F(y - 9)}\" width=\"{F(w)}\" height=\"16\" rx=\"3\" fill=\"#ffffff\" fill-opacity=\"0.92\"/>");
        labels.Append(CultureInfo.InvariantCulture,
            $"<text x=\"{F(x)}\" y=\"{F(y + 3)}\" text-anchor=\"middle\" font-size=\"11\" fill=\"{(taken ? "#0a3622" : "#495057")}\"{(taken ? " font-weight=\"600\"" : "")}>{Esc(shown)}</text>");
    }

    private static string Kind(WorkflowActivity activity) => activity switch
    {
        AwaitDecisionActivity d => d.Title ?? "Decision",
        AssignReviewerActivity a => $"Assign {a.Role}",
        CommitteeApprovalActivity c => $"Committee vote ({c.Quorum.MinVotes}+ votes)",
        RequestClarificationActivity r => $"Clarification (≤ {r.Rounds} rounds)",
        NotifyActivity n => $"E-mail {n.Template}",
        EndActivity e => e.Result switch
        {
            WorkflowResult.Approved => "End: approved",
            WorkflowResult.ApprovedWithConditions => "End: approved with conditions",
            _ => "End: rejected",
        },
        DecisionActivity => "Decision rule",
        AutoScoreActivity => "Automatic score",
        SetResidualRiskActivity => "Set residual risk",
        _ => activity.TypeName,
    };

    private static List<string> TopologicalOrder(List<string> discovery, List<Edge> forward)
    {
        var visitedNodes = new HashSet<string>(StringComparer.Ordinal);
        var order = new List<string>();
        void Visit(string id)
        {
            if (!visitedNodes.Add(id)) return;
            foreach (var e in forward.Where(e => e.From == id)) Visit(e.To);
            order.Add(id);
        }
        foreach (var id in discovery) Visit(id);
        order.Reverse();
        return order;
    }

    private static string Shorten(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";

    private static string F(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);

    private static string Esc(string text) => System.Net.WebUtility.HtmlEncode(text);
}
