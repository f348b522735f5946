using Gateway.Rtc.Dtls;

namespace Gateway.Rtc.WebRtc;

/// <summary>Decrypted media from a peer. The handler owns <paramref name="buffer"/> (from <see cref="Transport.DatagramPool"/>) and returns it there; must not block.</summary>
public delegate void WebRtcMediaHandler(bool isRtcp, byte[] buffer, int length, long receivedAt);

/// <summary>
/// What a recording source needs from a keyed WebRTC connection, whichever side opened it: the WHIP answerer
/// (<see cref="WebRtcPeer"/>) or a connection the gateway made (<see cref="WebRtcOutgoingPeer"/>). Feedback code (RR,
/// NACK, PLI, REMB) written against this serves both.
/// </summary>
public interface IWebRtcConnection
{
    /// <summary>True once DTLS is done and SRTP keyed.</summary>
    bool IsConnected { get; }

    /// <summary>SRTP/SRTCP packets dropped for failed authentication or replay.</summary>
    long AuthenticationFailures { get; }

    /// <summary>How the DTLS session ended (close_notify, alert, transport closed).</summary>
    Task<DtlsSessionEndReason> Completion { get; }

    /// <summary>Protects a plain RTCP compound and sends it to the peer; false before keys or when it cannot go out.</summary>
    bool TrySendRtcp(ReadOnlySpan<byte> compound);
}
