using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Steward.Commerce.Sandbox;
using Steward.Hosting;
using Steward.Tests.Fixtures;

namespace Steward.Tests.Commerce;

/// <summary>One server for the sandbox API tests: the demo org with its sandbox shop, and a second seeded org, acme.</summary>
public sealed class SandboxApiFixture : IAsyncLifetime
{
    public const string Api = "/sandbox/api/v2/admin";

    public TestServer Server { get; private set; } = null!;

    public string AcmeKey { get; private set; } = "";

    public async Task InitializeAsync()
    {
        Server = await TestServer.StartAsync(Backends.Sqlite);
        var seeder = Server.Services.GetRequiredService<SandboxSeeder>();
        await seeder.SeedAsync(Initializer.DemoOrg);
        AcmeKey = await Server.CreateOrgAsync("acme");
        await seeder.SeedAsync("acme", seed: 11);
    }

    public async Task DisposeAsync() => await Server.DisposeAsync();

    /// <summary>GETs <paramref name="path"/> under the API, checks the status and returns the body.</summary>
    public async Task<JsonElement> GetAsync(string path, HttpStatusCode status = HttpStatusCode.OK, HttpClient? client = null)
    {
        var response = await (client ?? Server.Client).GetAsync(Api + path);
        return await ReadAsync(response, status);
    }

    public async Task<JsonElement> SendAsync(HttpMethod method, string path, object body, HttpStatusCode status, HttpClient? client = null)
    {
        var response = await (client ?? Server.Client).SendAsync(new HttpRequestMessage(method, Api + path) { Content = JsonContent.Create(body) });
        return await ReadAsync(response, status);
    }

    public async Task<JsonElement> SendRawAsync(HttpMethod method, string path, string body, HttpStatusCode status)
    {
        var content = new StringContent(body, Encoding.UTF8, "application/json");
        return await ReadAsync(await Server.Client.SendAsync(new HttpRequestMessage(method, Api + path) { Content = content }), status);
    }

    /// <summary>Cafe24's error body: <c>{"error":{"code","message","more_info"}}</c> with the status repeated as the code.</summary>
    public static string ErrorMessage(JsonElement body, HttpStatusCode status)
    {
        var error = body.GetProperty("error");
        Assert.Equal((int)status, error.GetProperty("code").GetInt32());
        Assert.Equal(JsonValueKind.Object, error.GetProperty("more_info").ValueKind);
        return error.GetProperty("message").GetString()!;
    }

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {status}, got {response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
