using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Steward.Observability;
using Xunit.Abstractions;

namespace Steward.Tests.Observability;

public sealed class PrometheusExporterTests(ITestOutputHelper output)
{
    private static KeyValuePair<string, object?> Tag(string name, object? value) => new(name, value);

    private static string Lines(params string[] lines) => string.Concat(lines.Select(l => l + "\n"));

    /// <summary>A private IMeterFactory (as one app instance has), the "Steward.Test" meter and an exporter.</summary>
    private sealed class Setup : IDisposable
    {
        public Setup(bool exporterFirst = true)
        {
            Services = new ServiceCollection().AddMetrics().BuildServiceProvider();
            Factory = Services.GetRequiredService<IMeterFactory>();
            if (exporterFirst)
            {
                Exporter = new PrometheusExporter(Factory);
            }

            Meter = Factory.Create("Steward.Test");
        }

        public ServiceProvider Services { get; }

        public IMeterFactory Factory { get; }

        public Meter Meter { get; }

        public PrometheusExporter? Exporter { get; private set; }

        public PrometheusExporter StartExporter() => Exporter ??= new PrometheusExporter(Factory);

        public string Render() => StartExporter().Render();

        public void Dispose()
        {
            Exporter?.Dispose();
            Services.Dispose();
        }
    }

    [Fact]
    public void Counter_sums_per_tag_set_regardless_of_tag_order_and_value_type()
    {
        using var s = new Setup();
        Counter<long> requests = s.Meter.CreateCounter<long>("steward_http_requests", description: "Handled requests.");

        requests.Add(1, Tag("method", "GET"), Tag("code", 200));
        requests.Add(2, Tag("code", 200), Tag("method", "GET"));
        requests.Add(1, Tag("method", "GET"), Tag("code", "200"));
        requests.Add(5, Tag("method", "POST"), Tag("code", 500));
        requests.Add(-3, Tag("method", "POST"), Tag("code", 500)); // counters never decrease: ignored
        requests.Add(7);

        Assert.Equal(
            Lines(
                "# HELP steward_http_requests_total Handled requests.",
                "# TYPE steward_http_requests_total counter",
                "steward_http_requests_total 7",
                "steward_http_requests_total{code=\"200\",method=\"GET\"} 4",
                "steward_http_requests_total{code=\"500\",method=\"POST\"} 5"),
            s.Render());
    }

    [Fact]
    public void Families_are_sorted_named_and_typed()
    {
        using var s = new Setup();
        Gauge<double> temperature = s.Meter.CreateGauge<double>("steward_temperature", unit: "Cel", description: "Temperature.");
        Counter<int> jobs = s.Meter.CreateCounter<int>("steward_jobs_total", description: "Jobs run.");
        UpDownCounter<long> connections = s.Meter.CreateUpDownCounter<long>("steward_connections", description: "Open connections.");
        Counter<double> hits = s.Meter.CreateCounter<double>("steward.cache.hits"); // no description: HELP is the name
        Counter<long> lives = s.Meter.CreateCounter<long>("9lives", description: "Leading digit.");

        temperature.Record(21.5);
        temperature.Record(19.25); // last value wins
        jobs.Add(3);
        connections.Add(5);
        connections.Add(-2);
        hits.Add(0.5);
        hits.Add(0.25);
        lives.Add(9);

        Assert.Equal(
            Lines(
                "# HELP _9lives_total Leading digit.",
                "# TYPE _9lives_total counter",
                "_9lives_total 9",
                "# HELP steward_cache_hits_total steward.cache.hits",
                "# TYPE steward_cache_hits_total counter",
                "steward_cache_hits_total 0.75",
                "# HELP steward_connections Open connections.",
                "# TYPE steward_connections gauge",
                "steward_connections 3",
                "# HELP steward_jobs_total Jobs run.",
                "# TYPE steward_jobs_total counter",
                "steward_jobs_total 3",
                "# HELP steward_temperature Temperature.",
                "# TYPE steward_temperature gauge",
                "steward_temperature 19.25"),
            s.Render());
    }

