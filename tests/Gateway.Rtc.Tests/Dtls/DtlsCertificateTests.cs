using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Gateway.Rtc.Dtls;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Rtc.Tests.Dtls;

public sealed class DtlsCertificateTests
{
    [Fact]
    public void Generates_a_self_signed_P256_ECDSA_certificate_named_gateway()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 6, 30, 15, 500, TimeSpan.Zero));
        using var generated = DtlsCertificate.Generate(time);

        using var certificate = X509CertificateLoader.LoadCertificate(generated.DerEncoded);
        Assert.Equal("CN=gateway", certificate.Subject);
        Assert.Equal(certificate.Subject, certificate.Issuer);
        Assert.Equal("1.2.840.10045.4.3.2", certificate.SignatureAlgorithm.Value);   // ecdsa-with-SHA256
        using var key = certificate.GetECDsaPublicKey();
        Assert.NotNull(key);
        Assert.Equal(256, key.KeySize);
        Assert.Equal(ECCurve.NamedCurves.nistP256.Oid.Value, key.ExportParameters(false).Curve.Oid.Value);
        Assert.Equal(new DateTime(2026, 10, 26, 6, 30, 15, DateTimeKind.Utc), certificate.NotBefore.ToUniversalTime());
        Assert.Equal(new DateTime(2027, 11, 25, 6, 30, 15, DateTimeKind.Utc), certificate.NotAfter.ToUniversalTime());
        Assert.Equal(generated.NotBefore.UtcDateTime, certificate.NotBefore.ToUniversalTime());
        Assert.True(generated.Fingerprint.Matches(certificate.RawData));

        // Self-signed: a chain with itself as the only trusted root builds, so its signature verifies.
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(certificate);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = time.GetUtcNow().UtcDateTime;
        Assert.True(chain.Build(certificate), string.Join("; ", chain.ChainStatus.Select(status => status.StatusInformation)));
    }

    [Fact]
    public void Serial_numbers_are_random_and_positive()
    {
        using var firstGenerated = DtlsCertificate.Generate();
        using var secondGenerated = DtlsCertificate.Generate();
        using var first = X509CertificateLoader.LoadCertificate(firstGenerated.DerEncoded);
        using var second = X509CertificateLoader.LoadCertificate(secondGenerated.DerEncoded);
        Assert.NotEqual(first.SerialNumber, second.SerialNumber);
        Assert.True(first.GetSerialNumber()[^1] < 0x80);   // little-endian: the last byte is the most significant
        Assert.InRange(first.GetSerialNumber().Length, 16, 17);
    }

    [Fact]
    public void Fingerprint_is_the_sdp_form_of_sha256_over_der()
    {
        var generated = TestCertificates.Server;
        var text = generated.Fingerprint.ToString();
        Assert.StartsWith("sha-256 ", text, StringComparison.Ordinal);
        Assert.Equal(8 + 32 * 3 - 1, text.Length);
        Assert.Equal(text.ToUpperInvariant().Replace("SHA-256", "sha-256", StringComparison.Ordinal), text);
        Assert.Equal(SHA256.HashData(generated.DerEncoded), generated.Fingerprint.Digest.ToArray());
    }
}
