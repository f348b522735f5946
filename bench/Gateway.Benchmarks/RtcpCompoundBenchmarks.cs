using BenchmarkDotNet.Attributes;
using Gateway.Rtc.Rtcp;

namespace Gateway.Benchmarks;

/// <summary>Walks a compound datagram and parses each packet with its typed parser, touching the fields a receiver uses.</summary>
[MemoryDiagnoser]
public class RtcpCompoundBenchmarks
{
    private readonly byte[] _senderReport = BenchmarkPackets.FfmpegSenderReport();
    private readonly byte[] _receiverReportRemb = BenchmarkPackets.ReceiverReportWithRemb();
    private readonly byte[] _twcc = BenchmarkPackets.TransportWideCc();
    private readonly TwccPacketStatus[] _twccStatuses = new TwccPacketStatus[60];
    private readonly byte[] _destination = new byte[512];

    [GlobalSetup]
    public void Setup()
    {
        TransportWideCcFeedback.TryParse(_twcc, out var feedback, out _);
        int i = 0;
        foreach (var report in feedback.Packets) _twccStatuses[i++] = new TwccPacketStatus(report.Symbol, report.DeltaTicks);
    }

    [Benchmark(Baseline = true)]
    public long SenderReportAndSdes() => Walk(_senderReport);

    [Benchmark]
    public long ReceiverReportAndRemb() => Walk(_receiverReportRemb);

    [Benchmark]
    public long TransportWideCcParse() => Walk(_twcc);

    [Benchmark]
    public int TransportWideCcWrite() =>
        TransportWideCcFeedback.TryWrite(_destination, 0x11111111, 0x22222222, 65500, 4242, 9, _twccStatuses, out int written) ? written : -1;

    private static long Walk(ReadOnlySpan<byte> datagram)
    {
        long sum = 0;
        foreach (var packet in RtcpCompound.Enumerate(datagram))
        {
            switch (packet.Type)
            {
                case RtcpPacketType.SenderReport when SenderReport.TryParse(packet.Data, out var sr, out _):
                    sum += (long)sr.Info.NtpTimestamp + sr.Info.RtpTimestamp;
                    foreach (var block in sr.ReportBlocks) sum += block.ExtendedHighestSequence;
                    break;
                case RtcpPacketType.ReceiverReport when ReceiverReport.TryParse(packet.Data, out var rr, out _):
                    foreach (var block in rr.ReportBlocks) sum += block.CumulativeLost + block.Jitter + block.LastSenderReport;
                    break;
                case RtcpPacketType.SourceDescription when SourceDescription.TryParse(packet.Data, out var sdes, out _):
                    foreach (var chunk in sdes.Chunks)
                    {
                        if (chunk.TryGetItem(SdesItemType.CName, out var cname)) sum += cname.Length;
                    }
                    break;
                case RtcpPacketType.PayloadFeedback when ReceiverEstimatedMaximumBitrate.TryParse(packet.Data, out var remb, out _):
                    sum += (long)remb.Bitrate + remb.Ssrcs.Count;
                    break;
                case RtcpPacketType.TransportFeedback when TransportWideCcFeedback.TryParse(packet.Data, out var twcc, out _):
                    foreach (var report in twcc.Packets) sum += report.ArrivalTicks;
                    break;
            }
        }
        return sum;
    }
}
