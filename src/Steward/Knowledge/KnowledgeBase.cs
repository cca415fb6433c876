using System.Collections.Concurrent;

namespace Steward.Knowledge;

/// <summary>A passage that answers a query: where it comes from, a snippet to show, and how well it matched.</summary>
public sealed record KbHit(string DocumentId, string Title, string Heading, string Snippet, double Score, long ChunkId);

/// <summary>
/// Searches an org's knowledge base. Each instance keeps one in-memory BM25 index per org and rebuilds it when the org's
/// revision in the database moves (one indexed read per search), so an import on any instance is seen by all.
/// </summary>
public sealed class KnowledgeBase(KnowledgeStore store)
{
    public const int SnippetLength = 200;

    private readonly ConcurrentDictionary<string, OrgIndex> _indexes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _rebuilding = new(StringComparer.Ordinal);

    public async Task<IReadOnlyList<KbHit>> SearchAsync(string orgId, string query, int top = 5, CancellationToken cancellationToken = default)
    {
        var index = await IndexAsync(orgId, cancellationToken);
        return index.Search.Search(query, Math.Clamp(top, 1, 50))
            .Select(hit =>
            {
                var chunk = index.Chunks[hit.Document];
                var snippet = chunk.Text.Length <= SnippetLength ? chunk.Text : chunk.Text[..SnippetLength] + "…";
                return new KbHit(chunk.DocumentId, chunk.Title, chunk.Heading, snippet, Math.Round(hit.Score, 4), chunk.Id);
            })
            .ToList();
    }

    private async Task<OrgIndex> IndexAsync(string orgId, CancellationToken cancellationToken)
    {
        var revision = await store.RevisionAsync(orgId, cancellationToken);
        if (_indexes.TryGetValue(orgId, out var current) && current.Revision == revision)
        {
            return current;
        }

        // One rebuild per org at a time; the others wait for it rather than all rebuilding.
        var gate = _rebuilding.GetOrAdd(orgId, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            if (_indexes.TryGetValue(orgId, out current) && current.Revision >= revision)
            {
                return current;
            }

            var (snapshotRevision, chunks) = await store.SnapshotAsync(orgId, cancellationToken);
            var search = new Bm25Index(new Bm25Options(), text => TextAnalyzer.Terms(text));
            foreach (var chunk in chunks)
            {
                // The heading path counts twice: it names what the passage is about.
                search.Add($"{chunk.Heading} {chunk.Heading} {chunk.Text}");
            }

            var built = new OrgIndex(snapshotRevision, search, chunks);
            _indexes[orgId] = built;
            return built;
        }
        finally
        {
            gate.Release();
        }
    }

    private sealed record OrgIndex(long Revision, Bm25Index Search, IReadOnlyList<KbChunkRow> Chunks);
}
