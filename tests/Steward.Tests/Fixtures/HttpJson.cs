using System.Text.Json;

namespace Steward.Tests.Fixtures;

/// <summary>A response's JSON body as an element, for tests that look at a few fields.</summary>
public static class HttpJson
{
    public static Task<JsonElement> Json(HttpResponseMessage response) => TestServer.ReadAsync<JsonElement>(response);
}
