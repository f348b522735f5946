using Gateway.Pipelines.Codecs;
using Gateway.Pipelines.Formats.G711;
using Gateway.Pipelines.Formats.Opus;

namespace Gateway.Pipelines.Tests.Formats;

public sealed class AudioDepacketizerTests
{
    public static TheoryData<string> AudioCodecs => new() { "opus", "PCMU", "PCMA" };

    private static IRtpCodec Codec(string name) => name switch
    {
        "opus" => new OpusCodec(),
        "PCMU" => G711Codec.Pcmu,
        _ => G711Codec.Pcma,
    };

    [Theory]
    [MemberData(nameof(AudioCodecs))]
    public void Every_packet_is_a_key_frame_copied_as_is_and_empty_payloads_are_skipped(string name)
    {
        var collector = new FrameCollector(Codec(name).CreateDepacketizer(new DepacketizerLimits()));
        Assert.Equal(DepacketizeStatus.FrameComplete, collector.Push(960, false, 0xFC, 0xFF, 0xFE));
        Assert.Equal(DepacketizeStatus.NeedMorePackets, collector.Push(1920, false));
        Assert.Equal(DepacketizeStatus.FrameComplete, collector.Push(uint.MaxValue, true, 0x01));
        collector.Depacketizer.Reset();
        Assert.Equal(DepacketizeStatus.FrameComplete, collector.Push(0, false, 0x02));
        Assert.Equal(["FCFFFE", "01", "02"], collector.Frames.Select(f => Convert.ToHexString(f.Bytes)));
        Assert.Equal([new FrameInfo(960, true), new FrameInfo(uint.MaxValue, true), new FrameInfo(0, true)], collector.Frames.Select(f => f.Info));
    }

    [Theory]
    [MemberData(nameof(AudioCodecs))]
    public void A_packet_larger_than_MaxFrameBytes_is_dropped(string name)
    {
        var collector = new FrameCollector(Codec(name).CreateDepacketizer(new DepacketizerLimits { MaxFrameBytes = 2 }));
        Assert.Equal(DepacketizeStatus.FrameDropped, collector.Push(960, true, 1, 2, 3));
        Assert.Equal(DepacketizeStatus.FrameComplete, collector.Push(1920, true, 1, 2));
    }

    [Fact]
    public void OpusHead_follows_RFC_7845()
    {
        // "OpusHead", version 1, 2 channels, pre-skip 3840 LE, 48000 Hz LE, gain 0, mapping family 0.
        Assert.Equal("4F707573486561640102000F80BB0000000000", Convert.ToHexString(new OpusCodec().CreateCodecPrivate([])));
        Assert.Equal("4F707573486561640101000F80BB0000000000", Convert.ToHexString(new OpusCodec(1).CreateCodecPrivate([])));
        Assert.Equal((48000, 2, "A_OPUS", MediaKind.Audio, false), (new OpusCodec().ClockRate, new OpusCodec().Channels,
            new OpusCodec().MatroskaCodecId, new OpusCodec().Kind, new OpusCodec().NeedsKeyFrameToStart));
    }

    [Theory]
    [InlineData("PCMU", "07000100401F0000401F0000010008000000")]
    [InlineData("PCMA", "06000100401F0000401F0000010008000000")]
    public void WAVEFORMATEX_for_G711(string name, string expected)
    {
        var codec = Codec(name);
        Assert.Equal(expected, Convert.ToHexString(codec.CreateCodecPrivate([])));
        Assert.Equal((8000, 1, "A_MS/ACM", name), (codec.ClockRate, codec.Channels, codec.MatroskaCodecId, codec.EncodingName));
    }

