using Gateway.Pipelines.Codecs;
using Gateway.Pipelines.Formats;
using Gateway.Pipelines.Formats.H264;

namespace Gateway.Pipelines.Tests.Formats;

public sealed class H264DepacketizerTests
{
    private static FrameCollector Collector(DepacketizerLimits? limits = null, ParameterSets? sprop = null) =>
        new(new H264Codec(sprop ?? ParameterSets.None).CreateDepacketizer(limits ?? new DepacketizerLimits()));

    // One packet with the marker bit: RFC 6184 §5.6 single NAL unit packets, §5.7.1 STAP-A, types the mode forbids.
    [Theory]
    [InlineData("6588840021", "000000056588840021", DepacketizeStatus.FrameComplete, false, DropReason.None)]           // IDR slice, no SPS/PPS known: not a start
    [InlineData("4101020304", "000000054101020304", DepacketizeStatus.FrameComplete, false, DropReason.None)]           // non-IDR slice
    [InlineData("180004674200" + "1f" + "000268ce" + "0003658880",
        "000000046742001f" + "0000000268ce" + "00000003658880", DepacketizeStatus.FrameComplete, true, DropReason.None)] // STAP-A SPS+PPS+IDR
    [InlineData("18000209f0" + "0003418880", "00000003418880", DepacketizeStatus.FrameComplete, false, DropReason.None)] // STAP-A: AUD removed
    [InlineData("09f0", "", DepacketizeStatus.NeedMorePackets, false, DropReason.None)]                                 // AUD alone: nothing kept
    [InlineData("0cffffff", "", DepacketizeStatus.NeedMorePackets, false, DropReason.None)]                             // filler alone
    [InlineData("00aa", "", DepacketizeStatus.NeedMorePackets, false, DropReason.None)]                                 // type 0: ignored
    [InlineData("1eaa", "", DepacketizeStatus.NeedMorePackets, false, DropReason.None)]                                 // type 30: ignored
    [InlineData("", "", DepacketizeStatus.FrameDropped, false, DropReason.Malformed)]                                        // empty payload
    [InlineData("e588", "", DepacketizeStatus.FrameDropped, false, DropReason.Malformed)]                                    // F bit set
    [InlineData("19000100020003418880", "", DepacketizeStatus.FrameDropped, false, DropReason.Unsupported)]                    // STAP-B
    [InlineData("1a0001000203418880", "", DepacketizeStatus.FrameDropped, false, DropReason.Unsupported)]                      // MTAP16
    [InlineData("1b000100020003418880", "", DepacketizeStatus.FrameDropped, false, DropReason.Unsupported)]                    // MTAP24
    [InlineData("3d850001aabb", "", DepacketizeStatus.FrameDropped, false, DropReason.Unsupported)]                            // FU-B
    [InlineData("18", "", DepacketizeStatus.FrameDropped, false, DropReason.Malformed)]                                      // STAP-A without units
    [InlineData("180005674200", "", DepacketizeStatus.FrameDropped, false, DropReason.Malformed)]                            // STAP-A size past the end
    [InlineData("180000", "", DepacketizeStatus.FrameDropped, false, DropReason.Malformed)]                                  // STAP-A zero size
    [InlineData("1800026742" + "00", "", DepacketizeStatus.FrameDropped, false, DropReason.Malformed)]                       // STAP-A half a size field
    [InlineData("180003" + "1c8501", "", DepacketizeStatus.FrameDropped, false, DropReason.Malformed)]                       // STAP-A holding an FU-A
    [InlineData("7cc5aabb", "", DepacketizeStatus.FrameDropped, false, DropReason.Malformed)]                                // FU-A with S and E
    [InlineData("7c45aabb", "", DepacketizeStatus.FrameDropped, false, DropReason.MissingStart)]                                // FU-A end without start
    [InlineData("7c05aabb", "", DepacketizeStatus.FrameDropped, false, DropReason.MissingStart)]                                // FU-A middle without start
    [InlineData("7c", "", DepacketizeStatus.FrameDropped, false, DropReason.Malformed)]                                      // FU-A without FU header
    public void Single_packet_access_units(string payloadHex, string expectedHex, DepacketizeStatus expected, bool isKeyFrame, DropReason reason)
    {
        var collector = Collector();
        Assert.Equal(expected, collector.Push(1000, true, Convert.FromHexString(payloadHex)));
        Assert.Equal(reason, collector.LastDropReason);
        if (expected != DepacketizeStatus.FrameComplete) return;
        var (bytes, info) = Assert.Single(collector.Frames);
        Assert.Equal(expectedHex, Convert.ToHexString(bytes), ignoreCase: true);
        Assert.Equal(new FrameInfo(1000, isKeyFrame), info);
    }

