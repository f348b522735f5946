namespace Gateway.Rtc.Rtcp;

/// <summary>Compound RTCP datagrams (RFC 3550 §6.1).</summary>
public static class RtcpCompound
{
    /// <summary>Each packet in the datagram; see <see cref="RtcpCompoundEnumerator"/>.</summary>
    public static RtcpCompoundEnumerator Enumerate(ReadOnlySpan<byte> datagram) => new(datagram);

    /// <summary>
    /// The header validity checks of RFC 3550 §A.2: version 2 everywhere, the first packet SR or RR, padding only on
    /// the last packet, and lengths that add up to the datagram. Reduced-size RTCP (RFC 5506) fails the second check
    /// on purpose: call <see cref="Enumerate"/> alone where it was negotiated.
    /// </summary>
    public static bool Validate(ReadOnlySpan<byte> datagram, out RtcpParseError error)
    {
        if (datagram.Length == 0) return RtcpFail.With(RtcpParseError.TooShort, out error);
        var packets = Enumerate(datagram);
        bool first = true, sawPadding = false;
        while (packets.MoveNext())
        {
            var packet = packets.Current;
            if (first && packet.Type is not (RtcpPacketType.SenderReport or RtcpPacketType.ReceiverReport))
                return RtcpFail.With(RtcpParseError.FirstNotReport, out error);
            if (sawPadding) return RtcpFail.With(RtcpParseError.PaddingNotLast, out error);
            sawPadding = packet.Header.Padding;
            first = false;
        }
        error = packets.Error;
        return error == RtcpParseError.None;
    }
}
