using System.Data.Common;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Steward.Observability;

namespace Steward.Llm;

/// <summary>
/// Counts every request as the caller saw it (every try and backoff included): <c>llm_requests_total{provider,outcome}</c>,
/// <c>llm_tokens_total{provider,kind}</c>, <c>llm_request_duration_seconds{provider}</c>, and, when the options name an
/// org (<see cref="LlmChatOptions.ForOrg"/>), one upsert into the org's daily usage. A failed usage write is logged as an
/// error but never costs the customer the answer.
/// </summary>
internal sealed partial class UsageRecordingChatClient(
    IChatClient inner, string provider, string model, LlmUsageStore store, StewardMetrics metrics, TimeProvider time, ILogger<UsageRecordingChatClient> logger)
    : DelegatingChatClient(inner)
{
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var started = time.GetTimestamp();
        ChatResponse response;
        try
        {
            response = await base.GetResponseAsync(messages, options, cancellationToken);
        }
        catch (Exception ex)
        {
            await RecordAsync(options.OrgId(), Outcome(ex), null, null, started);
            throw;
        }

        await RecordAsync(options.OrgId(), "ok", response.ModelId, response.Usage, started);
        return response;
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var started = time.GetTimestamp();
        var outcome = "ok";
        string? modelId = null;
        UsageDetails? usage = null;
        await using var updates = base.GetStreamingResponseAsync(messages, options, cancellationToken).GetAsyncEnumerator(cancellationToken);
        try
        {
            while (true)
            {
                try
                {
                    if (!await updates.MoveNextAsync())
                    {
                        break;
                    }
                }
                catch (Exception ex)
                {
                    outcome = Outcome(ex);
                    throw;
                }

                var update = updates.Current;
                modelId ??= update.ModelId;
                foreach (var content in update.Contents.OfType<UsageContent>())
                {
                    (usage ??= new UsageDetails()).Add(content.Details);
                }

                yield return update;
            }
        }
        finally
        {
            // Also when the caller stops reading early: what the provider reported so far is what it billed.
            await RecordAsync(options.OrgId(), outcome, modelId, usage, started);
        }
    }

    private static string Outcome(Exception exception) => exception switch
    {
        LlmQuotaExhaustedException => "quota_exhausted",
        LlmUnavailableException => "unavailable",
        LlmRequestException => "rejected",
        OperationCanceledException => "cancelled",
        _ => "error",
    };

    private async Task RecordAsync(string? orgId, string outcome, string? modelId, UsageDetails? usage, long started)
    {
        var providerTag = new KeyValuePair<string, object?>("provider", provider);
        var input = usage?.InputTokenCount ?? 0;
        var output = usage?.OutputTokenCount ?? 0;
        metrics.LlmRequests.Add(1, new TagList { providerTag, { "outcome", outcome } });
        metrics.LlmTokens.Add(input, new TagList { providerTag, { "kind", "input" } });
        metrics.LlmTokens.Add(output, new TagList { providerTag, { "kind", "output" } });
        metrics.LlmRequestDuration.Record(time.GetElapsedTime(started).TotalSeconds, providerTag);
        if (orgId is null)
        {
            return;
        }

        try
        {
            // Not the caller's token: a request the caller gave up on may still have been billed.
            await store.RecordAsync(new LlmUsageRecord(orgId, provider, modelId ?? model, outcome == "ok", input, output), CancellationToken.None);
        }
        catch (DbException ex)
        {
            LogUsageNotRecorded(logger, ex, orgId, provider);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "LLM usage of org {OrgId} on {Provider} could not be recorded")]
    private static partial void LogUsageNotRecorded(ILogger logger, Exception exception, string orgId, string provider);
}
