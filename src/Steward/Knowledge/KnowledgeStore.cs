using System.Security.Cryptography;
using System.Text;
using Dapper;
using Steward.Audit;
using Steward.Storage;

namespace Steward.Knowledge;

public sealed record KbDocument(
    string Id, string Source, string Title, string Format, string ContentHash, long Version, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

public sealed record KbImportResult(KbDocument Document, int Chunks, bool Changed);

internal sealed record KbChunkRow(long Id, string DocumentId, string Title, string Heading, string Text);

/// <summary>
/// An org's knowledge-base documents and chunks in the database. Importing a source again replaces its chunks and bumps
/// its version (unchanged content changes nothing); deleting is soft. Every change bumps the org's revision in the
/// same transaction, which is how every instance's search index knows it must rebuild.
/// </summary>
public sealed class KnowledgeStore(Database database, AuditLog audit, TimeProvider time)
{
    private const string DocumentColumns = "id, source, title, format, content_hash, version, created_at, updated_at";

    public async Task<KbImportResult> ImportAsync(
        string orgId, string source, string content, DocumentFormat? format, AuditActor actor, CancellationToken cancellationToken = default)
    {
        var resolved = format ?? DocumentChunker.FormatOf(source);
        var chunks = DocumentChunker.Chunk(content, resolved);
        var title = DocumentChunker.TitleOf(content, resolved) ?? Path.GetFileNameWithoutExtension(source);
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{resolved}\n{content}")));
        var now = time.GetUtcNow();

        KbImportResult result;
        await using (var connection = await database.OpenAsync(cancellationToken))
        await using (var transaction = await Database.BeginWriteAsync(connection, cancellationToken))
        {
            if (database.Dialect == SqlDialect.Postgres)
            {
                // Two imports of one source at once would both see "no document" and both insert; serialise them per
                // (org, source) for the length of the transaction. SQLite's write transaction already serialises.
                await connection.ExecuteAsync("SELECT pg_advisory_xact_lock(hashtext(@key))", new { key = $"kb:{orgId}:{source}" }, transaction);
            }

            var existing = await connection.QuerySingleOrDefaultAsync<KbDocument>(
                $"SELECT {DocumentColumns} FROM kb_documents WHERE org_id = @orgId AND source = @source AND deleted_at IS NULL",
                new { orgId, source }, transaction);
            if (existing is not null && existing.ContentHash == hash)
            {
                return new KbImportResult(existing, await CountChunksAsync(connection, transaction, existing.Id), Changed: false);
            }

            var document = existing is null
                ? new KbDocument(Guid.CreateVersion7().ToString("n"), source, title, resolved.ToString(), hash, 1, now, now)
                : existing with { Title = title, Format = resolved.ToString(), ContentHash = hash, Version = existing.Version + 1, UpdatedAt = now };
            if (existing is null)
            {
                await connection.ExecuteAsync(
                    """
                    INSERT INTO kb_documents (id, org_id, source, title, format, content_hash, version, created_at, updated_at)
                    VALUES (@Id, @orgId, @Source, @Title, @Format, @ContentHash, @Version, @CreatedAt, @UpdatedAt)
                    """,
                    new { document.Id, orgId, document.Source, document.Title, document.Format, document.ContentHash, document.Version, document.CreatedAt, document.UpdatedAt },
                    transaction);
            }
            else
            {
                await connection.ExecuteAsync(
                    "UPDATE kb_documents SET title = @Title, format = @Format, content_hash = @ContentHash, version = @Version, updated_at = @UpdatedAt WHERE id = @Id",
                    document, transaction);
                await connection.ExecuteAsync("DELETE FROM kb_chunks WHERE document_id = @Id", new { document.Id }, transaction);
            }

            await connection.ExecuteAsync(
                "INSERT INTO kb_chunks (org_id, document_id, ordinal, heading, text) VALUES (@orgId, @documentId, @ordinal, @heading, @text)",
                chunks.Select((chunk, i) => new { orgId, documentId = document.Id, ordinal = i, heading = chunk.Heading, text = chunk.Text }),
                transaction);
            await BumpRevisionAsync(connection, transaction, orgId);
            await transaction.CommitAsync(cancellationToken);
            result = new KbImportResult(document, chunks.Count, Changed: true);
        }

        await audit.WriteAsync(new AuditEntry(orgId, actor, "kb.document.imported", "success", result.Document.Id,
            new Dictionary<string, string?> { ["source"] = source, ["version"] = result.Document.Version.ToString(System.Globalization.CultureInfo.InvariantCulture) }), cancellationToken);
        return result;
    }

    public async Task<bool> DeleteAsync(string orgId, string id, AuditActor actor, CancellationToken cancellationToken = default)
    {
        await using (var connection = await database.OpenAsync(cancellationToken))
        await using (var transaction = await Database.BeginWriteAsync(connection, cancellationToken))
        {
            var changed = await connection.ExecuteAsync(
                "UPDATE kb_documents SET deleted_at = @now, updated_at = @now WHERE id = @id AND org_id = @orgId AND deleted_at IS NULL",
                new { id, orgId, now = time.GetUtcNow() }, transaction);
            if (changed == 0)
            {
                return false;
            }

            await connection.ExecuteAsync("DELETE FROM kb_chunks WHERE document_id = @id AND org_id = @orgId", new { id, orgId }, transaction);
            await BumpRevisionAsync(connection, transaction, orgId);
            await transaction.CommitAsync(cancellationToken);
        }

        await audit.WriteAsync(new AuditEntry(orgId, actor, "kb.document.deleted", "success", id), cancellationToken);
        return true;
    }

    public async Task<IReadOnlyList<KbDocument>> ListAsync(string orgId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<KbDocument>(
            $"SELECT {DocumentColumns} FROM kb_documents WHERE org_id = @orgId AND deleted_at IS NULL ORDER BY source", new { orgId })).ToList();
    }

    /// <summary>The org's knowledge-base revision: 0 before anything was imported.</summary>
    public async Task<long> RevisionAsync(string orgId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long?>("SELECT revision FROM kb_state WHERE org_id = @orgId", new { orgId }) ?? 0;
    }

    internal async Task<(long Revision, IReadOnlyList<KbChunkRow> Chunks)> SnapshotAsync(string orgId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        // One snapshot for the revision and the chunks it describes.
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);
        var revision = await connection.ExecuteScalarAsync<long?>("SELECT revision FROM kb_state WHERE org_id = @orgId", new { orgId }, transaction) ?? 0;
        var chunks = await connection.QueryAsync<KbChunkRow>(
            """
            SELECT c.id, c.document_id, d.title, c.heading, c.text
            FROM kb_chunks c JOIN kb_documents d ON d.id = c.document_id
            WHERE c.org_id = @orgId AND d.deleted_at IS NULL
            ORDER BY c.id
            """,
            new { orgId }, transaction);
        return (revision, chunks.ToList());
    }

    private static async Task<int> CountChunksAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction transaction, string documentId) =>
        (int)await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM kb_chunks WHERE document_id = @documentId", new { documentId }, transaction);

    private static Task BumpRevisionAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction transaction, string orgId) =>
        connection.ExecuteAsync(
            "INSERT INTO kb_state (org_id, revision) VALUES (@orgId, 1) ON CONFLICT (org_id) DO UPDATE SET revision = kb_state.revision + 1",
            new { orgId }, transaction);
}
