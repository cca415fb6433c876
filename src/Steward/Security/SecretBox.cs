using System.Security.Cryptography;
using System.Text;

namespace Steward.Security;

/// <summary>
/// Encrypts connector secrets (tokens Steward sends to other services) at rest: AES-GCM under a key derived from
/// <c>SECRET_KEY</c> for one purpose. The associated data names the row the secret belongs to, so a ciphertext copied
/// onto another row does not decrypt. Unlike Data Protection (web host only), this works in every command.
/// </summary>
public sealed class SecretBox(SecretKey secret)
{
    private const string Version = "v1:";

    public string Seal(string purpose, string plaintext, string associatedData)
    {
        var nonce = RandomNumberGenerator.GetBytes(AesGcm.NonceByteSizes.MaxSize);
        var tag = new byte[AesGcm.TagByteSizes.MaxSize];
        var data = Encoding.UTF8.GetBytes(plaintext);
        var ciphertext = new byte[data.Length];
        using (var aes = new AesGcm(secret.Derive(purpose), tag.Length))
        {
            aes.Encrypt(nonce, data, ciphertext, tag, Encoding.UTF8.GetBytes(associatedData));
        }

        return Version + Convert.ToBase64String([.. nonce, .. tag, .. ciphertext]);
    }

    /// <summary>The plaintext; throws <see cref="CryptographicException"/> when it was sealed under another key or row.</summary>
    public string Open(string purpose, string sealedText, string associatedData)
    {
        if (!sealedText.StartsWith(Version, StringComparison.Ordinal))
        {
            throw new CryptographicException("Unknown secret format.");
        }

        var bytes = Convert.FromBase64String(sealedText[Version.Length..]);
        var nonceLength = AesGcm.NonceByteSizes.MaxSize;
        var tagLength = AesGcm.TagByteSizes.MaxSize;
        if (bytes.Length < nonceLength + tagLength)
        {
            throw new CryptographicException("Truncated secret.");
        }

        var plaintext = new byte[bytes.Length - nonceLength - tagLength];
        using (var aes = new AesGcm(secret.Derive(purpose), tagLength))
        {
            aes.Decrypt(bytes.AsSpan(0, nonceLength), bytes.AsSpan(nonceLength + tagLength), bytes.AsSpan(nonceLength, tagLength), plaintext,
                Encoding.UTF8.GetBytes(associatedData));
        }

        return Encoding.UTF8.GetString(plaintext);
    }
}
