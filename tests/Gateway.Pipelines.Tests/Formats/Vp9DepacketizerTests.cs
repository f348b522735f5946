using Gateway.Pipelines.Codecs;
using Gateway.Pipelines.Formats;
using Gateway.Pipelines.Formats.Vp9;

namespace Gateway.Pipelines.Tests.Formats;

public sealed class Vp9DepacketizerTests
{
    // RFC 9628 §4.2: |I|P|L|F|B|E|V|Z|, PictureID (M: 15 bits), |TID|U|SID|D| (+TL0PICIDX when F=0), P_DIFFs, SS.
    [Theory]
    [InlineData("08", "B", -1, -1, -1, -1, 0, 1)]
    [InlineData("0c", "BE", -1, -1, -1, -1, 0, 1)]
    [InlineData("09", "BZ", -1, -1, -1, -1, 0, 1)]
    [InlineData("4c", "PBE", -1, -1, -1, -1, 0, 1)]                     // non-flexible P: no P_DIFF follows
    [InlineData("8805", "IB", 5, -1, -1, -1, 0, 2)]
    [InlineData("88ffff", "IB", 0x7FFF, -1, -1, -1, 0, 3)]              // 15-bit PictureID
    [InlineData("a8052407", "ILB", 5, 1, 2, 7, 0, 4)]                   // non-flexible: TID 1, SID 2, TL0PICIDX 7
    [InlineData("b80535", "ILFB", 5, 1, 2, -1, 0, 3)]                   // flexible: no TL0PICIDX; U and D set
    [InlineData("580a", "PFB", -1, -1, -1, -1, 1, 2)]                   // one P_DIFF (N=0)
    [InlineData("d8050305" + "06", "IPFB", 5, -1, -1, -1, 3, 5)]        // three P_DIFFs, N=1, N=1, N=0
    [InlineData("0a00", "BV", -1, -1, -1, -1, 0, 2)]                    // SS: one layer, no Y, no G
    [InlineData("0a" + "38" + "014000b402800168" + "02" + "0401" + "380102", "BV", -1, -1, -1, -1, 0, 16)] // SS: 2 layers, Y, G with 2 groups
    [InlineData("0a" + "08" + "00", "BV", -1, -1, -1, -1, 0, 3)]        // SS: G with zero groups
    public void Payload_descriptor_fields(string hex, string flags, int pictureId, int tid, int sid, int tl0, int references, int length)
    {
        Assert.True(Vp9PayloadDescriptor.TryParse(Convert.FromHexString(hex), out var d));
        Assert.Equal(flags.Contains('P'), d.InterPicturePredicted);
        Assert.Equal(flags.Contains('F'), d.FlexibleMode);
        Assert.Equal(flags.Contains('B'), d.BeginsFrame);
        Assert.Equal(flags.Contains('E'), d.EndsFrame);
        Assert.Equal(flags.Contains('V'), d.HasScalabilityStructure);
        Assert.Equal(flags.Contains('Z'), d.NotReferenceForUpperSpatialLayers);
        Assert.Equal((pictureId, tid, sid, tl0, references, length), (d.PictureId, d.TemporalLayer, d.SpatialLayer, d.Tl0PicIndex, d.ReferenceCount, d.Length));
        if (hex == "b80535") Assert.Equal((true, true), (d.SwitchingUpPoint, d.InterLayerDependency));
    }

    [Theory]
    [InlineData("")]
    [InlineData("88")]                          // I without PictureID
    [InlineData("8881")]                        // 15-bit PictureID cut
    [InlineData("28")]                          // L without layer octet
    [InlineData("2824")]                        // non-flexible L without TL0PICIDX
    [InlineData("58")]                          // flexible P without P_DIFF
    [InlineData("580301")]                      // N=1 on the last P_DIFF present
    [InlineData("5803030303")]                  // four P_DIFFs: more than three
    [InlineData("0a")]                          // V without SS
    [InlineData("0a30014000b4")]                // Y: second layer's resolution missing
    [InlineData("0a08")]                        // G without N_G
    [InlineData("0a080104")]                    // group with R=1 but no P_DIFF
    [InlineData("0a0802" + "00")]               // N_G=2, one group present
    public void Truncated_or_malformed_descriptors_are_rejected(string hex) =>
        Assert.False(Vp9PayloadDescriptor.TryParse(Convert.FromHexString(hex), out _));

    [Theory]
    [InlineData("82", true, true)]      // frame_marker 10, profile 0, show_existing 0, frame_type 0: key frame
    [InlineData("86", true, false)]     // frame_type 1
    [InlineData("8a", true, false)]     // show_existing_frame: a repeat, never a key frame
    [InlineData("b1", true, true)]      // profile 3: reserved bit, then show_existing 0, frame_type 0
    [InlineData("b3", true, false)]     // profile 3, frame_type 1
    [InlineData("42", false, false)]    // frame_marker 01: not a VP9 frame header
    [InlineData("", false, false)]
    public void Frame_header_key_frame(string hex, bool parses, bool isKeyFrame)
    {
        Assert.Equal(parses, Vp9FrameHeader.TryReadIsKeyFrame(Convert.FromHexString(hex), out bool key));
        Assert.Equal(isKeyFrame, key);
    }

    private static FrameCollector Collector(DepacketizerLimits? limits = null) =>
        new(new Vp9Codec().CreateDepacketizer(limits ?? new DepacketizerLimits()));

