using System.Buffers.Binary;
using Gateway.Pipelines.Codecs;
using Gateway.Pipelines.Formats.H264;

namespace Gateway.Pipelines.Tests.Formats;

/// <summary>RTP captured from ffmpeg's H.264 packetizer (see testdata/formats/README.md), judged by ffmpeg's decoder.</summary>
public sealed class H264CaptureTests
{
    [Theory]
    [InlineData("h264/testsrc-640x360-30fps-2s.hex", 60, 3000, new[] { 0, 30 })]    // baseline, GOP 30, STAP-A + FU-A
    [InlineData("h264/testsrc2-320x240-high-10frames.hex", 10, 3600, new[] { 0, 5 })] // high profile, GOP 5, all FU-A
    public void Capture_yields_every_frame_with_key_frames_at_the_GOP(string capture, int frames, int step, int[] keyFrames)
    {
        var collector = Collect(capture);
        Assert.Equal(frames, collector.Frames.Count);
        Assert.Equal(0, collector.Dropped);
        Assert.Equal(keyFrames, collector.Frames.Select((f, i) => (f.Info.IsKeyFrame, i)).Where(x => x.IsKeyFrame).Select(x => x.i));
        var timestamps = collector.Frames.Select(f => f.Info.RtpTimestamp).ToList();
        Assert.All(timestamps.Skip(1).Zip(timestamps), pair => Assert.Equal((uint)step, pair.First - pair.Second));
        // repeat-headers=1: every key frame carries its SPS and PPS in band, and no AUD survives.
        foreach (var (bytes, info) in collector.Frames)
        {
            var types = NalTypes(bytes);
            Assert.DoesNotContain(NalUnitType.AccessUnitDelimiter, types);
            if (info.IsKeyFrame) Assert.Subset(types.ToHashSet(), new HashSet<NalUnitType> { NalUnitType.Sps, NalUnitType.Pps, NalUnitType.IdrSlice });
        }
    }

