namespace Steward.Intents;

/// <summary>Finds catalogue product names in a text, ignoring case and whitespace, longest name first.</summary>
/// <remarks>
/// Names are indexed by their normalised form (lower-case, no whitespace), so "무선 청소기" in a message matches the
/// catalogue's "무선청소기" and vice versa. A scan looks up, at each position whose character can start a name, one
/// span per distinct name length (longest first) in a span-keyed dictionary: linear in the text times the number of
/// distinct lengths, with no allocation per lookup. Immutable once built; thread-safe.
/// </remarks>
internal sealed class CatalogueMatcher
{
    /// <summary>Names shorter than this (after normalisation) would match inside ordinary words.</summary>
    private const int MinLength = 2;

    private readonly Dictionary<string, string> _names = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private readonly HashSet<char> _firstChars = [];
    private readonly int[] _lengths;

    public CatalogueMatcher(IReadOnlyList<string> catalogue)
    {
        foreach (string name in catalogue)
        {
            if (string.IsNullOrWhiteSpace(name))
            {
                continue;
            }

            string key = Normalise(name, out _);
            if (key.Length >= MinLength)
            {
                // The first entry wins when two names differ only in case or spacing.
                _names.TryAdd(key, name);
                _firstChars.Add(key[0]);
            }
        }

        _lookup = _names.GetAlternateLookup<ReadOnlySpan<char>>();
        _lengths = [.. _names.Keys.Select(static k => k.Length).Distinct().OrderDescending()];
    }

    public void Collect(string text, List<Entity> sink)
    {
        if (_names.Count == 0)
        {
            return;
        }

        string normalised = Normalise(text, out int[] origin);
        int position = 0;
        while (position < normalised.Length)
        {
            int matched = _firstChars.Contains(normalised[position]) ? MatchAt(text, normalised, origin, position, sink) : 0;
            position += Math.Max(matched, 1);
        }
    }

    /// <summary>Adds the longest name starting at <paramref name="position"/>; returns its normalised length or 0.</summary>
    private int MatchAt(string text, string normalised, int[] origin, int position, List<Entity> sink)
    {
        foreach (int length in _lengths)
        {
            if (length > normalised.Length - position
                || !_lookup.TryGetValue(normalised.AsSpan(position, length), out string? name))
            {
                continue;
            }

            int start = origin[position];
            int end = origin[position + length - 1] + 1;

            // Latin names must be whole words ("Pen" is not in "Open"); Korean glues particles, so no check there.
            if ((IsAsciiWordChar(text, start) && IsAsciiWordChar(text, start - 1))
                || (IsAsciiWordChar(text, end - 1) && IsAsciiWordChar(text, end)))
            {
                continue;
            }

            sink.Add(new Entity(EntityKind.Product, text[start..end], start, end - start, name));
            return length;
        }

        return 0;
    }

    private static bool IsAsciiWordChar(string text, int index) =>
        (uint)index < (uint)text.Length && char.IsAsciiLetterOrDigit(text[index]);

    /// <summary>Lower-cases and drops whitespace; <paramref name="origin"/> maps each kept char to its source index.</summary>
    private static string Normalise(string text, out int[] origin)
    {
        var chars = new char[text.Length];
        origin = new int[text.Length];
        int count = 0;
        for (int i = 0; i < text.Length; i++)
        {
            if (!char.IsWhiteSpace(text[i]))
            {
                chars[count] = char.ToLowerInvariant(text[i]);
                origin[count++] = i;
            }
        }

        return new string(chars, 0, count);
    }
}
