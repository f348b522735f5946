using Gateway.Rtc.Dtls;
using Gateway.Rtc.Ice;

namespace Gateway.Rtc.WebRtc;

/// <summary>Why an outgoing WebRTC connection failed, as a capture resource reports it.</summary>
public enum WebRtcConnectFailure
{
    None,
    /// <summary>The peer's SDP is unusable (see <see cref="WebRtcDescriptionError"/>).</summary>
    BadRemoteDescription,
    GatheringFoundNothing,
    TurnAuthenticationFailed,
    TurnUnavailable,
    NoRemoteCandidates,
    /// <summary>ICE checks failed or timed out.</summary>
    IceFailed,
    /// <summary>The DTLS handshake failed (fingerprint mismatch, alert, timeout).</summary>
    DtlsFailed,
    /// <summary>The connection was up and the peer stopped answering consent checks.</summary>
    ConsentLost,
}

public static class WebRtcConnectFailureText
{
    /// <summary>The words a capture resource shows as its failure reason.</summary>
    public static string Describe(this WebRtcConnectFailure failure) => failure switch
    {
        WebRtcConnectFailure.BadRemoteDescription => "unusable remote SDP",
        WebRtcConnectFailure.GatheringFoundNothing => "ICE gathering found no candidate",
        WebRtcConnectFailure.TurnAuthenticationFailed => "TURN auth failed",
        WebRtcConnectFailure.TurnUnavailable => "TURN server unavailable",
        WebRtcConnectFailure.NoRemoteCandidates => "the remote peer offered no usable ICE candidate",
        WebRtcConnectFailure.IceFailed => "ICE failed",
        WebRtcConnectFailure.DtlsFailed => "DTLS failed",
        WebRtcConnectFailure.ConsentLost => "ICE consent lost",
        _ => "none",
    };
}

/// <summary>An outgoing connection that failed, with a typed <see cref="Failure"/> and the underlying details.</summary>
public sealed class WebRtcConnectException(WebRtcConnectFailure failure, string message, Exception? inner = null) : Exception(message, inner)
{
    public WebRtcConnectFailure Failure { get; } = failure;

    /// <summary>Set when ICE failed or never started.</summary>
    public IceFailureReason? IceReason => (InnerException as IceException)?.Reason;

    /// <summary>Set when DTLS failed.</summary>
    public DtlsFailureReason? DtlsReason => (InnerException as DtlsHandshakeException)?.Reason;

    public static WebRtcConnectFailure FromIce(IceFailureReason reason) => reason switch
    {
        IceFailureReason.GatheringFoundNothing => WebRtcConnectFailure.GatheringFoundNothing,
        IceFailureReason.TurnAuthenticationFailed => WebRtcConnectFailure.TurnAuthenticationFailed,
        IceFailureReason.TurnUnavailable => WebRtcConnectFailure.TurnUnavailable,
        IceFailureReason.NoRemoteCandidates => WebRtcConnectFailure.NoRemoteCandidates,
        IceFailureReason.ConsentLost => WebRtcConnectFailure.ConsentLost,
        _ => WebRtcConnectFailure.IceFailed,
    };
}
