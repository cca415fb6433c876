using System.Data.Common;
using Dapper;

namespace Steward.Storage;

/// <summary>
/// Applies the embedded migrations in order, each in its own transaction, recording them in <c>schema_migrations</c>.
/// Several instances may start at once: PostgreSQL serialises them with an advisory lock, SQLite with
/// <c>BEGIN IMMEDIATE</c>, and each migration is re-checked inside its transaction.
/// </summary>
public sealed class Migrator(Database database, TimeProvider time)
{
    private const long AdvisoryLockKey = 0x5374657761726400; // "Steward\0"

    public async Task<IReadOnlyList<Migration>> PendingAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var historyExists = await connection.ExecuteScalarAsync<long>(database.Dialect == SqlDialect.Sqlite
            ? "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'"
            : "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = 'schema_migrations'");
        var applied = historyExists == 0
            ? []
            : (await connection.QueryAsync<long>("SELECT version FROM schema_migrations")).ToHashSet();
        return Migration.For(database.Dialect).Where(m => !applied.Contains(m.Version)).ToList();
    }

    /// <summary>Applies what is pending and returns what it applied.</summary>
    public async Task<IReadOnlyList<Migration>> MigrateAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        if (database.Dialect == SqlDialect.Sqlite)
        {
            await connection.ExecuteAsync("PRAGMA journal_mode=WAL;");
        }

        if (database.Dialect == SqlDialect.Postgres)
        {
            await connection.ExecuteAsync("SELECT pg_advisory_lock(@key)", new { key = AdvisoryLockKey });
        }

        try
        {
            await EnsureHistoryTableAsync(connection);
            var applied = new List<Migration>();
            foreach (var migration in Migration.For(database.Dialect))
            {
                if (await ApplyAsync(connection, migration, cancellationToken))
                {
                    applied.Add(migration);
                }
            }

            return applied;
        }
        finally
        {
            if (database.Dialect == SqlDialect.Postgres)
            {
                await connection.ExecuteAsync("SELECT pg_advisory_unlock(@key)", new { key = AdvisoryLockKey });
            }
        }
    }

    private async Task<bool> ApplyAsync(DbConnection connection, Migration migration, CancellationToken cancellationToken)
    {
        if (database.Dialect == SqlDialect.Sqlite)
        {
            // BEGIN IMMEDIATE takes the write lock up front, so two processes cannot both decide to apply.
            await connection.ExecuteAsync("BEGIN IMMEDIATE");
            try
            {
                var done = await ApplyInsideTransactionAsync(connection, null, migration);
                await connection.ExecuteAsync("COMMIT");
                return done;
            }
            catch
            {
                await connection.ExecuteAsync("ROLLBACK");
                throw;
            }
        }

        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var applied = await ApplyInsideTransactionAsync(connection, transaction, migration);
        await transaction.CommitAsync(cancellationToken);
        return applied;
    }

    private async Task<bool> ApplyInsideTransactionAsync(DbConnection connection, DbTransaction? transaction, Migration migration)
    {
        var exists = await connection.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM schema_migrations WHERE version = @Version", new { migration.Version }, transaction);
        if (exists > 0)
        {
            return false;
        }

        await connection.ExecuteAsync(migration.Sql, transaction: transaction);
        await connection.ExecuteAsync(
            "INSERT INTO schema_migrations (version, name, applied_at) VALUES (@Version, @Name, @AppliedAt)",
            new { migration.Version, migration.Name, AppliedAt = time.GetUtcNow() },
            transaction);
        return true;
    }

    private static Task EnsureHistoryTableAsync(DbConnection connection) =>
        connection.ExecuteAsync(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)");
}
