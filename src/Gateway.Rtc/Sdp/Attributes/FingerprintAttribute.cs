using System.Globalization;

namespace Gateway.Rtc.Sdp.Attributes;

/// <summary>
/// a=fingerprint:&lt;hash function&gt; &lt;hex pairs separated by ':'&gt; (RFC 8122 §5), the certificate hash DTLS
/// checks. The hash function keeps its case ("sha-256"); compare it case-insensitively.
/// </summary>
public sealed record FingerprintAttribute(string HashFunction, string Fingerprint) : SdpAttribute
{
    public override string Name => SdpAttributeNames.Fingerprint;

    public override string? Value => HashFunction + " " + Fingerprint;

    /// <summary>Fingerprint bytes; false when the value is not colon-separated hex pairs.</summary>
    public bool TryGetBytes(out byte[] bytes) => TryDecode(Fingerprint, out bytes);

    public static FingerprintAttribute FromBytes(string hashFunction, ReadOnlySpan<byte> hash) =>
        new(hashFunction, string.Join(":", hash.ToArray().Select(b => b.ToString("X2", CultureInfo.InvariantCulture))));

    public static bool TryParse(string value, out FingerprintAttribute? attribute)
    {
        attribute = null;
        var parts = value.Split(' ');
        if (parts.Length != 2 || parts[0].Length == 0 || !TryDecode(parts[1], out _)) return false;
        attribute = new(parts[0], parts[1]);
        return true;
    }

    private static bool TryDecode(string text, out byte[] bytes)
    {
        bytes = [];
        if (text.Length < 2 || (text.Length + 1) % 3 != 0) return false;
        var result = new byte[(text.Length + 1) / 3];
        for (var i = 0; i < result.Length; i++)
        {
            if (i > 0 && text[3 * i - 1] != ':') return false;
            if (!byte.TryParse(text.AsSpan(3 * i, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out result[i]))
                return false;
        }
        bytes = result;
        return true;
    }
}
