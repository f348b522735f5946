namespace Gateway.Rtc.Dtls;

/// <summary>Hash functions accepted in an SDP <c>a=fingerprint</c> (RFC 8122 §5; MD5/MD2 are refused).</summary>
public enum DtlsHashAlgorithm
{
    Sha1,
    Sha256,
    Sha384,
    Sha512,
}
