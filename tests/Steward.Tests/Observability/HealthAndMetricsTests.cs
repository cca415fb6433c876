using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Steward.Tests.Fixtures;
using Xunit.Abstractions;

namespace Steward.Tests.Observability;

public class HealthAndMetricsTests(ITestOutputHelper output)
{
    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task Health_endpoints_are_anonymous_json_with_status_version_timestamp_and_checks(string backend)
    {
        await using var server = await TestServer.StartAsync(backend);
        using var anonymous = server.CreateClient();

        foreach (var path in new[] { "/liveness", "/readiness", "/health", "/healthz", "/health/detailed" })
        {
            var response = await anonymous.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var body = await TestServer.ReadAsync<JsonElement>(response);
            Assert.Equal("healthy", body.GetProperty("status").GetString());
            Assert.False(string.IsNullOrEmpty(body.GetProperty("version").GetString()));
            Assert.True(body.TryGetProperty("timestamp", out _));
        }

        var health = await TestServer.ReadAsync<JsonElement>(await anonymous.GetAsync("/health"));
        Assert.True(health.GetProperty("checks").GetProperty("database").GetBoolean());
        Assert.True(health.GetProperty("checks").GetProperty("disk_space").GetBoolean());

        var detailed = (await TestServer.ReadAsync<JsonElement>(await anonymous.GetAsync("/health/detailed"))).GetProperty("checks");
        Assert.Equal(backend, detailed.GetProperty("database").GetProperty("data").GetProperty("dialect").GetString());
        Assert.True(detailed.GetProperty("disk_space").GetProperty("data").GetProperty("free_bytes").GetInt64() > 0);
        Assert.True(detailed.GetProperty("recent_requests").GetProperty("data").GetProperty("requests").GetInt32() > 0);
        Assert.Equal("healthy", detailed.GetProperty("migrations").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Readiness_fails_when_the_database_has_unapplied_migrations()
    {
        await using var server = await TestServer.StartAsync(Backends.Sqlite);
        await using (var connection = await server.Services.GetRequiredService<Steward.Storage.Database>().OpenAsync())
        {
            await Dapper.SqlMapper.ExecuteAsync(connection, "DELETE FROM schema_migrations");
        }

        using var anonymous = server.CreateClient();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await anonymous.GetAsync("/readiness")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/liveness")).StatusCode);
        var health = await anonymous.GetAsync("/health");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        Assert.Equal("unhealthy", (await TestServer.ReadAsync<JsonElement>(health)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Metrics_count_requests_by_method_route_template_and_status()
    {
        await using var server = await TestServer.StartAsync(Backends.Sqlite);
        using var anonymous = server.CreateClient();
        await server.Client.GetAsync("/api/keys");
        await server.Client.GetAsync("/api/keys");
        await anonymous.GetAsync("/api/keys");
        await server.Client.DeleteAsync("/api/keys/no-such-key-0000");

        var response = await anonymous.GetAsync("/metrics");
        var text = await response.Content.ReadAsStringAsync();

        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("http_requests_total{method=\"GET\",route=\"/api/keys\",status=\"200\"} 2", text);
        Assert.Contains("http_requests_total{method=\"GET\",route=\"/api/keys\",status=\"401\"} 1", text);
        Assert.Contains("http_requests_total{method=\"DELETE\",route=\"/api/keys/{id}\",status=\"404\"} 1", text);
        Assert.DoesNotContain("no-such-key", text);
        Assert.Contains("# TYPE http_request_duration_seconds histogram", text);
        Assert.Contains("http_request_duration_seconds_bucket{", text);
        Assert.Contains("process_resident_memory_bytes", text);
        Assert.Contains("dotnet_gc_collections_total", text);
    }

    [Fact]
    public async Task Live_metrics_pass_promtool_check_metrics()
    {
        await using var server = await TestServer.StartAsync(Backends.Sqlite);
        await server.Client.GetAsync("/api/keys");
        await server.CreateClient().GetAsync("/health");
        var text = await server.CreateClient().GetStringAsync("/metrics");

        if (!File.Exists("/usr/bin/promtool") && !(Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(dir => File.Exists(Path.Combine(dir, "promtool"))))
        {
            output.WriteLine("NOT RUN: promtool is not installed (CI installs Debian's prometheus package).");
            return;
        }

        var info = new ProcessStartInfo("promtool", "check metrics") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        using var promtool = Process.Start(info)!;
        await promtool.StandardInput.WriteAsync(text);
        promtool.StandardInput.Close();
        var stdout = await promtool.StandardOutput.ReadToEndAsync();
        var stderr = await promtool.StandardError.ReadToEndAsync();
        await promtool.WaitForExitAsync();
        Assert.True(promtool.ExitCode == 0, $"promtool exit {promtool.ExitCode}: {stdout} {stderr}");
    }
}
