using Gateway.Pipelines.Codecs;
using Gateway.Pipelines.Sinks;

namespace Gateway.Pipelines.Tests.Sinks;

public sealed class FfmpegOutputPlanTests
{
    private static readonly TestCodec Vp9 = new("VP9", MediaKind.Video, 90000, 0, "V_VP9");

    [Fact]
    public void H264_is_always_copied_and_never_goes_to_webm()
    {
        IRtpCodec[] tracks = [TestCodec.H264(), TestCodec.Opus()];
        var (mp4, _) = FfmpegOutputPlan.For(RecordingOutputKind.Mp4, tracks);
        Assert.Equal("-map 0:0 -c:v copy -fps_mode passthrough -map 0:1 -c:a aac -b:a 128k "
            + "-movflags +frag_keyframe+empty_moov+default_base_moof+delay_moov -f mp4 -avoid_negative_ts make_zero -flush_packets 1", mp4);
        var (webm, reason) = FfmpegOutputPlan.For(RecordingOutputKind.WebM, tracks);
        Assert.Null(webm);
        Assert.Contains("H.264", reason, StringComparison.Ordinal);
        Assert.Equal("-map 0:1 -c:a copy -f ogg -avoid_negative_ts make_zero -flush_packets 1", FfmpegOutputPlan.For(RecordingOutputKind.Audio, tracks).Arguments);
    }

    [Fact]
    public void Mp4_with_opus_audio_copies_opus_and_encodes_g711()
    {
        var plan = FfmpegOutputPlan.For(new RecordingOutput(RecordingOutputKind.Mp4, "x.mp4", Mp4AudioCodec.Opus), [TestCodec.H264(), TestCodec.Opus()]);
        Assert.StartsWith("-map 0:0 -c:v copy -fps_mode passthrough -map 0:1 -c:a copy -movflags", plan.Arguments, StringComparison.Ordinal);
        var g711 = FfmpegOutputPlan.For(RecordingOutputKind.Mp4, [TestCodec.Pcmu()], Mp4AudioCodec.Opus);
        Assert.StartsWith("-map 0:0 -c:a libopus", g711.Arguments, StringComparison.Ordinal);
    }

    [Fact]
    public void Vp9_and_g711_are_copied_or_encoded_per_container()
    {
        IRtpCodec[] tracks = [TestCodec.Pcmu(), Vp9];                  // audio first: stream indexes follow the file
        Assert.StartsWith("-map 0:1 -c:v libx264 -preset veryfast", FfmpegOutputPlan.For(RecordingOutputKind.Mp4, tracks).Arguments, StringComparison.Ordinal);
        Assert.StartsWith("-map 0:1 -c:v copy -fps_mode passthrough -map 0:0 -c:a libopus", FfmpegOutputPlan.For(RecordingOutputKind.WebM, tracks).Arguments, StringComparison.Ordinal);
        Assert.StartsWith("-map 0:0 -c:a libopus", FfmpegOutputPlan.For(RecordingOutputKind.Audio, tracks).Arguments, StringComparison.Ordinal);
    }

    [Fact]
    public void Audio_output_without_audio_is_skipped()
    {
        var (arguments, reason) = FfmpegOutputPlan.For(RecordingOutputKind.Audio, [TestCodec.Vp8()]);
        Assert.Null(arguments);
        Assert.Equal("no audio track", reason);
        Assert.Contains("-copyts", FfmpegOutputPlan.InputArguments, StringComparison.Ordinal);
    }

    [Fact]
    public void Rtmp_copies_h264_encodes_vp8_for_latency_and_always_sends_aac_in_flv()
    {
        Assert.Equal("-map 0:0 -c:v copy -map 0:1 -c:a aac -b:a 128k -f flv -flvflags no_duration_filesize -avoid_negative_ts make_zero -flush_packets 1",
            FfmpegOutputPlan.For(RecordingOutputKind.Rtmp, [TestCodec.H264(), TestCodec.Opus()]).Arguments);
        var vp8 = FfmpegOutputPlan.For(RecordingOutputKind.Rtmp, [TestCodec.Vp8(), TestCodec.Opus()]).Arguments;
        Assert.StartsWith("-map 0:0 -c:v libx264 -preset veryfast -tune zerolatency -bf 0 -pix_fmt yuv420p -force_key_frames expr:gte(t,n_forced*2)", vp8, StringComparison.Ordinal);
        Assert.Contains("-f flv", vp8, StringComparison.Ordinal);
    }
}
