using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
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
}
