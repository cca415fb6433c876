namespace Steward.Tools;

/// <summary>Where tools come from: Steward's built-in tools, or an org's external MCP servers.</summary>
public interface IToolSource
{
    /// <summary>The tools this source offers the org, whatever their policy says.</summary>
    ValueTask<IReadOnlyList<ToolDefinition>> ListAsync(string orgId, CancellationToken cancellationToken);
}

/// <summary>The built-in tools: the same set for every org, made once from the tool classes.</summary>
public sealed class BuiltInToolSource(IReadOnlyList<ToolDefinition> tools) : IToolSource
{
    public IReadOnlyList<ToolDefinition> Tools { get; } = tools;

    public ValueTask<IReadOnlyList<ToolDefinition>> ListAsync(string orgId, CancellationToken cancellationToken) => new(Tools);
}

/// <summary>Every tool an org can see, by name. Built-in names win over an external tool of the same name.</summary>
public sealed class ToolRegistry(BuiltInToolSource builtIn, IEnumerable<IToolSource> sources)
{
    private readonly Dictionary<string, ToolDefinition> _builtIn = builtIn.Tools.ToDictionary(tool => tool.Name, StringComparer.Ordinal);
    private readonly IToolSource[] _external = [.. sources.Where(source => source is not BuiltInToolSource)];

    public async Task<IReadOnlyList<ToolDefinition>> ListAsync(string orgId, CancellationToken cancellationToken)
    {
        var tools = new List<ToolDefinition>(_builtIn.Values.OrderBy(tool => tool.Name, StringComparer.Ordinal));
        foreach (var source in _external)
        {
            tools.AddRange((await source.ListAsync(orgId, cancellationToken)).Where(tool => !_builtIn.ContainsKey(tool.Name)));
        }

        return tools;
    }

    public async ValueTask<ToolDefinition?> FindAsync(string orgId, string name, CancellationToken cancellationToken)
    {
        if (_builtIn.TryGetValue(name, out var tool))
        {
            return tool;
        }

        foreach (var source in _external)
        {
            if ((await source.ListAsync(orgId, cancellationToken)).FirstOrDefault(t => t.Name == name) is { } found)
            {
                return found;
            }
        }

        return null;
    }
}
