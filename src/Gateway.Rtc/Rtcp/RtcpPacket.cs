namespace Gateway.Rtc.Rtcp;

/// <summary>One RTCP packet inside a datagram: its header, all its bytes, and its body without header and padding.</summary>
public readonly ref struct RtcpPacket
{
    public RtcpPacket(RtcpHeader header, ReadOnlySpan<byte> data, ReadOnlySpan<byte> payload)
    {
        Header = header;
        Data = data;
        Payload = payload;
    }

    public RtcpHeader Header { get; }

    /// <summary>The whole packet, common header and padding included: what the typed parsers take.</summary>
    public ReadOnlySpan<byte> Data { get; }

    /// <summary>The body after the 4-byte common header, padding removed.</summary>
    public ReadOnlySpan<byte> Payload { get; }

    public RtcpPacketType Type => Header.Type;

    /// <summary>RC, SC or FMT, depending on the type.</summary>
    public byte Count => Header.Count;

    /// <summary>Reads the packet at the start of <paramref name="data"/> (its length field says where it ends).</summary>
    public static bool TryRead(ReadOnlySpan<byte> data, out RtcpPacket packet, out RtcpParseError error)
    {
        packet = default;
        if (!RtcpHeader.TryParse(data, out var header, out error)) return false;
        int length = header.PacketLength;
        if (length > data.Length) return RtcpFail.With(RtcpParseError.Truncated, out error);
        int padding = 0;
        if (header.Padding) // RFC 3550 §6.4.1: the last octet counts the padding, itself included
        {
            padding = data[length - 1];
            if (padding == 0 || padding > length - RtcpHeader.Size) return RtcpFail.With(RtcpParseError.BadPadding, out error);
        }
        packet = new RtcpPacket(header, data[..length], data[RtcpHeader.Size..(length - padding)]);
        return true;
    }

    /// <summary>Reads a packet and checks its type (and, for feedback, its FMT).</summary>
    internal static bool TryRead(ReadOnlySpan<byte> data, RtcpPacketType type, int format, out RtcpPacket packet, out RtcpParseError error)
    {
        if (!TryRead(data, out packet, out error)) return false;
        if (packet.Type != type) return RtcpFail.With(RtcpParseError.WrongPacketType, out error);
        if (format >= 0 && packet.Count != format) return RtcpFail.With(RtcpParseError.WrongFormat, out error);
        return true;
    }
}