    [Fact]
    public void Opus_capture_is_one_20_ms_frame_per_packet()
    {
        var packets = Captures.Load("opus/sine-440hz-stereo-1s.hex");
        var collector = new FrameCollector(new OpusCodec().CreateDepacketizer(new DepacketizerLimits()));
        collector.PushAll(packets);
        Assert.Equal(51, collector.Frames.Count);
        Assert.Equal(packets.Select(p => Convert.ToHexString(p.Payload)), collector.Frames.Select(f => Convert.ToHexString(f.Bytes)));
        var timestamps = collector.Frames.Select(f => f.Info.RtpTimestamp).ToList();
        Assert.All(timestamps.Skip(1).Zip(timestamps), pair => Assert.Equal(960u, pair.First - pair.Second)); // 20 ms at 48 kHz
        // TOC (RFC 6716 §3.1): a CELT-only config (16..31) of 20 ms (config & 3 == 3), stereo flag, code 0 (one frame).
        Assert.All(collector.Frames, f => Assert.Equal((true, 3, 0x04), (f.Bytes[0] >> 3 >= 16, (f.Bytes[0] >> 3) & 3, f.Bytes[0] & 0x07)));
    }

    [Theory]
    [InlineData("opus", "opus/sine-440hz-stereo-1s.hex", 48000.0, 2, "opus", 48000)]
    [InlineData("PCMU", "g711/sine-440hz-pcmu-1s.hex", 8000.0, 1, "pcm_mulaw", 8000)]
    [InlineData("PCMA", "g711/sine-440hz-pcma-1s.hex", 8000.0, 1, "pcm_alaw", 8000)]
    public void Frames_with_the_codec_private_in_Matroska_are_decoded_by_ffmpeg(string name, string capture, double rate,
        int channels, string ffmpegCodec, int ffmpegRate)
    {
        var codec = Codec(name);
        var collector = new FrameCollector(codec.CreateDepacketizer(new DepacketizerLimits()));
        collector.PushAll(Captures.Load(capture));
        uint first = collector.Frames[0].Info.RtpTimestamp;
        var blocks = collector.Frames.Select(f => (f.Bytes, (short)((f.Info.RtpTimestamp - first) * 1000L / codec.ClockRate))).ToList();
        var path = Path.Combine(Path.GetTempPath(), $"gateway-{name}-{Guid.NewGuid():N}.mka");
        try
        {
            MiniMatroska.WriteAudio(path, codec.MatroskaCodecId, codec.CreateCodecPrivate(collector.Frames[0].Bytes), rate, channels, blocks);
            var (probe, _) = Ffmpeg.Run("ffprobe", "-v", "error", "-show_entries", "stream=codec_name,sample_rate,channels", "-of", "csv=p=0", path);
            Assert.Equal($"{ffmpegCodec},{ffmpegRate},{channels}", probe.Trim());   // the demuxer mapped CodecID + CodecPrivate
            var (stdout, errors) = Ffmpeg.Run("ffmpeg", "-nostdin", "-v", "error", "-i", path, "-f", "framecrc", "-");
            Assert.Equal("", errors);
            // framecrc: "#sample_rate 0: 8000" etc., then "stream, dts, pts, duration, size, crc" per decoded s16 frame.
            Assert.Contains($"#sample_rate 0: {ffmpegRate}", stdout, StringComparison.Ordinal);
            Assert.Contains($"#channel_layout_name 0: {(channels == 1 ? "mono" : "stereo")}", stdout, StringComparison.Ordinal);
            long samples = stdout.Split('\n').Where(l => l.Length > 0 && !l.StartsWith('#'))
                .Sum(l => long.Parse(l.Split(',')[4].Trim(), System.Globalization.CultureInfo.InvariantCulture)) / 2 / channels;
            // G.711: every byte is a sample. Opus: 51 × 960 samples, less the 3840 pre-skip ffmpeg honours from OpusHead.
            long expected = ffmpegCodec == "opus" ? (51 * 960) - OpusCodec.PreSkip : collector.Frames.Sum(f => (long)f.Bytes.Length);
            Assert.Equal(expected, samples);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
