using Gateway.Pipelines.Codecs;
using Gateway.Pipelines.Sinks;

namespace Gateway.Pipelines.Tests.Sinks;

public sealed class HlsOutputPlanTests
{
    private static RecordingOutput Hls(int seconds, HlsSegmentFormat format) =>
        new(RecordingOutputKind.Hls, "/tmp/c/hls/index.m3u8") { Hls = new HlsOutputOptions(seconds, format) };

    [Fact]
    public void H264_is_copied_into_an_event_playlist_of_fmp4_segments()
    {
        var (arguments, reason) = FfmpegOutputPlan.For(Hls(2, HlsSegmentFormat.Fmp4), [TestCodec.H264(), TestCodec.Opus()]);
        Assert.Null(reason);
        Assert.Equal("-map 0:0 -c:v copy -fps_mode passthrough -map 0:1 -c:a aac -b:a 128k "
            + "-f hls -hls_time 2 -hls_playlist_type event -hls_list_size 0 -hls_flags append_list+independent_segments+temp_file "
            + "-hls_segment_type fmp4 -hls_fmp4_init_filename init.mp4 -avoid_negative_ts make_zero -flush_packets 1", arguments);
    }

    [Fact]
    public void Vp8_is_encoded_with_a_key_frame_at_every_segment_boundary_into_ts()
    {
        var (arguments, _) = FfmpegOutputPlan.For(Hls(4, HlsSegmentFormat.Ts), [TestCodec.Pcmu(), TestCodec.Vp8()]);
        Assert.StartsWith("-map 0:1 -c:v libx264 -preset veryfast -bf 0 -pix_fmt yuv420p -force_key_frames expr:gte(t,n_forced*4) "
            + "-fps_mode passthrough -map 0:0 -c:a aac", arguments, StringComparison.Ordinal);
        Assert.Contains("-hls_time 4 ", arguments, StringComparison.Ordinal);
        Assert.Contains("-hls_segment_type mpegts", arguments, StringComparison.Ordinal);
    }

    [Fact]
    public void Segment_length_is_clamped_and_the_kind_alone_takes_the_defaults()
    {
        Assert.Contains("-hls_time 30 ", FfmpegOutputPlan.For(Hls(600, HlsSegmentFormat.Fmp4), [TestCodec.Opus()]).Arguments, StringComparison.Ordinal);
        var (arguments, _) = FfmpegOutputPlan.For(RecordingOutputKind.Hls, [TestCodec.Opus()]);
        Assert.StartsWith("-map 0:0 -c:a aac -b:a 128k -f hls -hls_time 2 ", arguments, StringComparison.Ordinal);
        Assert.Contains("fmp4", arguments, StringComparison.Ordinal);
    }

    [Fact]
    public void A_restarted_ffmpeg_continues_the_same_playlist_while_files_get_part_names()
    {
        var hls = new OutputSegments(Hls(2, HlsSegmentFormat.Fmp4));
        var mp4 = new OutputSegments(new RecordingOutput(RecordingOutputKind.Mp4, "/tmp/c/recording.mp4"));
        var now = DateTimeOffset.UnixEpoch;
        Assert.Equal("/tmp/c/hls/index.m3u8", hls.Begin(now, restart: false));
        Assert.Equal("/tmp/c/recording.mp4", mp4.Begin(now, restart: false));
        hls.End(now, TimeSpan.Zero, TimeSpan.Zero, completed: false);
        mp4.End(now, TimeSpan.Zero, TimeSpan.Zero, completed: false);
        Assert.Equal("/tmp/c/hls/index.m3u8", hls.Begin(now, restart: true));
        Assert.Equal(1, hls.Restarts);
    }
}
