using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Gateway.Worker.Webhooks;

/// <summary>
/// Signs a delivery: <c>v1=hex(HMAC-SHA256(secret, "{timestamp}.{body}"))</c>. The timestamp (Unix seconds, also sent
/// as <c>Gateway-Timestamp</c>) is inside the MAC so a receiver can refuse replays of old deliveries.
/// </summary>
public static class WebhookSignature
{
    public const string Scheme = "v1=";

    public static string Compute(string secret, long unixSeconds, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.ASCII.GetBytes(unixSeconds.ToString(CultureInfo.InvariantCulture) + ".");
        var message = new byte[prefix.Length + body.Length];
        prefix.CopyTo(message, 0);
        body.CopyTo(message.AsSpan(prefix.Length));
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), message);
        return Scheme + Convert.ToHexStringLower(mac);
    }

    /// <summary>Constant-time check of a received signature header.</summary>
    public static bool Verify(string secret, long unixSeconds, ReadOnlySpan<byte> body, string? header)
    {
        if (header is null) return false;
        var expected = Encoding.ASCII.GetBytes(Compute(secret, unixSeconds, body));
        var actual = Encoding.ASCII.GetBytes(header);
        return CryptographicOperations.FixedTimeEquals(expected, actual);
    }
}
