using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Steward.Tests.Fixtures;

namespace Steward.Tests.Cli;

/// <summary>The real executable, as a user runs it.</summary>
public class CliTests
{
    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task Init_demo_json_is_idempotent_and_prints_org_admin_and_a_working_key(string backend)
    {
        await using var storage = await Backends.CreateAsync(backend);
        var env = storage.Environment();

        var first = await Fixtures.Cli.RunAsync(env, "init", "--demo", "--json");
        var second = await Fixtures.Cli.RunAsync(env, "init", "--demo", "--json");

        Assert.True(first.ExitCode == 0, first.StdErr);
        Assert.True(second.ExitCode == 0, second.StdErr);
        var a = JsonDocument.Parse(first.StdOut).RootElement;
        var b = JsonDocument.Parse(second.StdOut).RootElement;
        Assert.Equal("demo", a.GetProperty("org").GetString());
        Assert.Equal("admin", a.GetProperty("admin_user").GetString());
        Assert.Equal(a.GetProperty("admin_password").GetString(), b.GetProperty("admin_password").GetString());
        Assert.StartsWith("stw_", a.GetProperty("api_key").GetString());
        Assert.NotEqual(a.GetProperty("api_key").GetString(), b.GetProperty("api_key").GetString());

        var list = await Fixtures.Cli.RunAsync(env, "keys", "list", "--org", "demo", "--json");
        var keys = JsonDocument.Parse(list.StdOut).RootElement;
        Assert.Equal(2, keys.GetArrayLength());
        Assert.All(keys.EnumerateArray(), key => Assert.Equal("admin", key.GetProperty("role").GetString()));
    }

    [Fact]
    public async Task Keys_create_list_and_revoke()
    {
        await using var storage = await Backends.CreateAsync(Backends.Sqlite);
        var env = storage.Environment();
        Assert.Equal(0, (await Fixtures.Cli.RunAsync(env, "init", "--demo")).ExitCode);

        var created = await Fixtures.Cli.RunAsync(env, "keys", "create", "--org", "demo", "--role", "agent", "--json");
        Assert.True(created.ExitCode == 0, created.StdErr);
        var key = JsonDocument.Parse(created.StdOut).RootElement.GetProperty("key").GetString()!;
        var id = JsonDocument.Parse(created.StdOut).RootElement.GetProperty("id").GetString()!;

        var list = await Fixtures.Cli.RunAsync(env, "keys", "list", "--org", "demo");
        Assert.Contains(id, list.StdOut);
        Assert.DoesNotContain(key, list.StdOut);

        Assert.Equal(0, (await Fixtures.Cli.RunAsync(env, "keys", "revoke", "--org", "demo", id)).ExitCode);
        Assert.NotEqual(0, (await Fixtures.Cli.RunAsync(env, "keys", "revoke", "--org", "demo", id)).ExitCode);
        Assert.Contains("revoked", (await Fixtures.Cli.RunAsync(env, "keys", "list", "--org", "demo")).StdOut);

        var badRole = await Fixtures.Cli.RunAsync(env, "keys", "create", "--org", "demo", "--role", "owner", "--json");
        Assert.NotEqual(0, badRole.ExitCode);
        Assert.Contains("role", badRole.StdErr);
        var noOrg = await Fixtures.Cli.RunAsync(env, "keys", "create", "--org", "nope", "--role", "agent");
        Assert.NotEqual(0, noOrg.ExitCode);
    }

