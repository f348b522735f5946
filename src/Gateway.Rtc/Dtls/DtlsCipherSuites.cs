using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace Gateway.Rtc.Dtls;

/// <summary>What both roles negotiate: ECDHE with our ECDSA certificate, AEAD first, CBC for older peers.</summary>
internal static class DtlsCipherSuites
{
    private static readonly int[] Preferred =
    [
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA,
    ];

    public static int[] Supported(TlsCrypto crypto) => TlsUtilities.GetSupportedCipherSuites(crypto, Preferred);

    /// <summary>ECDSA with SHA-256 on P-256: what our certificate can sign and every WebRTC peer verifies.</summary>
    public static readonly SignatureAndHashAlgorithm EcdsaSha256 = new(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa);

    public static TlsCredentialedSigner Signer(TlsContext context, BcTlsCrypto crypto, DtlsCertificate certificate)
    {
        var chain = new Certificate([crypto.CreateCertificate(certificate.DerCopy())]);
        return new DefaultTlsCredentialedSigner(new TlsCryptoParameters(context), new EcdsaTlsSigner(certificate), chain, EcdsaSha256);
    }

    public static SrtpProtectionProfile? ToProfile(int codePoint) => codePoint switch
    {
        Org.BouncyCastle.Tls.SrtpProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_80 => SrtpProtectionProfile.AesCm128HmacSha1_80,
        Org.BouncyCastle.Tls.SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM => SrtpProtectionProfile.AeadAes128Gcm,
        _ => null,
    };
}
