using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;

namespace Steward.Intents;

/// <summary>
/// Finds order numbers, phone numbers, tracking numbers, e-mail addresses, amounts, catalogue products, dates and
/// periods in a customer's message (Korean or English) and normalises their values.
/// </summary>
/// <remarks>
/// <para>
/// Every recogniser proposes candidates; overlaps are then resolved greedily, longest span first and, for spans of
/// equal length, by kind (e-mail, order number, phone, period, date, amount, tracking number, product). So a span is
/// reported as one entity only, and an order number is never also a phone or a date.
/// </para>
/// <para>
/// Never throws for any text; the result is ordered by <see cref="Entity.Start"/> and deterministic. Instances are
/// thread-safe; share one.
/// </para>
/// </remarks>
public sealed partial class EntityExtractor
{
    // Keyed by list instance: building the index costs more than most messages, and a shop's catalogue list is
    // replaced, not edited, when it changes (see ExtractionContext.Catalogue).
    private readonly ConditionalWeakTable<IReadOnlyList<string>, CatalogueMatcher> _catalogues = new();

    /// <summary>Returns the entities in <paramref name="text"/>, ordered by position.</summary>
    public IReadOnlyList<Entity> Extract(string text, ExtractionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (string.IsNullOrEmpty(text))
        {
            return [];
        }

        var candidates = new List<Entity>();
        if (text.Contains('@'))
        {
            foreach (ValueMatch match in EmailRegex().EnumerateMatches(text))
            {
                string email = text.Substring(match.Index, match.Length);
                candidates.Add(new Entity(EntityKind.Email, email, match.Index, match.Length, email.ToLowerInvariant()));
            }
        }

        NumberEntities.Collect(text, candidates);
        AmountEntities.Collect(text, candidates);
        DateEntities.Collect(text, context.Today, candidates);
        if (context.Catalogue is { Count: > 0 } catalogue)
        {
            _catalogues.GetValue(catalogue, static names => new CatalogueMatcher(names)).Collect(text, candidates);
        }

        return Resolve(candidates, text.Length);
    }

    /// <summary>Keeps the longest (then most specific) candidates that do not overlap, in text order.</summary>
    private static List<Entity> Resolve(List<Entity> candidates, int textLength)
    {
        if (candidates.Count <= 1)
        {
            return candidates;
        }

        candidates.Sort(static (a, b) =>
        {
            int order = b.Length.CompareTo(a.Length);
            if (order == 0) order = Rank(a.Kind).CompareTo(Rank(b.Kind));
            if (order == 0) order = a.Start.CompareTo(b.Start);
            return order != 0 ? order : string.CompareOrdinal(a.Value, b.Value);
        });

        // One flag per character keeps resolution linear in the text rather than quadratic in the candidates.
        var taken = new bool[textLength];
        var kept = new List<Entity>();
        foreach (Entity candidate in candidates)
        {
            Span<bool> span = taken.AsSpan(candidate.Start, candidate.Length);
            if (span.Contains(true))
            {
                continue;
            }

            span.Fill(true);
            kept.Add(candidate);
        }

        kept.Sort(static (a, b) => a.Start.CompareTo(b.Start));
        return kept;
    }

    /// <summary>Tie-break for spans of equal length: lower is more specific.</summary>
    private static int Rank(EntityKind kind) => kind switch
    {
        EntityKind.Email => 0,
        EntityKind.OrderNumber => 1,
        EntityKind.Phone => 2,
        EntityKind.Period => 3,
        EntityKind.Date => 4,
        EntityKind.Amount => 5,
        EntityKind.TrackingNumber => 6,
        _ => 7,
    };

    // Same shape as PiiMasker's: the unbounded local part before '@' lets the generator search for '@' first.
    [GeneratedRegex(
        @"[A-Za-z0-9._%+\-]+@(?:[A-Za-z0-9\-]{1,63}\.){1,8}[A-Za-z]{2,24}",
        RegexOptions.CultureInvariant)]
    private static partial Regex EmailRegex();
}
