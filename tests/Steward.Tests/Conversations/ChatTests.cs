using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Steward.Hosting;
using Steward.Tests.Fixtures;

namespace Steward.Tests.Conversations;

/// <summary>Conversations over <c>/api/v2/chat</c> and <c>/ws/chat</c> in the demo org, on both backends.</summary>
public class ChatTests
{
    private static async Task<TestServer> StartAsync(string backend)
    {
        var server = await TestServer.StartAsync(backend);
        await server.Services.GetRequiredService<Initializer>().SeedDemoContentAsync(Initializer.DemoOrg);
        return server;
    }

    private static async Task<JsonElement> ChatAsync(TestServer server, string message, string? sessionId = null)
    {
        var response = await server.Client.PostAsJsonAsync("/api/v2/chat", new { message, session_id = sessionId });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await TestServer.ReadAsync<JsonElement>(response);
    }

    private static async Task<string> OrderAsync(TestServer server, string status)
    {
        var tool = await server.Client.PostAsJsonAsync("/api/tools/list_orders/call", new { arguments = new { status, limit = 1 } });
        return (await TestServer.ReadAsync<JsonElement>(tool)).GetProperty("data").GetProperty("orders")[0].GetProperty("order_id").GetString()!;
    }

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task Asked_for_the_order_number_the_next_message_gets_a_grounded_delivery_answer(string backend)
    {
        await using var server = await StartAsync(backend);
        var orderId = await OrderAsync(server, "배송중");

        var first = await ChatAsync(server, "배송 언제 와요?");
        var sessionId = first.GetProperty("session_id").GetString()!;
        Assert.Equal("배송문의", first.GetProperty("intent").GetString());
        Assert.Contains("주문번호", first.GetProperty("answer").GetString());

        var second = await ChatAsync(server, orderId, sessionId);
        Assert.Equal(sessionId, second.GetProperty("session_id").GetString());
        Assert.Equal("배송문의", second.GetProperty("intent").GetString());
        Assert.True(second.GetProperty("grounded").GetBoolean());
        Assert.Contains(orderId, second.GetProperty("answer").GetString());
        Assert.Equal("track_shipment", second.GetProperty("tool_calls")[0].GetProperty("tool").GetString());

        var session = await server.Client.GetFromJsonAsync<JsonElement>($"/api/v2/session/{sessionId}");
        var history = session.GetProperty("history");
        Assert.Equal(2, history.GetArrayLength());
        Assert.Equal(second.GetProperty("turn_id").GetString(), history[1].GetProperty("turn_id").GetString());
        Assert.Equal(second.GetProperty("bot_context").GetProperty("turn_id").GetString(), history[1].GetProperty("bot_context").GetProperty("turn_id").GetString());

        var ledger = await server.Client.GetFromJsonAsync<JsonElement>($"/api/tools/calls?session_id={sessionId}");
        Assert.Equal(second.GetProperty("turn_id").GetString(), ledger[0].GetProperty("bot_context").GetProperty("turn_id").GetString());
    }

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task The_well_known_example_order_is_answered_as_not_found_never_invented(string backend)
    {
        await using var server = await StartAsync(backend);
        var first = await ChatAsync(server, "배송 언제 와요?");
        var second = await ChatAsync(server, "20240101-0000123", first.GetProperty("session_id").GetString());
        Assert.Contains("찾을 수 없습니다", second.GetProperty("answer").GetString());
        Assert.True(second.GetProperty("grounded").GetBoolean());
    }

    [Fact]
    public async Task Without_a_session_id_each_message_starts_a_session_and_bad_input_is_a_problem()
    {
        await using var server = await StartAsync(Backends.Sqlite);
        var a = await ChatAsync(server, "반품 기간이 어떻게 되나요?");
        var b = await ChatAsync(server, "반품 기간이 어떻게 되나요?");
        Assert.NotEqual(a.GetProperty("session_id").GetString(), b.GetProperty("session_id").GetString());

        Assert.Equal(HttpStatusCode.BadRequest, (await server.Client.PostAsJsonAsync("/api/v2/chat", new { message = new string('a', 501) })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await server.Client.PostAsJsonAsync("/api/v2/chat", new { message = "hi", session_id = "bad id with spaces" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await server.Client.PostAsJsonAsync("/api/v2/chat", new { text = "hi" })).StatusCode);
    }

    [Fact]
    public async Task Over_a_websocket_tokens_stream_then_the_reply_and_errors_do_not_drop_the_connection()
    {
        await using var server = await StartAsync(Backends.Sqlite);
        var orderId = await OrderAsync(server, "배송중");
        using var socket = new ClientWebSocket();
        var uri = new UriBuilder(server.BaseAddress) { Scheme = "ws", Path = "/ws/chat", Query = $"access_token={server.Demo.ApiKey}" }.Uri;
        await socket.ConnectAsync(uri, CancellationToken.None);

        await SendAsync(socket, "{not json");
        var error = await ReceiveAsync(socket);
        Assert.Equal(("error", "invalid_message"), (error.GetProperty("type").GetString(), error.GetProperty("code").GetString()));

        await SendAsync(socket, JsonSerializer.Serialize(new { message = "배송 언제 와요?" }));
        var (tokens, reply) = await ReadTurnAsync(socket);
        Assert.Equal(reply.GetProperty("answer").GetString(), tokens);
        var sessionId = reply.GetProperty("session_id").GetString();

        await SendAsync(socket, JsonSerializer.Serialize(new { message = orderId }));
        var (_, second) = await ReadTurnAsync(socket);
        Assert.Equal(sessionId, second.GetProperty("session_id").GetString());
        Assert.Contains(orderId, second.GetProperty("answer").GetString());
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
    }

    [Fact]
    public async Task A_websocket_without_a_valid_key_is_refused_at_the_handshake()
    {
        await using var server = await StartAsync(Backends.Sqlite);
        using var socket = new ClientWebSocket();
        var uri = new UriBuilder(server.BaseAddress) { Scheme = "ws", Path = "/ws/chat", Query = "access_token=stw_wrong" }.Uri;
        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(uri, CancellationToken.None));
        using var withHeader = new ClientWebSocket();
        withHeader.Options.SetRequestHeader("Authorization", $"Bearer {server.Demo.ApiKey}");
        await withHeader.ConnectAsync(new UriBuilder(server.BaseAddress) { Scheme = "ws", Path = "/ws/chat" }.Uri, CancellationToken.None);
        Assert.Equal(WebSocketState.Open, withHeader.State);
    }

    private static Task SendAsync(ClientWebSocket socket, string text) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None);

    private static async Task<JsonElement> ReceiveAsync(ClientWebSocket socket)
    {
        var buffer = new byte[64 * 1024];
        var count = 0;
        WebSocketReceiveResult result;
        do
        {
            result = await socket.ReceiveAsync(new ArraySegment<byte>(buffer, count, buffer.Length - count), CancellationToken.None);
            count += result.Count;
        }
        while (!result.EndOfMessage);
        return JsonDocument.Parse(buffer.AsMemory(0, count)).RootElement.Clone();
    }

    private static async Task<(string Tokens, JsonElement Reply)> ReadTurnAsync(ClientWebSocket socket)
    {
        var tokens = new StringBuilder();
        while (true)
        {
            var message = await ReceiveAsync(socket);
            switch (message.GetProperty("type").GetString())
            {
                case "token":
                    tokens.Append(message.GetProperty("text").GetString());
                    break;
                case "reply":
                    return (tokens.ToString(), message.GetProperty("reply"));
                default:
                    throw new InvalidOperationException(message.GetRawText());
            }
        }
    }
}
