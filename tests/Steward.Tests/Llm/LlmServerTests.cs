using System.Net;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Steward.Llm;
using Steward.Responders;
using Steward.Tests.Fixtures;

namespace Steward.Tests.Llm;

public class LlmServerTests
{
    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task Usage_is_recorded_per_org_and_day_and_listed_for_admins(string backend)
    {
        await using var fake = await FakeOpenAi.StartAsync();
        await using var server = await TestServer.StartAsync(backend, args: Args(fake));
        var chat = server.Services.GetRequiredService<IChatClient>();
        fake.Enqueue(FakeReply.Answer("하나", 100, 10), FakeReply.Answer("둘", 50, 5), FakeReply.Error(400));

        await chat.GetResponseAsync(LlmTestClients.Question(), new ChatOptions().ForOrg("demo"));
        await chat.GetStreamingResponseAsync(LlmTestClients.Question(), new ChatOptions().ForOrg("demo")).ToChatResponseAsync();
        await Assert.ThrowsAsync<LlmRequestException>(() => chat.GetResponseAsync(LlmTestClients.Question(), new ChatOptions().ForOrg("demo")));

        var usage = await TestServer.ReadAsync<JsonElement>(await server.Client.GetAsync("/api/llm/usage"));
        var day = Assert.Single(usage.GetProperty("days").EnumerateArray());
        Assert.Equal(usage.GetProperty("to").GetString(), day.GetProperty("day").GetString());
        Assert.Equal((3, 1, 150, 15), Totals(usage.GetProperty("totals")));
        var model = Assert.Single(day.GetProperty("models").EnumerateArray());
        Assert.Equal(("compatible", FakeOpenAi.Model), (model.GetProperty("provider").GetString(), model.GetProperty("model").GetString()));

        using var other = server.CreateClient(await server.CreateOrgAsync("other-shop"));
        Assert.Equal((0, 0, 0, 0), Totals((await TestServer.ReadAsync<JsonElement>(await other.GetAsync("/api/llm/usage"))).GetProperty("totals")));
        using var viewer = server.CreateClient(await server.CreateKeyAsync("viewer"));
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.GetAsync("/api/llm/usage")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await server.Client.GetAsync("/api/llm/usage?from=2026-13-01")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await server.Client.GetAsync("/api/llm/usage?from=2026-11-22&to=2026-11-01")).StatusCode);
        var past = await TestServer.ReadAsync<JsonElement>(await server.Client.GetAsync("/api/llm/usage?from=2020-01-01&to=2020-01-31"));
        Assert.Empty(past.GetProperty("days").EnumerateArray());

        var metrics = await server.CreateClient().GetStringAsync("/metrics");
        Assert.Contains("llm_requests_total{outcome=\"ok\",provider=\"compatible\"} 2", metrics);
        Assert.Contains("llm_requests_total{outcome=\"rejected\",provider=\"compatible\"} 1", metrics);
        Assert.Contains("llm_tokens_total{kind=\"input\",provider=\"compatible\"} 150", metrics);
        Assert.Contains("llm_request_duration_seconds_count{provider=\"compatible\"} 3", metrics);
    }

    [Fact]
    public async Task The_health_check_shows_the_provider_without_its_key_and_probes_once_per_interval()
    {
        await using var fake = await FakeOpenAi.StartAsync();
        await using var server = await TestServer.StartAsync(Backends.Sqlite, args: Args(fake));
        using var anonymous = server.CreateClient();

        var first = await anonymous.GetStringAsync("/health/detailed");
        var second = await anonymous.GetStringAsync("/health/detailed");

        Assert.Equal(1, fake.ModelRequests);
        Assert.Equal("Bearer sk-test-secret-key", fake.Requests.Single().Authorization);
        Assert.DoesNotContain("sk-test-secret-key", first + second);
        var llm = JsonDocument.Parse(second).RootElement.GetProperty("checks").GetProperty("llm");
        Assert.Equal("healthy", llm.GetProperty("status").GetString());
        var data = llm.GetProperty("data");
        Assert.Equal(("compatible", FakeOpenAi.Model, true, true, "closed"), (data.GetProperty("provider").GetString(), data.GetProperty("model").GetString(),
            data.GetProperty("key_present").GetBoolean(), data.GetProperty("probe_ok").GetBoolean(), data.GetProperty("circuit").GetString()));
        Assert.Equal("HTTP 200", data.GetProperty("probe_status").GetString());
    }

    [Fact]
    public async Task The_health_check_is_degraded_when_the_probe_fails_or_the_circuit_is_open()
    {
        await using var fake = await FakeOpenAi.StartAsync();
        fake.ModelsStatus = 503;
        fake.WhenScriptEnds = FakeReply.Error(503);
        await using var server = await TestServer.StartAsync(Backends.Sqlite, args: Args(fake, ("Steward:Llm:CircuitMinimumThroughput", "2")));
        using var anonymous = server.CreateClient();

        var probeFailed = await anonymous.GetAsync("/health/detailed");
        Assert.Equal(HttpStatusCode.OK, probeFailed.StatusCode);
        var llm = (await TestServer.ReadAsync<JsonElement>(probeFailed)).GetProperty("checks").GetProperty("llm");
        Assert.Equal(("degraded", "HTTP 503"), (llm.GetProperty("status").GetString(), llm.GetProperty("data").GetProperty("probe_status").GetString()));

        await Assert.ThrowsAsync<LlmUnavailableException>(() => server.Services.GetRequiredService<IChatClient>().GetResponseAsync(LlmTestClients.Question()));
        var open = (await TestServer.ReadAsync<JsonElement>(await anonymous.GetAsync("/health/detailed"))).GetProperty("checks").GetProperty("llm");
        Assert.Equal(("degraded", "open"), (open.GetProperty("status").GetString(), open.GetProperty("data").GetProperty("circuit").GetString()));
        Assert.Equal(1, fake.ModelRequests);
    }

    [Fact]
    public async Task Without_a_provider_nothing_is_registered_and_health_says_disabled()
    {
        await using var server = await TestServer.StartAsync(Backends.Sqlite);

        Assert.Null(server.Services.GetService<IChatClient>());
        Assert.DoesNotContain(server.Services.GetServices<IResponder>(), responder => responder.Name.StartsWith("llm", StringComparison.Ordinal));
        Assert.False(server.Services.GetRequiredService<LlmProvider>().IsEnabled);
        var llm = (await TestServer.ReadAsync<JsonElement>(await server.CreateClient().GetAsync("/health/detailed"))).GetProperty("checks").GetProperty("llm");
        Assert.Equal(("healthy", "disabled"), (llm.GetProperty("status").GetString(), llm.GetProperty("description").GetString()));
    }

    [Theory]
    [InlineData("openai", null, "no API key is set: set OPENAI_API_KEY")]
    [InlineData("gemini", null, "set GEMINI_API_KEY")]
    [InlineData("compatible", null, "Steward:Llm:BaseUrl")]
    [InlineData("claude", null, "'claude' is not one of none, openai, gemini, compatible")]
    [InlineData("openai", "sk-x", null)]
    public void Options_are_checked_at_start_up(string provider, string? key, string? error)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Steward:Llm:Provider"] = provider, ["Steward:Llm:OpenAiApiKey"] = key,
        }).Build();
        using var services = new ServiceCollection().AddLogging().AddStewardLlm(configuration).BuildServiceProvider();

        if (error is null)
        {
            var options = services.GetRequiredService<IOptions<LlmOptions>>().Value;
            Assert.Equal(("https://api.openai.com/v1", "gpt-4o-mini"), (options.EffectiveBaseUrl, options.EffectiveModel));
            var described = services.GetRequiredService<LlmProvider>();
            Assert.Equal(("llm:openai", true), (described.ResponderName, described.HasApiKey));
        }
        else
        {
            Assert.Contains(error, Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<LlmOptions>>().Value).Message);
        }
    }

    internal static string[] Args(FakeOpenAi fake, params (string Key, string Value)[] overrides) =>
        [.. LlmHost.Settings(fake, overrides.ToDictionary(o => o.Key, o => (string?)o.Value)).Select(setting => $"--{setting.Key}={setting.Value}")];

    private static (long, long, long, long) Totals(JsonElement totals) => (totals.GetProperty("requests").GetInt64(),
        totals.GetProperty("failed_requests").GetInt64(), totals.GetProperty("input_tokens").GetInt64(), totals.GetProperty("output_tokens").GetInt64());
}
