namespace Gateway.Rtc.Rtcp;

/// <summary>Why an RTCP parser rejected its input (the C# form of pion's sentinel errors).</summary>
public enum RtcpParseError
{
    None,
    /// <summary>Fewer than the 4 bytes of the common header.</summary>
    TooShort,
    BadVersion,
    /// <summary>The length field points past the end of the datagram.</summary>
    Truncated,
    /// <summary>The padding count is zero or larger than the packet body.</summary>
    BadPadding,
    /// <summary>A packet of another type was handed to a typed parser.</summary>
    WrongPacketType,
    /// <summary>A feedback packet with another FMT (or REMB identifier) was handed to a typed parser.</summary>
    WrongFormat,
    /// <summary>The count field (RC/SC) needs more bytes than the packet has.</summary>
    BadCount,
    /// <summary>The body is inconsistent: an SDES item, BYE reason, TWCC chunk or delta that does not fit.</summary>
    Malformed,
    /// <summary>RFC 3550 §A.2: a compound packet must start with SR or RR.</summary>
    FirstNotReport,
    /// <summary>RFC 3550 §A.2: only the last packet of a compound may be padded.</summary>
    PaddingNotLast,
}
