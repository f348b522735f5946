using System.Buffers.Binary;

namespace Gateway.Rtc.Rtcp;

/// <summary>Generic NACK, RTPFB FMT 1 (RFC 4585 §6.2.1): sender and media SSRC, then PID+BLP entries.</summary>
public readonly ref struct GenericNack
{
    public GenericNack(uint senderSsrc, uint mediaSsrc, ReadOnlySpan<NackPair> pairs)
        : this(senderSsrc, mediaSsrc, new RtcpList<NackPair>(pairs))
    {
    }

    private GenericNack(uint senderSsrc, uint mediaSsrc, RtcpList<NackPair> pairs)
    {
        SenderSsrc = senderSsrc;
        MediaSsrc = mediaSsrc;
        Pairs = pairs;
    }

    public uint SenderSsrc { get; }

    public uint MediaSsrc { get; }

    public RtcpList<NackPair> Pairs { get; }

    public int Length => RtcpHeader.Size + 8 + Pairs.WireLength;

    public static bool TryParse(ReadOnlySpan<byte> data, out GenericNack nack, out RtcpParseError error)
    {
        nack = default;
        if (!RtcpPacket.TryRead(data, RtcpPacketType.TransportFeedback, FeedbackFormat.GenericNack, out var packet, out error)) return false;
        var body = packet.Payload;
        if (body.Length < 8) return RtcpFail.With(RtcpParseError.Truncated, out error);
        int count = (body.Length - 8) / NackPair.WireSize;
        nack = new GenericNack(BinaryPrimitives.ReadUInt32BigEndian(body), BinaryPrimitives.ReadUInt32BigEndian(body[4..]),
            new RtcpList<NackPair>(body.Slice(8, count * NackPair.WireSize), count));
        return true;
    }

    public bool TryWriteTo(Span<byte> destination, out int written)
    {
        written = 0;
        int length = Length;
        if (destination.Length < length || length > RtcpHeader.Size * 65536) return false;
        RtcpHeader.Write(destination, FeedbackFormat.GenericNack, RtcpPacketType.TransportFeedback, length);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], SenderSsrc);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], MediaSsrc);
        Pairs.WriteTo(destination[12..]);
        written = length;
        return true;
    }
}
