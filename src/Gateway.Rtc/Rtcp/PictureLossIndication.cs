using System.Buffers.Binary;

namespace Gateway.Rtc.Rtcp;

/// <summary>Picture loss indication, PSFB FMT 1 (RFC 4585 §6.3.1): no FCI, 12 bytes.</summary>
public readonly record struct PictureLossIndication(uint SenderSsrc, uint MediaSsrc)
{
    public const int Size = 12;

    public static bool TryParse(ReadOnlySpan<byte> data, out PictureLossIndication pli, out RtcpParseError error)
    {
        pli = default;
        if (!RtcpPacket.TryRead(data, RtcpPacketType.PayloadFeedback, FeedbackFormat.PictureLossIndication, out var packet, out error)) return false;
        if (packet.Payload.Length < 8) return RtcpFail.With(RtcpParseError.Truncated, out error);
        pli = new PictureLossIndication(BinaryPrimitives.ReadUInt32BigEndian(packet.Payload), BinaryPrimitives.ReadUInt32BigEndian(packet.Payload[4..]));
        return true;
    }

    public bool TryWriteTo(Span<byte> destination, out int written)
    {
        written = 0;
        if (destination.Length < Size) return false;
        RtcpHeader.Write(destination, FeedbackFormat.PictureLossIndication, RtcpPacketType.PayloadFeedback, Size);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], SenderSsrc);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], MediaSsrc);
        written = Size;
        return true;
    }
}