    [Fact]
    public void FU_A_start_middle_end_reassemble_one_NAL_unit_with_the_reconstructed_header()
    {
        var collector = Collector();
        Assert.Equal(DepacketizeStatus.NeedMorePackets, collector.Push(90000, false, 0x7C, 0x85, 0xAA, 0xBB)); // S, IDR
        Assert.Equal(DepacketizeStatus.NeedMorePackets, collector.Push(90000, false, 0x7C, 0x05, 0xCC, 0xDD));
        Assert.Equal(DepacketizeStatus.FrameComplete, collector.Push(90000, true, 0x7C, 0x45, 0xEE));       // E
        var (bytes, info) = Assert.Single(collector.Frames);
        // F|NRI from the FU indicator (0x60) with type 5 from the FU header: 0x65.
        Assert.Equal("0000000665AABBCCDDEE", Convert.ToHexString(bytes));
        Assert.Equal(new FrameInfo(90000, false), info);  // no SPS/PPS known: a decoder cannot start here
    }

    [Fact]
    public void An_IDR_is_a_key_frame_only_once_parameter_sets_are_known()
    {
        var collector = Collector();
        collector.Push(1000, true, Convert.FromHexString("6588aa"));                                   // IDR, nothing known
        collector.Push(2000, true, Convert.FromHexString("180004674200" + "1f" + "000268ce" + "0003658880"));
        collector.Push(3000, true, Convert.FromHexString("6588bb"));                                   // IDR after SPS/PPS were seen
        Assert.Equal([false, true, true], collector.Frames.Select(f => f.Info.IsKeyFrame));
    }

    [Fact]
    public void FU_A_with_another_type_mid_NAL_drops_the_access_unit_and_skips_its_rest()
    {
        var collector = Collector();
        collector.Push(1000, false, 0x7C, 0x85, 0xAA);
        Assert.Equal(DepacketizeStatus.FrameDropped, collector.Push(1000, false, 0x7C, 0x01, 0xBB));   // type 1 now
        Assert.Equal(DropReason.FragmentMismatch, collector.LastDropReason);
        Assert.Equal(DepacketizeStatus.NeedMorePackets, collector.Push(1000, true, 0x7C, 0x45, 0xCC)); // rest skipped
        Assert.Equal(DepacketizeStatus.FrameComplete, collector.Push(4000, true, 0x41, 0x9A));
        Assert.Equal("00000002419A", Convert.ToHexString(Assert.Single(collector.Frames).Bytes));
    }

    [Fact]
    public void A_second_FU_A_start_before_the_end_drops_the_access_unit()
    {
        var collector = Collector();
        collector.Push(1000, false, 0x7C, 0x85, 0xAA);
        Assert.Equal(DepacketizeStatus.FrameDropped, collector.Push(1000, false, 0x7C, 0x85, 0xBB));
        Assert.Equal(DropReason.UnexpectedStart, collector.LastDropReason);
    }

    [Fact]
    public void A_single_NAL_unit_inside_an_unfinished_FU_A_drops_the_access_unit()
    {
        var collector = Collector();
        collector.Push(1000, false, 0x7C, 0x85, 0xAA);
        Assert.Equal(DepacketizeStatus.FrameDropped, collector.Push(1000, true, 0x41, 0x9A));
        Assert.Equal(DropReason.FragmentMismatch, collector.LastDropReason);
    }

