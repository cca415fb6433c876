using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;

namespace Steward.Observability;

/// <summary>
/// Exposes the instruments of the "Steward*" meters created through one <see cref="IMeterFactory"/>
/// in the Prometheus text exposition format 0.0.4.
/// </summary>
/// <remarks>
/// <para>
/// Only instruments whose <see cref="Meter.Scope"/> is the factory passed to the constructor and whose
/// meter name starts with <see cref="MeterNamePrefix"/> (ordinal) are exported, so two application
/// instances in one process (e.g. two test hosts) never see each other's metrics.
/// </para>
/// <para>
/// Hot path: a measurement of a synchronous instrument costs one lock-free
/// <see cref="ConcurrentDictionary{TKey,TValue}"/> lookup keyed directly by the tag span (through an
/// alternate-key comparer, so no key is allocated once the tag set has been seen) and one
/// <see cref="Interlocked"/> operation. Observable instruments are observed only at scrape time.
/// </para>
/// </remarks>
public sealed class PrometheusExporter : IDisposable
{
    /// <summary>The Content-Type of the text this exporter writes.</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    /// <summary>Only meters whose name starts with this (ordinal) are exported.</summary>
    public const string MeterNamePrefix = "Steward";

    private readonly IMeterFactory _meterFactory;
    private readonly MeterListener _listener;

    // Lock order (never reversed): _scrapeLock -> (MeterListener internals) -> _registryLock.
    private readonly Lock _scrapeLock = new();
    private readonly Lock _registryLock = new();
    private readonly Dictionary<string, MetricFamily> _families = new(StringComparer.Ordinal);
    private volatile bool _disposed;

    /// <summary>Starts listening to the "Steward*" meters created through <paramref name="meterFactory"/>.</summary>
    public PrometheusExporter(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _meterFactory = meterFactory;
        _listener = new MeterListener
        {
            InstrumentPublished = OnInstrumentPublished,
            MeasurementsCompleted = OnMeasurementsCompleted,
        };
        _listener.SetMeasurementEventCallback<byte>(static (_, value, tags, state) => (state as MetricFamily)?.Record((long)value, tags));
        _listener.SetMeasurementEventCallback<short>(static (_, value, tags, state) => (state as MetricFamily)?.Record((long)value, tags));
        _listener.SetMeasurementEventCallback<int>(static (_, value, tags, state) => (state as MetricFamily)?.Record((long)value, tags));
        _listener.SetMeasurementEventCallback<long>(static (_, value, tags, state) => (state as MetricFamily)?.Record(value, tags));
        _listener.SetMeasurementEventCallback<float>(static (_, value, tags, state) => (state as MetricFamily)?.Record((double)value, tags));
        _listener.SetMeasurementEventCallback<double>(static (_, value, tags, state) => (state as MetricFamily)?.Record(value, tags));
        _listener.SetMeasurementEventCallback<decimal>(static (_, value, tags, state) => (state as MetricFamily)?.Record((double)value, tags));
        // Publishes the instruments that already exist, then every new one.
        _listener.Start();
    }

