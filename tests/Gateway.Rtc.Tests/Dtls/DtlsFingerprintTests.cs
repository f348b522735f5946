using System.Security.Cryptography;
using Gateway.Rtc.Dtls;

namespace Gateway.Rtc.Tests.Dtls;

public sealed class DtlsFingerprintTests
{
    // RFC 8122 §5 example value shape; the digest itself is arbitrary.
    private const string Sha256 = "sha-256 4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:AB:3E:4B:65:2D:A8:E6:50:4D:A6:C3:87:20";

    [Theory]
    [InlineData(Sha256, DtlsHashAlgorithm.Sha256, 32)]
    [InlineData("SHA-256 4a:ad:b9:b1:3f:82:18:3b:54:02:12:df:3e:5d:49:6b:19:e5:7c:ab:3e:4b:65:2d:a8:e6:50:4d:a6:c3:87:20", DtlsHashAlgorithm.Sha256, 32)]
    [InlineData("sha-1 4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:AB", DtlsHashAlgorithm.Sha1, 20)]
    [InlineData("  sha-256  4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:AB:3E:4B:65:2D:A8:E6:50:4D:A6:C3:87:20 ", DtlsHashAlgorithm.Sha256, 32)]
    public void Parses_sdp_fingerprints(string value, DtlsHashAlgorithm algorithm, int length)
    {
        Assert.True(DtlsFingerprint.TryParse(value, out var fingerprint, out var error), error.ToString());
        Assert.Equal(algorithm, fingerprint!.Algorithm);
        Assert.Equal(length, fingerprint.Digest.Length);
        Assert.Equal(0x4A, fingerprint.Digest[0]);
        Assert.Equal(0xAD, fingerprint.Digest[1]);
    }

    [Fact]
    public void Formats_uppercase_hex_with_colons()
    {
        Assert.Equal(Sha256, DtlsFingerprint.Parse(Sha256.ToLowerInvariant().Replace("sha-256", "SHA-256", StringComparison.Ordinal)).ToString());
    }

    [Theory]
    [InlineData("", DtlsFingerprintParseError.MissingHash)]
    [InlineData("sha-256", DtlsFingerprintParseError.MissingHash)]
    [InlineData("md5 4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B", DtlsFingerprintParseError.UnsupportedHash)]
    [InlineData("sha-224 4A:AD", DtlsFingerprintParseError.UnsupportedHash)]
    [InlineData("sha-256 4A:AD:B9", DtlsFingerprintParseError.WrongLength)]
    [InlineData("sha-1 4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:AB:3E", DtlsFingerprintParseError.WrongLength)]
    [InlineData("sha-1 4A-AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:AB", DtlsFingerprintParseError.BadHex)]
    [InlineData("sha-1 4G:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:AB", DtlsFingerprintParseError.BadHex)]
    [InlineData("sha-1 4AAD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:AB:", DtlsFingerprintParseError.BadHex)]
    public void Rejects_malformed_values_with_a_reason(string value, DtlsFingerprintParseError expected)
    {
        Assert.False(DtlsFingerprint.TryParse(value, out var fingerprint, out var error));
        Assert.Null(fingerprint);
        Assert.Equal(expected, error);
    }

    [Theory]
    [InlineData(DtlsHashAlgorithm.Sha1)]
    [InlineData(DtlsHashAlgorithm.Sha256)]
    [InlineData(DtlsHashAlgorithm.Sha384)]
    [InlineData(DtlsHashAlgorithm.Sha512)]
    public void Matches_the_certificate_it_was_computed_from_and_no_other(DtlsHashAlgorithm algorithm)
    {
        var der = TestCertificates.Client.DerEncoded.ToArray();
        var parsed = DtlsFingerprint.Parse(DtlsFingerprint.Compute(algorithm, der).ToString());

        Assert.True(parsed.Matches(der));
        Assert.False(parsed.Matches(TestCertificates.Server.DerEncoded));
        der[^1] ^= 1;
        Assert.False(parsed.Matches(der));
    }

    [Fact]
    public void Sha256_fingerprint_is_the_hash_of_the_der_bytes()
    {
        var der = TestCertificates.Server.DerEncoded;
        var expected = "sha-256 " + string.Join(':', SHA256.HashData(der).Select(b => b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(expected, TestCertificates.Server.Fingerprint.ToString());
    }

    [FsCheck.Xunit.Property(MaxTest = 1000)]
    public void TryParse_never_throws(string value)
    {
        bool parsed = DtlsFingerprint.TryParse(value ?? "", out var fingerprint, out var error);
        Assert.Equal(parsed, fingerprint is not null);
        Assert.Equal(parsed, error == DtlsFingerprintParseError.None);
    }
}
