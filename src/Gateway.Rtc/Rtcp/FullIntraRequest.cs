using System.Buffers.Binary;

namespace Gateway.Rtc.Rtcp;

/// <summary>
/// Full intra request, PSFB FMT 4 (RFC 5104 §4.3.1): the media SSRC field is unused (0) and each FCI entry names
/// the SSRC that should send a decoder refresh point.
/// </summary>
public readonly ref struct FullIntraRequest
{
    public FullIntraRequest(uint senderSsrc, ReadOnlySpan<FirEntry> entries)
        : this(senderSsrc, 0, new RtcpList<FirEntry>(entries))
    {
    }

    private FullIntraRequest(uint senderSsrc, uint mediaSsrc, RtcpList<FirEntry> entries)
    {
        SenderSsrc = senderSsrc;
        MediaSsrc = mediaSsrc;
        Entries = entries;
    }

    public uint SenderSsrc { get; }

    /// <summary>RFC 5104 §4.3.1.2: set to 0 by senders, ignored by receivers.</summary>
    public uint MediaSsrc { get; }

    public RtcpList<FirEntry> Entries { get; }

    public int Length => RtcpHeader.Size + 8 + Entries.WireLength;

    public static bool TryParse(ReadOnlySpan<byte> data, out FullIntraRequest fir, out RtcpParseError error)
    {
        fir = default;
        if (!RtcpPacket.TryRead(data, RtcpPacketType.PayloadFeedback, FeedbackFormat.FullIntraRequest, out var packet, out error)) return false;
        var body = packet.Payload;
        if (body.Length < 8) return RtcpFail.With(RtcpParseError.Truncated, out error);
        int count = (body.Length - 8) / FirEntry.WireSize;
        fir = new FullIntraRequest(BinaryPrimitives.ReadUInt32BigEndian(body), BinaryPrimitives.ReadUInt32BigEndian(body[4..]),
            new RtcpList<FirEntry>(body.Slice(8, count * FirEntry.WireSize), count));
        return true;
    }

    public bool TryWriteTo(Span<byte> destination, out int written)
    {
        written = 0;
        int length = Length;
        if (destination.Length < length || length > RtcpHeader.Size * 65536) return false;
        RtcpHeader.Write(destination, FeedbackFormat.FullIntraRequest, RtcpPacketType.PayloadFeedback, length);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], SenderSsrc);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], MediaSsrc);
        Entries.WriteTo(destination[12..]);
        written = length;
        return true;
    }
}
