using Dapper;
using Microsoft.Extensions.Hosting;
using Steward.Storage;
using Steward.Tests.Fixtures;

namespace Steward.Tests.Storage;

public class MigratorTests
{
    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task Applies_every_migration_once_and_then_nothing(string backend)
    {
        await using var storage = await Backends.CreateAsync(backend);
        using var host = Fixtures.Services.Build(storage);
        var migrator = host.Services.GetRequiredService<Migrator>();
        var expected = Migration.For(backend == Backends.Sqlite ? SqlDialect.Sqlite : SqlDialect.Postgres);

        Assert.Equal(expected.Count, (await migrator.PendingAsync()).Count);
        var first = await migrator.MigrateAsync();
        var second = await migrator.MigrateAsync();

        Assert.Equal(expected.Select(m => m.Version), first.Select(m => m.Version));
        Assert.Empty(second);
        Assert.Empty(await migrator.PendingAsync());
    }

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task Concurrent_migrators_on_one_database_apply_each_migration_exactly_once(string backend)
    {
        await using var storage = await Backends.CreateAsync(backend);
        var hosts = Enumerable.Range(0, 4).Select(_ => Fixtures.Services.Build(storage)).ToList();
        try
        {
            var results = await Task.WhenAll(hosts.Select(host => Task.Run(() => host.Services.GetRequiredService<Migrator>().MigrateAsync())));

            var applied = results.SelectMany(r => r).GroupBy(m => m.Version).ToList();
            Assert.All(applied, group => Assert.Single(group));
            await using var connection = await hosts[0].Services.GetRequiredService<Database>().OpenAsync();
            Assert.Equal(applied.Count, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM schema_migrations"));
        }
        finally
        {
            hosts.ForEach(host => host.Dispose());
        }
    }

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task Audit_events_are_append_only(string backend)
    {
        await using var storage = await Backends.CreateAsync(backend);
        using var host = await Fixtures.Services.BuildWithOrgAsync(storage, "acme");
        await using var connection = await host.Services.GetRequiredService<Database>().OpenAsync();
        Assert.True(await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM audit_events") > 0);

        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => connection.ExecuteAsync("UPDATE audit_events SET outcome = 'forged'"));
        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => connection.ExecuteAsync("DELETE FROM audit_events"));
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM audit_events WHERE outcome = 'forged'"));
    }

    [Fact]
    public void Both_dialects_have_the_same_migrations()
    {
        var sqlite = Migration.For(SqlDialect.Sqlite).Select(m => (m.Version, m.Name));
        var postgres = Migration.For(SqlDialect.Postgres).Select(m => (m.Version, m.Name));
        Assert.Equal(sqlite, postgres);
        Assert.NotEmpty(sqlite);
    }

    [Theory]
    [InlineData("postgres://steward:p%40ss@db.example:6543/prod?sslmode=require", "db.example", 6543, "prod", "steward", "p@ss")]
    [InlineData("postgresql://u@localhost/steward", "localhost", 5432, "steward", "u", null)]
    [InlineData("Host=h;Port=5433;Database=d;Username=u;Password=pw", "h", 5433, "d", "u", "pw")]
    public void Postgres_urls_and_connection_strings_are_both_accepted(string value, string host, int port, string database, string user, string? password)
    {
        Assert.True(PostgresConnectionString.IsPostgres(value));
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(PostgresConnectionString.Normalize(value));
        Assert.Equal((host, port, database, user, password), (builder.Host, builder.Port, builder.Database, builder.Username, builder.Password));
    }

    [Theory]
    [InlineData("ConnectionStrings:Steward")]
    [InlineData("Steward:Storage:ConnectionString")]
    public async Task One_setting_switches_storage_to_postgres(string key)
    {
        await using var storage = await Backends.CreateAsync(Backends.Sqlite);
        using var host = Fixtures.Services.Build(storage, new Dictionary<string, string?> { [key] = "postgres://steward:secret@db.example:5432/steward" });
        var database = host.Services.GetRequiredService<Database>();

        Assert.Equal(SqlDialect.Postgres, database.Dialect);
        Assert.Equal("postgres://db.example:5432/steward", database.Description);
        Assert.DoesNotContain("secret", database.Description);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Data Source=x.db")]
    public void Anything_else_means_sqlite(string? value) => Assert.False(PostgresConnectionString.IsPostgres(value));
}
