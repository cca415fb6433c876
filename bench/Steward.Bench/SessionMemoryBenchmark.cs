using System.Diagnostics;
using System.Text;
using Dapper;
using Steward.Conversations;
using Steward.Conversations.Sessions;
using Steward.Storage;

namespace Steward.Bench;

/// <summary>
/// Managed memory the session cache retains: sessions are written to SQLite with realistic Korean messages, then loaded
/// through <see cref="ISessionStore.FindAsync"/> (the path that fills the cache after a restart or on another instance),
/// with a full blocking GC before and after. Reports bytes per cached message with and without the UTF-16 text itself.
/// </summary>
public static class SessionMemoryBenchmark
{
    public static async Task<int> RunAsync(int sessions, int messages, int liveSessions, int liveMessages)
    {
        var texts = KoreanTexts();
        Console.Error.WriteLine($"(a) {sessions:N0} sessions x {messages} messages of 20-60 Korean characters (texts from data/intents/train.csv)");
        var a = await MeasureAsync(sessions, messages, texts);
        var perMessage = (double)a.RetainedBytes / a.Messages;
        var payload = (double)a.TextChars * 2 / a.Messages;
        Console.Error.WriteLine($"    retained {a.RetainedBytes / 1048576.0:N1} MB for {a.Messages:N0} cached messages, average text {a.TextChars / (double)a.Messages:N1} chars");
        Console.Error.WriteLine($"    per cached message: {perMessage:N0} B in total (target <= 512 B, text included: {(perMessage <= 512 ? "met" : "NOT met")})");
        Console.Error.WriteLine($"    per cached message without the UTF-16 text ({payload:N0} B): {perMessage - payload:N0} B overhead " +
            $"(string headers, the 32-byte message entry, and the session's share: entry, key, id, arrays)");
        Console.Error.WriteLine($"    loading one session into the cache allocates {a.AllocatedPerLoad:N0} B (transient); a cached read {a.AllocatedPerHit:N0} B");

        Console.Error.WriteLine($"(b) {liveSessions:N0} live sessions x {liveMessages} messages");
        var b = await MeasureAsync(liveSessions, liveMessages, texts);
        Console.Error.WriteLine($"    managed heap after full GC: {b.HeapAfterBytes / 1048576.0:N1} MB (before loading: {b.HeapBeforeBytes / 1048576.0:N1} MB; " +
            $"the sessions: {b.RetainedBytes / 1048576.0:N1} MB, {b.RetainedBytes / (double)liveSessions:N0} B per session, {b.RetainedBytes / (double)b.Messages:N0} B per message)");
        return 0;
    }

    private sealed record Measurement(long Messages, long TextChars, long HeapBeforeBytes, long HeapAfterBytes, double AllocatedPerLoad, double AllocatedPerHit)
    {
        public long RetainedBytes => HeapAfterBytes - HeapBeforeBytes;
    }

