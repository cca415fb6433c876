using System.Text.Json;
using Dapper;
using Microsoft.Extensions.Hosting;
using Steward.Conversations;
using Steward.Conversations.Sessions;
using Steward.Hosting;
using Steward.Storage;
using Steward.Tests.Fixtures;

namespace Steward.Tests.Conversations;

/// <summary>
/// Steward's core services over one fresh database holding orgs <see cref="Org"/> and <see cref="OtherOrg"/>, on a frozen
/// clock; <see cref="AddInstance"/> starts another instance on the same database (on SQLite: the same file).
/// </summary>
internal sealed class SessionHosts : IAsyncDisposable
{
    public const string Org = "shop";
    public const string OtherOrg = "other";
    public const string Chat = "chat";

    private readonly TestStorage _storage;
    private readonly IDictionary<string, string?>? _settings;
    private readonly List<IHost> _hosts = [];

    private SessionHosts(TestStorage storage, IDictionary<string, string?>? settings, FrozenClock clock)
    {
        _storage = storage;
        _settings = settings;
        Clock = clock;
    }

    public FrozenClock Clock { get; }

    /// <summary>The first instance.</summary>
    public IServiceProvider Services => _hosts[0].Services;

    public ISessionStore Store => Services.GetRequiredService<ISessionStore>();

    public static async Task<SessionHosts> StartAsync(string backend, IDictionary<string, string?>? settings = null)
    {
        var hosts = new SessionHosts(await Backends.CreateAsync(backend), settings, FrozenClock.MidWindow());
        var first = hosts.Add();
        var initializer = first.Services.GetRequiredService<Initializer>();
        await initializer.InitAsync(Org, Org, demo: false);
        await initializer.InitAsync(OtherOrg, OtherOrg, demo: false);
        return hosts;
    }

    /// <summary>Another instance on the same database and clock, with its own (empty) cache.</summary>
    public ISessionStore AddInstance() => Add().Services.GetRequiredService<ISessionStore>();

    /// <summary>Stops an instance, as a restart or a crash would.</summary>
    public void Stop(ISessionStore store)
    {
        var host = _hosts.Single(h => ReferenceEquals(h.Services.GetRequiredService<ISessionStore>(), store));
        _hosts.Remove(host);
        host.Dispose();
    }

    public async Task<long> CountAsync(string sql, object? parameters = null)
    {
        await using var connection = await Services.GetRequiredService<Database>().OpenAsync();
        return await connection.ExecuteScalarAsync<long>(sql, parameters);
    }

    public async Task<List<T>> QueryAsync<T>(string sql, object? parameters = null)
    {
        await using var connection = await Services.GetRequiredService<Database>().OpenAsync();
        return (await connection.QueryAsync<T>(sql, parameters)).ToList();
    }

    public Task<List<long>> SeqsAsync(string sessionId) =>
        QueryAsync<long>("SELECT seq FROM conversation_turns WHERE org_id = @Org AND session_id = @sessionId ORDER BY seq", new { Org, sessionId });

    public TurnRecord Turn(string userText, string answer = "답변입니다.", string intent = "배송문의", string? botContext = null, params string[] flags) =>
        new(SessionIds.NewTurnId(), Chat, userText, answer, intent, 0.87, Grounded: true, flags,
            JsonDocument.Parse(botContext ?? """{"responder":"embedded"}""").RootElement.Clone(), Clock.GetUtcNow());

    public static IReadOnlyDictionary<string, string> Slots(params (string Name, string Value)[] slots) =>
        slots.ToDictionary(s => s.Name, s => s.Value);

    private IHost Add()
    {
        var host = Fixtures.Services.Build(_storage, _settings, services => FrozenClock.Install(services, Clock));
        _hosts.Add(host);
        return host;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var host in _hosts)
        {
            host.Dispose();
        }

        await _storage.DisposeAsync();
    }
}
