using Microsoft.Extensions.AI;

namespace Steward.Llm;

/// <summary>
/// Whose request a model call is, carried in <see cref="ChatOptions.AdditionalProperties"/> (never sent to the provider)
/// so the decorators can attribute it: usage per org. A call without an org still counts in the metrics.
/// </summary>
public static class LlmChatOptions
{
    public const string OrgIdKey = "steward.org_id";

    public static ChatOptions ForOrg(this ChatOptions options, string orgId)
    {
        (options.AdditionalProperties ??= [])[OrgIdKey] = orgId;
        return options;
    }

    public static string? OrgId(this ChatOptions? options) =>
        options?.AdditionalProperties?.TryGetValue(OrgIdKey, out var value) == true ? value as string : null;
}
