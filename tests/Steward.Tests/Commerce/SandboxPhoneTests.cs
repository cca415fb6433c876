using Steward.Commerce.Sandbox;

namespace Steward.Tests.Commerce;

public class SandboxPhoneTests
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
    public void Every_common_writing_becomes_the_stored_form(string written, string stored) =>
        Assert.Equal(stored, SandboxPhone.Normalize(written));

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("abc")]
    [InlineData("010-1234-567a")]
    [InlineData("010-1234")]
    [InlineData("010-1234-56789")]
    [InlineData("02-123-4567")]
    [InlineData("+1 555 123 4567")]
    [InlineData("1012345678")]
    [InlineData("010--1234--5678x")]
    public void Anything_else_is_not_a_phone(string written) => Assert.Null(SandboxPhone.Normalize(written));
}
