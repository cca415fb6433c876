using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace Steward.Conversations.Sessions;

/// <summary>
/// Shares one instance of strings that repeat across many sessions (intents, channels, org ids, slot names). Bounded, so
/// unexpected variety (an LLM inventing intents) cannot grow it without limit: past the capacity strings are kept as given.
/// </summary>
internal sealed class StringPool(int capacity = 4096)
{
    private readonly ConcurrentDictionary<string, string> _strings = new(StringComparer.Ordinal);

    [return: NotNullIfNotNull(nameof(value))]
    public string? Intern(string? value)
    {
        if (value is null)
        {
            return null;
        }

        if (_strings.TryGetValue(value, out var pooled))
        {
            return pooled;
        }

        return _strings.Count < capacity ? _strings.GetOrAdd(value, value) : value;
    }
}
