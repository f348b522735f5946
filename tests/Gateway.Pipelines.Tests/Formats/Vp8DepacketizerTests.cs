using Gateway.Pipelines.Codecs;
using Gateway.Pipelines.Formats;
using Gateway.Pipelines.Formats.Vp8;

namespace Gateway.Pipelines.Tests.Formats;

public sealed class Vp8DepacketizerTests
{
    // RFC 7741 §4.2: |X|R|N|S|R|PID|, then |I|L|T|K|RSV| when X, then PictureID (M: 15 bits), TL0PICIDX, |TID|Y|KEYIDX|.
    [Theory]
    [InlineData("10", false, true, 0, -1, -1, -1, false, -1, 1)]
    [InlineData("20", true, false, 0, -1, -1, -1, false, -1, 1)]                 // N: non-reference frame
    [InlineData("17", false, true, 7, -1, -1, -1, false, -1, 1)]                 // PID 7
    [InlineData("908005", false, true, 0, 5, -1, -1, false, -1, 3)]              // I, 7-bit PictureID
    [InlineData("90808123", false, true, 0, 0x0123, -1, -1, false, -1, 4)]       // I, M: 15-bit PictureID
    [InlineData("9080ffff", false, true, 0, 0x7FFF, -1, -1, false, -1, 4)]       // largest PictureID
    [InlineData("80402a", false, false, 0, -1, 42, -1, false, -1, 3)]            // L: TL0PICIDX
    [InlineData("8020c0", false, false, 0, -1, -1, 3, false, -1, 3)]             // T: TID 3
    [InlineData("802060", false, false, 0, -1, -1, 1, true, -1, 3)]              // T: TID 1, Y
    [InlineData("80101f", false, false, 0, -1, -1, -1, false, 31, 3)]            // K: KEYIDX only, TID absent
    [InlineData("b0f08001057f", true, true, 0, 1, 5, 1, true, 31, 6)]            // everything
    [InlineData("8000", false, false, 0, -1, -1, -1, false, -1, 2)]              // X with no extension bit
    public void Payload_descriptor_fields(string hex, bool nonReference, bool start, int pid, int pictureId, int tl0, int tid,
        bool layerSync, int keyIndex, int length)
    {
        Assert.True(Vp8PayloadDescriptor.TryParse(Convert.FromHexString(hex), out var d));
        Assert.Equal(new Vp8PayloadDescriptor(nonReference, start, pid, pictureId, tl0, tid, layerSync, keyIndex, length), d);
    }

    [Theory]
    [InlineData("")]
    [InlineData("80")]          // X without its extension octet
    [InlineData("9080")]        // I without PictureID
    [InlineData("908081")]      // 15-bit PictureID cut
    [InlineData("9040")]        // L without TL0PICIDX
    [InlineData("9020")]        // T without TID octet
    [InlineData("9010")]        // K without KEYIDX octet
    [InlineData("90f0808105")]  // all set, last octet missing
    public void Truncated_descriptors_are_rejected(string hex) =>
        Assert.False(Vp8PayloadDescriptor.TryParse(Convert.FromHexString(hex), out _));

    private static FrameCollector Collector(DepacketizerLimits? limits = null) =>
        new(new Vp8Codec().CreateDepacketizer(limits ?? new DepacketizerLimits()));

    [Fact]
    public void Frame_spans_packets_from_the_partition_start_to_the_marker_and_the_P_bit_tells_the_key_frame()
    {
        var collector = Collector();
        // Key frame: payload header P bit 0, start code 9d 01 2a (RFC 7741 §4.3, RFC 6386 §9.1).
        Assert.Equal(DepacketizeStatus.NeedMorePackets, collector.Push(3000, false, 0x90, 0x80, 0x07, 0x50, 0x42, 0x00, 0x9D, 0x01, 0x2A));
        Assert.Equal(DepacketizeStatus.NeedMorePackets, collector.Push(3000, false, 0x80, 0x80, 0x07, 0xAA));
        Assert.Equal(DepacketizeStatus.FrameComplete, collector.Push(3000, true, 0x81, 0x80, 0x07, 0xBB));  // partition 1
        Assert.Equal(DepacketizeStatus.FrameComplete, collector.Push(6000, true, 0x10, 0x51, 0x03));           // inter frame
        Assert.Equal("5042009D012AAABB", Convert.ToHexString(collector.Frames[0].Bytes));
        Assert.Equal(new FrameInfo(3000, true), collector.Frames[0].Info);
        Assert.Equal(new FrameInfo(6000, false), collector.Frames[1].Info);
    }

