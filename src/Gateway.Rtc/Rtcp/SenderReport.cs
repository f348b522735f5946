using System.Buffers.Binary;

namespace Gateway.Rtc.Rtcp;

/// <summary>
/// Sender report, PT 200 (RFC 3550 §6.4.1): sender info, up to 31 report blocks and an optional profile extension.
/// Parsing reads the blocks lazily from the packet; writing takes them from the caller's span.
/// </summary>
public readonly ref struct SenderReport
{
    private const int InfoLength = 24; // sender SSRC + NTP + RTP timestamp + packet and octet counts

    public SenderReport(SenderInfo info, ReadOnlySpan<ReceptionReport> reportBlocks, ReadOnlySpan<byte> profileExtension = default)
        : this(info, new RtcpList<ReceptionReport>(reportBlocks), profileExtension)
    {
    }

    private SenderReport(SenderInfo info, RtcpList<ReceptionReport> reportBlocks, ReadOnlySpan<byte> profileExtension)
    {
        Info = info;
        ReportBlocks = reportBlocks;
        ProfileExtension = profileExtension;
    }

    public SenderInfo Info { get; }

    public RtcpList<ReceptionReport> ReportBlocks { get; }

    /// <summary>Profile-specific extension bytes after the report blocks (§6.4.1), usually empty.</summary>
    public ReadOnlySpan<byte> ProfileExtension { get; }

    public int Length => RtcpHeader.Size + InfoLength + ReportBlocks.WireLength + ProfileExtension.Length;

    public static bool TryParse(ReadOnlySpan<byte> data, out SenderReport report, out RtcpParseError error)
    {
        report = default;
        if (!RtcpPacket.TryRead(data, RtcpPacketType.SenderReport, -1, out var packet, out error)) return false;
        var body = packet.Payload;
        if (body.Length < InfoLength) return RtcpFail.With(RtcpParseError.Truncated, out error);
        int blocksLength = packet.Count * ReceptionReport.Size;
        if (body.Length - InfoLength < blocksLength) return RtcpFail.With(RtcpParseError.BadCount, out error);
        var info = new SenderInfo(
            BinaryPrimitives.ReadUInt32BigEndian(body),
            BinaryPrimitives.ReadUInt64BigEndian(body[4..]),
            BinaryPrimitives.ReadUInt32BigEndian(body[12..]),
            BinaryPrimitives.ReadUInt32BigEndian(body[16..]),
            BinaryPrimitives.ReadUInt32BigEndian(body[20..]));
        report = new SenderReport(info, new RtcpList<ReceptionReport>(body.Slice(InfoLength, blocksLength), packet.Count),
            body[(InfoLength + blocksLength)..]);
        return true;
    }

    public bool TryWriteTo(Span<byte> destination, out int written)
    {
        written = 0;
        int length = Length;
        if (ReportBlocks.Count > RtcpHeader.MaxCount || ProfileExtension.Length % 4 != 0 || destination.Length < length) return false;
        RtcpHeader.Write(destination, ReportBlocks.Count, RtcpPacketType.SenderReport, length);
        var body = destination[RtcpHeader.Size..];
        BinaryPrimitives.WriteUInt32BigEndian(body, Info.Ssrc);
        BinaryPrimitives.WriteUInt64BigEndian(body[4..], Info.NtpTimestamp);
        BinaryPrimitives.WriteUInt32BigEndian(body[12..], Info.RtpTimestamp);
        BinaryPrimitives.WriteUInt32BigEndian(body[16..], Info.PacketCount);
        BinaryPrimitives.WriteUInt32BigEndian(body[20..], Info.OctetCount);
        ReportBlocks.WriteTo(body[InfoLength..]);
        ProfileExtension.CopyTo(body[(InfoLength + ReportBlocks.WireLength)..]);
        written = length;
        return true;
    }
}