    [Fact]
    public void Instruments_never_recorded_are_left_out()
    {
        using var s = new Setup();
        s.Meter.CreateCounter<long>("steward_idle");
        s.Meter.CreateHistogram<double>("steward_idle_seconds");

        Assert.Equal(string.Empty, s.Render());
    }

    [Fact]
    public void Histogram_with_default_buckets_is_cumulative_with_sum_and_count()
    {
        // Instruments created before the exporter starts are exported too.
        using var s = new Setup(exporterFirst: false);
        Histogram<double> duration = s.Meter.CreateHistogram<double>(
            "http_request_duration_seconds", unit: "s", description: "Request duration.");
        s.StartExporter();

        duration.Record(0.00390625, Tag("route", "/a"));
        duration.Record(0.5, Tag("route", "/a")); // upper bounds are inclusive
        duration.Record(0.75, Tag("route", "/a"));
        duration.Record(20, Tag("route", "/a"));
        duration.Record(double.NaN, Tag("route", "/a")); // ignored
        duration.Record(1, Tag("route", "/b"), Tag("le", "x")); // a user "le" tag cannot clash with the bucket label

        Assert.Equal(
            Lines(
                "# HELP http_request_duration_seconds Request duration.",
                "# TYPE http_request_duration_seconds histogram",
                "http_request_duration_seconds_bucket{_le=\"x\",route=\"/b\",le=\"0.005\"} 0",
                "http_request_duration_seconds_bucket{_le=\"x\",route=\"/b\",le=\"0.01\"} 0",
                "http_request_duration_seconds_bucket{_le=\"x\",route=\"/b\",le=\"0.025\"} 0",
                "http_request_duration_seconds_bucket{_le=\"x\",route=\"/b\",le=\"0.05\"} 0",
                "http_request_duration_seconds_bucket{_le=\"x\",route=\"/b\",le=\"0.1\"} 0",
                "http_request_duration_seconds_bucket{_le=\"x\",route=\"/b\",le=\"0.25\"} 0",
                "http_request_duration_seconds_bucket{_le=\"x\",route=\"/b\",le=\"0.5\"} 0",
                "http_request_duration_seconds_bucket{_le=\"x\",route=\"/b\",le=\"1\"} 1",
                "http_request_duration_seconds_bucket{_le=\"x\",route=\"/b\",le=\"2.5\"} 1",
                "http_request_duration_seconds_bucket{_le=\"x\",route=\"/b\",le=\"5\"} 1",
                "http_request_duration_seconds_bucket{_le=\"x\",route=\"/b\",le=\"10\"} 1",
                "http_request_duration_seconds_bucket{_le=\"x\",route=\"/b\",le=\"+Inf\"} 1",
                "http_request_duration_seconds_sum{_le=\"x\",route=\"/b\"} 1",
                "http_request_duration_seconds_count{_le=\"x\",route=\"/b\"} 1",
                "http_request_duration_seconds_bucket{route=\"/a\",le=\"0.005\"} 1",
                "http_request_duration_seconds_bucket{route=\"/a\",le=\"0.01\"} 1",
                "http_request_duration_seconds_bucket{route=\"/a\",le=\"0.025\"} 1",
                "http_request_duration_seconds_bucket{route=\"/a\",le=\"0.05\"} 1",
                "http_request_duration_seconds_bucket{route=\"/a\",le=\"0.1\"} 1",
                "http_request_duration_seconds_bucket{route=\"/a\",le=\"0.25\"} 1",
                "http_request_duration_seconds_bucket{route=\"/a\",le=\"0.5\"} 2",
                "http_request_duration_seconds_bucket{route=\"/a\",le=\"1\"} 3",
                "http_request_duration_seconds_bucket{route=\"/a\",le=\"2.5\"} 3",
                "http_request_duration_seconds_bucket{route=\"/a\",le=\"5\"} 3",
                "http_request_duration_seconds_bucket{route=\"/a\",le=\"10\"} 3",
                "http_request_duration_seconds_bucket{route=\"/a\",le=\"+Inf\"} 4",
                "http_request_duration_seconds_sum{route=\"/a\"} 21.25390625",
                "http_request_duration_seconds_count{route=\"/a\"} 4"),
            s.Render());
    }

