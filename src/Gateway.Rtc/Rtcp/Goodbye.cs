namespace Gateway.Rtc.Rtcp;

/// <summary>
/// Goodbye, PT 203 (RFC 3550 §6.6): the SSRCs leaving and an optional UTF-8 reason (length octet, text, zero
/// padding to 32 bits).
/// </summary>
public readonly ref struct Goodbye
{
    public Goodbye(ReadOnlySpan<uint> sources, ReadOnlySpan<byte> reason = default)
        : this(new SsrcList(sources), reason)
    {
    }

    private Goodbye(SsrcList sources, ReadOnlySpan<byte> reason)
    {
        Sources = sources;
        Reason = reason;
    }

    public SsrcList Sources { get; }

    /// <summary>The reason for leaving, UTF-8; empty when none was given.</summary>
    public ReadOnlySpan<byte> Reason { get; }

    public int Length => RtcpHeader.Size + Sources.WireLength + (Reason.IsEmpty ? 0 : (1 + Reason.Length + 3) & ~3);

    public static bool TryParse(ReadOnlySpan<byte> data, out Goodbye goodbye, out RtcpParseError error)
    {
        goodbye = default;
        if (!RtcpPacket.TryRead(data, RtcpPacketType.Goodbye, -1, out var packet, out error)) return false;
        var body = packet.Payload;
        int sourcesLength = 4 * packet.Count;
        if (body.Length < sourcesLength) return RtcpFail.With(RtcpParseError.BadCount, out error);
        ReadOnlySpan<byte> reason = default;
        if (body.Length > sourcesLength)
        {
            int reasonLength = body[sourcesLength];
            if (body.Length - sourcesLength - 1 < reasonLength) return RtcpFail.With(RtcpParseError.Malformed, out error);
            reason = body.Slice(sourcesLength + 1, reasonLength);
        }
        goodbye = new Goodbye(new SsrcList(body[..sourcesLength], packet.Count), reason);
        return true;
    }

    public bool TryWriteTo(Span<byte> destination, out int written)
    {
        written = 0;
        int length = Length;
        if (Sources.Count > RtcpHeader.MaxCount || Reason.Length > 255 || destination.Length < length) return false;
        RtcpHeader.Write(destination, Sources.Count, RtcpPacketType.Goodbye, length);
        Sources.WriteTo(destination[RtcpHeader.Size..]);
        if (!Reason.IsEmpty)
        {
            int at = RtcpHeader.Size + Sources.WireLength;
            destination[at] = (byte)Reason.Length;
            Reason.CopyTo(destination[(at + 1)..]);
            destination[(at + 1 + Reason.Length)..length].Clear();
        }
        written = length;
        return true;
    }
}