    [Fact]
    public async Task Backup_then_restore_brings_back_the_state_at_backup_time()
    {
        await using var storage = await Backends.CreateAsync(Backends.Sqlite);
        var env = storage.Environment();
        Assert.Equal(0, (await Fixtures.Cli.RunAsync(env, "init", "--demo")).ExitCode);
        var backupFile = Path.Combine(storage.DataDir, "backups", "one.db");

        var backup = await Fixtures.Cli.RunAsync(env, "backup", "--out", backupFile);
        Assert.True(backup.ExitCode == 0, backup.StdErr);
        Assert.Contains("quick_check ok", backup.StdOut);
        Assert.NotEqual(0, (await Fixtures.Cli.RunAsync(env, "backup", "--out", backupFile)).ExitCode); // never overwrites

        var created = await Fixtures.Cli.RunAsync(env, "keys", "create", "--org", "demo", "--role", "viewer", "--json");
        var id = JsonDocument.Parse(created.StdOut).RootElement.GetProperty("id").GetString()!;
        Assert.Contains(id, (await Fixtures.Cli.RunAsync(env, "keys", "list", "--org", "demo")).StdOut);

        var restore = await Fixtures.Cli.RunAsync(env, "restore", backupFile);
        Assert.True(restore.ExitCode == 0, restore.StdErr);
        Assert.DoesNotContain(id, (await Fixtures.Cli.RunAsync(env, "keys", "list", "--org", "demo")).StdOut);
    }

    [Fact]
    public async Task Restore_refuses_a_corrupt_or_foreign_file_and_changes_nothing()
    {
        await using var storage = await Backends.CreateAsync(Backends.Sqlite);
        var env = storage.Environment();
        Assert.Equal(0, (await Fixtures.Cli.RunAsync(env, "init", "--demo")).ExitCode);
        var garbage = Path.Combine(storage.DataDir, "garbage.db");
        await File.WriteAllBytesAsync(garbage, Enumerable.Range(0, 8192).Select(i => (byte)(i * 7)).ToArray());

        var result = await Fixtures.Cli.RunAsync(env, "restore", garbage);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("garbage.db", result.StdErr);
        Assert.Equal(1, JsonDocument.Parse((await Fixtures.Cli.RunAsync(env, "keys", "list", "--org", "demo", "--json")).StdOut).RootElement.GetArrayLength());
    }

    [Fact]
    public async Task Doctor_passes_on_a_healthy_setup_and_fails_readably_on_a_bad_one()
    {
        await using var storage = await Backends.CreateAsync(Backends.Sqlite);
        var env = storage.Environment();

        var beforeMigrate = await Fixtures.Cli.RunAsync(env, "doctor");
        Assert.NotEqual(0, beforeMigrate.ExitCode);
        Assert.Contains("steward migrate", beforeMigrate.StdOut);

        Assert.Equal(0, (await Fixtures.Cli.RunAsync(env, "migrate")).ExitCode);
        var healthy = await Fixtures.Cli.RunAsync(env, "doctor", "--json");
        Assert.True(healthy.ExitCode == 0, healthy.StdOut + healthy.StdErr);
        Assert.True(JsonDocument.Parse(healthy.StdOut).RootElement.GetProperty("ok").GetBoolean());

        var production = new Dictionary<string, string>(env) { ["ENVIRONMENT"] = "production", ["SECRET_KEY"] = "short" };
        var bad = await Fixtures.Cli.RunAsync(production, "doctor");
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("SECRET_KEY", bad.StdOut);
        Assert.Contains("ADMIN_PASSWORD", bad.StdOut);

        var unreachable = new Dictionary<string, string>(env) { ["STEWARD_DATABASE_URL"] = "postgres://nobody:x@127.0.0.1:1/none" };
        var down = await Fixtures.Cli.RunAsync(unreachable, "doctor");
        Assert.Equal(1, down.ExitCode);
        Assert.Contains("cannot connect", down.StdOut);
        Assert.DoesNotContain(":x@", down.StdOut);
    }

