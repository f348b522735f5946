using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Gateway.Rtc.Dtls;

/// <summary>
/// The gateway's DTLS identity: an ECDSA P-256 self-signed certificate and its key, generated at start and reused by
/// every session. WebRTC trusts it through the SDP fingerprint, not a CA (RFC 8827 §6.5), so self-signed is right.
/// The key lives in .NET's (OpenSSL-backed) ECDsa: it signs about 30 times faster than BouncyCastle's managed ECDSA,
/// and each handshake signs once.
/// </summary>
public sealed class DtlsCertificate : IDisposable
{
    private readonly byte[] _der;
    private readonly ECDsa _key;
    private readonly Lock _signing = new();   // .NET does not promise that one key object signs concurrently

    private DtlsCertificate(byte[] der, ECDsa key, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        _der = der;
        _key = key;
        NotBefore = notBefore;
        NotAfter = notAfter;
        Fingerprint = DtlsFingerprint.Compute(DtlsHashAlgorithm.Sha256, der);
    }

    /// <summary>The certificate's DER encoding, the bytes the fingerprint hashes.</summary>
    public ReadOnlySpan<byte> DerEncoded => _der;

    /// <summary>SHA-256 over the DER bytes; <c>Fingerprint.ToString()</c> is the SDP value "sha-256 AB:CD:...".</summary>
    public DtlsFingerprint Fingerprint { get; }

    public DateTimeOffset NotBefore { get; }

    public DateTimeOffset NotAfter { get; }

    /// <summary>
    /// Generates a fresh key pair and certificate (CN=gateway, random 128-bit serial, SHA256withECDSA).
    /// Validity starts 30 days back so a peer with a slow clock still accepts it, and lasts a year.
    /// </summary>
    public static DtlsCertificate Generate(TimeProvider? timeProvider = null)
    {
        var now = (timeProvider ?? TimeProvider.System).GetUtcNow();
        // X.509 times have one-second resolution; truncate so NotBefore/NotAfter equal what the DER says.
        now = new DateTimeOffset(now.Ticks - now.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
        var notBefore = now.AddDays(-30);
        var notAfter = now.AddYears(1);

        Span<byte> serial = stackalloc byte[16];
        RandomNumberGenerator.Fill(serial);
        serial[0] &= 0x7F;   // RFC 5280 §4.1.2.2: positive, at most 20 octets
        serial[0] |= 0x01;   // and never zero

        // Named curve, so the SubjectPublicKeyInfo carries the prime256v1 OID that TLS peers expect.
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        try
        {
            var name = new X500DistinguishedName("CN=gateway");
            var request = new CertificateRequest(name, key, HashAlgorithmName.SHA256);
            using var certificate = request.Create(name, X509SignatureGenerator.CreateForECDsa(key), notBefore, notAfter, serial);
            return new DtlsCertificate(certificate.RawData, key, notBefore, notAfter);
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    /// <summary>ECDSA over a digest the TLS stack computed, DER-encoded as TLS 1.2 carries it (RFC 8422 §5.4).</summary>
    internal byte[] SignHash(byte[] hash)
    {
        lock (_signing) return _key.SignHash(hash, DSASignatureFormat.Rfc3279DerSequence);
    }

    internal byte[] DerCopy() => (byte[])_der.Clone();

    public void Dispose() => _key.Dispose();
}
