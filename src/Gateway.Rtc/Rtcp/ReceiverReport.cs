using System.Buffers.Binary;

namespace Gateway.Rtc.Rtcp;

/// <summary>Receiver report, PT 201 (RFC 3550 §6.4.2): reporter SSRC, up to 31 report blocks, optional extension.</summary>
public readonly ref struct ReceiverReport
{
    public ReceiverReport(uint ssrc, ReadOnlySpan<ReceptionReport> reportBlocks, ReadOnlySpan<byte> profileExtension = default)
        : this(ssrc, new RtcpList<ReceptionReport>(reportBlocks), profileExtension)
    {
    }

    private ReceiverReport(uint ssrc, RtcpList<ReceptionReport> reportBlocks, ReadOnlySpan<byte> profileExtension)
    {
        Ssrc = ssrc;
        ReportBlocks = reportBlocks;
        ProfileExtension = profileExtension;
    }

    /// <summary>SSRC of the packet's sender (the reporter).</summary>
    public uint Ssrc { get; }

    public RtcpList<ReceptionReport> ReportBlocks { get; }

    public ReadOnlySpan<byte> ProfileExtension { get; }

    public int Length => RtcpHeader.Size + 4 + ReportBlocks.WireLength + ProfileExtension.Length;

    public static bool TryParse(ReadOnlySpan<byte> data, out ReceiverReport report, out RtcpParseError error)
    {
        report = default;
        if (!RtcpPacket.TryRead(data, RtcpPacketType.ReceiverReport, -1, out var packet, out error)) return false;
        var body = packet.Payload;
        if (body.Length < 4) return RtcpFail.With(RtcpParseError.Truncated, out error);
        int blocksLength = packet.Count * ReceptionReport.Size;
        if (body.Length - 4 < blocksLength) return RtcpFail.With(RtcpParseError.BadCount, out error);
        report = new ReceiverReport(BinaryPrimitives.ReadUInt32BigEndian(body),
            new RtcpList<ReceptionReport>(body.Slice(4, blocksLength), packet.Count), body[(4 + blocksLength)..]);
        return true;
    }

    public bool TryWriteTo(Span<byte> destination, out int written)
    {
        written = 0;
        int length = Length;
        if (ReportBlocks.Count > RtcpHeader.MaxCount || ProfileExtension.Length % 4 != 0 || destination.Length < length) return false;
        RtcpHeader.Write(destination, ReportBlocks.Count, RtcpPacketType.ReceiverReport, length);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], Ssrc);
        ReportBlocks.WriteTo(destination[8..]);
        ProfileExtension.CopyTo(destination[(8 + ReportBlocks.WireLength)..]);
        written = length;
        return true;
    }
}
