using System.Globalization;
using System.Text;

namespace Steward.Observability;

/// <summary>Histogram: per series, a count per bucket (upper-inclusive bounds plus +Inf) and the sum.</summary>
internal sealed class HistogramFamily : MetricFamily
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
