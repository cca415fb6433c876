using System.Text.RegularExpressions;

namespace Steward.Commerce;

/// <summary>Korean phone numbers as people type them (010-1234-5678, 01012345678, +82 10 1234 5678) in one form.</summary>
public static partial class PhoneNumbers
{
    /// <summary>
    /// The number in the hyphenated domestic form — 010-1234-5678, 011-123-4567, 02-123-4567, 031-123-4567 — whether
    /// written with spaces, dots, no separators or +82 (with or without the trunk 0); null when it is not a Korean number.
    /// </summary>
    public static string? Normalize(string? written)
    {
        if (written is null || written.Length > 30 || !Written().IsMatch(written))
        {
            return null;
        }

        var digits = string.Concat(written.Where(char.IsAsciiDigit));
        if (written.TrimStart().StartsWith('+'))
        {
            if (!digits.StartsWith("82", StringComparison.Ordinal))
            {
                return null;
            }

            // +82 drops the trunk 0 (+82-10-…), though some write it anyway (+82-010-…, +82 (0)10-…).
            digits = digits[2..];
            digits = digits.StartsWith('0') ? digits : "0" + digits;
        }

        var area = Mobile().IsMatch(digits) ? 3 : Seoul().IsMatch(digits) ? 2 : Regional().IsMatch(digits) ? 3 : 0;
        if (area == 0)
        {
            return null;
        }

        var last = digits.Length - 4;
        return $"{digits[..area]}-{digits[area..last]}-{digits[last..]}";
    }

    /// <summary>010-1234-5678 → 010-****-5678: enough for a customer to recognise their number, not to learn someone's.</summary>
    public static string Mask(string phone)
    {
        var parts = phone.Split('-');
        return parts.Length == 3 ? $"{parts[0]}-{new string('*', parts[1].Length)}-{parts[2]}" : new string('*', Math.Max(0, phone.Length - 4)) + phone[^4..];
    }

    [GeneratedRegex(@"^\s*\+?[0-9][0-9 ().-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex Written();

    [GeneratedRegex("^01[016-9][0-9]{7,8}$", RegexOptions.CultureInvariant)]
    private static partial Regex Mobile();

    [GeneratedRegex("^02[0-9]{7,8}$", RegexOptions.CultureInvariant)]
    private static partial Regex Seoul();

    [GeneratedRegex("^0[3-6][1-5][0-9]{7,8}$", RegexOptions.CultureInvariant)]
    private static partial Regex Regional();
}
