using Dapper;
using Microsoft.Data.Sqlite;

namespace Steward.Storage;

/// <summary>
/// Backups of the SQLite database through SQLite's online backup API (consistent while the server writes), each
/// copy checked with <c>PRAGMA quick_check</c> before it counts. Restore goes through the same API in reverse, so a
/// running server's connections see the restored data rather than a file swapped under them.
/// </summary>
public sealed class SqliteBackup(Database database)
{
    public async Task<long> BackupAsync(string destination, CancellationToken cancellationToken = default)
    {
        var source = RequireSqlite();
        destination = Path.GetFullPath(destination);
        if (File.Exists(destination))
        {
            throw new IOException($"{destination} already exists; choose a new file name.");
        }

        Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
        var partial = destination + ".partial";
        File.Delete(partial);
        await using (var from = Open(source, SqliteOpenMode.ReadOnly))
        await using (var to = Open(partial, SqliteOpenMode.ReadWriteCreate))
        {
            await from.OpenAsync(cancellationToken);
            await to.OpenAsync(cancellationToken);
            from.BackupDatabase(to);
        }

        await QuickCheckAsync(partial, cancellationToken);
        File.Move(partial, destination);
        return new FileInfo(destination).Length;
    }

    public async Task RestoreAsync(string backup, CancellationToken cancellationToken = default)
    {
        var target = RequireSqlite();
        backup = Path.GetFullPath(backup);
        if (!File.Exists(backup))
        {
            throw new FileNotFoundException($"{backup} does not exist.");
        }

        await QuickCheckAsync(backup, cancellationToken);
        await using (var check = Open(backup, SqliteOpenMode.ReadOnly))
        {
            await check.OpenAsync(cancellationToken);
            var isSteward = await check.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'");
            if (isSteward == 0)
            {
                throw new InvalidDataException($"{backup} is an SQLite database but not a Steward backup (no schema_migrations table).");
            }
        }

        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        await using var from = Open(backup, SqliteOpenMode.ReadOnly);
        await using var to = Open(target, SqliteOpenMode.ReadWriteCreate);
        await from.OpenAsync(cancellationToken);
        await to.OpenAsync(cancellationToken);
        from.BackupDatabase(to);
    }

    /// <summary>Throws unless <c>PRAGMA quick_check</c> answers <c>ok</c>.</summary>
    public static async Task QuickCheckAsync(string path, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = Open(path, SqliteOpenMode.ReadOnly);
            await connection.OpenAsync(cancellationToken);
            var result = (await connection.QueryAsync<string>("PRAGMA quick_check")).ToList();
            if (result is not ["ok"])
            {
                throw new InvalidDataException($"{path} failed PRAGMA quick_check: {string.Join("; ", result.Take(5))}");
            }
        }
        catch (SqliteException ex)
        {
            throw new InvalidDataException($"{path} is not a readable SQLite database ({ex.SqliteErrorCode}).", ex);
        }
    }

    private string RequireSqlite() =>
        database.SqlitePath ?? throw new InvalidOperationException(
            "Backups copy the SQLite database; on PostgreSQL use pg_dump and pg_restore (see docs/operations.md).");

    // Pooling off: the files must be closed when we are done with them (the copy is moved, the backup may be deleted).
    private static SqliteConnection Open(string path, SqliteOpenMode mode) =>
        new(new SqliteConnectionStringBuilder { DataSource = path, Mode = mode, Pooling = false }.ToString());
}
