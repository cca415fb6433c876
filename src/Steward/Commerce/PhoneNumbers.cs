namespace Steward.Commerce;

/// <summary>Korean phone numbers as people type them (010-1234-5678, 01012345678, +82 10 1234 5678) in one form.</summary>
public static class PhoneNumbers
{
    /// <summary>The number in the hyphenated domestic form (010-1234-5678, 02-123-4567), or null if it is not one.</summary>
    public static string? Normalize(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Length > 30)
        {
            return null;
        }

        var digits = string.Concat(text.Where(char.IsAsciiDigit));
        if (text.TrimStart().StartsWith('+'))
        {
            if (!digits.StartsWith("82", StringComparison.Ordinal))
            {
                return null;
            }

            digits = "0" + digits[2..].TrimStart('0');
        }

        if (text.Any(c => !char.IsAsciiDigit(c) && c is not ('-' or ' ' or '+' or '(' or ')' or '.')))
        {
            return null;
        }

        return digits switch
        {
            { Length: 11 } when digits.StartsWith("01", StringComparison.Ordinal) => $"{digits[..3]}-{digits[3..7]}-{digits[7..]}",
            { Length: 10 } when digits.StartsWith("01", StringComparison.Ordinal) => $"{digits[..3]}-{digits[3..6]}-{digits[6..]}",
            { Length: 10 } when digits.StartsWith("02", StringComparison.Ordinal) => $"02-{digits[2..6]}-{digits[6..]}",
            { Length: 9 } when digits.StartsWith("02", StringComparison.Ordinal) => $"02-{digits[2..5]}-{digits[5..]}",
            { Length: 11 } when digits[0] == '0' => $"{digits[..3]}-{digits[3..7]}-{digits[7..]}",
            { Length: 10 } when digits[0] == '0' => $"{digits[..3]}-{digits[3..6]}-{digits[6..]}",
            _ => null,
        };
    }

    /// <summary>010-1234-5678 → 010-****-5678: enough for a customer to recognise their number, not to learn someone's.</summary>
    public static string Mask(string phone)
    {
        var parts = phone.Split('-');
        return parts.Length == 3 ? $"{parts[0]}-{new string('*', parts[1].Length)}-{parts[2]}" : new string('*', Math.Max(0, phone.Length - 4)) + phone[^4..];
    }
}
