using System.Collections.Concurrent;

namespace Steward.Commerce;

/// <summary>
/// The names of an org's products, for recognising products in customers' messages. Cached per org for
/// <see cref="CacheFor"/>; each refresh is a new list, which is what tells the entity extractor to rebuild its index.
/// </summary>
public sealed class ProductCatalogue(ICommerceBackendResolver shops, TimeProvider time)
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromMinutes(1);

    private const int PageSize = 100;
    private const int MaxProducts = 20_000;

    private readonly ConcurrentDictionary<string, (long LoadedAt, IReadOnlyList<string> Names)> _cache = new(StringComparer.Ordinal);

    public async ValueTask<IReadOnlyList<string>> NamesAsync(string orgId, CancellationToken cancellationToken)
    {
        if (_cache.TryGetValue(orgId, out var cached) && time.GetElapsedTime(cached.LoadedAt) < CacheFor)
        {
            return cached.Names;
        }

        var shop = await shops.ForOrgAsync(orgId, cancellationToken);
        var names = new List<string>();
        while (names.Count < MaxProducts)
        {
            var page = await shop.ListProductsAsync(new ProductQuery(Limit: PageSize, Offset: names.Count), cancellationToken);
            names.AddRange(page.Select(product => product.Name));
            if (page.Count < PageSize)
            {
                break;
            }
        }

        _cache[orgId] = (time.GetTimestamp(), names);
        return names;
    }
}
