using Org.BouncyCastle.Asn1.Sec;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Operators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;

namespace Gateway.Rtc.Dtls;

/// <summary>
/// The gateway's DTLS identity: an ECDSA P-256 self-signed certificate and its key, generated at start and reused by
/// every session. WebRTC trusts it through the SDP fingerprint, not a CA (RFC 8827 §6.5), so self-signed is right.
/// </summary>
public sealed class DtlsCertificate
{
    private readonly byte[] _der;

    private DtlsCertificate(byte[] der, AsymmetricKeyParameter privateKey, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        _der = der;
        PrivateKey = privateKey;
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

    internal AsymmetricKeyParameter PrivateKey { get; }

    /// <summary>
    /// Generates a fresh key pair and certificate (CN=gateway, random 128-bit serial, SHA256withECDSA).
    /// Validity starts 30 days back so a peer with a slow clock still accepts it, and lasts a year.
    /// </summary>
    public static DtlsCertificate Generate(TimeProvider? timeProvider = null)
    {
        var random = new SecureRandom();
        var keyGenerator = new ECKeyPairGenerator();
        // Named-curve parameters, so the SubjectPublicKeyInfo carries the prime256v1 OID that TLS peers expect.
        keyGenerator.Init(new ECKeyGenerationParameters(SecObjectIdentifiers.SecP256r1, random));
        var keyPair = keyGenerator.GenerateKeyPair();

        var now = (timeProvider ?? TimeProvider.System).GetUtcNow();
        // X.509 times have one-second resolution; truncate so NotBefore/NotAfter equal what the DER says.
        now = new DateTimeOffset(now.Ticks - now.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
        var notBefore = now.AddDays(-30);
        var notAfter = now.AddYears(1);

        var serial = new byte[16];
        random.NextBytes(serial);
        serial[0] &= 0x7F;   // RFC 5280 §4.1.2.2: positive, at most 20 octets
        serial[0] |= 0x01;   // and never zero

        var name = new X509Name("CN=gateway");
        var generator = new X509V3CertificateGenerator();
        generator.SetSerialNumber(new BigInteger(1, serial));
        generator.SetIssuerDN(name);
        generator.SetSubjectDN(name);
        generator.SetNotBefore(notBefore.UtcDateTime);
        generator.SetNotAfter(notAfter.UtcDateTime);
        generator.SetPublicKey(keyPair.Public);
        var certificate = generator.Generate(new Asn1SignatureFactory("SHA256WITHECDSA", keyPair.Private, random));

        return new DtlsCertificate(certificate.GetEncoded(), keyPair.Private, notBefore, notAfter);
    }

    internal byte[] DerCopy() => (byte[])_der.Clone();
}
