using System.Diagnostics.Metrics;

namespace Steward.Observability;

/// <summary>Steward's own instruments, named as they appear on <c>/metrics</c>. Feature folders add theirs here.</summary>
public sealed class StewardMetrics
{
    public const string MeterName = "Steward";

    private static readonly double[] LatencyBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    // A model call takes seconds, tries and backoff included; the total budget is about 15 s.
    private static readonly double[] LlmLatencyBuckets = [0.1, 0.25, 0.5, 1, 2, 4, 8, 15, 30, 60];

    private readonly Meter _meter;

    public StewardMetrics(IMeterFactory meterFactory)
    {
        var meter = _meter = meterFactory.Create(MeterName);
        HttpRequests = meter.CreateCounter<long>("http_requests_total", description: "HTTP requests by method, route template and status code.");
        HttpRequestDuration = Seconds(meter, "http_request_duration_seconds", "HTTP request duration by method, route template and status code.", LatencyBuckets);
        Turns = meter.CreateCounter<long>("conversation_turns_total", description: "Answered turns by channel, intent and responder.");
        TurnDuration = Seconds(meter, "conversation_turn_duration_seconds", "Turn duration from message to reply by channel, intent and responder.", LatencyBuckets);
        GroundingRefusals = meter.CreateCounter<long>("grounding_refusals_total", description: "Drafts refused by the grounding check, by intent.");
        GateDecisions = meter.CreateCounter<long>("gate_decisions_total", description: "Partial-auto finalize decisions by decision and blocking reason.");
        ToolCalls = meter.CreateCounter<long>("tool_calls_total", description: "Tool calls by tool, policy decision and outcome.");
        ToolCallDuration = Seconds(meter, "tool_call_duration_seconds", "Tool call duration (policy, tool and ledger) by tool.", LatencyBuckets);
        RestockNotifications = meter.CreateCounter<long>(
            "restock_notifications_total", description: "Restock notifications by outcome: sent, or failed (the subscription waits for the next dispatch).");
        RestockStaleClaims = meter.CreateCounter<long>(
            "restock_stale_claims_total",
            description: "Restock sends interrupted between claim and completion, by resolution: completed (it had been sent) or released (sent again).");
        LlmRequests = meter.CreateCounter<long>(
            "llm_requests_total",
            description: "Requests to the AI provider by provider and outcome: ok, quota_exhausted, unavailable, rejected, cancelled, error.");
        LlmTokens = meter.CreateCounter<long>("llm_tokens_total", description: "Tokens the AI provider reported by provider and kind (input, output).");
        LlmRequestDuration = Seconds(meter, "llm_request_duration_seconds", "AI provider request duration (every try and backoff included) by provider.", LlmLatencyBuckets);
        SessionCacheLookups = meter.CreateCounter<long>(
            "session_cache_lookups_total",
            description: "Session reads by cache result: hit (the cached copy was current), stale (another instance had changed it) or miss.");
        SessionConflicts = meter.CreateCounter<long>(
            "session_conflicts_total", description: "Turns whose session another writer changed first: the session was reloaded and the turn appended to it.");
        InquirySends = meter.CreateCounter<long>(
            "inquiry_sends_total",
            description: "Claimed inquiry replies by outcome: sent, failed (the market refused), or unknown (left SENDING for reconciliation).");
        InquiryReconciliations = meter.CreateCounter<long>(
            "inquiry_reconciliations_total",
            description: "Expired SENDING inquiries by what the market said: sent (a reply exists), failed (none), or undecided (asked again later).");
        GuardianTrips = meter.CreateCounter<long>(
            "guardian_trips_total", description: "Guardian switches turned on, by rule (manual when an admin did it).");
        GuardianResets = meter.CreateCounter<long>("guardian_resets_total", description: "Guardian switches turned off by an admin, by switch.");
    }

    /// <summary>A duration histogram in seconds with explicit buckets.</summary>
    private static Histogram<double> Seconds(Meter meter, string name, string description, double[] buckets) =>
        meter.CreateHistogram<double>(name, unit: "s", description: description, tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = buckets });

    public Counter<long> HttpRequests { get; }

    public Histogram<double> HttpRequestDuration { get; }

    public Counter<long> Turns { get; }

    public Histogram<double> TurnDuration { get; }

    public Counter<long> GroundingRefusals { get; }

    public Counter<long> GateDecisions { get; }

    public Counter<long> ToolCalls { get; }

    public Histogram<double> ToolCallDuration { get; }

    public Counter<long> RestockNotifications { get; }

    public Counter<long> RestockStaleClaims { get; }

    public Counter<long> LlmRequests { get; }

    public Counter<long> LlmTokens { get; }

    public Histogram<double> LlmRequestDuration { get; }

    public Counter<long> SessionCacheLookups { get; }

    public Counter<long> SessionConflicts { get; }

    public Counter<long> InquirySends { get; }

    public Counter<long> InquiryReconciliations { get; }

    public Counter<long> GuardianTrips { get; }

    public Counter<long> GuardianResets { get; }

    /// <summary>The gauge of sessions held in this instance's cache; the session store registers it once.</summary>
    public void ObserveCachedSessions(Func<int> count) =>
        _meter.CreateObservableGauge("sessions_cached", count, description: "Conversation sessions held in this instance's memory.");
}
