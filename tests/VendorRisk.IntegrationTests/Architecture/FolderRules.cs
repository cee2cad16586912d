namespace VendorRisk.IntegrationTests.Architecture;

/// <summary>The rules the architecture tests apply, as functions of the references, so the tests can also show them failing.</summary>
public static class FolderRules
{
    /// <summary>
    /// The folder (first namespace segment below <paramref name="root"/>) of every type under it; types directly in the root are the
    /// root's own folder "(root)". Null outside the root.
    /// </summary>
    public static string? FolderOf(string @namespace, string root) =>
        @namespace == root ? "(root)"
        : @namespace.StartsWith(root + ".", StringComparison.Ordinal) ? @namespace[(root.Length + 1)..].Split('.')[0]
        : null;

    /// <summary>
    /// Every circle of folders that use each other (a strongly connected set of two or more), each with one reference per edge as
    /// evidence. Empty when the folders form a layering.
    /// </summary>
    public static IReadOnlyList<string> Cycles(IEnumerable<TypeReference> references, params string[] roots)
    {
        string? Node(string ns) => roots.Select(r => FolderOf(ns, r) is { } f ? $"{r.Split('.')[^1]}/{f}" : null).FirstOrDefault(n => n is not null);
        var edges = new Dictionary<(string From, string To), TypeReference>();
        foreach (var r in references)
        {
            if (Node(r.FromNamespace) is not { } from || Node(r.ToNamespace) is not { } to || from == to) continue;
            edges.TryAdd((from, to), r);
        }
        var graph = edges.Keys.GroupBy(e => e.From).ToDictionary(g => g.Key, g => g.Select(e => e.To).ToList());

        // Tarjan's strongly connected components.
        var index = new Dictionary<string, int>();
        var low = new Dictionary<string, int>();
        var stack = new Stack<string>();
        var onStack = new HashSet<string>();
        var components = new List<List<string>>();
        var next = 0;
        void Visit(string v)
        {
            index[v] = low[v] = next++;
            stack.Push(v);
            onStack.Add(v);
            foreach (var w in graph.GetValueOrDefault(v) ?? [])
            {
                if (!index.TryGetValue(w, out var seen)) { Visit(w); low[v] = Math.Min(low[v], low[w]); }
                else if (onStack.Contains(w)) low[v] = Math.Min(low[v], seen);
            }
            if (low[v] != index[v]) return;
            var component = new List<string>();
            string x;
            do { x = stack.Pop(); onStack.Remove(x); component.Add(x); } while (x != v);
            if (component.Count > 1) components.Add(component);
        }
        foreach (var v in graph.Keys.Order(StringComparer.Ordinal))
            if (!index.ContainsKey(v)) Visit(v);

        return components.Select(c =>
        {
            var members = c.Order(StringComparer.Ordinal).ToList();
            var evidence = edges.Where(e => members.Contains(e.Key.From) && members.Contains(e.Key.To))
                .OrderBy(e => e.Key.From, StringComparer.Ordinal).ThenBy(e => e.Key.To, StringComparer.Ordinal)
                .Select(e => $"  {e.Key.From} -> {e.Key.To} ({e.Value.From} uses {e.Value.To})");
            return $"{string.Join(" <-> ", members)}:{Environment.NewLine}{string.Join(Environment.NewLine, evidence)}";
        }).ToList();
    }

    /// <summary>The page folder of a page model, a type beside it, or a compiled view; null for code outside Pages.</summary>
    public static string? PageFolderOf(string @namespace, string? view, string pagesNamespace)
    {
        if (view is not null && view.StartsWith("/Pages/", StringComparison.Ordinal))
        {
            var rest = view["/Pages/".Length..];
            return rest.Contains('/', StringComparison.Ordinal) ? rest[..rest.IndexOf('/', StringComparison.Ordinal)] : "(root)";
        }
        return FolderOf(@namespace, pagesNamespace);
    }

    /// <summary>
    /// Each use of a page folder's type from outside that folder (another folder, the API, the shell), except the folder meant to be
    /// shared (<c>Shared</c>): a page folder is a page's UI, never a library.
    /// </summary>
    public static IReadOnlyList<string> PageFolderLeaks(IEnumerable<TypeReference> references, string pagesNamespace) =>
        references
            .Select(r => (r, From: PageFolderOf(r.FromNamespace, r.FromView, pagesNamespace), To: FolderOf(r.ToNamespace, pagesNamespace)))
            .Where(x => x.To is not null && x.To != "Shared" && x.To != "(root)" && x.From != x.To)
            .Select(x => $"{x.r.FromView ?? x.r.From} ({x.From ?? "outside Pages"}) uses {x.r.To} (Pages/{x.To})")
            .Distinct().Order(StringComparer.Ordinal).ToList();
}
