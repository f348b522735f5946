using System.Security.Cryptography;
using System.Text;

namespace Gateway.Api.Security;

/// <summary>
/// Checks a presented bearer key against the configured ones in constant time. Both sides are hashed first so
/// the comparison takes the same time whatever the lengths, and every key is compared so timing does not tell
/// which one matched.
/// </summary>
internal sealed class ApiKeyVerifier
{
    private readonly byte[][] _keyHashes;

    public ApiKeyVerifier(IEnumerable<string> keys) =>
        _keyHashes = keys.Select(k => SHA256.HashData(Encoding.UTF8.GetBytes(k))).ToArray();

    public bool HasKeys => _keyHashes.Length > 0;

    public int Count => _keyHashes.Length;

    public bool IsValid(string presented)
    {
        var presentedHash = SHA256.HashData(Encoding.UTF8.GetBytes(presented));
        var match = false;
        foreach (var keyHash in _keyHashes) match |= CryptographicOperations.FixedTimeEquals(keyHash, presentedHash);
        return match;
    }

    /// <summary>
    /// The password of <c>Authorization: Basic base64(user:password)</c> (RFC 7617 §2); the user name is ignored.
    /// False for anything malformed: bad base64, no colon, an empty password.
    /// </summary>
    public static bool TryGetBasicPassword(string? authorization, out string password)
    {
        const string scheme = "Basic ";
        password = "";
        if (authorization is null || !authorization.StartsWith(scheme, StringComparison.OrdinalIgnoreCase)) return false;
        var encoded = authorization.AsSpan(scheme.Length).Trim();
        Span<byte> decoded = stackalloc byte[512];
        if (encoded.Length > 680 || !Convert.TryFromBase64Chars(encoded, decoded, out var length)) return false;
        var credentials = Encoding.UTF8.GetString(decoded[..length]);
        var colon = credentials.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0) return false;
        password = credentials[(colon + 1)..];
        return password.Length > 0;
    }

    /// <summary>The token of <c>Authorization: Bearer &lt;token&gt;</c>; the scheme is case-insensitive (RFC 9110 §11.1).</summary>
    public static bool TryGetBearerToken(string? authorization, out string token)
    {
        const string scheme = "Bearer ";
        token = "";
        if (authorization is null || !authorization.StartsWith(scheme, StringComparison.OrdinalIgnoreCase)) return false;
        token = authorization[scheme.Length..].Trim();
        return token.Length > 0;
    }
}
