using System.Text.RegularExpressions;

namespace Steward.Commerce.Sandbox;

/// <summary>Korean mobile numbers in the one form the sandbox stores them: <c>010-1234-5678</c>.</summary>
internal static partial class SandboxPhone
{
    /// <summary>
    /// 010-1234-5678, 01012345678, "010 1234 5678", 010.1234.5678, +82-10-1234-5678 and +821012345678 all give
    /// 010-1234-5678; null when <paramref name="written"/> is not a Korean mobile number.
    /// </summary>
    public static string? Normalize(string? written)
    {
        if (written is null || !Written().IsMatch(written))
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

        if (!Mobile().IsMatch(digits))
        {
            return null;
        }

        var last = digits.Length - 4;
        return $"{digits[..3]}-{digits[3..last]}-{digits[last..]}";
    }

    [GeneratedRegex(@"^\s*\+?[0-9][0-9 ().-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex Written();

    [GeneratedRegex("^01[016-9][0-9]{7,8}$", RegexOptions.CultureInvariant)]
    private static partial Regex Mobile();
}
