using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Steward.Storage;

/// <summary>
/// The one way Steward reaches its database: SQLite (WAL) under the data folder by default, PostgreSQL when a
/// connection string is configured. Callers write portable SQL and branch on <see cref="Dialect"/> only where the
/// dialects really differ.
/// </summary>
public sealed class Database : IAsyncDisposable, IDisposable
{
    private readonly string _sqliteConnectionString = "";
    private readonly NpgsqlDataSource? _postgres;

    public Database(IOptions<StorageOptions> options)
    {
        DapperSetup.EnsureConfigured();
        var storage = options.Value;
        if (PostgresConnectionString.IsPostgres(storage.ConnectionString))
        {
            Dialect = SqlDialect.Postgres;
            var builder = new NpgsqlConnectionStringBuilder(PostgresConnectionString.Normalize(storage.ConnectionString!));
            _postgres = NpgsqlDataSource.Create(builder);
            Description = $"postgres://{builder.Host}:{builder.Port}/{builder.Database}";
        }
        else
        {
            Dialect = SqlDialect.Sqlite;
            SqlitePath = storage.SqlitePath;
            Directory.CreateDirectory(Path.GetDirectoryName(SqlitePath)!);
            _sqliteConnectionString = new SqliteConnectionStringBuilder
            {
                DataSource = SqlitePath,
                ForeignKeys = true,
                Pooling = true,
                DefaultTimeout = 30,
            }.ToString();
            Description = $"sqlite:{SqlitePath}";
        }
    }

    public SqlDialect Dialect { get; }

    /// <summary>Where the data lives, without credentials: safe to print and log.</summary>
    public string Description { get; }

    /// <summary>The SQLite file, or null on PostgreSQL.</summary>
    public string? SqlitePath { get; }

    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default)
    {
        if (_postgres is not null)
        {
            return await _postgres.OpenConnectionAsync(cancellationToken);
        }

        var connection = new SqliteConnection(_sqliteConnectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    /// <summary>
    /// A transaction that will write: on SQLite it takes the write lock at BEGIN (IMMEDIATE), so two writers queue on the
    /// busy timeout instead of one failing when it upgrades a read lock.
    /// </summary>
    public static async Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken = default) =>
        connection is SqliteConnection sqlite
            ? sqlite.BeginTransaction(System.Data.IsolationLevel.Serializable, deferred: false)
            : await connection.BeginTransactionAsync(cancellationToken);

    /// <summary>For the few callers whose interface is synchronous (the Data Protection key repository).</summary>
    public DbConnection Open()
    {
        if (_postgres is not null)
        {
            return _postgres.OpenConnection();
        }

        var connection = new SqliteConnection(_sqliteConnectionString);
        connection.Open();
        return connection;
    }

    public void Dispose() => _postgres?.Dispose();

    public async ValueTask DisposeAsync()
    {
        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }
    }
}
