using System.Security.Cryptography;
using System.Text;

namespace Gateway.Rtc.Dtls;

/// <summary>
/// A certificate fingerprint as carried in SDP: <c>a=fingerprint:sha-256 AB:CD:...</c> (RFC 8122 §5, RFC 4572).
/// The hash is computed over the certificate's DER bytes.
/// </summary>
public sealed class DtlsFingerprint
{
    private readonly byte[] _digest;

    private DtlsFingerprint(DtlsHashAlgorithm algorithm, byte[] digest)
    {
        Algorithm = algorithm;
        _digest = digest;
    }

    public DtlsHashAlgorithm Algorithm { get; }

    public ReadOnlySpan<byte> Digest => _digest;

    /// <summary>The hash function's SDP token: "sha-256" and so on.</summary>
    public string HashName => NameOf(Algorithm);

    public static DtlsFingerprint Compute(DtlsHashAlgorithm algorithm, ReadOnlySpan<byte> certificateDer) =>
        new(algorithm, Hash(algorithm, certificateDer));

    /// <summary>
    /// Parses the attribute value after <c>a=fingerprint:</c>. The hash name is case-insensitive (RFC 8122 §5:
    /// tokens compare without case); hex digits are accepted in either case although RFC 4572 writes them uppercase.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<char> value, out DtlsFingerprint? fingerprint, out DtlsFingerprintParseError error)
    {
        fingerprint = null;
        value = value.Trim();
        int space = value.IndexOf(' ');
        if (space <= 0) return Fail(DtlsFingerprintParseError.MissingHash, out error);
        if (!TryParseHashName(value[..space], out var algorithm)) return Fail(DtlsFingerprintParseError.UnsupportedHash, out error);

        var hex = value[(space + 1)..].TrimStart();
        int expected = DigestLength(algorithm);
        // Each byte is "XX" and all but the last are followed by ':'.
        if (hex.Length != expected * 3 - 1) return Fail(hex.Length % 3 == 2 ? DtlsFingerprintParseError.WrongLength : DtlsFingerprintParseError.BadHex, out error);
        var digest = new byte[expected];
        for (int i = 0; i < expected; i++)
        {
            int at = i * 3;
            if (i > 0 && hex[at - 1] != ':') return Fail(DtlsFingerprintParseError.BadHex, out error);
            int high = HexValue(hex[at]), low = HexValue(hex[at + 1]);
            if (high < 0 || low < 0) return Fail(DtlsFingerprintParseError.BadHex, out error);
            digest[i] = (byte)(high << 4 | low);
        }

        fingerprint = new DtlsFingerprint(algorithm, digest);
        error = DtlsFingerprintParseError.None;
        return true;

        static bool Fail(DtlsFingerprintParseError reason, out DtlsFingerprintParseError error)
        {
            error = reason;
            return false;
        }
    }

    /// <summary>Parses or throws <see cref="FormatException"/>; for configuration and tests, not for peer input.</summary>
    public static DtlsFingerprint Parse(string value) =>
        TryParse(value, out var fingerprint, out var error)
            ? fingerprint!
            : throw new FormatException($"Not an SDP fingerprint ({error}): '{value}'");

    /// <summary>
    /// True when <paramref name="certificateDer"/> hashes to this fingerprint. The comparison takes the same time
    /// wherever the first difference is, so a peer learns nothing from how fast it is refused.
    /// </summary>
    public bool Matches(ReadOnlySpan<byte> certificateDer)
    {
        Span<byte> actual = stackalloc byte[64];
        int written = Hash(Algorithm, certificateDer, actual);
        return CryptographicOperations.FixedTimeEquals(actual[..written], _digest);
    }

    /// <summary>The SDP form: "sha-256 AB:CD:...", uppercase hex with colons (RFC 4572 §5).</summary>
    public override string ToString() => HashName + " " + HexDigest;

    /// <summary>Just the digest, "AB:CD:..." (what follows the hash name in a=fingerprint).</summary>
    public string HexDigest
    {
        get
        {
            var text = new StringBuilder(_digest.Length * 3);
            for (int i = 0; i < _digest.Length; i++)
            {
                if (i > 0) text.Append(':');
                text.Append(_digest[i].ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
            return text.ToString();
        }
    }

    public static string NameOf(DtlsHashAlgorithm algorithm) => algorithm switch
    {
        DtlsHashAlgorithm.Sha1 => "sha-1",
        DtlsHashAlgorithm.Sha256 => "sha-256",
        DtlsHashAlgorithm.Sha384 => "sha-384",
        DtlsHashAlgorithm.Sha512 => "sha-512",
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm)),
    };

    private static bool TryParseHashName(ReadOnlySpan<char> name, out DtlsHashAlgorithm algorithm)
    {
        foreach (var candidate in (ReadOnlySpan<DtlsHashAlgorithm>)[DtlsHashAlgorithm.Sha1, DtlsHashAlgorithm.Sha256, DtlsHashAlgorithm.Sha384, DtlsHashAlgorithm.Sha512])
        {
            if (name.Equals(NameOf(candidate), StringComparison.OrdinalIgnoreCase))
            {
                algorithm = candidate;
                return true;
            }
        }
        algorithm = default;
        return false;
    }

    private static int DigestLength(DtlsHashAlgorithm algorithm) => algorithm switch
    {
        DtlsHashAlgorithm.Sha1 => SHA1.HashSizeInBytes,
        DtlsHashAlgorithm.Sha256 => SHA256.HashSizeInBytes,
        DtlsHashAlgorithm.Sha384 => SHA384.HashSizeInBytes,
        _ => SHA512.HashSizeInBytes,
    };

    private static byte[] Hash(DtlsHashAlgorithm algorithm, ReadOnlySpan<byte> data)
    {
        var digest = new byte[DigestLength(algorithm)];
        Hash(algorithm, data, digest);
        return digest;
    }

#pragma warning disable CA5350 // SHA-1 fingerprints are still offered by old peers (RFC 8122 §5); they only name a certificate.
    private static int Hash(DtlsHashAlgorithm algorithm, ReadOnlySpan<byte> data, Span<byte> destination) => algorithm switch
    {
        DtlsHashAlgorithm.Sha1 => SHA1.HashData(data, destination),
        DtlsHashAlgorithm.Sha256 => SHA256.HashData(data, destination),
        DtlsHashAlgorithm.Sha384 => SHA384.HashData(data, destination),
        _ => SHA512.HashData(data, destination),
    };
#pragma warning restore CA5350

    private static int HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'A' and <= 'F' => c - 'A' + 10,
        >= 'a' and <= 'f' => c - 'a' + 10,
        _ => -1,
    };
}
