using System.Buffers;
using System.Text;
using System.Text.RegularExpressions;

namespace Steward.Security;

/// <summary>
/// Replaces personal data in free text (log lines, messages) with typed placeholders:
/// <c>[EMAIL]</c>, <c>[PHONE]</c>, <c>[RRN]</c>, <c>[CARD]</c> and <c>[EMPLOYEE_ID]</c>.
/// </summary>
/// <remarks>
/// <para>
/// Built for the logging hot path: text without any ASCII digit and without <c>@</c> is returned as the same
/// instance after one vectorised scan, and text that contains numbers but no personal data is returned as the same
/// instance without allocating.
/// </para>
/// <para>
/// Numbers are only considered as whole tokens: a candidate must not be preceded or followed by a digit, nor by a
/// hyphen or dot that is itself attached to a digit. So parts of longer numbers such as the Cafe24 order number
/// <c>20240101-0000123</c> or a 12-digit tracking number <c>010123456789</c> are never masked, while numbers glued
/// to Korean text (<c>연락처010-1234-5678로</c>) are.
/// </para>
/// <para>Instances are immutable and thread-safe.</para>
/// </remarks>
public sealed partial class PiiMasker
{
    private const string EmailPlaceholder = "[EMAIL]";
    private const string PhonePlaceholder = "[PHONE]";
    private const string RrnPlaceholder = "[RRN]";
    private const string CardPlaceholder = "[CARD]";
    private const string EmployeeIdPlaceholder = "[EMPLOYEE_ID]";

    /// <summary>Returned instead of the text when the configurable employee-id pattern times out (fail closed).</summary>
    private const string RedactedPlaceholder = "[REDACTED]";

    private const int MinCardDigits = 13;
    private const int MaxCardDigits = 19;

    private static readonly TimeSpan EmployeeIdMatchTimeout = TimeSpan.FromMilliseconds(100);

    /// <summary>Every pattern needs at least one of these characters; without them the text is returned as is.</summary>
    private static readonly SearchValues<char> Triggers = SearchValues.Create("0123456789@");

    // SearchValues rather than the generic *InRange<T> helpers, which box (allocate) until they are tiered up.
    private static readonly SearchValues<char> Digits = SearchValues.Create("0123456789");

    private readonly Regex? _employeeId;

    /// <summary>Number of the employee-id pattern's <c>id</c> group, or -1 if it has none.</summary>
    private readonly int _employeeIdGroup = -1;

    /// <summary>Creates a masker for the given options.</summary>
    /// <exception cref="ArgumentException"><see cref="PiiMaskingOptions.EmployeeIdPattern"/> is not a valid regular expression.</exception>
    public PiiMasker(PiiMaskingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);

        string? pattern = options.EmployeeIdPattern;
        if (string.IsNullOrWhiteSpace(pattern))
        {
            return;
        }