    /// <summary>
    /// Observes the observable instruments and renders every exported metric family, sorted by name.
    /// Safe to call concurrently (scrapes are serialized).
    /// </summary>
    public string Render()
    {
        lock (_scrapeLock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);

            MetricFamily[] families;
            lock (_registryLock)
            {
                families = new MetricFamily[_families.Count];
                _families.Values.CopyTo(families, 0);
            }

            foreach (MetricFamily family in families)
            {
                family.BeginObservation();
            }

            try
            {
                _listener.RecordObservableInstruments();
            }
            catch (AggregateException)
            {
                // An observable callback threw. The listener still observed all the other instruments;
                // the failing ones have no samples this scrape and are left out of the output.
            }

            Array.Sort(families, static (a, b) => string.CompareOrdinal(a.Name, b.Name));
            var sb = new StringBuilder(4096);
            foreach (MetricFamily family in families)
            {
                family.Write(sb);
            }

            return sb.ToString();
        }
    }

    /// <summary>Writes <see cref="Render"/>'s text to <paramref name="writer"/> (which is not flushed).</summary>
    public async Task WriteAsync(TextWriter writer, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ct.ThrowIfCancellationRequested();
        string text = Render();
        await writer.WriteAsync(text.AsMemory(), ct).ConfigureAwait(false);
    }

    /// <summary>Stops listening. <see cref="Render"/> throws <see cref="ObjectDisposedException"/> afterwards.</summary>
    public void Dispose()
    {
        lock (_scrapeLock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _listener.Dispose(); // raises MeasurementsCompleted for every enabled instrument
            lock (_registryLock)
            {
                _families.Clear();
            }
        }
    }

    private void OnInstrumentPublished(Instrument instrument, MeterListener listener)
    {
        if (!ReferenceEquals(instrument.Meter.Scope, _meterFactory)
            || !instrument.Meter.Name.StartsWith(MeterNamePrefix, StringComparison.Ordinal))
        {
            return;
        }

        MetricFamily? family = MetricFamily.TryCreate(instrument);
        if (family is null)
        {
            return; // unsupported instrument or value type
        }

        lock (_registryLock)
        {
            // Two instruments that map to the same Prometheus name would produce an invalid exposition:
            // the first one published wins, the other is not exported.
            if (_disposed || !_families.TryAdd(family.Name, family))
            {
                return;
            }
        }

        listener.EnableMeasurementEvents(instrument, family);
    }

    private void OnMeasurementsCompleted(Instrument instrument, object? state)
    {
        if (state is not MetricFamily family)
        {
            return;
        }

        lock (_registryLock)
        {
            if (_families.TryGetValue(family.Name, out MetricFamily? current) && ReferenceEquals(current, family))
            {
                _families.Remove(family.Name);
            }
        }
    }

    // ------------------------------------------------------------------------------------------------
    // Metric families
    // ------------------------------------------------------------------------------------------------

    private abstract class MetricFamily
    {
        private readonly string _help;
        private readonly string _type;

        protected MetricFamily(string name, string help, string type, bool isInteger)
        {
            Name = name;
            _help = help;
            _type = type;
            IsInteger = isInteger;
        }

        public string Name { get; }

        protected bool IsInteger { get; }

        protected abstract bool IsEmpty { get; }

        public abstract void Record(long value, ReadOnlySpan<KeyValuePair<string, object?>> tags);

        public abstract void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags);

        /// <summary>Called under the scrape lock right before observable instruments are observed.</summary>
        public virtual void BeginObservation()
        {
        }

        public void Write(StringBuilder sb)
        {
            if (IsEmpty)
            {
                return; // never recorded (or nothing observed): no samples, no family
            }

            sb.Append("# HELP ").Append(Name).Append(' ');
            Exposition.AppendEscapedHelp(sb, _help);
            sb.Append('\n');
            sb.Append("# TYPE ").Append(Name).Append(' ').Append(_type).Append('\n');
            WriteSamples(sb);
        }

        protected abstract void WriteSamples(StringBuilder sb);

        protected void AppendValue(StringBuilder sb, long longValue, double doubleValue)
        {
            if (IsInteger)
            {
                sb.Append(longValue.ToString(CultureInfo.InvariantCulture));
            }
            else
            {
                Exposition.AppendDouble(sb, doubleValue);
            }
        }

        public static MetricFamily? TryCreate(Instrument instrument)
        {
            Type type = instrument.GetType();
            if (!type.IsGenericType)
            {
                return null;
            }

            Type valueType = type.GetGenericArguments()[0];
            bool isInteger;
            if (valueType == typeof(byte) || valueType == typeof(short) || valueType == typeof(int) || valueType == typeof(long))
            {
                isInteger = true;
            }
            else if (valueType == typeof(float) || valueType == typeof(double) || valueType == typeof(decimal))
            {
                isInteger = false;
            }
            else
            {
                return null;
            }

            Type definition = type.GetGenericTypeDefinition();
            string baseName = Exposition.SanitizeName(instrument.Name);
            string help = string.IsNullOrWhiteSpace(instrument.Description) ? instrument.Name : instrument.Description;

            if (definition == typeof(Counter<>))
            {
                return new SumFamily(Exposition.CounterName(baseName), help, "counter", isInteger, monotonic: true);
            }

            if (definition == typeof(UpDownCounter<>))
            {
                return new SumFamily(baseName, help, "gauge", isInteger, monotonic: false);
            }

            if (definition == typeof(Histogram<>))
            {
                return new HistogramFamily(baseName, help, HistogramBounds(instrument));
            }

            if (definition == typeof(Gauge<>))
            {
                return new GaugeFamily(baseName, help, isInteger);
            }

            if (definition == typeof(ObservableCounter<>))
            {
                return new ObservableFamily(Exposition.CounterName(baseName), help, "counter", isInteger);
            }

            if (definition == typeof(ObservableUpDownCounter<>) || definition == typeof(ObservableGauge<>))
            {
                return new ObservableFamily(baseName, help, "gauge", isInteger);
            }

            return null;
        }

        private static double[] HistogramBounds(Instrument instrument)
        {
            IEnumerable<double>? advised = instrument switch
            {
                Instrument<double> i => i.Advice?.HistogramBucketBoundaries,
                Instrument<float> i => i.Advice?.HistogramBucketBoundaries?.Select(static b => (double)b),
                Instrument<long> i => i.Advice?.HistogramBucketBoundaries?.Select(static b => (double)b),
                Instrument<int> i => i.Advice?.HistogramBucketBoundaries?.Select(static b => (double)b),
                Instrument<short> i => i.Advice?.HistogramBucketBoundaries?.Select(static b => (double)b),
                Instrument<byte> i => i.Advice?.HistogramBucketBoundaries?.Select(static b => (double)b),
                Instrument<decimal> i => i.Advice?.HistogramBucketBoundaries?.Select(static b => (double)b),
                _ => null,
            };

            if (advised is null)
            {
                return [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
            }

            // +Inf is always the implicit last bucket; other non-finite bounds are meaningless.
            return advised.Where(double.IsFinite).Distinct().Order().ToArray();
        }
    }

    /// <summary>Counter (monotonic, "counter") and UpDownCounter (non-monotonic, "gauge").</summary>
    private sealed class SumFamily : MetricFamily
    {
        private readonly SeriesMap<SumCell> _series;
        private readonly bool _monotonic;

        public SumFamily(string name, string help, string type, bool isInteger, bool monotonic)
            : base(name, help, type, isInteger)
        {
            _monotonic = monotonic;
            _series = new SeriesMap<SumCell>(static _ => new SumCell(), reserveLe: false);
        }

        protected override bool IsEmpty => _series.IsEmpty;

        public override void Record(long value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            if (_monotonic && value < 0)
            {
                return; // a counter never decreases
            }

            Interlocked.Add(ref _series.Get(tags).Long, value);
        }

        public override void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            if (double.IsNaN(value) || (_monotonic && value < 0))
            {
                return;
            }

            Atomic.Add(ref _series.Get(tags).Double, value);
        }

        protected override void WriteSamples(StringBuilder sb)
        {
            foreach ((string labels, SumCell cell) in _series.Sorted())
            {
                Exposition.AppendSeriesName(sb, Name, null, labels);
                AppendValue(sb, Volatile.Read(ref cell.Long), Volatile.Read(ref cell.Double));
                sb.Append('\n');
            }
        }

        public sealed class SumCell
        {
            public long Long;
            public double Double;
        }
    }

    /// <summary>Synchronous Gauge: last recorded value per series.</summary>
    private sealed class GaugeFamily : MetricFamily
    {
        private readonly SeriesMap<GaugeCell> _series;

        public GaugeFamily(string name, string help, bool isInteger)
            : base(name, help, "gauge", isInteger)
        {
            _series = new SeriesMap<GaugeCell>(static _ => new GaugeCell(), reserveLe: false);
        }

        protected override bool IsEmpty => _series.IsEmpty;

        public override void Record(long value, ReadOnlySpan<KeyValuePair<string, object?>> tags) =>
            Volatile.Write(ref _series.Get(tags).Long, value);

        public override void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags) =>
            Volatile.Write(ref _series.Get(tags).Double, value);

        protected override void WriteSamples(StringBuilder sb)
        {
            foreach ((string labels, GaugeCell cell) in _series.Sorted())
            {
                Exposition.AppendSeriesName(sb, Name, null, labels);
                AppendValue(sb, Volatile.Read(ref cell.Long), Volatile.Read(ref cell.Double));
                sb.Append('\n');
            }
        }

        public sealed class GaugeCell
        {
            public long Long;
            public double Double;
        }
    }

    private sealed class HistogramFamily : MetricFamily
    {
        private readonly SeriesMap<HistogramCell> _series;
        private readonly double[] _bounds;
        private readonly string[] _leLabels;

        public HistogramFamily(string name, string help, double[] bounds)
            : base(name, help, "histogram", isInteger: false)
        {
            _bounds = bounds;
            _leLabels = new string[bounds.Length + 1];
            for (int i = 0; i < bounds.Length; i++)
            {
                _leLabels[i] = "le=\"" + Exposition.FormatDouble(bounds[i]) + "\"";
            }

            _leLabels[bounds.Length] = "le=\"+Inf\"";
            int bucketCount = bounds.Length + 1;
            _series = new SeriesMap<HistogramCell>(_ => new HistogramCell(bucketCount), reserveLe: true);
        }

        protected override bool IsEmpty => _series.IsEmpty;

        public override void Record(long value, ReadOnlySpan<KeyValuePair<string, object?>> tags) => Record((double)value, tags);

        public override void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            if (double.IsNaN(value))
            {
                return;
            }

            // Buckets are upper-inclusive: an exact match lands in its own bucket, anything above
            // every bound in the last (+Inf) one.
            int index = Array.BinarySearch(_bounds, value);
            if (index < 0)
            {
                index = ~index;
            }

            HistogramCell cell = _series.Get(tags);
            Interlocked.Increment(ref cell.Counts[index]);
            Atomic.Add(ref cell.Sum, value);
        }

        protected override void WriteSamples(StringBuilder sb)
        {
            int bucketCount = _bounds.Length + 1;
            foreach ((string labels, HistogramCell cell) in _series.Sorted())
            {
                // _count is the cumulative +Inf bucket, so the two always agree even while recording.
                long cumulative = 0;
                for (int i = 0; i < bucketCount; i++)
                {
                    cumulative += Volatile.Read(ref cell.Counts[i]);
                    sb.Append(Name).Append("_bucket{");
                    if (labels.Length > 0)
                    {
                        sb.Append(labels).Append(',');
                    }

                    sb.Append(_leLabels[i]).Append("} ").Append(cumulative.ToString(CultureInfo.InvariantCulture)).Append('\n');
                }

                Exposition.AppendSeriesName(sb, Name, "_sum", labels);
                Exposition.AppendDouble(sb, Volatile.Read(ref cell.Sum));
                sb.Append('\n');
                Exposition.AppendSeriesName(sb, Name, "_count", labels);
                sb.Append(cumulative.ToString(CultureInfo.InvariantCulture)).Append('\n');
            }
        }

        public sealed class HistogramCell(int bucketCount)
        {
            public readonly long[] Counts = new long[bucketCount];
            public double Sum;
        }
    }

    /// <summary>
    /// ObservableCounter / ObservableUpDownCounter / ObservableGauge. Values are reported (not added)
    /// by the callbacks, only from <see cref="MeterListener.RecordObservableInstruments"/>, which runs
    /// under the scrape lock; each scrape starts from an empty set so series that stop being
    /// reported disappear.
    /// </summary>
    private sealed class ObservableFamily(string name, string help, string type, bool isInteger)
        : MetricFamily(name, help, type, isInteger)
    {
        private readonly Dictionary<string, (long Long, double Double)> _observed = new(StringComparer.Ordinal);

        protected override bool IsEmpty => _observed.Count == 0;

        public override void BeginObservation() => _observed.Clear();

        public override void Record(long value, ReadOnlySpan<KeyValuePair<string, object?>> tags) =>
            _observed[Exposition.FormatLabels(tags, reserveLe: false)] = (value, 0);

        public override void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags) =>
            _observed[Exposition.FormatLabels(tags, reserveLe: false)] = (0, value);

        protected override void WriteSamples(StringBuilder sb)
        {
            string[] keys = [.. _observed.Keys];
            Array.Sort(keys, StringComparer.Ordinal);
            foreach (string labels in keys)
            {
                (long longValue, double doubleValue) = _observed[labels];
                Exposition.AppendSeriesName(sb, Name, null, labels);
                AppendValue(sb, longValue, doubleValue);
                sb.Append('\n');
            }
        }
    }

    // ------------------------------------------------------------------------------------------------
    // Series lookup
    // ------------------------------------------------------------------------------------------------

    /// <summary>
    /// Maps a tag span to its series cell. The fast path is a lock-free lookup with the span itself as
    /// the key (no allocation). A miss formats the canonical label string (sanitized, deduplicated,
    /// sorted by name): tag spans that differ only in order or in value type ("1" vs 1) share a cell.
    /// </summary>
    private sealed class SeriesMap<TCell>
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
    private sealed class TagKey(KeyValuePair<string, object?>[] tags, int hash)
    {
        public KeyValuePair<string, object?>[] Tags { get; } = tags;

        public int Hash { get; } = hash;
    }

    /// <summary>Positional equality: tag names ordinal, values by <see cref="object.Equals(object, object)"/>.</summary>
    private sealed class TagKeyComparer :
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

    private static class Atomic
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
}