    [Fact]
    public void Marker_on_an_unfinished_FU_A_drops_the_access_unit()
    {
        var collector = Collector();
        collector.Push(1000, false, 0x7C, 0x85, 0xAA);
        Assert.Equal(DepacketizeStatus.FrameDropped, collector.Push(1000, true, 0x7C, 0x05, 0xBB));
        Assert.Equal(DropReason.Incomplete, collector.LastDropReason);
        Assert.Empty(collector.Frames);
    }

    [Fact]
    public void Reset_mid_frame_drops_the_partial_frame_and_skips_the_rest_of_its_timestamp()
    {
        var fresh = Collector();
        fresh.Push(1000, false, 0x7C, 0x85, 0xAA);
        fresh.Push(1000, false, 0x7C, 0x05, 0xBB);
        fresh.Depacketizer.Reset();                                                            // the jitter buffer declared a loss
        Assert.Equal(DepacketizeStatus.NeedMorePackets, fresh.Push(1000, false, 0x41, 0x01)); // same AU: skipped
        Assert.Equal(DepacketizeStatus.NeedMorePackets, fresh.Push(1000, true, 0x7C, 0x45, 0xCC));
        Assert.Equal(DepacketizeStatus.FrameComplete, fresh.Push(4000, true, 0x41, 0x9A));
        var (bytes, info) = Assert.Single(fresh.Frames);
        Assert.Equal("00000002419A", Convert.ToHexString(bytes));
        Assert.Equal(4000u, info.RtpTimestamp);
    }

    [Fact]
    public void Reset_between_frames_keeps_the_next_frame()
    {
        var collector = Collector();
        Assert.Equal(DepacketizeStatus.FrameComplete, collector.Push(1000, true, 0x41, 0x01));
        collector.Depacketizer.Reset();
        Assert.Equal(DepacketizeStatus.FrameComplete, collector.Push(1000 + 3000, true, 0x41, 0x9A));
        Assert.Equal(2, collector.Frames.Count);
    }

    [Fact]
    public void Reset_then_an_FU_A_continuation_of_a_new_timestamp_is_dropped()
    {
        var collector = Collector();
        collector.Push(1000, true, 0x41, 0x01);
        collector.Depacketizer.Reset();
        Assert.Equal(DepacketizeStatus.FrameDropped, collector.Push(4000, false, 0x7C, 0x05, 0xBB));
        Assert.Equal(DropReason.MissingStart, collector.LastDropReason);
        Assert.Equal(DepacketizeStatus.NeedMorePackets, collector.Push(4000, true, 0x7C, 0x45, 0xCC));
        Assert.Equal(DepacketizeStatus.FrameComplete, collector.Push(7000, true, 0x41, 0x83));
    }

    [Theory]
    [InlineData(new byte[] { 0x41, 0x9A }, DepacketizeStatus.FrameComplete)]           // first_mb_in_slice ue '1' = 0
    [InlineData(new byte[] { 0x41, 0x42 }, DepacketizeStatus.FrameDropped)]            // '010' = 1: the first slice was lost
    [InlineData(new byte[] { 0x7C, 0x81, 0x42 }, DepacketizeStatus.FrameDropped)]      // the same in an FU-A start
    [InlineData(new byte[] { 0x7C, 0x85, 0x88 }, DepacketizeStatus.FrameComplete)]     // IDR FU-A from macroblock 0
    [InlineData(new byte[] { 0x18, 0x00, 0x02, 0x67, 0x42, 0x00, 0x02, 0x65, 0x42 }, DepacketizeStatus.FrameDropped)] // STAP-A, SPS then a later slice
    public void After_a_Reset_the_next_access_unit_must_start_at_macroblock_0(byte[] first, DepacketizeStatus expected)
    {
        var collector = Collector();
        collector.Push(1000, true, 0x41, 0x9A);
        collector.Depacketizer.Reset();
        bool fragment = first[0] == 0x7C;
        var status = collector.Push(4000, !fragment, first);
        if (fragment && status == DepacketizeStatus.NeedMorePackets) status = collector.Push(4000, true, 0x7C, (byte)(0x40 | (first[1] & 0x1F)), 0x01);
        Assert.Equal(expected, status);
        if (expected == DepacketizeStatus.FrameDropped) Assert.Equal(DropReason.NotAnAccessUnitStart, collector.LastDropReason);
        // Only the first access unit after the Reset is checked: later slices may start anywhere.
        Assert.Equal(DepacketizeStatus.NeedMorePackets, collector.Push(7000, false, 0x41, 0x9A));
        Assert.Equal(DepacketizeStatus.FrameComplete, collector.Push(7000, true, 0x41, 0x42));
    }

