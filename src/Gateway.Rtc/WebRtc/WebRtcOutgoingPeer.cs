using Gateway.Rtc.Dtls;
using Gateway.Rtc.Ice;
using Gateway.Rtc.Sdp;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gateway.Rtc.WebRtc;

/// <summary>
/// A WebRTC connection the gateway opens itself (a WHEP client, an SFU subscriber bot), on its own sockets with a
/// full ICE agent. Decrypted RTP/RTCP reaches the <see cref="WebRtcMediaHandler"/> in the same form the shared
/// port hands WHIP media to its sink, and feedback goes back through <see cref="TrySendRtcp"/>, so a source records
/// from it exactly as from a WHIP publisher.
/// <para>As the offerer (WHEP): we are ICE-controlling and offer <c>a=setup:actpass</c>; the answer's setup decides
/// DTLS — <c>active</c> means the peer connects, so we are the DTLS server; <c>passive</c> (an ICE-lite server such
/// as the gateway's own WHEP endpoint) makes us the DTLS client.</para>
/// <code>
/// await using var peer = new WebRtcOutgoingPeer(options, certificate, session.OnMedia, time, logger);
/// await peer.GatherAsync(ct);                        // IceException → capture fails with peer.Failure reason
/// string offer = peer.CreateOffer();                 // recvonly audio+video, BUNDLE, rtcp-mux, actpass
/// string answer = await PostToWhepEndpoint(offer);
/// var remote = peer.ApplyAnswer(answer);             // remote.Media: NegotiatedMedia per track, as in WHIP
/// await peer.ConnectAsync(ct);                       // ICE, DTLS, SRTP; WebRtcConnectException(Failure) on failure
/// peer.TrySendRtcp(receiverReportNackPli);           // feedback, like WebRtcPeer
/// await Task.WhenAny(peer.Completion, peer.Disconnected);   // DTLS close or ICE consent lost ends the source
/// </code>
/// As the answerer (the SFU offers, e.g. Janus): <c>AcceptOffer</c> instead of CreateOffer/ApplyAnswer; we take
/// the controlled ICE role (controlling if the offerer is ICE-lite) and answer <c>a=setup:active</c> (DTLS client).
/// </summary>
public sealed partial class WebRtcOutgoingPeer : IWebRtcConnection, IAsyncDisposable
{
    private readonly WebRtcOutgoingPeerOptions _options;
    private readonly DtlsCertificate _certificate;
    private readonly WebRtcMediaHandler _media;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly DtlsDatagramChannel _channel;
    private SdpMessage? _offer;
    private DtlsSession? _dtls;
    private int _disposed;

    public WebRtcOutgoingPeer(WebRtcOutgoingPeerOptions options, DtlsCertificate certificate, WebRtcMediaHandler media,
        TimeProvider? time = null, ILogger? logger = null)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _certificate = certificate ?? throw new ArgumentNullException(nameof(certificate));
        _media = media ?? throw new ArgumentNullException(nameof(media));
        _time = time ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        Ice = new IceAgent(options.Ice, IceRole.Controlling, _time, _logger);
        _channel = new DtlsDatagramChannel(datagram => Ice.Send(datagram));
        Ice.DataReceived = OnDatagram;
    }

    public IceAgent Ice { get; }

    /// <summary>The peer's description once applied: codecs per section, its ICE and DTLS parameters.</summary>
    public WebRtcRemoteDescription? Remote { get; private set; }

    /// <summary>Our DTLS role, known once the remote description is applied.</summary>
    public bool IsDtlsClient { get; private set; }

    /// <summary>Completes with the reason when ICE consent is lost after connecting (RFC 7675).</summary>
    public Task<IceFailureReason> Disconnected => Ice.Disconnected;

    /// <summary>Binds the sockets and gathers candidates (<see cref="IceAgentOptions.GatheringTimeout"/> bounds it).</summary>
    /// <exception cref="WebRtcConnectException">Nothing usable was gathered (e.g. "TURN auth failed" with relay-only ICE).</exception>
    public async Task GatherAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Ice.GatherAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IceException ex)
        {
            throw new WebRtcConnectException(WebRtcConnectException.FromIce(ex.Reason), ex.Message, ex);
        }
    }

    /// <summary>Our recvonly offer (after <see cref="GatherAsync"/>).</summary>
    public string CreateOffer()
    {
        _offer = WebRtcOfferBuilder.Build(new WebRtcOfferOptions(Ice.LocalUfrag, Ice.LocalPassword, _certificate.Fingerprint.HexDigest,
            Ice.LocalCandidates, _options.Audio, _options.Video));
        return _offer.ToString();
    }

    /// <summary>Applies the peer's answer to <see cref="CreateOffer"/>: ICE credentials and candidates, DTLS role.</summary>
    /// <exception cref="WebRtcConnectException"><see cref="WebRtcConnectFailure.BadRemoteDescription"/> with the reason.</exception>
    public WebRtcRemoteDescription ApplyAnswer(string answerSdp)
    {
        var offer = _offer ?? throw new InvalidOperationException("CreateOffer first.");
        if (!WebRtcRemoteDescription.TryReadAnswer(answerSdp, offer, out var remote, out var error, out var reason))
            throw new WebRtcConnectException(WebRtcConnectFailure.BadRemoteDescription, $"The answer cannot be used ({error}): {reason}");
        if (remote!.Setup is SdpSetupRole.ActPass)
            throw new WebRtcConnectException(WebRtcConnectFailure.BadRemoteDescription, "The answer says a=setup:actpass; an answer must pick active or passive (RFC 8842 §5.3)");
        // RFC 8842 §5: the answer's active side sends the ClientHello.
        Apply(remote, dtlsClient: remote.Setup == SdpSetupRole.Passive);
        return remote;
    }

    private void Apply(WebRtcRemoteDescription remote, bool dtlsClient)
    {
        Remote = remote;
        IsDtlsClient = dtlsClient;
        _dtls = dtlsClient
            ? new DtlsClientSession(_certificate, remote.Fingerprint, _channel, _options.Dtls, _logger)
            : new DtlsServerSession(_certificate, remote.Fingerprint, _channel, _options.Dtls, _logger);
        Ice.SetRemote(remote.Ice.Ufrag, remote.Ice.Password, remote.Candidates);
    }

    /// <summary>
    /// Runs ICE to a selected pair, then the DTLS handshake in the negotiated role, then keys SRTP.
    /// </summary>
    /// <exception cref="WebRtcConnectException">With <see cref="WebRtcConnectFailure.IceFailed"/> (or a more precise ICE
    /// reason) or <see cref="WebRtcConnectFailure.DtlsFailed"/>.</exception>
    public async Task<DtlsHandshakeResult> ConnectAsync(CancellationToken cancellationToken)
    {
        var dtls = _dtls ?? throw new InvalidOperationException("Apply the remote description first.");
        try
        {
            await Ice.ConnectAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IceException ex)
        {
            throw new WebRtcConnectException(WebRtcConnectException.FromIce(ex.Reason), ex.Message, ex);
        }
        DtlsHandshakeResult result;
        try
        {
            result = await dtls.HandshakeAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DtlsHandshakeException ex)
        {
            throw new WebRtcConnectException(WebRtcConnectFailure.DtlsFailed, $"DTLS failed ({ex.Reason}): {ex.Message}", ex);
        }
        KeySrtp(result.Keys);
        return result;
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        if (_dtls is not null) await _dtls.DisposeAsync().ConfigureAwait(false);
        _channel.Dispose();
        await Ice.DisposeAsync().ConfigureAwait(false);
        DisposeSrtp();
    }
}