    [Fact]
    public async Task Production_with_a_short_secret_key_refuses_to_serve_and_names_it()
    {
        await using var storage = await Backends.CreateAsync(Backends.Sqlite);
        var env = new Dictionary<string, string>(storage.Environment()) { ["ENVIRONMENT"] = "production", ["SECRET_KEY"] = "short", ["PORT"] = FreePort().ToString() };

        var started = DateTime.UtcNow;
        var result = await Fixtures.Cli.RunAsync(env, "serve");

        Assert.NotEqual(0, result.ExitCode);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(10));
        Assert.Contains("SECRET_KEY", result.StdErr);
    }

    [Fact]
    public async Task Serve_listens_on_host_and_port_and_creates_the_demo_under_the_data_dir()
    {
        await using var storage = await Backends.CreateAsync(Backends.Sqlite);
        var port = FreePort();
        var env = new Dictionary<string, string>(storage.Environment()) { ["HOST"] = "127.0.0.1", ["PORT"] = port.ToString() };
        var (process, _, _) = Fixtures.Cli.Start(env, "serve");
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            var health = await WaitForAsync(client, "/health");
            Assert.Equal(HttpStatusCode.OK, health);
            Assert.True(File.Exists(Path.Combine(storage.DataDir, "steward.db")));
            var credentials = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(storage.DataDir, "demo-credentials.json"))).RootElement;
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", credentials.GetProperty("api_key").GetString());
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/keys")).StatusCode);

            // The demo shop's knowledge base is there too, and its sandbox shop data.
            var hits = JsonDocument.Parse(await client.GetStringAsync("/api/kb/search?q=배송비")).RootElement;
            Assert.True(hits.GetArrayLength() > 0);
            await using var database = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(storage.DataDir, "steward.db")};Mode=ReadOnly");
            await database.OpenAsync();
            await using var count = database.CreateCommand();
            count.CommandText = "SELECT COUNT(*) FROM sandbox_orders WHERE org_id = 'demo'";
            Assert.Equal(1000L, (long)(await count.ExecuteScalarAsync())!);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    [Theory]
    [MemberData(nameof(Backends.PostgresOnly), MemberType = typeof(Backends))]
    public async Task Two_serve_processes_started_together_share_one_database(string backend)
    {
        await using var storage = await Backends.CreateAsync(backend);
        var ports = new[] { FreePort(), FreePort() };
        // Started at the same moment on an empty database: both race to migrate and to create the demo org.
        var processes = ports.Select(port => Fixtures.Cli.Start(
            new Dictionary<string, string>(storage.Environment()) { ["PORT"] = port.ToString() }, "serve").Process).ToList();
        try
        {
            using var first = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{ports[0]}") };
            using var second = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{ports[1]}") };
            Assert.Equal(HttpStatusCode.OK, await WaitForAsync(first, "/readiness"));
            Assert.Equal(HttpStatusCode.OK, await WaitForAsync(second, "/readiness"));

            var credentials = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(storage.DataDir, "demo-credentials.json"))).RootElement;
            var init = await Fixtures.Cli.RunAsync(storage.Environment(), "init", "--demo", "--json");
            var key = JsonDocument.Parse(init.StdOut).RootElement.GetProperty("api_key").GetString();
            first.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
            second.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
            Assert.Equal(HttpStatusCode.OK, (await first.GetAsync("/api/keys")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await second.GetAsync("/api/keys")).StatusCode);
            var keys = JsonDocument.Parse(await second.GetStringAsync("/api/keys")).RootElement;
            Assert.Equal(2, keys.GetArrayLength()); // the demo's first key (created once, by one of the two) and init's
            Assert.Equal("demo", credentials.GetProperty("org").GetString());
        }
        finally
        {
            foreach (var process in processes)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
                process.Dispose();
            }
        }
    }

    [Fact]
    public async Task Production_refuses_to_serve_while_an_admin_still_has_the_demo_password()
    {
        await using var storage = await Backends.CreateAsync(Backends.Sqlite);
        Assert.Equal(0, (await Fixtures.Cli.RunAsync(storage.Environment(), "init", "--demo")).ExitCode);
        var env = new Dictionary<string, string>(storage.Environment())
        {
            ["ENVIRONMENT"] = "production",
            ["SECRET_KEY"] = "kJ8#s9Lm2Qx7Vb4Nw1Rt6Yp3Zc5Hd0Fg-production",
            ["ADMIN_PASSWORD"] = "a-long-and-real-admin-password",
            ["PORT"] = FreePort().ToString(),
        };

        var result = await Fixtures.Cli.RunAsync(env, "serve");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("demo password", result.StdErr);
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    internal static async Task<HttpStatusCode?> WaitForAsync(HttpClient client, string path)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            try
            {
                return (await client.GetAsync(path)).StatusCode;
            }
            catch (HttpRequestException)
            {
                await Task.Delay(100);
            }
        }

        return null;
    }
}
