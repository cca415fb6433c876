using System.Security.Cryptography;
using Steward.Security;
using Steward.Tests.Fixtures;

namespace Steward.Tests.Security;

public class SecretBoxTests
{
    [Fact]
    public async Task A_sealed_secret_opens_only_for_its_purpose_and_row()
    {
        await using var storage = await Backends.CreateAsync(Backends.Sqlite);
        using var host = Services.Build(storage);
        var box = host.Services.GetRequiredService<SecretBox>();

        var sealedText = box.Seal("purpose", "stw_secret-token", "mcp_servers:demo:partner");
        Assert.StartsWith("v1:", sealedText);
        Assert.DoesNotContain("secret-token", sealedText);
        Assert.NotEqual(sealedText, box.Seal("purpose", "stw_secret-token", "mcp_servers:demo:partner"));
        Assert.Equal("stw_secret-token", box.Open("purpose", sealedText, "mcp_servers:demo:partner"));

        Assert.ThrowsAny<CryptographicException>(() => box.Open("purpose", sealedText, "mcp_servers:other:partner"));
        Assert.ThrowsAny<CryptographicException>(() => box.Open("another purpose", sealedText, "mcp_servers:demo:partner"));
        Assert.ThrowsAny<CryptographicException>(() => box.Open("purpose", "v1:AAAA", "mcp_servers:demo:partner"));
    }
}
