using Npgsql;

namespace Steward.Tests.Fixtures;

/// <summary>
/// The storage backends every storage-touching test runs on: SQLite always, PostgreSQL when
/// <c>STEWARD_TEST_POSTGRES</c> holds a connection string (CI sets it). Each test app gets its own fresh database.
/// </summary>
public static class Backends
{
    public const string Sqlite = "sqlite";
    public const string Postgres = "postgres";

    public static string? PostgresAdminConnectionString => Environment.GetEnvironmentVariable("STEWARD_TEST_POSTGRES") is { Length: > 0 } value ? value : null;

    public static TheoryData<string> All
    {
        get
        {
            var data = new TheoryData<string> { Sqlite };
            if (PostgresAdminConnectionString is not null)
            {
                data.Add(Postgres);
            }

            return data;
        }
    }

    public static TheoryData<string> PostgresOnly
    {
        get
        {
            var data = new TheoryData<string>();
            if (PostgresAdminConnectionString is not null)
            {
                data.Add(Postgres);
            }
            else
            {
                // Without PostgreSQL, shared-state tests run on SQLite files shared by two app instances instead.
                data.Add(Sqlite);
            }

            return data;
        }
    }

    /// <summary>A fresh empty database: configuration for it, and a disposer that removes it.</summary>
    public static async Task<TestStorage> CreateAsync(string backend)
    {
        var dataDir = Directory.CreateTempSubdirectory("steward-test-").FullName;
        if (backend == Sqlite)
        {
            return new TestStorage(backend, dataDir, null);
        }

        var admin = PostgresAdminConnectionString ?? throw new InvalidOperationException("STEWARD_TEST_POSTGRES is not set.");
        var name = "steward_t_" + Guid.NewGuid().ToString("n")[..16];
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await command.ExecuteNonQueryAsync();
        }

        var builder = new NpgsqlConnectionStringBuilder(admin) { Database = name, Pooling = true };
        return new TestStorage(backend, dataDir, builder.ConnectionString);
    }
}

public sealed class TestStorage(string backend, string dataDir, string? postgres) : IAsyncDisposable
{
    public string Backend { get; } = backend;

    public string DataDir { get; } = dataDir;

    public string? PostgresConnectionString { get; } = postgres;

    /// <summary>Configuration keys that point Steward at this storage.</summary>
    public Dictionary<string, string?> Settings() => new()
    {
        ["Steward:Storage:DataDir"] = DataDir,
        ["Steward:Storage:ConnectionString"] = PostgresConnectionString,
    };

    /// <summary>The same as environment variables, for a child process.</summary>
    public Dictionary<string, string> Environment()
    {
        var environment = new Dictionary<string, string> { ["STEWARD_DATA_DIR"] = DataDir };
        if (PostgresConnectionString is not null)
        {
            environment["STEWARD_DATABASE_URL"] = PostgresConnectionString;
        }

        return environment;
    }

    public async ValueTask DisposeAsync()
    {
        if (PostgresConnectionString is not null)
        {
            NpgsqlConnection.ClearAllPools();
            var database = new NpgsqlConnectionStringBuilder(PostgresConnectionString).Database;
            await using var connection = new NpgsqlConnection(Backends.PostgresAdminConnectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS {database} WITH (FORCE)", connection);
            await command.ExecuteNonQueryAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(DataDir, recursive: true);
        }
        catch (IOException)
        {
            // A child process may still hold a file for a moment; the temp folder is cleaned by the OS eventually.
        }
    }
}
