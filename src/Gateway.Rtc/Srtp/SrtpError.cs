namespace Gateway.Rtc.Srtp;

/// <summary>Why an SRTP/SRTCP packet was not protected or unprotected.</summary>
public enum SrtpError
{
    None,
    /// <summary>Too short for the header plus the trailer (tag, SRTCP index).</summary>
    TooShort,
    /// <summary>The version bits are not 2, or the RTP header's CSRC list or extension runs past the payload.</summary>
    BadHeader,
    /// <summary>The authentication tag did not verify: wrong key, wrong rollover counter or a forged packet.</summary>
    AuthFailed,
    /// <summary>The packet index was seen already or is older than the replay window (RFC 3711 §3.3.2).</summary>
    Replayed,
    /// <summary>A new SSRC arrived while the context already tracks <see cref="SrtpContextOptions.MaxStreams"/>.</summary>
    UnknownSsrc,
    /// <summary>Protect: the buffer has no room for the trailer.</summary>
    BufferTooSmall,
}
