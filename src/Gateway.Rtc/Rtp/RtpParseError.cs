namespace Gateway.Rtc.Rtp;

/// <summary>Why <see cref="RtpHeader.TryParse"/> rejected a datagram.</summary>
public enum RtpParseError
{
    None,
    TooShort,
    BadVersion,
    /// <summary>The CSRC list or header extension runs past the end of the datagram.</summary>
    Truncated,
    /// <summary>The padding count is zero or larger than what is left after the header.</summary>
    BadPadding,
}
