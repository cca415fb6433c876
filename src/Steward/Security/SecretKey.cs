using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Steward.Hosting;
using Steward.Storage;

namespace Steward.Security;

/// <summary>
/// The server secret (<c>SECRET_KEY</c>). Outside production, when none is configured, one is generated once and kept in
/// <c>{data dir}/secret.key</c> (mode 600) so restarts keep reading what they wrote.
/// </summary>
public sealed class SecretKey
{
    private readonly byte[] _material;

    public SecretKey(IOptions<SecurityOptions> security, IOptions<StorageOptions> storage, IOptions<ServerOptions> server)
    {
        var configured = security.Value.SecretKey;
        if (string.IsNullOrEmpty(configured))
        {
            if (server.Value.IsProduction)
            {
                throw new InvalidOperationException("SECRET_KEY is required in production.");
            }

            configured = LoadOrCreate(Path.Combine(storage.Value.DataDir, "secret.key"));
        }

        _material = Encoding.UTF8.GetBytes(configured);
    }

    /// <summary>A 256-bit key for one purpose, derived with HKDF-SHA256.</summary>
    public byte[] Derive(string purpose) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, _material, 32, salt: [], info: Encoding.UTF8.GetBytes(purpose));

    private static string LoadOrCreate(string path)
    {
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48));
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            try
            {
                using var stream = new FileStream(path, options);
                stream.Write(Encoding.UTF8.GetBytes(secret));
                return secret;
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another process created it first; read what it writes.
            }
        }

        // The creator may still be writing its one line: wait briefly for it rather than read an empty secret.
        for (var attempt = 0; attempt < 100; attempt++)
        {
            if (File.ReadAllText(path).Trim() is { Length: > 0 } written)
            {
                return written;
            }

            Thread.Sleep(10);
        }

        throw new InvalidOperationException($"{path} exists but stays empty: delete it or set SECRET_KEY.");
    }
}
