using System.Text;
using Gateway.Rtc.Rtcp;
using Gateway.Rtc.Tests.Rtp;

namespace Gateway.Rtc.Tests.Rtcp;

/// <summary>Sender reports ffmpeg 5.1 sent while streaming to 127.0.0.1 (see tests/testdata/README.md).</summary>
public sealed class CapturedRtcpTests
{
    [Theory]
    [InlineData("rtcp/ffmpeg-h264-sr-sdes-bye.hex", 0x411D13A6u, "video@gateway.test")]
    [InlineData("rtcp/ffmpeg-opus-sr-sdes-bye.hex", 0x6D17D0D3u, "audio@gateway.test")]
    public void Each_datagram_is_a_valid_SR_SDES_compound_and_the_last_says_goodbye(string file, uint ssrc, string cname)
    {
        var datagrams = TestDataFiles.HexLines(file);
        Assert.Equal(3, datagrams.Length);
        for (var d = 0; d < datagrams.Length; d++)
        {
            Assert.True(RtcpCompound.Validate(datagrams[d], out var error), error.ToString());
            var types = new List<RtcpPacketType>();
            foreach (var packet in RtcpCompound.Enumerate(datagrams[d]))
            {
                types.Add(packet.Type);
                switch (packet.Type)
                {
                    case RtcpPacketType.SenderReport:
                        Assert.True(SenderReport.TryParse(packet.Data, out var sr, out _));
                        Assert.Equal(ssrc, sr.Info.Ssrc);
                        Assert.Equal(0, sr.ReportBlocks.Count);
                        Assert.True(sr.ProfileExtension.IsEmpty);
                        break;
                    case RtcpPacketType.SourceDescription:
                        Assert.True(SourceDescription.TryParse(packet.Data, out var sdes, out _));
                        Assert.Equal(1, sdes.ChunkCount);
                        foreach (var chunk in sdes.Chunks)
                        {
                            Assert.Equal(ssrc, chunk.Ssrc);
                            Assert.True(chunk.TryGetItem(SdesItemType.CName, out var text));
                            Assert.Equal(cname, Encoding.UTF8.GetString(text));
                        }
                        break;
                    case RtcpPacketType.Goodbye:
                        Assert.True(Goodbye.TryParse(packet.Data, out var bye, out _));
                        Assert.Equal([ssrc], bye.Sources.ToArray());
                        Assert.True(bye.Reason.IsEmpty);
                        break;
                }
            }
            RtcpPacketType[] expected = d == 2
                ? [RtcpPacketType.SenderReport, RtcpPacketType.SourceDescription, RtcpPacketType.Goodbye]
                : [RtcpPacketType.SenderReport, RtcpPacketType.SourceDescription];
            Assert.Equal(expected, types);
        }
    }

    [Fact]
    public void H264_sender_reports_carry_wall_clock_and_counts()
    {
        var datagrams = TestDataFiles.HexLines("rtcp/ffmpeg-h264-sr-sdes-bye.hex");
        Assert.True(SenderReport.TryParse(datagrams[1], out var sr, out _));
        Assert.Equal(new SenderInfo(0x411D13A6, 0xEEB0FACAC6E978D4, 0x2C70D3D0, 146, 56013), sr.Info);
        // Captured on 2026-11-25 at 06:12:26.777 UTC.
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 6, 12, 26, 777, TimeSpan.Zero),
            NtpTimestamp.ToDateTimeOffset(sr.Info.NtpTimestamp), TimeSpan.FromMilliseconds(1));
        Assert.True(SenderReport.TryParse(datagrams[0], out var first, out _));
        // 5.034 s of NTP time between the reports matches their RTP timestamps at 90 kHz within a frame.
        var wall = NtpTimestamp.ToDateTimeOffset(sr.Info.NtpTimestamp) - NtpTimestamp.ToDateTimeOffset(first.Info.NtpTimestamp);
        double rtpSeconds = Gateway.Rtc.Rtp.RtpTimestamp.Difference(sr.Info.RtpTimestamp, first.Info.RtpTimestamp) / 90000.0;
        Assert.Equal(wall.TotalSeconds, rtpSeconds, 0.05);
    }

    [Fact]
    public void Rewriting_captured_packets_reproduces_their_bytes()
    {
        foreach (var datagram in TestDataFiles.HexLines("rtcp/ffmpeg-opus-sr-sdes-bye.hex"))
        {
            var copy = new byte[datagram.Length];
            int offset = 0;
            foreach (var packet in RtcpCompound.Enumerate(datagram))
            {
                int written;
                bool ok = packet.Type switch
                {
                    RtcpPacketType.SenderReport => SenderReport.TryParse(packet.Data, out var sr, out _) && sr.TryWriteTo(copy.AsSpan(offset), out written),
                    RtcpPacketType.SourceDescription => SourceDescription.TryParse(packet.Data, out var sdes, out _) && sdes.TryWriteTo(copy.AsSpan(offset), out written),
                    RtcpPacketType.Goodbye => Goodbye.TryParse(packet.Data, out var bye, out _) && bye.TryWriteTo(copy.AsSpan(offset), out written),
                    _ => throw new InvalidOperationException(packet.Type.ToString()),
                };
                Assert.True(ok);
                offset += packet.Data.Length;
            }
            Assert.Equal(datagram, copy);
        }
    }
}
