namespace Steward.Observability;

/// <summary>The durations of the last 1,024 requests, for <c>/health/detailed</c>. Lock-free; a torn read only blurs a percentile.</summary>
public sealed class RecentRequests
{
    private const int Capacity = 1024;
    private readonly double[] _milliseconds = new double[Capacity];
    private long _count;

    public void Record(double milliseconds)
    {
        var slot = Interlocked.Increment(ref _count) - 1;
        _milliseconds[slot % Capacity] = milliseconds;
    }

    public (int Count, double P50, double P95, double P99) Percentiles()
    {
        var count = (int)Math.Min(Interlocked.Read(ref _count), Capacity);
        if (count == 0)
        {
            return (0, 0, 0, 0);
        }

        var sorted = _milliseconds.AsSpan(0, count).ToArray();
        Array.Sort(sorted);
        return (count, At(sorted, 0.50), At(sorted, 0.95), At(sorted, 0.99));
    }

    private static double At(double[] sorted, double quantile) =>
        sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(quantile * sorted.Length) - 1)];
}
