using System.Buffers;
using System.Security.Cryptography;

namespace Steward.Conversations.Sessions;

/// <summary>What a session or turn id may look like, and fresh random ones.</summary>
public static class SessionIds
{
    public const int MaxLength = 100;

    private static readonly SearchValues<char> Allowed =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-.:");

    /// <summary>1 to <see cref="MaxLength"/> characters of <c>A-Z a-z 0-9 _ - . :</c> (ids chosen by clients, e.g. a chat widget).</summary>
    public static bool IsValid(string? id) => id is { Length: > 0 and <= MaxLength } && !id.AsSpan().ContainsAnyExcept(Allowed);

    /// <summary>128 random bits: a session id is what lets a caller continue a conversation, so it must not be guessable.</summary>
    public static string NewSessionId() => "ses_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    public static string NewTurnId() => "turn_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));

    public static void EnsureValid(string? id, string parameterName)
    {
        if (!IsValid(id))
        {
            throw new ArgumentException($"A session id is 1 to {MaxLength} characters of A-Z, a-z, 0-9, '_', '-', '.' and ':'.", parameterName);
        }
    }
}