    [Fact]
    public void A_frame_whose_first_packet_was_lost_is_dropped_and_the_next_one_kept()
    {
        var collector = Collector();
        Assert.Equal(DepacketizeStatus.FrameDropped, collector.Push(3000, false, 0x00, 0xAA));  // S=0 with nothing started
        Assert.Equal(DropReason.MissingStart, collector.LastDropReason);
        Assert.Equal(DepacketizeStatus.NeedMorePackets, collector.Push(3000, true, 0x00, 0xBB));
        Assert.Equal(DepacketizeStatus.FrameComplete, collector.Push(6000, true, 0x10, 0x51));
        Assert.Single(collector.Frames);
    }

    [Theory]
    [InlineData("10")]          // descriptor only, no VP8 data
    [InlineData("90")]          // truncated descriptor
    public void Malformed_packets_drop_the_frame(string hex)
    {
        var collector = Collector();
        Assert.Equal(DepacketizeStatus.FrameDropped, collector.Push(3000, true, Convert.FromHexString(hex)));
        Assert.Equal(DropReason.Malformed, collector.LastDropReason);
    }

    [Fact]
    public void A_second_frame_start_under_one_timestamp_drops_the_frame()
    {
        var collector = Collector();
        collector.Push(3000, false, 0x10, 0x50, 0xAA);
        Assert.Equal(DepacketizeStatus.FrameDropped, collector.Push(3000, false, 0x10, 0x51, 0xBB));
        Assert.Equal(DropReason.UnexpectedStart, collector.LastDropReason);
    }

    [Fact]
    public void Reset_mid_frame_drops_it_and_skips_its_rest()
    {
        var collector = Collector();
        collector.Push(3000, false, 0x10, 0x50, 0xAA);
        collector.Depacketizer.Reset();
        Assert.Equal(DepacketizeStatus.NeedMorePackets, collector.Push(3000, true, 0x00, 0xBB));
        Assert.Equal(DepacketizeStatus.FrameComplete, collector.Push(6000, true, 0x10, 0x51, 0xCC));
        Assert.Equal("51CC", Convert.ToHexString(Assert.Single(collector.Frames).Bytes));
    }

    [Theory]
    [InlineData(4, 4096, 512, DropReason.TooLarge)]
    [InlineData(1 << 20, 2, 512, DropReason.TooManyPackets)]
    [InlineData(1 << 20, 4096, 1, DropReason.TooManyUnits)]
    public void Limits_drop_the_frame(int maxBytes, int maxPackets, int maxUnits, DropReason reason)
    {
        var collector = Collector(new DepacketizerLimits { MaxFrameBytes = maxBytes, MaxPacketsPerFrame = maxPackets, MaxUnitsPerFrame = maxUnits });
        collector.Push(3000, false, 0x10, 0x50, 0xAA, 0xBB);
        collector.Push(3000, false, 0x11, 0xCC);                  // partition 1 starts: a second unit
        collector.Push(3000, true, 0x01, 0xDD);
        Assert.Equal(1, collector.Dropped);
        Assert.Equal(reason, collector.LastDropReason);
        Assert.Empty(collector.Frames);
    }

    [Fact]
    public void Capture_yields_60_frames_with_key_frames_at_the_GOP_and_decodes_in_ffmpeg()
    {
        var collector = new FrameCollector(new Vp8Codec().CreateDepacketizer(new DepacketizerLimits()));
        collector.PushAll(Captures.Load("vp8/testsrc-640x360-30fps-2s.hex"));
        Assert.Equal(60, collector.Frames.Count);
        Assert.Equal(0, collector.Dropped);
        Assert.Equal([0, 30], collector.Frames.Select((f, i) => (f.Info.IsKeyFrame, i)).Where(x => x.IsKeyFrame).Select(x => x.i));
        Assert.All(collector.Frames.Where(f => f.Info.IsKeyFrame), f => Assert.Equal("9D012A", Convert.ToHexString(f.Bytes, 3, 3)));
        var path = Path.Combine(Path.GetTempPath(), $"gateway-vp8-{Guid.NewGuid():N}.ivf");
        try
        {
            Ivf.Write(path, "VP80", collector.Frames.Select(f => (f.Bytes, f.Info.RtpTimestamp)).ToList());
            var (frames, errors) = Ffmpeg.Decode("ivf", path);
            Assert.Equal("", errors);
            Assert.Equal(60, frames);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
