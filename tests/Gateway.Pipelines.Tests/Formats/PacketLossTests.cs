using Gateway.Pipelines.Formats;
using Gateway.Pipelines.Formats.H264;
using Gateway.Pipelines.Codecs;

namespace Gateway.Pipelines.Tests.Formats;

/// <summary>
/// Every single-packet loss in every video capture, signalled the way the jitter buffer does (Reset before the packet
/// after the gap): only the frame the lost packet belonged to may go; every other frame comes out byte for byte.
/// </summary>
public sealed class PacketLossTests
{
    [Theory]
    [InlineData("H264", "h264/testsrc-640x360-30fps-2s.hex")]
    [InlineData("H264", "h264/testsrc2-320x240-high-10frames.hex")]
    [InlineData("VP8", "vp8/testsrc-640x360-30fps-2s.hex")]
    [InlineData("VP9", "vp9/testsrc-640x360-30fps-2s.hex")]
    public void One_lost_packet_costs_at_most_the_frame_it_belonged_to(string encoding, string capture)
    {
        var packets = Captures.Load(capture);
        var complete = Run(encoding, packets, lost: -1).ToDictionary(f => f.Info.RtpTimestamp, f => f.Bytes);
        for (int lost = 0; lost < packets.Count; lost++)
        {
            uint hit = packets[lost].Header.Timestamp;
            var frames = Run(encoding, packets, lost);
            Assert.Equal(frames.Count, frames.Select(f => f.Info.RtpTimestamp).Distinct().Count());
            foreach (var (bytes, info) in frames)
            {
                if (info.RtpTimestamp != hit)
                {
                    Assert.Equal(complete[info.RtpTimestamp], bytes);
                    continue;
                }
                // Only H.264 can keep the hit access unit: when the lost packet held just SPS/PPS/SEI, every slice is
                // still there (a decoder uses the parameter sets it already has).
                Assert.Equal("H264", encoding);
                var kept = H264CaptureTests.NalTypes(bytes);
                var all = H264CaptureTests.NalTypes(complete[hit]);
                Assert.Equal(all.Where(IsSlice), kept.Where(IsSlice));
                Assert.True(kept.Count < all.Count, $"packet {lost}: nothing missing from the hit access unit");
            }
            var expected = complete.Keys.Where(ts => ts != hit).ToHashSet();
            Assert.Subset(frames.Select(f => f.Info.RtpTimestamp).ToHashSet(), expected);
        }
    }

    private static bool IsSlice(NalUnitType type) => type is NalUnitType.NonIdrSlice or NalUnitType.IdrSlice;

    private static List<(byte[] Bytes, FrameInfo Info)> Run(string encoding, List<(Gateway.Rtc.Rtp.RtpHeader Header, byte[] Payload)> packets, int lost)
    {
        Assert.True(CodecRegistry.TryCreate(encoding, 90000, 0, null, out var codec, out _));
        var collector = new FrameCollector(codec.CreateDepacketizer(new DepacketizerLimits()));
        for (int i = 0; i < packets.Count; i++)
        {
            if (i == lost) continue;
            if (i == lost + 1) collector.Depacketizer.Reset();      // the jitter buffer declares the gap
            collector.Push(packets[i].Header, packets[i].Payload);
        }
        return collector.Frames;
    }
}
