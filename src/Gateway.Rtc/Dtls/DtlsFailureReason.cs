namespace Gateway.Rtc.Dtls;

/// <summary>Why a DTLS handshake failed or a session ended.</summary>
public enum DtlsFailureReason
{
    /// <summary>No handshake completed within the configured timeout (the peer never answered, or too much loss).</summary>
    Timeout,
    /// <summary>The peer's certificate does not hash to the a=fingerprint of its SDP.</summary>
    FingerprintMismatch,
    /// <summary>The peer presented no certificate; WebRTC requires one (RFC 8827 §6.5).</summary>
    NoCertificate,
    /// <summary>No SRTP protection profile in common, or no use_srtp extension at all (RFC 5764 §4.1.1).</summary>
    NoSrtpProfile,
    /// <summary>A fatal alert ended the handshake; see <see cref="DtlsHandshakeException.Alert"/> and who sent it.</summary>
    Alert,
    /// <summary>The datagram channel was closed under the handshake (the owner tore the transport down).</summary>
    TransportClosed,
}
