using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;

namespace Gateway.Rtc.Dtls;

/// <summary>Lets BouncyCastle's TLS stack sign with the certificate's .NET ECDsa key.</summary>
internal sealed class EcdsaTlsSigner(DtlsCertificate certificate) : TlsSigner
{
    public byte[] GenerateRawSignature(SignatureAndHashAlgorithm algorithm, byte[] hash)
    {
        if (algorithm is not null && algorithm.Signature != SignatureAlgorithm.ecdsa)
            throw new TlsFatalAlert(AlertDescription.internal_error, $"Cannot sign {algorithm} with an ECDSA key");
        return certificate.SignHash(hash);
    }

    // Null: BouncyCastle hashes the handshake itself and calls GenerateRawSignature with the digest.
    public TlsStreamSigner? GetStreamSigner(SignatureAndHashAlgorithm algorithm) => null;
}