    private static async Task<Measurement> MeasureAsync(int sessions, int messagesPerSession, string[] texts)
    {
        var dataDir = Directory.CreateTempSubdirectory("steward-bench-sessions-").FullName;
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        Steward.Hosting.StewardServiceCollectionExtensions.AddStewardCore(builder);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Steward:Storage:DataDir"] = dataDir,
            ["Logging:LogLevel:Default"] = "Warning",
            ["Steward:Sessions:CacheCapacity"] = sessions.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        long textChars;
        Measurement measurement;
        using (var host = builder.Build())
        {
            const string org = "bench";
            await host.Services.GetRequiredService<Steward.Hosting.Initializer>().InitAsync(org, "Bench", demo: false);
            textChars = await SeedAsync(host.Services.GetRequiredService<Database>(), org, sessions, messagesPerSession, texts);
            var store = host.Services.GetRequiredService<SessionStore>();

            // Warm up every code path (JIT, Dapper's caches, the connection pool), then empty the cache again.
            for (var i = 0; i < 200; i++)
            {
                await store.FindAsync(org, Id(i), CancellationToken.None);
                await store.FindAsync(org, Id(i), CancellationToken.None);
                store.Cache.Remove(org, Id(i));
            }

            var before = FullGc();
            var allocated = GC.GetTotalAllocatedBytes(precise: true);
            for (var i = 0; i < sessions; i++)
            {
                _ = await store.FindAsync(org, Id(i), CancellationToken.None) ?? throw new InvalidOperationException(Id(i));
            }

            var perLoad = (GC.GetTotalAllocatedBytes(precise: true) - allocated) / (double)sessions;
            var after = FullGc();
            if (store.Cache.Count != sessions)
            {
                throw new InvalidOperationException($"expected {sessions} cached sessions, found {store.Cache.Count}");
            }

            allocated = GC.GetTotalAllocatedBytes(precise: true);
            for (var i = 0; i < sessions; i++)
            {
                await store.FindAsync(org, Id(i), CancellationToken.None);
            }

            var perHit = (GC.GetTotalAllocatedBytes(precise: true) - allocated) / (double)sessions;
            measurement = new Measurement((long)sessions * messagesPerSession, textChars, before, after, perLoad, perHit);
            GC.KeepAlive(store);
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(dataDir, recursive: true);
        return measurement;
    }

    private static string Id(int i) => $"bench-session-{i:D7}";

    private static long FullGc()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    /// <summary>Writes the session rows as the store would have after the turns; returns the characters of text written.</summary>
    private static async Task<long> SeedAsync(Database database, string org, int sessions, int messagesPerSession, string[] texts)
    {
        var random = new Random(42);
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        long chars = 0;
        var started = Stopwatch.GetTimestamp();
        await using var connection = await database.OpenAsync();
        await using var transaction = await Database.BeginWriteAsync(connection);
        for (var i = 0; i < sessions; i++)
        {
            var messages = new CachedMessage[messagesPerSession];
            for (var m = 0; m < messagesPerSession; m++)
            {
                var text = Message(random, texts);
                chars += text.Length;
                messages[m] = new CachedMessage(text, m % 4 < 2 ? "배송문의" : "주문조회", now - (messagesPerSession - m) * 1000, m % 2 == 0 ? MessageRole.User : MessageRole.Assistant);
            }

            await connection.ExecuteAsync(
                """
                INSERT INTO conversation_sessions (org_id, id, generation, user_id, channel, created_at, last_active_at, expires_at, turn_count, slots, context)
                VALUES (@org, @id, 1, NULL, 'chat', @now, @now, @expires, @turns, @slots, @context)
                """,
                new
                {
                    org, id = Id(i), now, expires = now + 86_400_000L, turns = (long)messagesPerSession / 2,
                    slots = i % 3 == 0 ? """{"order_id":"20240101-0000123"}""" : SessionJson.EmptySlots, context = SessionJson.WriteContext(messages),
                },
                transaction);
        }

        await transaction.CommitAsync();
        Console.Error.WriteLine($"    seeded {sessions:N0} sessions in {Stopwatch.GetElapsedTime(started).TotalSeconds:N1} s");
        return chars;
    }

    private static string Message(Random random, string[] texts)
    {
        var length = random.Next(20, 61);
        var text = new StringBuilder();
        while (text.Length < length)
        {
            text.Append(texts[random.Next(texts.Length)]).Append(' ');
        }

        return text.ToString(0, length).TrimEnd();
    }

    private static string[] KoreanTexts()
    {
        using var stream = typeof(SessionStore).Assembly.GetManifestResourceStream("Steward.Intents.default-train.csv")!;
        using var reader = new StreamReader(stream);
        var texts = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            var text = line[..line.LastIndexOf(',')].Trim('"');
            if (text.Any(c => c is >= '\uAC00' and <= '\uD7A3'))
            {
                texts.Add(text);
            }
        }

        return [.. texts];
    }
}
