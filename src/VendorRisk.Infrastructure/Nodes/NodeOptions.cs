namespace VendorRisk.Infrastructure.Nodes;

/// <summary>What one process of a deployment does (configuration <c>Node:Role</c>).</summary>
public enum NodeRole
{
    /// <summary>Pages, API and a job server: the single-node default.</summary>
    All,
    /// <summary>Pages and API; no job server (jobs it enqueues run on a worker).</summary>
    Web,
    /// <summary>A job server; of HTTP it answers only the health checks.</summary>
    Worker,
}

/// <summary>Configuration section <c>Node</c>: this process's name and role among the nodes of a deployment.</summary>
public sealed class NodeOptions
{
    public const string Section = "Node";

    /// <summary>Shown on the operators' pages (which node claimed a mail); defaults to the machine name and process id.</summary>
    public string? Name { get; set; }

    public NodeRole Role { get; set; } = NodeRole.All;

    /// <summary>The name this node goes by: <see cref="Name"/>, or <c>machine-pid</c>.</summary>
    public string NodeName => string.IsNullOrWhiteSpace(Name) ? $"{Environment.MachineName}-{Environment.ProcessId}" : Name.Trim();

    /// <summary>Whether this node serves pages and the API (a worker answers only the health checks).</summary>
    public bool ServesPages => Role != NodeRole.Worker;
}
