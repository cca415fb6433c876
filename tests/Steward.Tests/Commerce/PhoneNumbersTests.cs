using Steward.Commerce;

namespace Steward.Tests.Commerce;

public class PhoneNumbersTests
{
    [Theory]
    [InlineData("010-1234-5678", "010-1234-5678")]
    [InlineData("01012345678", "010-1234-5678")]
    [InlineData("010 1234 5678", "010-1234-5678")]
    [InlineData(" 010.1234.5678 ", "010-1234-5678")]
    [InlineData("+82-10-1234-5678", "010-1234-5678")]
    [InlineData("+821012345678", "010-1234-5678")]
    [InlineData("+82 10 1234 5678", "010-1234-5678")]
    [InlineData("+82 (0)10-1234-5678", "010-1234-5678")]
    [InlineData("+82-010-1234-5678", "010-1234-5678")]
    [InlineData("011-123-4567", "011-123-4567")]
    [InlineData("02-123-4567", "02-123-4567")]
    [InlineData("0212345678", "02-1234-5678")]
    [InlineData("031-123-4567", "031-123-4567")]
    [InlineData("+82 51 1234 5678", "051-1234-5678")]
    public void Every_common_writing_becomes_the_stored_form(string written, string stored) =>
        Assert.Equal(stored, PhoneNumbers.Normalize(written));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("abc")]
    [InlineData("010-1234-567a")]
    [InlineData("010-1234")]
    [InlineData("010-1234-56789")]
    [InlineData("+1 555 123 4567")]
    [InlineData("1012345678")]
    [InlineData("010--1234--5678x")]
    [InlineData("1588-1234")]
    [InlineData("010-1234-5678-010-1234-5678-01")]
    public void Anything_else_is_not_a_phone(string? written) => Assert.Null(PhoneNumbers.Normalize(written));

    [Theory]
    [InlineData("010-1234-5678", "010-****-5678")]
    [InlineData("02-123-4567", "02-***-4567")]
    public void Masking_keeps_the_ends(string phone, string masked) => Assert.Equal(masked, PhoneNumbers.Mask(phone));
}
