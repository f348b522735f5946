using System.Security.Cryptography;

namespace Gateway.Rtc.Ice;

/// <summary>
/// Random ICE credentials (RFC 8445 §5.3): ice-chars only (letters, digits, '+', '/'); a ufrag of at least 24 bits
/// and a password of at least 128 bits of randomness, from a cryptographic source since the password keys
/// MESSAGE-INTEGRITY.
/// </summary>
public static class IceCredentialGenerator
{
    private const string IceChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    /// <summary>8 characters = 48 bits: collisions between sessions on one shared port stay negligible.</summary>
    public static string NewUfrag() => RandomNumberGenerator.GetString(IceChars, 8);

    /// <summary>24 characters = 144 bits (the RFC asks for 22+ characters).</summary>
    public static string NewPassword() => RandomNumberGenerator.GetString(IceChars, 24);
}