        try
        {
            _employeeId = new Regex(pattern, RegexOptions.Compiled | RegexOptions.CultureInvariant, EmployeeIdMatchTimeout);
            _employeeIdGroup = _employeeId.GroupNumberFromName("id");
        }
        catch (ArgumentException ex)
        {
            throw new ArgumentException(
                $"{PiiMaskingOptions.Section}:{nameof(PiiMaskingOptions.EmployeeIdPattern)} is not a valid regular expression: {ex.Message}",
                nameof(options),
                ex);
        }
    }

    /// <summary>A masker with the default <see cref="PiiMaskingOptions"/>.</summary>
    public static PiiMasker Default { get; } = new(new PiiMaskingOptions());

    /// <summary>
    /// Returns <paramref name="text"/> with personal data replaced by typed placeholders. Returns
    /// <see cref="string.Empty"/> for <see langword="null"/>, and the same instance when there is nothing to mask.
    /// </summary>
    /// <remarks>
    /// Never throws for any input. If the configurable employee-id pattern exceeds its match timeout, the result is
    /// <c>[REDACTED]</c> (fail closed) rather than the possibly unmasked text.
    /// </remarks>
    public string Mask(string? text)
    {
        if (text is null)
        {
            return string.Empty;
        }

        if (text.AsSpan().IndexOfAny(Triggers) < 0)
        {
            return text;
        }

        // E-mail first: a local part may contain digits ("user123@...") that must not be read as numbers.
        // Employee ids next, so that a labelled id ("사번 0101234567") is reported as such.
        string result = text;
        if (result.Contains('@'))
        {
            result = EmailRegex().Replace(result, EmailPlaceholder);
        }

        if (_employeeId is not null)
        {
            try
            {
                result = ReplaceEmployeeIds(_employeeId, _employeeIdGroup, result);
            }
            catch (RegexMatchTimeoutException)
            {
                return RedactedPlaceholder;
            }
        }

        if (result.AsSpan().ContainsAny(Digits))
        {
            result = ReplaceNumbers(result);
        }

        return result;
    }

    private static string ReplaceEmployeeIds(Regex regex, int idGroup, string text)
    {
        // Regex.Match allocates only when it finds something; the group lookup needs a Match.
        Match match = regex.Match(text);
        StringBuilder? builder = null;
        int copied = 0;
        for (; match.Success; match = match.NextMatch())
        {
            Group target = idGroup >= 0 && match.Groups[idGroup].Success ? match.Groups[idGroup] : match;

            // Skip empty matches, and an id captured in a lookbehind that reaches back before text already copied.
            if (target.Length == 0 || target.Index < copied)
            {
                continue;
            }

            builder ??= new StringBuilder(text.Length);
            builder.Append(text, copied, target.Index - copied).Append(EmployeeIdPlaceholder);
            copied = target.Index + target.Length;
        }

        return builder is null ? text : builder.Append(text, copied, text.Length - copied).ToString();
    }

    /// <summary>Masks resident registration numbers, phone numbers and card numbers in one pass.</summary>
    private static string ReplaceNumbers(string text)
    {
        Regex regex = NumberRegex();
        ReadOnlySpan<char> span = text;
        StringBuilder? builder = null;
        int copied = 0;
        int position = 0;

        while (position < span.Length)
        {
            // Restarting the enumeration (instead of continuing it) lets the scan resume inside a rejected card
            // candidate; this allocates nothing.
            Regex.ValueMatchEnumerator matches = regex.EnumerateMatches(span, position);
            if (!matches.MoveNext())
            {
                break;
            }

            ValueMatch match = matches.Current;
            ReadOnlySpan<char> candidate = span.Slice(match.Index, match.Length);
            int length = match.Length;
            string placeholder;

            if (IsResidentRegistrationNumber(candidate))
            {
                placeholder = RrnPlaceholder;
            }
            else if (candidate[0] is '+' or '(' or '0' or '1')
            {
                // Only the phone alternatives start with these; card candidates start with 2-6 or 9.
                placeholder = PhonePlaceholder;
            }
            else
            {
                length = ValidCardLength(candidate);
                if (length == 0)
                {
                    // Not a card: look for other matches starting inside the rejected candidate (e.g. a phone number
                    // after a space-separated group of digits).
                    position = match.Index + 1;
                    continue;
                }

                placeholder = CardPlaceholder;
            }

            builder ??= new StringBuilder(text.Length);
            builder.Append(text, copied, match.Index - copied).Append(placeholder);
            copied = position = match.Index + length;
        }

        return builder is null ? text : builder.Append(text, copied, text.Length - copied).ToString();
    }

    /// <summary>
    /// <c>YYMMDD</c>, an optional hyphen or space, then seven digits whose first is 1-8. Mirrors the RRN alternative of
    /// <see cref="NumberRegex"/>: any 13-digit candidate in that shape was matched by that alternative.
    /// </summary>
    private static bool IsResidentRegistrationNumber(ReadOnlySpan<char> candidate)
    {
        ReadOnlySpan<char> tail;
        if (candidate.Length == 13)
        {
            tail = candidate[6..];
        }
        else if (candidate.Length == 14 && candidate[6] is ('-' or ' '))
        {
            tail = candidate[7..];
        }
        else
        {
            return false;
        }

        if (candidate[..6].ContainsAnyExcept(Digits) || tail.ContainsAnyExcept(Digits))
        {
            return false;
        }

        int month = ((candidate[2] - '0') * 10) + (candidate[3] - '0');
        int day = ((candidate[4] - '0') * 10) + (candidate[5] - '0');
        return month is >= 1 and <= 12 && day is >= 1 and <= 31 && tail[0] is >= '1' and <= '8';
    }

    /// <summary>
    /// Returns the length of the longest prefix of <paramref name="candidate"/> that ends at a group boundary and is a
    /// Luhn-valid number of a known card scheme, or 0. Accepting a prefix masks "4111 1111 1111 1111 123" (card and
    /// CVC) as "[CARD] 123".
    /// </summary>
    private static int ValidCardLength(ReadOnlySpan<char> candidate)
    {
        Span<char> digits = stackalloc char[MaxCardDigits];
        int count = 0;
        int best = 0;
        for (int i = 0; i < candidate.Length; i++)
        {
            if (!char.IsAsciiDigit(candidate[i]))
            {
                continue;
            }

            if (count == MaxCardDigits)
            {
                break;
            }

            digits[count++] = candidate[i];
            bool groupEnd = i + 1 == candidate.Length || !char.IsAsciiDigit(candidate[i + 1]);
            if (groupEnd && count >= MinCardDigits && IsCardNumber(digits[..count]))
            {
                best = i + 1;
            }
        }

        return best;
    }

    private static bool IsCardNumber(ReadOnlySpan<char> digits) => HasCardSchemeLength(digits) && IsLuhnValid(digits);

    private static bool HasCardSchemeLength(ReadOnlySpan<char> digits)
    {
        int length = digits.Length;
        int p2 = ((digits[0] - '0') * 10) + (digits[1] - '0');
        int p3 = (p2 * 10) + (digits[2] - '0');
        int p4 = (p3 * 10) + (digits[3] - '0');
        return digits[0] switch
        {
            '4' => length is 13 or 16 or 19, // Visa
            '5' => p2 is >= 51 and <= 55 && length == 16, // Mastercard
            '2' => p4 is >= 2221 and <= 2720 && length == 16, // Mastercard 2-series
            '3' => (p2 is 34 or 37 && length == 15) // Amex
                || (p4 is >= 3528 and <= 3589 && length >= 16) // JCB
                || ((p2 is 36 or 38 || p3 is >= 300 and <= 305) && length is >= 14 and <= 16), // Diners
            '6' => (p4 == 6011 || p3 is >= 644 and <= 649 || p2 == 65 || p2 == 62) && length >= 16, // Discover, UnionPay
            '9' => length == 16, // Korean domestic
            _ => false,
        };
    }

    private static bool IsLuhnValid(ReadOnlySpan<char> digits)
    {
        int sum = 0;
        bool doubleIt = false;
        for (int i = digits.Length - 1; i >= 0; i--)
        {
            int value = digits[i] - '0';
            if (doubleIt)
            {
                value *= 2;
                if (value > 9)
                {
                    value -= 9;
                }
            }

            sum += value;
            doubleIt = !doubleIt;
        }

        return sum % 10 == 0;
    }

    // The unbounded local-part loop followed by '@' lets the generator search for '@' first and walk back, which
    // keeps the scan linear. No right boundary, so that "a@b.com1" still masks the address.
    [GeneratedRegex(
        @"[A-Za-z0-9._%+\-]+@(?:[A-Za-z0-9\-]{1,63}\.){1,8}[A-Za-z]{2,24}",
        RegexOptions.CultureInvariant)]
    private static partial Regex EmailRegex();

    // One pass for every number-shaped kind of PII. The alternatives are ordered by priority (RRN before phones, card
    // candidates last); ReplaceNumbers tells them apart by shape, so keep the starting characters disjoint:
    // phones start with '+', '(', '0' or '1', card candidates with 2-6 or 9.
    [GeneratedRegex(
        """
        (?<![0-9])(?<![0-9][-.])                        # token start: no digit, no digit+separator before
        (?:
            # resident registration number: YYMMDD, optional hyphen/space, 7 digits starting with 1-8
            [0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])[-\x20]?[1-8][0-9]{6}
          | # E.164-like international number: '+', 8-15 digits (includes +82 10-1234-5678)
            \+[1-9](?:[-.\x20]?[0-9]){7,14}
          | # (+82) 10 1234 5678
            \(\+[1-9][0-9]{0,2}\)\x20?[0-9](?:[-.\x20]?[0-9]){5,12}
          | # Korean mobile: 010/011/016-019, 3-4 digit middle, separators optional
            01[016-9][-.\x20]?[0-9]{3,4}[-.\x20]?[0-9]{4}
          | # Korean landline (Seoul 02, 031-064, 070 internet phone), separators required; area code may be in ()
            (?:0(?:2|3[1-3]|4[1-4]|5[1-5]|6[1-4]|70)[-.\x20]|\(0(?:2|3[1-3]|4[1-4]|5[1-5]|6[1-4]|70)\)\x20?)
            [0-9]{3,4}[-.\x20][0-9]{4}
          | # 050x personal safe numbers (안심번호), separators required
            050[2-8][-.\x20][0-9]{3,4}[-.\x20][0-9]{4}
          | # representative numbers 15xx/16xx/18xx, hyphenated form only
            1[568][0-9]{2}-[0-9]{4}
          | # card candidate: 13+ digits, groups of 3+ separated by one space or hyphen; validated in code
            [2-69](?=(?:[-\x20]?[0-9]){12})[0-9]{3,18}(?:[-\x20][0-9]{3,16}){0,5}
        )
        (?![0-9])(?![-.][0-9])                          # token end: no digit, no separator+digit after
        """,
        RegexOptions.CultureInvariant | RegexOptions.IgnorePatternWhitespace)]
    private static partial Regex NumberRegex();
}
