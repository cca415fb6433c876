using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;

namespace Steward.Observability;

/// <summary>
/// One exported instrument as a Prometheus metric family: its HELP and TYPE lines and its samples.
/// <see cref="TryCreate"/> maps an instrument to the family that aggregates it.
/// </summary>
internal abstract class MetricFamily
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

/// <summary>
/// A synchronous family that keeps one value per series (<see cref="SumFamily"/>, <see cref="GaugeFamily"/>);
/// the subclasses differ only in how a measurement updates the value.
/// </summary>
internal abstract class ValueFamily(string name, string help, string type, bool isInteger)
    : MetricFamily(name, help, type, isInteger)
{
    protected SeriesMap<ValueCell> Series { get; } = new(static _ => new ValueCell(), reserveLe: false);

    protected override bool IsEmpty => Series.IsEmpty;

    protected override void WriteSamples(StringBuilder sb)
    {
        foreach ((string labels, ValueCell cell) in Series.Sorted())
        {
            Exposition.AppendSeriesName(sb, Name, null, labels);
            AppendValue(sb, Volatile.Read(ref cell.Long), Volatile.Read(ref cell.Double));
            sb.Append('\n');
        }
    }

    public sealed class ValueCell
    {
        public long Long;
        public double Double;
    }
}

/// <summary>Counter (monotonic, "counter") and UpDownCounter (non-monotonic, "gauge").</summary>
internal sealed class SumFamily(string name, string help, string type, bool isInteger, bool monotonic)
    : ValueFamily(name, help, type, isInteger)
{
    private readonly bool _monotonic = monotonic;

    public override void Record(long value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (_monotonic && value < 0)
        {
            return; // a counter never decreases
        }

        Interlocked.Add(ref Series.Get(tags).Long, value);
    }

    public override void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (double.IsNaN(value) || (_monotonic && value < 0))
        {
            return;
        }

        Atomic.Add(ref Series.Get(tags).Double, value);
    }
}

/// <summary>Synchronous Gauge: last recorded value per series.</summary>
internal sealed class GaugeFamily(string name, string help, bool isInteger)
    : ValueFamily(name, help, "gauge", isInteger)
{
    public override void Record(long value, ReadOnlySpan<KeyValuePair<string, object?>> tags) =>
        Volatile.Write(ref Series.Get(tags).Long, value);

    public override void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags) =>
        Volatile.Write(ref Series.Get(tags).Double, value);
}

/// <summary>
/// ObservableCounter / ObservableUpDownCounter / ObservableGauge. Values are reported (not added)
/// by the callbacks, only from <see cref="MeterListener.RecordObservableInstruments"/>, which runs
/// under the scrape lock; each scrape starts from an empty set so series that stop being
/// reported disappear.
/// </summary>
internal sealed class ObservableFamily(string name, string help, string type, bool isInteger)
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
