using System.Collections.Concurrent;

namespace Steward.Observability;

/// <summary>
/// Maps a tag span to its series cell. The fast path is a lock-free lookup with the span itself as
/// the key (no allocation). A miss formats the canonical label string (sanitized, deduplicated,
/// sorted by name): tag spans that differ only in order or in value type ("1" vs 1) share a cell.
/// </summary>
internal sealed class SeriesMap<TCell>
    where TCell : class
{
    // Bounds the memory of distinct raw tag spans (orderings, value objects without value equality);
    // past it a new span still finds its cell, through the slower label-string lookup.
    private const int MaxTagKeys = 4096;

    private readonly ConcurrentDictionary<TagKey, TCell> _byTags = new(TagKeyComparer.Instance);
    private readonly ConcurrentDictionary<TagKey, TCell>.AlternateLookup<ReadOnlySpan<KeyValuePair<string, object?>>> _lookup;
    private readonly ConcurrentDictionary<string, TCell> _byLabels = new(StringComparer.Ordinal);
    private readonly Func<string, TCell> _create;
    private readonly bool _reserveLe;
    private int _tagKeyCount;

    public SeriesMap(Func<string, TCell> create, bool reserveLe)
    {
        _create = create;
        _reserveLe = reserveLe;
        _lookup = _byTags.GetAlternateLookup<ReadOnlySpan<KeyValuePair<string, object?>>>();
    }

    public bool IsEmpty => _byLabels.IsEmpty;

    public TCell Get(ReadOnlySpan<KeyValuePair<string, object?>> tags) =>
        _lookup.TryGetValue(tags, out TCell? cell) ? cell : GetSlow(tags);

    private TCell GetSlow(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        TCell cell = _byLabels.GetOrAdd(Exposition.FormatLabels(tags, _reserveLe), _create);
        if (Volatile.Read(ref _tagKeyCount) < MaxTagKeys && _lookup.TryAdd(tags, cell))
        {
            Interlocked.Increment(ref _tagKeyCount);
        }

        return cell;
    }

    public List<KeyValuePair<string, TCell>> Sorted()
    {
        var list = new List<KeyValuePair<string, TCell>>();
        foreach (KeyValuePair<string, TCell> entry in _byLabels)
        {
            list.Add(entry);
        }

        list.Sort(static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        return list;
    }
}

/// <summary>An owned copy of a tag span, in the order it was recorded, with its hash.</summary>
internal sealed class TagKey(KeyValuePair<string, object?>[] tags, int hash)
{
    public KeyValuePair<string, object?>[] Tags { get; } = tags;

    public int Hash { get; } = hash;
}

/// <summary>Positional equality: tag names ordinal, values by <see cref="object.Equals(object, object)"/>.</summary>
internal sealed class TagKeyComparer :
    IEqualityComparer<TagKey>,
    IAlternateEqualityComparer<ReadOnlySpan<KeyValuePair<string, object?>>, TagKey>
{
    public static readonly TagKeyComparer Instance = new();

    public bool Equals(TagKey? x, TagKey? y) =>
        ReferenceEquals(x, y) || (x is not null && y is not null && x.Hash == y.Hash && SpanEquals(x.Tags, y.Tags));

    public int GetHashCode(TagKey obj) => obj.Hash;

    public bool Equals(ReadOnlySpan<KeyValuePair<string, object?>> alternate, TagKey other) => SpanEquals(alternate, other.Tags);

    public int GetHashCode(ReadOnlySpan<KeyValuePair<string, object?>> alternate) => Hash(alternate);

    public TagKey Create(ReadOnlySpan<KeyValuePair<string, object?>> alternate) => new(alternate.ToArray(), Hash(alternate));

    private static int Hash(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var hash = new HashCode();
        foreach (KeyValuePair<string, object?> tag in tags)
        {
            hash.Add(tag.Key);
            hash.Add(tag.Value);
        }

        return hash.ToHashCode();
    }

    private static bool SpanEquals(ReadOnlySpan<KeyValuePair<string, object?>> a, ReadOnlySpan<KeyValuePair<string, object?>> b)
    {
        if (a.Length != b.Length)
        {
            return false;
        }

        for (int i = 0; i < a.Length; i++)
        {
            if (!string.Equals(a[i].Key, b[i].Key, StringComparison.Ordinal) || !Equals(a[i].Value, b[i].Value))
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary>Lock-free <c>+=</c> on a double, which <see cref="Interlocked"/> only offers for integers.</summary>
internal static class Atomic
{
    public static void Add(ref double location, double value)
    {
        double current = Volatile.Read(ref location);
        while (true)
        {
            double observed = Interlocked.CompareExchange(ref location, current + value, current);
            if (BitConverter.DoubleToInt64Bits(observed) == BitConverter.DoubleToInt64Bits(current))
            {
                return;
            }

            current = observed;
        }
    }
}
