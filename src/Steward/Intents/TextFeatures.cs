using System.Globalization;
using System.Text;

namespace Steward.Intents;

/// <summary>
/// Turns a message into hashed sparse features that work for Korean without assuming words are separated by spaces:
/// character n-grams (2–5) over the whole normalised text, plus word unigrams and bigrams. Hashes are FNV-1a 64-bit
/// over the characters, so they are the same in every process (a trained model stores them).
/// </summary>
public static class TextFeatures
{
    public const int MinCharGram = 2;
    public const int MaxCharGram = 5;
    private const ulong FnvOffset = 14695981039346656037;
    private const ulong FnvPrime = 1099511628211;
    private const ulong CharGramSeed = 0x9E3779B97F4A7C15;
    private const ulong WordSeed = 0xC2B2AE3D27D4EB4F;
    private const ulong BigramSeed = 0x165667B19E3779F9;

    [ThreadStatic]
    private static StringBuilder? t_builder;

    /// <summary>Lower-case, NFKC (full-width forms, compatibility jamo), every digit as 0, whitespace collapsed, padded with spaces.</summary>
    public static string Normalise(string text)
    {
        var folded = text.Normalize(NormalizationForm.FormKC);
        var builder = (t_builder ??= new StringBuilder(256)).Clear().Append(' ');
        Span<char> utf16 = stackalloc char[2];
        var lastWasSpace = true;
        foreach (var rune in folded.EnumerateRunes())
        {
            if (Rune.IsWhiteSpace(rune) || Rune.IsControl(rune))
            {
                if (!lastWasSpace)
                {
                    builder.Append(' ');
                }

                lastWasSpace = true;
                continue;
            }

            lastWasSpace = false;
            if (Rune.IsDigit(rune))
            {
                builder.Append('0');
            }
            else
            {
                builder.Append(utf16[..Rune.ToLowerInvariant(rune).EncodeToUtf16(utf16)]);
            }
        }

        if (!lastWasSpace)
        {
            builder.Append(' ');
        }

        return builder.ToString();
    }

    /// <summary>Receives features; a struct sink keeps extraction free of delegate and closure allocations.</summary>
    public interface ISink
    {
        void Add(ulong feature);
    }

    /// <summary>Calls <paramref name="add"/> once per feature occurrence (a feature may repeat).</summary>
    public static void Extract(string normalised, Action<ulong> add)
    {
        var sink = new DelegateSink(add);
        Extract(normalised, ref sink);
    }

    /// <summary>Hands <paramref name="sink"/> one feature per occurrence (a feature may repeat).</summary>
    public static void Extract<TSink>(string normalised, ref TSink sink) where TSink : struct, ISink
    {
        var span = normalised.AsSpan();
        for (var n = MinCharGram; n <= MaxCharGram; n++)
        {
            for (var i = 0; i + n <= span.Length; i++)
            {
                var gram = span.Slice(i, n);
                if (gram.Trim().Length == 0)
                {
                    continue;
                }

                sink.Add(Hash(gram, CharGramSeed + (ulong)n));
            }
        }

        // Words (runs of letters and digits) and word bigrams.
        ulong previous = 0;
        var start = -1;
        for (var i = 0; i <= span.Length; i++)
        {
            var isWordChar = i < span.Length && (char.IsLetterOrDigit(span[i]) || CharUnicodeInfo.GetUnicodeCategory(span[i]) == UnicodeCategory.OtherLetter);
            if (isWordChar && start < 0)
            {
                start = i;
            }
            else if (!isWordChar && start >= 0)
            {
                var hash = Hash(span[start..i], WordSeed);
                sink.Add(hash);
                if (previous != 0)
                {
                    sink.Add((previous * 31) ^ hash ^ BigramSeed);
                }

                previous = hash;
                start = -1;
            }
        }
    }

    private readonly struct DelegateSink(Action<ulong> add) : ISink
    {
        public void Add(ulong feature) => add(feature);
    }

    private static ulong Hash(ReadOnlySpan<char> text, ulong seed)
    {
        var hash = FnvOffset ^ seed;
        foreach (var c in text)
        {
            hash = (hash ^ c) * FnvPrime;
        }

        return hash == 0 ? 1 : hash;
    }
}