    [Fact]
    public void A_timestamp_change_ends_an_access_unit_whose_marker_was_lost()
    {
        var collector = Collector();
        Assert.Equal(DepacketizeStatus.NeedMorePackets, collector.Push(1000, false, 0x41, 0x01));
        Assert.Equal(DepacketizeStatus.FrameComplete, collector.Push(4000, false, 0x41, 0x02));
        Assert.Equal(DepacketizeStatus.FrameComplete, collector.Push(4000, true, 0x41, 0x03));
        Assert.Equal(2, collector.Frames.Count);
        Assert.Equal(("000000024101", 1000u), (Convert.ToHexString(collector.Frames[0].Bytes), collector.Frames[0].Info.RtpTimestamp));
        Assert.Equal(("000000024102000000024103", 4000u), (Convert.ToHexString(collector.Frames[1].Bytes), collector.Frames[1].Info.RtpTimestamp));
    }

    [Fact]
    public void A_frame_completed_behind_a_timestamp_ended_one_is_reported_on_the_next_push()
    {
        var collector = Collector();
        collector.Push(1000, false, 0x41, 0x01);
        Assert.Equal(DepacketizeStatus.FrameComplete, collector.Push(4000, true, 0x41, 0x02)); // reports ts 1000
        Assert.Equal(DepacketizeStatus.FrameComplete, collector.Push(7000, true, 0x41, 0x03)); // reports ts 4000
        Assert.Equal([1000u, 4000u], collector.Frames.Select(f => f.Info.RtpTimestamp));
    }

    [Fact]
    public void A_timestamp_change_inside_an_FU_A_drops_the_old_access_unit_and_starts_the_new_one()
    {
        var collector = Collector();
        collector.Push(1000, false, 0x7C, 0x85, 0xAA);
        Assert.Equal(DepacketizeStatus.FrameDropped, collector.Push(4000, false, 0x41, 0x02));
        Assert.Equal(DepacketizeStatus.FrameComplete, collector.Push(4000, true, 0x41, 0x03));
        Assert.Equal("000000024102000000024103", Convert.ToHexString(Assert.Single(collector.Frames).Bytes));
    }

    [Fact]
    public void Sequence_and_timestamp_wrap_do_not_matter()
    {
        var collector = Collector();
        collector.Push(new Gateway.Rtc.Rtp.RtpHeader(false, 96, 65535, 0xFFFFFFFF, 1), [0x41, 0x01]);
        Assert.Equal(DepacketizeStatus.FrameComplete, collector.Push(new Gateway.Rtc.Rtp.RtpHeader(true, 96, 0, 0xFFFFFFFF, 1), [0x41, 0x02]));
        Assert.Equal(0xFFFFFFFFu, collector.Frames[0].Info.RtpTimestamp);
        Assert.Equal(DepacketizeStatus.FrameComplete, collector.Push(new Gateway.Rtc.Rtp.RtpHeader(true, 96, 1, 2999, 1), [0x41, 0x03]));
        Assert.Equal(2999u, collector.Frames[1].Info.RtpTimestamp);
    }

