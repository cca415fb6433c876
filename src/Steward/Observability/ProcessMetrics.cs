using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Steward.Observability;

/// <summary>
/// Process and runtime gauges/counters in Prometheus naming, on the meter <see cref="MeterName"/>
/// created through the given <see cref="IMeterFactory"/>. Every instrument is observable, so nothing
/// is measured until a listener (e.g. <see cref="PrometheusExporter"/>) scrapes.
/// </summary>
public sealed class ProcessMetrics
{
    /// <summary>Name of the meter holding the instruments.</summary>
    public const string MeterName = "Steward.Process";

    // The three observable callbacks that read the Process object run back to back in one scrape:
    // refresh it at most once per this interval.
    private static readonly TimeSpan RefreshInterval = TimeSpan.FromMilliseconds(250);

    private static readonly KeyValuePair<string, object?>[] Gen0 = [new("generation", "0")];
    private static readonly KeyValuePair<string, object?>[] Gen1 = [new("generation", "1")];
    private static readonly KeyValuePair<string, object?>[] Gen2 = [new("generation", "2")];

    private readonly Lock _processLock = new();
    private readonly Process _process;
    private long _lastRefresh;

    /// <summary>Creates the meter and registers the observable instruments.</summary>
    public ProcessMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _process = Process.GetCurrentProcess();
        double startTimeSeconds = new DateTimeOffset(_process.StartTime.ToUniversalTime()).ToUnixTimeMilliseconds() / 1000.0;

        Meter = meterFactory.Create(MeterName);

        Meter.CreateObservableCounter(
            "process_cpu_seconds_total",
            static () => Environment.CpuUsage.TotalTime.TotalSeconds,
            unit: "s",
            description: "Total user and system CPU time spent in seconds.");
        Meter.CreateObservableGauge(
            "process_resident_memory_bytes",
            () => ReadProcess(static p => p.WorkingSet64),
            unit: "By",
            description: "Resident memory size in bytes.");
        Meter.CreateObservableGauge(
            "process_virtual_memory_bytes",
            () => ReadProcess(static p => p.VirtualMemorySize64),
            unit: "By",
            description: "Virtual memory size in bytes.");
        Meter.CreateObservableGauge(
            "process_start_time_seconds",
            () => startTimeSeconds,
            unit: "s",
            description: "Start time of the process since unix epoch in seconds.");
        Meter.CreateObservableGauge(
            "process_threads",
            () => ReadProcess(static p => (long)p.Threads.Count),
            description: "Number of OS threads in the process.");
        if (OperatingSystem.IsLinux() && Directory.Exists("/proc/self/fd"))
        {
            Meter.CreateObservableGauge(
                "process_open_fds",
                CountOpenFileDescriptors,
                description: "Number of open file descriptors.");
        }

        Meter.CreateObservableCounter(
            "dotnet_gc_collections_total",
            static () => new Measurement<long>[]
            {
                new(GC.CollectionCount(0), Gen0),
                new(GC.CollectionCount(1), Gen1),
                new(GC.CollectionCount(2), Gen2),
            },
            description: "Number of garbage collections of each generation (a collection of generation N also counts for every lower generation).");
        Meter.CreateObservableGauge(
            "dotnet_gc_heap_size_bytes",
            static () => GC.GetTotalMemory(forceFullCollection: false),
            unit: "By",
            description: "Bytes currently thought to be allocated on the managed heap (GC.GetTotalMemory).");
        Meter.CreateObservableCounter(
            "dotnet_gc_allocated_bytes_total",
            static () => GC.GetTotalAllocatedBytes(precise: false),
            unit: "By",
            description: "Total bytes allocated on the managed heap since the process started.");
        Meter.CreateObservableGauge(
            "dotnet_threadpool_threads",
            static () => ThreadPool.ThreadCount,
            description: "Number of thread pool threads.");
        Meter.CreateObservableGauge(
            "dotnet_threadpool_queue_length",
            static () => ThreadPool.PendingWorkItemCount,
            description: "Number of work items queued to the thread pool and not yet processed.");
    }

    /// <summary>The meter the instruments belong to (owned by the factory).</summary>
    public Meter Meter { get; }

    private long ReadProcess(Func<Process, long> read)
    {
        lock (_processLock)
        {
            long now = Stopwatch.GetTimestamp();
            if (Stopwatch.GetElapsedTime(_lastRefresh, now) >= RefreshInterval)
            {
                _process.Refresh();
                _lastRefresh = now;
            }

            return read(_process);
        }
    }

    private static long CountOpenFileDescriptors()
    {
        long count = 0;
        foreach (string _ in Directory.EnumerateFileSystemEntries("/proc/self/fd"))
        {
            count++;
        }

        return count;
    }
}
