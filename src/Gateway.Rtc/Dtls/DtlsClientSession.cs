using Microsoft.Extensions.Logging;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace Gateway.Rtc.Dtls;

/// <summary>
/// The DTLS client of an <c>a=setup:active</c> side (WHEP or Janus subscriber, RFC 8842 §5): sends the ClientHello,
/// presents our certificate and accepts the server only if its certificate matches the remote <c>a=fingerprint</c>.
/// </summary>
public sealed class DtlsClientSession(
    DtlsCertificate certificate,
    DtlsFingerprint remoteFingerprint,
    IDtlsDatagramChannel channel,
    DtlsSessionOptions? options = null,
    ILogger? logger = null) : DtlsSession(channel, options, logger)
{
    private readonly DtlsCertificate _certificate = certificate ?? throw new ArgumentNullException(nameof(certificate));
    private readonly DtlsFingerprint _remoteFingerprint = remoteFingerprint ?? throw new ArgumentNullException(nameof(remoteFingerprint));

    /// <summary>Tests only: answer the CertificateRequest with an empty certificate list.</summary>
    internal bool PresentCertificate { get; init; } = true;

    private protected override bool HoldsChangeCipherSpecUntilCertificateVerify => false;

    private protected override string Role => "client";

    private protected override DtlsTransport Connect(BcTlsCrypto crypto, DatagramTransport transport, DtlsHandshakeRecorder recorder) =>
        new DtlsClientProtocol().Connect(
            new SrtpDtlsClient(crypto, PresentCertificate ? _certificate : null, _remoteFingerprint, Options, recorder), transport);
}
