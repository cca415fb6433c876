using System.Diagnostics;
using Microsoft.Extensions.AI;
using Polly.CircuitBreaker;
using Steward.Llm;
using Steward.Tests.Fixtures;

namespace Steward.Tests.Llm;

public class LlmResilienceTests
{
    [Fact]
    public async Task A_429_with_Retry_After_in_seconds_is_waited_out_then_the_answer_comes()
    {
        await using var fake = await FakeOpenAi.StartAsync();
        fake.Enqueue(FakeReply.Error(429, retryAfter: "2"), FakeReply.Answer("내일 도착합니다."));
        var clock = ManualClock.Sunday();
        using var clients = new LlmTestClients(fake, clock);

        var call = clients.Client.GetResponseAsync(LlmTestClients.Question());
        await clock.WaitForTimerAsync(left => left == TimeSpan.FromSeconds(2));
        Assert.Single(fake.ChatRequests);
        Assert.False(call.IsCompleted);

        clock.Advance(TimeSpan.FromSeconds(2));
        var response = await call;

        Assert.Equal("내일 도착합니다.", response.Text);
        Assert.Equal(2, fake.ChatRequests.Count);
        Assert.Contains(TimeSpan.FromSeconds(2), clock.Scheduled);
    }

    [Fact]
    public async Task A_Retry_After_as_an_HTTP_date_is_honoured_too()
    {
        await using var fake = await FakeOpenAi.StartAsync();
        var clock = ManualClock.Sunday();
        fake.Enqueue(FakeReply.Error(503, retryAfter: (clock.GetUtcNow() + TimeSpan.FromSeconds(3)).ToString("r")), FakeReply.Answer("ok"));
        using var clients = new LlmTestClients(fake, clock);

        var call = clients.Client.GetResponseAsync(LlmTestClients.Question());
        await clock.WaitForTimerAsync(left => left == TimeSpan.FromSeconds(3));
        clock.Advance(TimeSpan.FromSeconds(3));

        Assert.Equal("ok", (await call).Text);
        Assert.Equal(2, fake.ChatRequests.Count);
    }

    [Fact]
    public async Task A_429_that_persists_through_every_try_is_quota_exhausted()
    {
        await using var fake = await FakeOpenAi.StartAsync();
        fake.WhenScriptEnds = FakeReply.Error(429, code: "rate_limit_exceeded");
        using var clients = new LlmTestClients(fake, TimeProvider.System);

        var error = await Assert.ThrowsAsync<LlmQuotaExhaustedException>(() => clients.Client.GetResponseAsync(LlmTestClients.Question()));

        Assert.Equal(3, fake.ChatRequests.Count);
        Assert.Equal("compatible", error.Provider);
    }

