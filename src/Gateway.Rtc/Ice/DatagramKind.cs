namespace Gateway.Rtc.Ice;

/// <summary>What a datagram on the shared WebRTC port is, by its first octets (RFC 7983 §7).</summary>
public enum DatagramKind
{
    Unknown,
    Stun,
    Dtls,
    Rtp,
    Rtcp,
}

public static class DatagramClassifier
{
    /// <summary>
    /// RFC 7983: first byte 0..3 STUN, 20..63 DTLS, 128..191 RTP/RTCP; among those, a second byte of 192..223 is an
    /// RTCP packet type (RFC 5761 §4: RTP payload types 64..95 are not used with rtcp-mux).
    /// </summary>
    public static DatagramKind Classify(ReadOnlySpan<byte> datagram)
    {
        if (datagram.IsEmpty) return DatagramKind.Unknown;
        return datagram[0] switch
        {
            <= 3 => DatagramKind.Stun,
            >= 20 and <= 63 => DatagramKind.Dtls,
            >= 128 and <= 191 => datagram.Length > 1 && datagram[1] is >= 192 and <= 223 ? DatagramKind.Rtcp : DatagramKind.Rtp,
            _ => DatagramKind.Unknown,
        };
    }
}