    [Theory]
    [InlineData(10, 4096, 512, DropReason.TooLarge, new[] { "41" + "0102030405060708090a0b0c0d0e0f10" })] // 21 bytes > 10
    [InlineData(8, 4096, 512, DropReason.TooLarge, new[] { "7c85aabb", "7c05ccdd", "7c45ee" })]         // grows past 8 mid FU-A
    [InlineData(1 << 20, 2, 512, DropReason.TooManyPackets, new[] { "7c85aa", "7c05bb", "7c45cc" })]    // 3 packets > 2
    [InlineData(1 << 20, 4096, 2, DropReason.TooManyUnits, new[] { "18000241010002410200024103" })]     // 3 NAL units > 2
    [InlineData(1 << 20, 4096, 1, DropReason.TooManyUnits, new[] { "4101", "4102" })]                   // units across packets
    public void Limits_drop_the_frame(int maxBytes, int maxPackets, int maxUnits, DropReason reason, string[] packets)
    {
        var collector = Collector(new DepacketizerLimits { MaxFrameBytes = maxBytes, MaxPacketsPerFrame = maxPackets, MaxUnitsPerFrame = maxUnits });
        for (int i = 0; i < packets.Length; i++) collector.Push(1000, i == packets.Length - 1, Convert.FromHexString(packets[i]));
        Assert.Equal(1, collector.Dropped);                       // once; the rest of the access unit is skipped silently
        Assert.Equal(reason, collector.LastDropReason);
        Assert.Empty(collector.Frames);
        // The next access unit is assembled normally.
        Assert.Equal(DepacketizeStatus.FrameComplete, collector.Push(4000, true, 0x41, 0x09));
    }

    private static readonly byte[] Sps = Convert.FromHexString("6742c01fd9");
    private static readonly byte[] Pps = Convert.FromHexString("68ce3c80");

    [Fact]
    public void Sprop_parameter_sets_are_prepended_to_the_first_key_frame_only_when_it_has_none()
    {
        var sprop = ParameterSets.ParseSprop($" {Convert.ToBase64String(Sps)} ,{Convert.ToBase64String(Pps)}");
        var collector = Collector(sprop: sprop);
        collector.Push(1000, true, 0x41, 0x01);               // P frame before any key frame: untouched
        collector.Push(4000, true, 0x65, 0x88);               // first IDR: SPS and PPS prepended
        collector.Push(7000, true, 0x65, 0x89);               // later IDR: already delivered
        Assert.Equal("000000024101", Convert.ToHexString(collector.Frames[0].Bytes));
        Assert.Equal("000000056742C01FD9" + "0000000468CE3C80" + "000000026588", Convert.ToHexString(collector.Frames[1].Bytes));
        Assert.Equal("000000026589", Convert.ToHexString(collector.Frames[2].Bytes));
        Assert.Equal([false, true, true], collector.Frames.Select(f => f.Info.IsKeyFrame));

        var inBand = Collector(sprop: sprop);
        inBand.Push(1000, true, [0x18, 0x00, 0x05, .. Sps, 0x00, 0x04, .. Pps, 0x00, 0x02, 0x65, 0x88]);
        Assert.Equal("000000056742C01FD9" + "0000000468CE3C80" + "000000026588", Convert.ToHexString(inBand.Frames[0].Bytes));
    }

    [Fact]
    public void Sprop_with_garbage_entries_keeps_the_good_ones()
    {
        var sprop = ParameterSets.ParseSprop("!!notbase64," + Convert.ToBase64String(Sps) + ",," + Convert.ToBase64String([0x41, 0x00]) + "," + Convert.ToBase64String(Pps));
        Assert.Equal(Sps, Assert.Single(sprop.SequenceParameterSets));
        Assert.Equal(Pps, Assert.Single(sprop.PictureParameterSets));
        Assert.False(ParameterSets.ParseSprop(null).IsComplete);
    }
}