    [Theory]
    [InlineData("h264/testsrc-640x360-30fps-2s.hex", 60)]
    [InlineData("h264/testsrc2-320x240-high-10frames.hex", 10)]
    public void Reassembled_frames_as_Annex_B_decode_in_ffmpeg_without_errors(string capture, int frames)
    {
        var collector = Collect(capture);
        var path = Path.Combine(Path.GetTempPath(), $"gateway-h264-{Guid.NewGuid():N}.h264");
        try
        {
            using (var file = File.Create(path))
            {
                foreach (var (bytes, _) in collector.Frames) WriteAnnexB(file, bytes);
            }
            var (decoded, errors) = Ffmpeg.Decode("h264", path);
            Assert.Equal("", errors);
            Assert.Equal(frames, decoded);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void In_band_parameter_sets_let_ffmpeg_follow_a_resolution_change_mid_stream()
    {
        // One depacketizer sees the 640x360 baseline stream, then the 320x240 high-profile one (new SPS/PPS in band).
        var collector = new FrameCollector(new H264Codec().CreateDepacketizer(new DepacketizerLimits()));
        collector.PushAll(Captures.Load("h264/testsrc-640x360-30fps-2s.hex"));
        collector.PushAll(Captures.Load("h264/testsrc2-320x240-high-10frames.hex"));
        Assert.Equal(70, collector.Frames.Count);
        var path = Path.Combine(Path.GetTempPath(), $"gateway-h264-switch-{Guid.NewGuid():N}.h264");
        try
        {
            using (var file = File.Create(path))
            {
                foreach (var (bytes, _) in collector.Frames) WriteAnnexB(file, bytes);
            }
            var (stdout, errors) = Ffmpeg.Run("ffmpeg", "-nostdin", "-v", "error", "-f", "h264", "-i", path, "-autoscale", "0", "-fps_mode", "passthrough", "-f", "framecrc", "-");
            Assert.Equal("", errors);
            // -autoscale 0 keeps each decoded size, passthrough every frame (the two streams' VUI frame rates differ); framecrc's 5th column is the decoded picture size: yuv420p 640x360 = 345600 bytes, 320x240 = 115200.
            var sizes = stdout.Split('\n').Where(l => l.Length > 0 && !l.StartsWith('#')).Select(l => l.Split(',')[4].Trim()).ToList();
            Assert.Equal(Enumerable.Repeat("345600", 60).Concat(Enumerable.Repeat("115200", 10)), sizes);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("h264/testsrc-640x360-30fps-2s.hex")]
    [InlineData("h264/testsrc2-320x240-high-10frames.hex")]
    public void AvcC_from_the_first_frame_matches_the_one_ffmpeg_writes_into_MP4(string capture)
    {
        var collector = Collect(capture);
        var codecPrivate = new H264Codec().CreateCodecPrivate(collector.Frames[0].Bytes);
        var annexB = Path.Combine(Path.GetTempPath(), $"gateway-avcc-{Guid.NewGuid():N}.h264");
        var mp4 = Path.ChangeExtension(annexB, ".mp4");
        try
        {
            using (var file = File.Create(annexB))
            {
                // 3-byte start codes: ffmpeg would keep a 4-byte code's leading zero as the previous NAL unit's tail.
                foreach (var (bytes, _) in collector.Frames) WriteAnnexB(file, bytes, startCodeLength: 3);
            }
            Ffmpeg.Run("ffmpeg", "-nostdin", "-v", "error", "-f", "h264", "-i", annexB, "-c", "copy", "-f", "mp4", mp4);
            var box = File.ReadAllBytes(mp4).AsSpan();
            int at = box.IndexOf("avcC"u8);
            Assert.True(at >= 4, "ffmpeg wrote no avcC box");
            int size = (int)BinaryPrimitives.ReadUInt32BigEndian(box[(at - 4)..]);
            Assert.Equal(Convert.ToHexString(box.Slice(at + 4, size - 8)), Convert.ToHexString(codecPrivate));
        }
        finally
        {
            File.Delete(annexB);
            File.Delete(mp4);
        }
    }

    [Fact]
    public void AvcC_falls_back_to_sprop_when_the_frame_has_no_parameter_sets()
    {
        var sprop = ParameterSets.ParseSprop("Z0LAH9k=,aM48gA==");   // 67 42 c0 1f d9 / 68 ce 3c 80
        var codec = new H264Codec(sprop);
        Assert.Equal("0142C01FFFE1" + "00056742C01FD9" + "01" + "000468CE3C80",
            Convert.ToHexString(codec.CreateCodecPrivate(Convert.FromHexString("000000026588"))));
        Assert.Empty(new H264Codec().CreateCodecPrivate(Convert.FromHexString("000000026588")));
    }

    [Fact]
    public void AvcC_for_high_profile_appends_chroma_format_and_bit_depths()
    {
        // SPS profile 100: seq_parameter_set_id ue=0 '1', chroma_format_idc ue=1 '010', both bit depths ue=0 '1' '1'.
        byte[] frame = [0, 0, 0, 5, 0x67, 0x64, 0x00, 0x1F, 0xAC, 0, 0, 0, 2, 0x68, 0xEB];
        Assert.Equal("0164001FFFE1" + "00056764001FAC" + "01" + "000268EB" + "FDF8F800",
            Convert.ToHexString(new H264Codec().CreateCodecPrivate(frame)));
    }

    [Theory]
    [InlineData("6764001fac", true, 100, 1u, 0u)]
    [InlineData("6764001f0000", false, 0, 0u, 0u)]            // Exp-Golomb runs off the end
    [InlineData("676e001fa6e0", true, 110, 1u, 2u)]           // High 10: '1' id 0, '010' 4:2:0, '011' '011' 10-bit
    [InlineData("676e001f88", false, 0, 0u, 0u)]              // chroma_format_idc 7 is out of range
    [InlineData("6742c01f", true, 66, 1u, 0u)]                // baseline: 4:2:0 8-bit implied, nothing more read
    [InlineData("6742c0", false, 0, 0u, 0u)]                  // shorter than profile, constraints, level
    public void Sequence_parameter_set_fields(string hex, bool parses, int profile, uint chroma, uint lumaDepth)
    {
        Assert.Equal(parses, SequenceParameterSet.TryParse(Convert.FromHexString(hex), out var sps));
        if (!parses) return;
        Assert.Equal((byte)profile, sps.ProfileIdc);
        Assert.Equal(chroma, sps.ChromaFormatIdc);
        Assert.Equal(lumaDepth, sps.BitDepthLumaMinus8);
    }

    [Theory]
    [InlineData("00000301", 24, 1u)]            // 00 00 03 → 00 00: the 03 is not data (H.264 §7.4.1)
    [InlineData("0000030302", 24, 3u)]          // only the first 03 after two zeros is dropped
    [InlineData("000001", 24, 1u)]
    [InlineData("0300", 16, 0x0300u)]           // 03 without two zeros before it is data
    public void Rbsp_reader_removes_emulation_prevention_bytes(string hex, int bits, uint expected)
    {
        var reader = new RbspReader(Convert.FromHexString(hex));
        Assert.Equal(expected, reader.ReadBits(bits));
        Assert.False(reader.Overrun);
    }

    internal static FrameCollector Collect(string capture)
    {
        var collector = new FrameCollector(new H264Codec().CreateDepacketizer(new DepacketizerLimits()));
        collector.PushAll(Captures.Load(capture));
        return collector;
    }

    internal static List<NalUnitType> NalTypes(ReadOnlySpan<byte> avcc)
    {
        var types = new List<NalUnitType>();
        while (avcc.Length >= 4)
        {
            int length = (int)BinaryPrimitives.ReadUInt32BigEndian(avcc);
            types.Add(NalUnit.TypeOf(avcc[4]));
            avcc = avcc[(4 + length)..];
        }
        return types;
    }

    internal static void WriteAnnexB(Stream stream, ReadOnlySpan<byte> avcc, int startCodeLength = 4)
    {
        ReadOnlySpan<byte> startCode = startCodeLength == 3 ? [0, 0, 1] : [0, 0, 0, 1];
        while (avcc.Length >= 4)
        {
            int length = (int)BinaryPrimitives.ReadUInt32BigEndian(avcc);
            stream.Write(startCode);
            stream.Write(avcc.Slice(4, length));
            avcc = avcc[(4 + length)..];
        }
    }
}