    [Fact]
    public void Histogram_uses_advised_bucket_boundaries()
    {
        using var s = new Setup();
        Histogram<long> size = s.Meter.CreateHistogram<long>(
            "steward_payload_bytes",
            unit: "By",
            description: "Payload size.",
            tags: null,
            advice: new InstrumentAdvice<long> { HistogramBucketBoundaries = [100, 1000] });

        size.Record(50);
        size.Record(100);
        size.Record(5000);

        Assert.Equal(
            Lines(
                "# HELP steward_payload_bytes Payload size.",
                "# TYPE steward_payload_bytes histogram",
                "steward_payload_bytes_bucket{le=\"100\"} 2",
                "steward_payload_bytes_bucket{le=\"1000\"} 2",
                "steward_payload_bytes_bucket{le=\"+Inf\"} 3",
                "steward_payload_bytes_sum 5150",
                "steward_payload_bytes_count 3"),
            s.Render());
    }

    [Fact]
    public void Labels_and_help_are_sanitized_and_escaped()
    {
        using var s = new Setup();
        Counter<long> errors = s.Meter.CreateCounter<long>(
            "steward_errors_total", description: "Line one\nC:\\path \"quoted\"");

        errors.Add(
            1,
            Tag("http.route", "a\"b\\c\nd"),
            Tag("ok", true),
            Tag("ratio", 0.5),
            Tag("gone", null),
            Tag("name", "café"));

        Assert.Equal(
            Lines(
                "# HELP steward_errors_total Line one\\nC:\\\\path \"quoted\"",
                "# TYPE steward_errors_total counter",
                "steward_errors_total{http_route=\"a\\\"b\\\\c\\nd\",name=\"café\",ok=\"true\",ratio=\"0.5\"} 1"),
            s.Render());
    }

    [Fact]
    public void Special_values_and_culture_invariant_numbers()
    {
        using var s = new Setup();
        Gauge<double> value = s.Meter.CreateGauge<double>("steward_value", description: "Value.");
        value.Record(double.NaN, Tag("k", "nan"));
        value.Record(double.PositiveInfinity, Tag("k", "pinf"));
        value.Record(double.NegativeInfinity, Tag("k", "ninf"));
        value.Record(1234.5, Tag("k", "plain"));
        value.Record(1e21, Tag("k", "big"));

        CultureInfo previous = CultureInfo.CurrentCulture;
        string text;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
            text = s.Render();
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }

