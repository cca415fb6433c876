namespace Steward.Tools;

/// <summary>
/// Marks a static method as a built-in tool. The method's <see cref="System.ComponentModel.DescriptionAttribute"/>
/// and its parameters' descriptions become what the model and MCP clients read; parameter names are the argument
/// names on the wire, so they are snake_case.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ToolAttribute(string name, ToolAccess access) : Attribute
{
    public string Name { get; } = name;

    public ToolAccess Access { get; } = access;

    /// <summary>Whether an org that has not set a policy must approve automatic calls of this tool.</summary>
    public bool RequiresApprovalByDefault { get; init; }

    /// <summary>The default per-org limit; reads are cheap, writes get a lower ceiling.</summary>
    public int CallsPerMinuteByDefault { get; init; } = access == ToolAccess.Read ? 600 : 60;
}