    [Fact]
    public void One_layer_frame_over_packets_from_B_to_E()
    {
        var collector = Collector();
        Assert.Equal(DepacketizeStatus.NeedMorePackets, collector.Push(3000, false, 0x88, 0x01, 0x82, 0xAA));
        Assert.Equal(DepacketizeStatus.NeedMorePackets, collector.Push(3000, false, 0x80, 0x01, 0xBB));
        Assert.Equal(DepacketizeStatus.FrameComplete, collector.Push(3000, true, 0x84, 0x01, 0xCC));
        var (bytes, info) = Assert.Single(collector.Frames);
        Assert.Equal("82AABBCC", Convert.ToHexString(bytes));
        Assert.Equal(new FrameInfo(3000, true), info);
    }

    [Fact]
    public void Spatial_layers_of_one_picture_become_one_superframe()
    {
        var collector = Collector();
        collector.Push(3000, false, 0xAC, 0x01, 0x00, 0x07, 0x82, 0xAA, 0xBB);   // I L B E, SID 0, TL0PICIDX 7
        Assert.Equal(DepacketizeStatus.FrameComplete, collector.Push(3000, true, 0xEC, 0x01, 0x03, 0x07, 0x86, 0xCC)); // P, SID 1, D
        // Superframe index (VP9 Annex B): 110 | size bytes-1 (0) | frames-1 (1) = C1, sizes 3 and 2, C1 again.
        var (bytes, info) = Assert.Single(collector.Frames);
        Assert.Equal("82AABB86CC" + "C10302C1", Convert.ToHexString(bytes));
        Assert.True(info.IsKeyFrame);
    }

    [Fact]
    public void Superframe_sizes_widen_to_two_bytes_for_large_layer_frames()
    {
        var collector = Collector();
        var large = new byte[301];
        large[0] = 0x0C;
        large[1] = 0x82;
        collector.Push(3000, false, large);
        collector.Push(3000, true, 0x0C, 0x86);
        var bytes = Assert.Single(collector.Frames).Bytes;
        Assert.Equal("C9" + "2C01" + "0100" + "C9", Convert.ToHexString(bytes.AsSpan(bytes.Length - 6)));
    }

    [Theory]
    [InlineData(new byte[] { 0x0C, 0x86, 0xAA }, false)]   // P clear but frame_type inter (ffmpeg never sets P): header wins
    [InlineData(new byte[] { 0x4C, 0x82, 0xAA }, true)]    // P set but frame_type key
    [InlineData(new byte[] { 0x0C, 0x00, 0xAA }, true)]    // no readable header: P clear means key
    [InlineData(new byte[] { 0x4C, 0x00, 0xAA }, false)]
    public void Key_frame_from_the_frame_header_else_the_P_bit(byte[] payload, bool isKeyFrame)
    {
        var collector = Collector();
        collector.Push(Captures.Header(3000, marker: true), payload);
        Assert.Equal(isKeyFrame, Assert.Single(collector.Frames).Info.IsKeyFrame);
    }

    [Theory]
    [InlineData(new[] { "0082" }, DropReason.MissingStart)]                               // continuation without B
    [InlineData(new[] { "0882", "08aa" }, DropReason.UnexpectedStart)]                    // B again before E
    [InlineData(new[] { "0882", "00aa" }, DropReason.Incomplete)]                         // marker before E
    [InlineData(new[] { "08" }, DropReason.Malformed)]                                    // no data after the descriptor
    [InlineData(new[] { "88" }, DropReason.Malformed)]                                    // truncated descriptor
    [InlineData(new[] { "0c82", "0c86", "0c86", "0c86", "0c86", "0c86", "0c86", "0c86", "0c86" }, DropReason.TooManyUnits)] // 9 layers
    public void Broken_pictures_are_dropped(string[] packets, DropReason reason)
    {
        var collector = Collector();
        for (int i = 0; i < packets.Length; i++) collector.Push(3000, i == packets.Length - 1, Convert.FromHexString(packets[i]));
        Assert.Equal(DepacketizeStatus.FrameDropped, collector.Statuses[^1]);
        Assert.Equal(reason, collector.LastDropReason);
        Assert.Empty(collector.Frames);
        Assert.Equal(DepacketizeStatus.FrameComplete, collector.Push(6000, true, 0x0C, 0x86));
    }

    [Theory]
    [InlineData(3, 4096, 512, DropReason.TooLarge)]
    [InlineData(1 << 20, 1, 512, DropReason.TooManyPackets)]
    [InlineData(1 << 20, 4096, 1, DropReason.TooManyUnits)]
    public void Limits_drop_the_frame(int maxBytes, int maxPackets, int maxUnits, DropReason reason)
    {
        var collector = Collector(new DepacketizerLimits { MaxFrameBytes = maxBytes, MaxPacketsPerFrame = maxPackets, MaxUnitsPerFrame = maxUnits });
        collector.Push(3000, false, 0x0C, 0x82, 0xAA);
        collector.Push(3000, true, 0x0C, 0x86, 0xBB);
        Assert.Equal(1, collector.Dropped);
        Assert.Equal(reason, collector.LastDropReason);
        Assert.Empty(collector.Frames);
    }

    [Fact]
    public void Capture_yields_60_frames_with_key_frames_at_the_GOP_and_decodes_in_ffmpeg()
    {
        var collector = new FrameCollector(new Vp9Codec().CreateDepacketizer(new DepacketizerLimits()));
        collector.PushAll(Captures.Load("vp9/testsrc-640x360-30fps-2s.hex"));
        Assert.Equal(60, collector.Frames.Count);
        Assert.Equal(0, collector.Dropped);
        Assert.Equal([0, 30], collector.Frames.Select((f, i) => (f.Info.IsKeyFrame, i)).Where(x => x.IsKeyFrame).Select(x => x.i));
        var path = Path.Combine(Path.GetTempPath(), $"gateway-vp9-{Guid.NewGuid():N}.ivf");
        try
        {
            Ivf.Write(path, "VP90", collector.Frames.Select(f => (f.Bytes, f.Info.RtpTimestamp)).ToList());
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
