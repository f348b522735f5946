namespace Gateway.Rtc.WebRtc;

/// <summary>Why the shared WebRTC port dropped a datagram (a tag on its drop counter).</summary>
public enum PortDropReason
{
    /// <summary>DTLS, RTP or RTCP from an address no answered connectivity check came from (e.g. a session that ended).</summary>
    UnknownSender,
    /// <summary>A STUN message the ICE responder did not answer: unknown ufrag, failed integrity, not a binding request.</summary>
    StunUnanswered,
    /// <summary>The session's DTLS inbox was full or closed.</summary>
    DtlsRefused,
    /// <summary>SRTP or SRTCP that did not authenticate or decrypt, or that came before the keys beyond what the peer holds.</summary>
    SrtpFailed,
    /// <summary>Not STUN, DTLS, RTP or RTCP by its first byte (RFC 7983), or an unusable source address.</summary>
    Unclassified,
    /// <summary>A send from the port failed (the peer is gone).</summary>
    SendFailed,
}
