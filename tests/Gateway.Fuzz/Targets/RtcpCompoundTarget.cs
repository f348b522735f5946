using Gateway.Rtc.Rtcp;

namespace Gateway.Fuzz.Targets;

/// <summary>Walks a compound RTCP datagram and tries every typed parser (and re-writer) on every packet.</summary>
internal sealed class RtcpCompoundTarget : IFuzzTarget
{
    public string Name => "rtcp";

    public void Run(ReadOnlySpan<byte> input)
    {
        RtcpCompound.Validate(input, out _);
        Span<byte> scratch = stackalloc byte[2048];
        Span<ushort> lost = stackalloc ushort[1024];
        foreach (var packet in RtcpCompound.Enumerate(input))
        {
            if (packet.Payload.Length > packet.Data.Length - RtcpHeader.Size) throw new InvalidOperationException("payload outside packet");
            var data = packet.Data;
            var destination = scratch[..Math.Min(scratch.Length, data.Length + 8)];
            if (SenderReport.TryParse(data, out var sr, out _))
            {
                foreach (var block in sr.ReportBlocks) _ = block.CumulativeLost;
                sr.TryWriteTo(destination, out _);
            }
            if (ReceiverReport.TryParse(data, out var rr, out _))
            {
                foreach (var block in rr.ReportBlocks) _ = block.CumulativeLost;
                rr.TryWriteTo(destination, out _);
            }
            if (SourceDescription.TryParse(data, out var sdes, out _))
            {
                foreach (var chunk in sdes.Chunks)
                {
                    foreach (var item in chunk.Items) _ = item.Text.Length;
                }
                sdes.TryWriteTo(destination, out _);
            }
            if (Goodbye.TryParse(data, out var bye, out _))
            {
                foreach (var ssrc in bye.Sources) _ = ssrc;
                bye.TryWriteTo(destination, out _);
            }
            if (ApplicationDefined.TryParse(data, out var app, out _)) app.TryWriteTo(destination, out _);
            if (GenericNack.TryParse(data, out var nack, out _))
            {
                NackList.TryExpand(nack.Pairs, lost, out _);
                nack.TryWriteTo(destination, out _);
            }
            if (TransportWideCcFeedback.TryParse(data, out var twcc, out _))
            {
                int count = 0;
                foreach (var report in twcc.Packets) count += report.Received ? 1 : 0;
                if (count > twcc.StatusCount) throw new InvalidOperationException("more packets than statuses");
                twcc.TryWriteTo(destination, out _);
            }
            if (PictureLossIndication.TryParse(data, out var pli, out _)) pli.TryWriteTo(destination, out _);
            if (FullIntraRequest.TryParse(data, out var fir, out _))
            {
                foreach (var entry in fir.Entries) _ = entry.SequenceNumber;
                fir.TryWriteTo(destination, out _);
            }
            if (ReceiverEstimatedMaximumBitrate.TryParse(data, out var remb, out _))
            {
                foreach (var ssrc in remb.Ssrcs) _ = ssrc;
                remb.TryWriteTo(destination, out _);
            }
        }
    }
}
