namespace Gateway.Rtc.Dtls;

/// <summary>A completed DTLS-SRTP handshake.</summary>
/// <param name="Keys">SRTP master keys and salts, and the negotiated profile.</param>
/// <param name="RemoteCertificateDer">The peer's end-entity certificate, already checked against its fingerprint.</param>
/// <param name="CipherSuite">The negotiated TLS cipher suite code point, for logs and metrics.</param>
public sealed record DtlsHandshakeResult(DtlsSrtpKeys Keys, byte[] RemoteCertificateDer, int CipherSuite);
