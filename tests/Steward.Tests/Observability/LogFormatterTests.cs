using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Steward.Observability;
using Steward.Security;

namespace Steward.Tests.Observability;

public class LogFormatterTests
{
    [Fact]
    public void Writes_one_json_object_with_masked_message_fields_scopes_and_exception()
    {
        var formatter = new JsonLogFormatter(PiiMasker.Default);
        var scopes = new LoggerExternalScopeProvider();
        using var scope = scopes.Push(new Dictionary<string, object?> { ["RequestId"] = "r-1", ["Org"] = "demo" });
        var state = new Dictionary<string, object?>
        {
            ["Customer"] = "kim@example.com",
            ["Status"] = 200,
            ["ElapsedMs"] = 1.5,
            ["{OriginalFormat}"] = "Customer {Customer} called from 010-1234-5678",
        }.ToList();
        var entry = new LogEntry<List<KeyValuePair<string, object?>>>(
            LogLevel.Information, "Steward.Test", new EventId(7), state, new InvalidOperationException("card 4111 1111 1111 1111"),
            (_, _) => "Customer kim@example.com called from 010-1234-5678");

        var line = formatter.Format(entry, scopes);

        Assert.EndsWith("\n", line);
        Assert.Single(line.TrimEnd('\n').Split('\n'));
        Assert.DoesNotContain("kim@example.com", line);
        Assert.DoesNotContain("1234-5678", line);
        Assert.DoesNotContain("4111 1111", line);
        var json = JsonDocument.Parse(line).RootElement;
        Assert.Equal("Information", json.GetProperty("level").GetString());
        Assert.Equal("Steward.Test", json.GetProperty("category").GetString());
        Assert.Equal("Customer [EMAIL] called from [PHONE]", json.GetProperty("message").GetString());
        Assert.Equal("[EMAIL]", json.GetProperty("customer").GetString());
        Assert.Equal(200, json.GetProperty("status").GetInt32());
        Assert.Equal(1.5, json.GetProperty("elapsed_ms").GetDouble());
        Assert.Equal("r-1", json.GetProperty("request_id").GetString());
        Assert.Equal("demo", json.GetProperty("org").GetString());
        Assert.Contains("[CARD]", json.GetProperty("exception").GetString());
        Assert.True(DateTimeOffset.TryParse(json.GetProperty("timestamp").GetString(), out _));
    }
}

public class BufferedConsoleLoggerTests
{
    [Fact]
    public void Warnings_reach_the_stream_at_once_and_everything_is_flushed_on_dispose()
    {
        var stream = new MemoryStream();
        var provider = new BufferedConsoleLoggerProvider(new JsonLogFormatter(PiiMasker.Default), stream);
        provider.SetScopeProvider(new LoggerExternalScopeProvider());
        var logger = provider.CreateLogger("Steward.Test");

        logger.LogWarning("Customer {Email} could not be reached", "lee@example.com");
        var afterWarning = System.Text.Encoding.UTF8.GetString(stream.ToArray());
        for (var i = 0; i < 100; i++)
        {
            logger.LogInformation("line {Number}", i);
        }

        provider.Dispose();
        var lines = System.Text.Encoding.UTF8.GetString(stream.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Contains("could not be reached", afterWarning);
        Assert.DoesNotContain("lee@example.com", afterWarning);
        Assert.Equal(101, lines.Length);
        Assert.All(lines, line => JsonDocument.Parse(line));
        Assert.Equal(99, JsonDocument.Parse(lines[^1]).RootElement.GetProperty("number").GetInt32());
    }
}
