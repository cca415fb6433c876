using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Steward.Storage;
using Steward.Tests.Fixtures;

namespace Steward.Tests.Security;

public class ApiKeyTests
{
    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task Admin_creates_lists_and_revokes_keys_and_the_secret_is_shown_once_and_stored_hashed(string backend)
    {
        await using var server = await TestServer.StartAsync(backend);

        var created = await server.Client.PostAsJsonAsync("/api/keys", new { name = "shop backend", role = "service" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await TestServer.ReadAsync<JsonElement>(created);
        var key = body.GetProperty("key").GetString()!;
        var id = body.GetProperty("id").GetString()!;
        Assert.StartsWith("stw_", key);

        using var serviceClient = server.CreateClient(key);
        Assert.Equal(HttpStatusCode.OK, (await serviceClient.GetAsync("/api/auth/me")).StatusCode);

        var list = await server.Client.GetStringAsync("/api/keys");
        Assert.Contains(id, list);
        Assert.DoesNotContain(key, list);
        Assert.DoesNotContain(key[12..], list);

        await using (var connection = await server.Services.GetRequiredService<Database>().OpenAsync())
        {
            var stored = string.Join("|", await connection.QueryAsync<string>("SELECT id || prefix || key_hash FROM api_keys"));
            Assert.DoesNotContain(key, stored);
        }

        Assert.Equal(HttpStatusCode.NoContent, (await server.Client.DeleteAsync($"/api/keys/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await serviceClient.GetAsync("/api/auth/me")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await server.Client.DeleteAsync($"/api/keys/{id}")).StatusCode);

        var audit = await server.Client.GetStringAsync("/api/audit?action=api_key.");
        Assert.Contains("api_key.created", audit);
        Assert.Contains("api_key.revoked", audit);
    }

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task One_orgs_key_never_reads_or_revokes_another_orgs_keys_or_audit(string backend)
    {
        await using var server = await TestServer.StartAsync(backend);
        var otherKey = await server.CreateOrgAsync("other-shop");
        using var other = server.CreateClient(otherKey);
        var demoKeys = await TestServer.ReadAsync<JsonElement>(await server.Client.GetAsync("/api/keys"));
        var demoKeyId = demoKeys[0].GetProperty("id").GetString()!;

        var otherList = await other.GetStringAsync("/api/keys");
        Assert.DoesNotContain(demoKeyId, otherList);
        Assert.Equal(HttpStatusCode.NotFound, (await other.DeleteAsync($"/api/keys/{demoKeyId}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await server.Client.GetAsync("/api/auth/me")).StatusCode);

        var otherAudit = await TestServer.ReadAsync<JsonElement>(await other.GetAsync("/api/audit"));
        Assert.All(otherAudit.EnumerateArray(), e => Assert.Equal("other-shop", e.GetProperty("org_id").GetString()));
        var demoAudit = await server.Client.GetStringAsync("/api/audit");
        Assert.DoesNotContain("other-shop", demoAudit);
    }

    [Theory]
    [InlineData("viewer")]
    [InlineData("agent")]
    [InlineData("service")]
    public async Task Only_admins_manage_keys(string role)
    {
        await using var server = await TestServer.StartAsync(Backends.Sqlite);
        using var client = server.CreateClient(await server.CreateKeyAsync(role));

        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/keys")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsJsonAsync("/api/keys", new { name = "x", role = "admin" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/auth/me")).StatusCode);
    }

    [Fact]
    public async Task Keys_are_accepted_in_x_api_key_and_rejected_when_unknown_or_missing()
    {
        await using var server = await TestServer.StartAsync(Backends.Sqlite);
        using var client = server.CreateClient();

        var viaHeader = new HttpRequestMessage(HttpMethod.Get, "/api/auth/me");
        viaHeader.Headers.Add("X-Api-Key", server.Demo.ApiKey);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(viaHeader)).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/keys")).StatusCode);
        var forged = new HttpRequestMessage(HttpMethod.Get, "/api/keys");
        forged.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "stw_" + new string('A', 43));
        var response = await client.SendAsync(forged);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);

        using var utf8Client = new HttpClient(new SocketsHttpHandler { RequestHeaderEncodingSelector = (_, _) => System.Text.Encoding.UTF8 }) { BaseAddress = server.BaseAddress };
        foreach (var odd in new[] { "stw_" + new string('한', 120), "stw_" + new string('x', 500), "not-a-steward-key", "stw_" })
        {
            var request = new HttpRequestMessage(HttpMethod.Get, "/api/keys");
            request.Headers.TryAddWithoutValidation("X-Api-Key", odd);
            var status = (int)(await utf8Client.SendAsync(request)).StatusCode;
            Assert.True(status is 400 or 401, $"{odd[..Math.Min(8, odd.Length)]}…: {status}");
        }
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("""{"name":"x","role":"owner"}""", "role")]
    [InlineData("""{"name":"","role":"admin"}""", "name")]
    [InlineData("""{"role":"admin"}""", "name")]
    public async Task Invalid_key_requests_get_a_validation_problem_and_create_nothing(string json, string field)
    {
        await using var server = await TestServer.StartAsync(Backends.Sqlite);
        var before = (await TestServer.ReadAsync<JsonElement>(await server.Client.GetAsync("/api/keys"))).GetArrayLength();

        var response = await server.Client.PostAsync("/api/keys", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await TestServer.ReadAsync<JsonElement>(response);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _));
        Assert.Equal(before, (await TestServer.ReadAsync<JsonElement>(await server.Client.GetAsync("/api/keys"))).GetArrayLength());
    }
}