/// <summary>Text exposition format 0.0.4 helpers: names, escaping, number formatting.</summary>
internal static class Exposition
{
    /// <summary>Replaces every character outside [a-zA-Z0-9_] with '_' and prefixes a leading digit with '_'.</summary>
    public static string SanitizeName(string name)
    {
        if (name.Length == 0)
        {
            return "_";
        }

        bool valid = !char.IsAsciiDigit(name[0]);
        foreach (char c in name)
        {
            if (!IsNameChar(c))
            {
                valid = false;
                break;
            }
        }

        if (valid)
        {
            return name;
        }

        var sb = new StringBuilder(name.Length + 1);
        if (char.IsAsciiDigit(name[0]))
        {
            sb.Append('_');
        }

        foreach (char c in name)
        {
            sb.Append(IsNameChar(c) ? c : '_');
        }

        return sb.ToString();

        static bool IsNameChar(char c) => char.IsAsciiLetter(c) || char.IsAsciiDigit(c) || c == '_';
    }

    public static string CounterName(string sanitized) =>
        sanitized.EndsWith("_total", StringComparison.Ordinal) ? sanitized : sanitized + "_total";

    /// <summary>
    /// Canonical label string <c>a="x",b="y"</c> (no braces): names sanitized, later duplicates win,
    /// null or empty values dropped (Prometheus treats an empty label as an absent one), sorted by name.
    /// </summary>
    public static string FormatLabels(ReadOnlySpan<KeyValuePair<string, object?>> tags, bool reserveLe)
    {
        if (tags.IsEmpty)
        {
            return string.Empty;
        }

        var labels = new List<(string Name, string Value)>(tags.Length);
        foreach (KeyValuePair<string, object?> tag in tags)
        {
            string name = SanitizeName(tag.Key ?? string.Empty);
            if (reserveLe && name == "le")
            {
                name = "_le"; // "le" is the histogram bucket label
            }

            int existing = labels.FindIndex(l => l.Name == name);
            if (existing >= 0)
            {
                labels.RemoveAt(existing);
            }

            string? value = FormatLabelValue(tag.Value);
            if (!string.IsNullOrEmpty(value))
            {
                labels.Add((name, value));
            }
        }

        if (labels.Count == 0)
        {
            return string.Empty;
        }

        labels.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        var sb = new StringBuilder();
        foreach ((string name, string value) in labels)
        {
            if (sb.Length > 0)
            {
                sb.Append(',');
            }

            sb.Append(name).Append("=\"");
            foreach (char c in value)
            {
                switch (c)
                {
                    case '\\': sb.Append("\\\\"); break;
                    case '"': sb.Append("\\\""); break;
                    case '\n': sb.Append("\\n"); break;
                    default: sb.Append(c); break;
                }
            }

            sb.Append('"');
        }

        return sb.ToString();
    }

    public static string? FormatLabelValue(object? value) => value switch
    {
        null => null,
        string s => s,
        bool b => b ? "true" : "false",
        double d => FormatDouble(d),
        float f => float.IsFinite(f) ? f.ToString(CultureInfo.InvariantCulture) : FormatDouble(f),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    public static void AppendEscapedHelp(StringBuilder sb, string help)
    {
        foreach (char c in help)
        {
            switch (c)
            {
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                default: sb.Append(c); break;
            }
        }
    }

    public static void AppendSeriesName(StringBuilder sb, string name, string? suffix, string labels)
    {
        sb.Append(name).Append(suffix);
        if (labels.Length > 0)
        {
            sb.Append('{').Append(labels).Append('}');
        }

        sb.Append(' ');
    }

    public static void AppendDouble(StringBuilder sb, double value) => sb.Append(FormatDouble(value));

    public static string FormatDouble(double value) =>
        double.IsNaN(value) ? "NaN"
        : double.IsPositiveInfinity(value) ? "+Inf"
        : double.IsNegativeInfinity(value) ? "-Inf"
        : value.ToString("R", CultureInfo.InvariantCulture);
}