        Assert.Equal(
            Lines(
                "# HELP steward_value Value.",
                "# TYPE steward_value gauge",
                "steward_value{k=\"big\"} 1E+21",
                "steward_value{k=\"nan\"} NaN",
                "steward_value{k=\"ninf\"} -Inf",
                "steward_value{k=\"pinf\"} +Inf",
                "steward_value{k=\"plain\"} 1234.5"),
            text);
    }

    [Fact]
    public void Observable_instruments_are_observed_at_each_scrape()
    {
        using var s = new Setup();
        long completed = 10;
        var queues = new Dictionary<string, double> { ["b"] = 2.5, ["a"] = 1 };
        int active = 4;
        s.Meter.CreateObservableCounter("steward_completed", () => completed, description: "Completed.");
        s.Meter.CreateObservableGauge(
            "steward_queue_depth",
            () => queues.Select(q => new Measurement<double>(q.Value, Tag("queue", q.Key))).ToArray(),
            description: "Queue depth.");
        s.Meter.CreateObservableUpDownCounter("steward_active", () => active, description: "Active.");
        s.Meter.CreateObservableGauge<int>("steward_broken", (Func<int>)(() => throw new InvalidOperationException("boom")), description: "Broken.");

        Assert.Equal(
            Lines(
                "# HELP steward_active Active.",
                "# TYPE steward_active gauge",
                "steward_active 4",
                "# HELP steward_completed_total Completed.",
                "# TYPE steward_completed_total counter",
                "steward_completed_total 10",
                "# HELP steward_queue_depth Queue depth.",
                "# TYPE steward_queue_depth gauge",
                "steward_queue_depth{queue=\"a\"} 1",
                "steward_queue_depth{queue=\"b\"} 2.5"),
            s.Render());

        completed = 15;
        active = 3;
        queues.Remove("a"); // a series no longer reported disappears

        Assert.Equal(
            Lines(
                "# HELP steward_active Active.",
                "# TYPE steward_active gauge",
                "steward_active 3",
                "# HELP steward_completed_total Completed.",
                "# TYPE steward_completed_total counter",
                "steward_completed_total 15",
                "# HELP steward_queue_depth Queue depth.",
                "# TYPE steward_queue_depth gauge",
                "steward_queue_depth{queue=\"b\"} 2.5"),
            s.Render());
    }

    [Fact]
    public void Only_Steward_meters_of_the_same_factory_are_exported()
    {
        using var s = new Setup();
        using var otherServices = new ServiceCollection().AddMetrics().BuildServiceProvider();
        using var otherExporter = new PrometheusExporter(otherServices.GetRequiredService<IMeterFactory>());
        Meter otherFactoryMeter = otherServices.GetRequiredService<IMeterFactory>().Create("Steward.Test");
        Meter notSteward = s.Factory.Create("Other.Library");
        using var unscoped = new Meter("Steward.Unscoped");

        otherFactoryMeter.CreateCounter<long>("from_other_factory").Add(1);
        notSteward.CreateCounter<long>("from_other_library").Add(1);
        unscoped.CreateCounter<long>("from_unscoped_meter").Add(1);
        s.Meter.CreateCounter<long>("mine", description: "Mine.").Add(1);

        Assert.Equal(
            Lines(
                "# HELP mine_total Mine.",
                "# TYPE mine_total counter",
                "mine_total 1"),
            s.Render());

        // The other factory's own exporter sees its meter only.
        Assert.Equal(
            Lines(
                "# HELP from_other_factory_total from_other_factory",
                "# TYPE from_other_factory_total counter",
                "from_other_factory_total 1"),
            otherExporter.Render());
    }

    [Fact]
    public void Instruments_with_the_same_exported_name_keep_the_first_one()
    {
        using var s = new Setup();
        Counter<long> first = s.Meter.CreateCounter<long>("steward_clash", description: "First.");
        Counter<long> second = s.Meter.CreateCounter<long>("steward_clash_total", description: "Second.");
        first.Add(1);
        second.Add(100);

        Assert.Equal(
            Lines(
                "# HELP steward_clash_total First.",
                "# TYPE steward_clash_total counter",
                "steward_clash_total 1"),
            s.Render());
    }

    [Fact]
    public async Task Concurrent_increments_are_all_counted()
    {
        using var s = new Setup();
        Counter<long> counter = s.Meter.CreateCounter<long>("steward_concurrent", description: "Concurrent.");
        Counter<double> doubles = s.Meter.CreateCounter<double>("steward_concurrent_double", description: "Concurrent double.");
        Histogram<double> histogram = s.Meter.CreateHistogram<double>("steward_concurrent_seconds", description: "Concurrent histogram.");
        const int threads = 8;
        const int perThread = 10_000;
        using var start = new Barrier(threads + 1);

        Task[] workers = Enumerable.Range(0, threads).Select(t => Task.Factory.StartNew(
            () =>
            {
                start.SignalAndWait();
                for (int i = 0; i < perThread; i++)
                {
                    // Half the threads pass the tags in the other order: same series.
                    if (t % 2 == 0)
                    {
                        counter.Add(1, Tag("kind", "a"), Tag("shard", i % 4));
                    }
                    else
                    {
                        counter.Add(1, Tag("shard", i % 4), Tag("kind", "a"));
                    }

                    doubles.Add(0.5);
                    histogram.Record(0.5, Tag("kind", "a"));
                }
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default)).ToArray();

        start.SignalAndWait();
        int scrapes = 0;
        while (!workers.All(w => w.IsCompleted))
        {
            _ = s.Render(); // scraping while recording is safe
            scrapes++;
        }

        output.WriteLine($"{scrapes} scrapes while recording");

        await Task.WhenAll(workers);
        string text = s.Render();

        const int total = threads * perThread;
        for (int shard = 0; shard < 4; shard++)
        {
            Assert.Contains($"steward_concurrent_total{{kind=\"a\",shard=\"{shard}\"}} {total / 4}\n", text, StringComparison.Ordinal);
        }

        Assert.Contains($"steward_concurrent_double_total {total / 2}\n", text, StringComparison.Ordinal);
        Assert.Contains($"steward_concurrent_seconds_bucket{{kind=\"a\",le=\"+Inf\"}} {total}\n", text, StringComparison.Ordinal);
        Assert.Contains($"steward_concurrent_seconds_count{{kind=\"a\"}} {total}\n", text, StringComparison.Ordinal);
        Assert.Contains($"steward_concurrent_seconds_sum{{kind=\"a\"}} {total / 2}\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Recording_a_known_tag_set_does_not_allocate()
    {
        using var s = new Setup();
        Counter<long> counter = s.Meter.CreateCounter<long>("steward_no_alloc", description: "No allocation.");
        Histogram<double> histogram = s.Meter.CreateHistogram<double>("steward_no_alloc_seconds", description: "No allocation.");
        object code = 200; // boxed once, as a cached tag value would be
        void RecordBoth()
        {
            counter.Add(1, Tag("method", "GET"), Tag("code", code));
            histogram.Record(0.1, Tag("method", "GET"), Tag("code", code));
        }

        RecordBoth(); // first use of the tag set: creates the series
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10_000; i++)
        {
            RecordBoth();
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        output.WriteLine($"{allocated} bytes allocated by 20,000 measurements");
        Assert.Equal(0, allocated);
        Assert.Contains("steward_no_alloc_total{code=\"200\",method=\"GET\"} 10001\n", s.Render(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WriteAsync_writes_the_rendered_text()
    {
        using var s = new Setup();
        s.Meter.CreateCounter<long>("steward_written", description: "Written.").Add(2);
        using var writer = new StringWriter(CultureInfo.InvariantCulture);

        await s.StartExporter().WriteAsync(writer);

        Assert.Equal(s.Render(), writer.ToString());
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", PrometheusExporter.ContentType);
    }

    [Fact]
    public void Disposed_meters_and_exporter_stop_exporting()
    {
        var s = new Setup();
        s.Meter.CreateCounter<long>("steward_short_lived", description: "Short-lived.").Add(1);
        Assert.NotEqual(string.Empty, s.Render());

        s.Services.Dispose(); // disposes the factory and its meters
        Assert.Equal(string.Empty, s.Exporter!.Render());

        s.Exporter.Dispose();
        Assert.Throws<ObjectDisposedException>(() => s.Exporter.Render());
        s.Dispose(); // idempotent
    }

    [Fact]
    public void ProcessMetrics_reports_process_and_runtime_values()
    {
        using var s = new Setup();
        _ = new ProcessMetrics(s.Factory);
        GC.Collect();

        string text = s.Render();
        output.WriteLine(text);

        Assert.True(Value(text, "process_cpu_seconds_total") > 0);
        Assert.True(Value(text, "process_resident_memory_bytes") > 1024 * 1024);
        Assert.True(Value(text, "process_virtual_memory_bytes") > 0);
        Assert.True(Value(text, "process_threads") >= 1);
        double startTime = Value(text, "process_start_time_seconds");
        double now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0;
        Assert.InRange(startTime, now - 86_400, now + 1);
        Assert.True(Value(text, "dotnet_gc_collections_total{generation=\"0\"}") >= 1);
        Assert.True(Value(text, "dotnet_gc_collections_total{generation=\"1\"}") >= 1);
        Assert.True(Value(text, "dotnet_gc_collections_total{generation=\"2\"}") >= 1);
        Assert.True(Value(text, "dotnet_gc_heap_size_bytes") > 0);
        Assert.True(Value(text, "dotnet_gc_allocated_bytes_total") > 0);
        Assert.True(Value(text, "dotnet_threadpool_threads") >= 0);
        Assert.True(Value(text, "dotnet_threadpool_queue_length") >= 0);
        Assert.Contains("# TYPE process_cpu_seconds_total counter\n", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE process_resident_memory_bytes gauge\n", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE dotnet_gc_collections_total counter\n", text, StringComparison.Ordinal);
        if (OperatingSystem.IsLinux())
        {
            Assert.True(Value(text, "process_open_fds") >= 3);
        }
    }

    [Fact]
    public async Task Promtool_accepts_the_exposition()
    {
        string? promtool = FindOnPath("promtool");
        if (promtool is null)
        {
            output.WriteLine("NOT RUN: promtool was not found on PATH, so `promtool check metrics` was not run (install it with `apt-get install prometheus`).");
            return;
        }

        // The checker must really be run: it rejects a counter without the _total suffix.
        (int badExit, string badOutput) = await PromtoolCheckMetrics(promtool, Lines("# HELP bad a counter", "# TYPE bad counter", "bad 1"));
        output.WriteLine($"promtool on a bad exposition: exit {badExit}: {badOutput}");
        Assert.NotEqual(0, badExit);

        using var s = new Setup();
        _ = new ProcessMetrics(s.Factory);
        Counter<long> requests = s.Meter.CreateCounter<long>("steward_http_requests", description: "Handled requests.");
        requests.Add(3, Tag("method", "GET"), Tag("http.route", "/a\"b\\c\nd"), Tag("name", "café"));
        requests.Add(1);
        s.Meter.CreateCounter<double>("steward.cache.hits").Add(0.5);
        s.Meter.CreateUpDownCounter<int>("steward_connections", description: "Open connections.").Add(-1);
        s.Meter.CreateGauge<double>("steward_value", description: "Line one\nC:\\path").Record(double.NaN, Tag("k", "nan"));
        s.Meter.CreateGauge<double>("steward_value", description: "Line one\nC:\\path").Record(double.PositiveInfinity, Tag("k", "inf"));
        Histogram<double> duration = s.Meter.CreateHistogram<double>("http_request_duration_seconds", unit: "s", description: "Request duration.");
        duration.Record(0.2, Tag("route", "/a"), Tag("le", "user"));
        duration.Record(42);
        s.Meter.CreateHistogram<long>(
            "steward_payload_bytes",
            unit: "By",
            description: "Payload size.",
            tags: null,
            advice: new InstrumentAdvice<long> { HistogramBucketBoundaries = [100, 1000] }).Record(5);
        s.Meter.CreateObservableCounter("steward_completed", () => 5L, description: "Completed.");
        s.Meter.CreateObservableGauge("steward_queue_depth", () => new Measurement<double>(2, Tag("queue", "q")), description: "Queue depth.");

        string text = s.Render();
        (int exitCode, string promtoolOutput) = await PromtoolCheckMetrics(promtool, text);
        output.WriteLine($"promtool check metrics: exit {exitCode}: {promtoolOutput}");
        output.WriteLine(text);

        Assert.True(exitCode == 0 && promtoolOutput.Length == 0, $"promtool exit {exitCode}:\n{promtoolOutput}\n--- exposition ---\n{text}");
        Assert.Contains("process_cpu_seconds_total ", text, StringComparison.Ordinal);
        Assert.Contains("steward_http_requests_total{", text, StringComparison.Ordinal);
    }

    private static double Value(string text, string series)
    {
        string prefix = series + " ";
        string? line = text.Split('\n').SingleOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal));
        Assert.True(line is not null, $"no sample {series} in:\n{text}");
        return double.Parse(line[prefix.Length..], NumberStyles.Float, CultureInfo.InvariantCulture);
    }

    private static string? FindOnPath(string program)
    {
        string[] directories = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        return directories.Select(d => Path.Combine(d, program)).FirstOrDefault(File.Exists);
    }

    private static async Task<(int ExitCode, string Output)> PromtoolCheckMetrics(string promtool, string text)
    {
        var startInfo = new ProcessStartInfo(promtool)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardInputEncoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
        };
        startInfo.ArgumentList.Add("check");
        startInfo.ArgumentList.Add("metrics");

        using Process process = Process.Start(startInfo) ?? throw new InvalidOperationException("promtool did not start");
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteAsync(text);
        process.StandardInput.Close();

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, (await stdout + await stderr).Trim());
    }
}
