namespace Gateway.Rtc.Dtls;

/// <summary>How a session's DTLS association ended.</summary>
public enum DtlsSessionEndReason
{
    /// <summary>The handshake never completed; <see cref="DtlsSession.HandshakeAsync"/> says why.</summary>
    HandshakeFailed,
    /// <summary>We disposed the session (after sending close_notify when the handshake had completed).</summary>
    LocalClose,
    /// <summary>The peer sent close_notify (RFC 5246 §7.2.1).</summary>
    PeerCloseNotify,
    /// <summary>The peer sent a fatal alert, or a record failed so badly that the association was torn down.</summary>
    PeerAlert,
    /// <summary>The channel's owner closed it under the session.</summary>
    TransportClosed,
}
