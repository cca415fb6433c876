using System.Text;

namespace Steward.Knowledge;

/// <summary>
/// Turns text into index terms that work for Korean and English alike. Words are runs of letters and digits, lower-cased
/// and NFKC-folded; English words lose common inflections (a light stemmer: "deleting", "deleted", "deletes" → "delet");
/// Korean has no reliable word boundary and glues particles to nouns ("배송은", "배송이"), so every Hangul run also yields
/// its character bigrams ("배송", "송은"), which is what lets "배송" match "배송은".
/// </summary>
public static class TextAnalyzer
{
    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "i", "in", "is", "it", "of", "on", "or", "the", "to", "with",
        "my", "me", "do", "can", "how", "what",
    };

    public static List<string> Terms(string text, bool stem = true, bool hangulBigrams = true)
    {
        var terms = new List<string>();
        var normalised = text.Normalize(NormalizationForm.FormKC).ToLowerInvariant();
        var start = -1;
        for (var i = 0; i <= normalised.Length; i++)
        {
            var isWordChar = i < normalised.Length && char.IsLetterOrDigit(normalised[i]);
            if (isWordChar && start < 0)
            {
                start = i;
            }
            else if (!isWordChar && start >= 0)
            {
                AddWord(normalised.AsSpan(start, i - start), terms, stem, hangulBigrams);
                start = -1;
            }
        }

        return terms;
    }

    private static void AddWord(ReadOnlySpan<char> word, List<string> terms, bool stem, bool hangulBigrams)
    {
        var text = word.ToString();
        if (StopWords.Contains(text))
        {
            return;
        }

        if (IsHangul(word[0]))
        {
            terms.Add(text);
            if (hangulBigrams)
            {
                for (var i = 0; i + 2 <= word.Length; i++)
                {
                    terms.Add("~" + word.Slice(i, 2).ToString()); // "~" keeps bigrams apart from two-syllable words
                }
            }

            return;
        }

        terms.Add(stem ? Stem(text) : text);
    }

    /// <summary>Strips the commonest English inflections; not a linguist's stemmer, a recall helper.</summary>
    internal static string Stem(string word)
    {
        if (word.Length <= 3 || !word.All(c => c is >= 'a' and <= 'z'))
        {
            return word;
        }

        foreach (var suffix in new[] { "ational", "ization", "ing", "edly", "ed", "ies", "es", "ly", "s" })
        {
            if (word.EndsWith(suffix, StringComparison.Ordinal) && word.Length - suffix.Length >= 3)
            {
                var stem = word[..^suffix.Length];
                return suffix == "ies" ? stem + "y" : stem;
            }
        }

        return word;
    }

    private static bool IsHangul(char c) => c is >= '\uAC00' and <= '\uD7A3' or >= '\u1100' and <= '\u11FF' or >= '\u3130' and <= '\u318F';
}
