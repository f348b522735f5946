namespace Gateway.Rtc.Stun;

/// <summary>Why a datagram is not a well-formed STUN message.</summary>
public enum StunParseError
{
    None,
    /// <summary>Shorter than the 20-byte header.</summary>
    TooShort,
    /// <summary>The top two bits are not zero (RFC 8489 §5): not STUN, probably RTP/DTLS.</summary>
    NotStun,
    /// <summary>The magic cookie is not 0x2112A442 (an RFC 3489 message or not STUN at all).</summary>
    BadMagicCookie,
    /// <summary>The length field is not a multiple of 4 or does not match the datagram.</summary>
    BadLength,
    /// <summary>An attribute's length runs past the end of the message.</summary>
    TruncatedAttribute,
    /// <summary>MESSAGE-INTEGRITY, MESSAGE-INTEGRITY-SHA256 or FINGERPRINT has the wrong value length.</summary>
    BadAttributeLength,
    /// <summary>FINGERPRINT is present but is not the last attribute (RFC 8489 §14.7).</summary>
    FingerprintNotLast,
}
