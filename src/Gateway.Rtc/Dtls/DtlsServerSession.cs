using Microsoft.Extensions.Logging;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace Gateway.Rtc.Dtls;

/// <summary>
/// The DTLS server of an <c>a=setup:passive</c> answer, the WHIP gateway's role (RFC 8842 §5): waits for the peer's
/// ClientHello, asks for its certificate and accepts it only if it matches the offer's <c>a=fingerprint</c>.
/// </summary>
public sealed class DtlsServerSession(
    DtlsCertificate certificate,
    DtlsFingerprint remoteFingerprint,
    IDtlsDatagramChannel channel,
    DtlsSessionOptions? options = null,
    ILogger? logger = null) : DtlsSession(channel, options, logger)
{
    private readonly DtlsCertificate _certificate = certificate ?? throw new ArgumentNullException(nameof(certificate));
    private readonly DtlsFingerprint _remoteFingerprint = remoteFingerprint ?? throw new ArgumentNullException(nameof(remoteFingerprint));

    private protected override bool HoldsChangeCipherSpecUntilCertificateVerify => true;

    private protected override string Role => "server";

    private protected override DtlsTransport Connect(BcTlsCrypto crypto, DatagramTransport transport, DtlsHandshakeRecorder recorder) =>
        new DtlsServerProtocol().Accept(new SrtpDtlsServer(crypto, _certificate, _remoteFingerprint, Options, recorder), transport);
}
