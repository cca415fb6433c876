using Dapper;
using Microsoft.Data.Sqlite;

namespace Steward.Tests.Storage;

/// <summary>The bundled SQLite (SQLitePCLRaw 3.x, pinned by hand) has what Steward relies on.</summary>
public class SqliteEngineTests
{
    [Fact]
    public async Task Bundled_sqlite_is_recent_and_has_fts5_with_the_trigram_tokenizer()
    {
        await using var connection = new SqliteConnection("Data Source=:memory:");
        await connection.OpenAsync();

        var version = Version.Parse(await connection.ExecuteScalarAsync<string>("SELECT sqlite_version()") ?? "0.0");
        Assert.True(version >= new Version(3, 35), $"SQLite {version} lacks RETURNING");
        await connection.ExecuteAsync("CREATE VIRTUAL TABLE t USING fts5(body, tokenize = 'trigram')");
        await connection.ExecuteAsync("INSERT INTO t (body) VALUES ('배송은 보통 2~3일 걸립니다')");
        Assert.Equal(1, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM t WHERE t MATCH '배송은'"));
    }
}