    [Fact]
    public async Task A_Retry_After_beyond_the_budget_answers_quota_exhausted_at_once_without_waiting()
    {
        await using var fake = await FakeOpenAi.StartAsync();
        fake.WhenScriptEnds = FakeReply.Error(429, retryAfter: "60");
        using var clients = new LlmTestClients(fake, TimeProvider.System);

        var started = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<LlmQuotaExhaustedException>(() => clients.Client.GetResponseAsync(LlmTestClients.Question()));

        Assert.Single(fake.ChatRequests);
        Assert.Equal(TimeSpan.FromSeconds(60), error.RetryAfter);
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(5), $"took {started.Elapsed}");
    }

    [Fact]
    public async Task A_503_storm_opens_the_circuit_and_later_calls_fail_fast_without_reaching_the_provider()
    {
        await using var fake = await FakeOpenAi.StartAsync();
        fake.WhenScriptEnds = FakeReply.Error(503);
        using var clients = new LlmTestClients(fake, TimeProvider.System);

        var first = await Assert.ThrowsAsync<LlmUnavailableException>(() => clients.Client.GetResponseAsync(LlmTestClients.Question()));
        Assert.Contains("HTTP 503 after 3 tries", first.Message);
        await Assert.ThrowsAsync<LlmUnavailableException>(() => clients.Client.GetResponseAsync(LlmTestClients.Question()));
        Assert.Equal(6, fake.ChatRequests.Count);
        Assert.Equal(CircuitState.Open, clients.Resilience.State("compatible"));

        var started = Stopwatch.StartNew();
        var fast = await Assert.ThrowsAsync<LlmUnavailableException>(() => clients.Client.GetResponseAsync(LlmTestClients.Question()));

        Assert.IsType<BrokenCircuitException>(fast.InnerException);
        Assert.Equal(6, fake.ChatRequests.Count);
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(1), $"took {started.Elapsed}");
    }

    [Fact]
    public async Task A_circuit_opened_by_429s_answers_quota_exhausted()
    {
        await using var fake = await FakeOpenAi.StartAsync();
        fake.WhenScriptEnds = FakeReply.Error(429);
        using var clients = new LlmTestClients(fake, TimeProvider.System, o => o.CircuitMinimumThroughput = 2);

        await Assert.ThrowsAsync<LlmQuotaExhaustedException>(() => clients.Client.GetResponseAsync(LlmTestClients.Question()));
        var error = await Assert.ThrowsAsync<LlmQuotaExhaustedException>(() => clients.Client.GetResponseAsync(LlmTestClients.Question()));

        Assert.IsType<BrokenCircuitException>(error.InnerException);
        Assert.Equal(2, fake.ChatRequests.Count);
    }

    [Fact]
    public async Task A_provider_that_does_not_answer_in_time_is_unavailable_after_the_tries()
    {
        await using var fake = await FakeOpenAi.StartAsync();
        fake.WhenScriptEnds = FakeReply.Hanging();
        using var clients = new LlmTestClients(fake, TimeProvider.System, o =>
        {
            o.RequestTimeout = TimeSpan.FromMilliseconds(200);
            o.TotalTimeout = TimeSpan.FromSeconds(5);
            o.MaxAttempts = 2;
        });

        var started = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<LlmUnavailableException>(() => clients.Client.GetResponseAsync(LlmTestClients.Question()));

        Assert.Contains("timed out after 2 tries", error.Message);
        Assert.Equal(2, fake.ChatRequests.Count);
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(3), $"took {started.Elapsed}");
    }

    [Fact]
    public async Task The_total_budget_ends_the_tries_even_when_each_try_has_time_left()
    {
        await using var fake = await FakeOpenAi.StartAsync();
        fake.WhenScriptEnds = FakeReply.Hanging();
        using var clients = new LlmTestClients(fake, TimeProvider.System, o =>
        {
            o.RequestTimeout = TimeSpan.FromMilliseconds(300);
            o.TotalTimeout = TimeSpan.FromMilliseconds(450);
        });

        var error = await Assert.ThrowsAsync<LlmUnavailableException>(() => clients.Client.GetResponseAsync(LlmTestClients.Question()));

        Assert.Contains("no answer within 0.5 s", error.Message);
        Assert.Equal(2, await fake.WaitForChatRequestsAsync(2));
    }

    [Fact]
    public async Task A_400_is_not_retried_and_says_what_the_provider_said_without_its_text()
    {
        await using var fake = await FakeOpenAi.StartAsync();
        fake.Enqueue(FakeReply.Error(400, code: "context_length_exceeded"));
        fake.WhenScriptEnds = FakeReply.Answer("never asked");
        using var clients = new LlmTestClients(fake, TimeProvider.System);

        var error = await Assert.ThrowsAsync<LlmRequestException>(() => clients.Client.GetResponseAsync(LlmTestClients.Question()));

        Assert.Single(fake.ChatRequests);
        Assert.Equal(400, error.StatusCode);
        Assert.Equal("context_length_exceeded", error.ErrorCode);
        Assert.DoesNotContain("sk-secret", error.ToString());
    }

    [Fact]
    public async Task A_caller_that_cancels_gets_its_cancellation_not_an_outage()
    {
        await using var fake = await FakeOpenAi.StartAsync();
        fake.WhenScriptEnds = FakeReply.Hanging();
        using var clients = new LlmTestClients(fake, TimeProvider.System);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => clients.Client.GetResponseAsync(LlmTestClients.Question(), cancellationToken: cancel.Token));
        Assert.Single(fake.ChatRequests);
    }

    [Fact]
    public void Retry_After_reads_seconds_and_HTTP_dates()
    {
        var now = new DateTimeOffset(2026, 11, 22, 1, 0, 0, TimeSpan.Zero);
        Assert.Equal(TimeSpan.FromSeconds(7), LlmRequestException.ParseRetryAfter("7", now));
        Assert.Equal(TimeSpan.FromSeconds(30), LlmRequestException.ParseRetryAfter("Sun, 22 Nov 2026 01:00:30 GMT", now));
        Assert.Equal(TimeSpan.Zero, LlmRequestException.ParseRetryAfter("Sun, 22 Nov 2026 00:59:00 GMT", now));
        Assert.Null(LlmRequestException.ParseRetryAfter("soon", now));
        Assert.Null(LlmRequestException.ParseRetryAfter(null, now));
    }
}
