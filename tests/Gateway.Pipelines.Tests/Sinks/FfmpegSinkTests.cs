using Gateway.Pipelines.Sinks;
using static Gateway.Pipelines.Tests.Sinks.SinkTestKit;

namespace Gateway.Pipelines.Tests.Sinks;

/// <summary>The whole path with real ffmpeg: frames → Matroska → Unix socket → ffmpeg → files checked by ffprobe.</summary>
public sealed class FfmpegSinkTests : IDisposable
{
    private readonly string _directory = TestMedia.NewTempDirectory();
    private readonly ListLogger _logger = new();

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private FfmpegSinkOptions Options(params RecordingOutputKind[] kinds) => new()
    {
        Name = "test",
        Outputs = kinds.Select(k => new RecordingOutput(k, Path.Combine(_directory, "out." + k switch
        {
            RecordingOutputKind.Mp4 => "mp4",
            RecordingOutputKind.WebM => "webm",
            _ => "ogg",
        }))).ToList(),
    };

    [Fact]
    public async Task Vp8_and_late_pcmu_with_a_gap_become_mp4_webm_and_ogg()
    {
        var video = TestMedia.Vp8;
        var audio = TestMedia.Pcmu(TimeSpan.FromMilliseconds(300))
            .Where(f => f.Pts < TimeSpan.FromSeconds(2) || f.Pts >= TimeSpan.FromSeconds(2.4)).ToList();   // 400 ms gap
        var options = Options(RecordingOutputKind.Mp4, RecordingOutputKind.WebM, RecordingOutputKind.Audio);
        var completed = new List<SegmentCompleted>();
        await using var sink = FfmpegSink.Start([TestCodec.Vp8(), TestCodec.Pcmu()], options, _logger);
        sink.SegmentCompleted += completed.Add;

        Assert.Equal(video.Count + audio.Count, Feed(sink, Interleave(video, audio)));
        using var budget = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await sink.FinalizeAsync(budget.Token);

        var status = sink.GetStatus();
        Assert.All(status.Outputs, o => Assert.Equal(RecordingOutputState.Completed, o.State));
        Assert.Equal(0, status.ExitCode);
        Assert.Equal([video.Count, audio.Count], status.FramesWritten);
        Assert.Equal(0, status.FramesDropped);
        double videoEnd = video[^1].Pts.TotalSeconds, audioEnd = audio[^1].Pts.TotalSeconds + 0.02;
        Assert.Equal(audio[^1].Pts - video[0].Pts, status.Duration);

        var mp4 = options.Outputs[0].Path;
        var probe = Tool.Probe(mp4);
        Assert.Equal("h264", Tool.Stream(probe, "video").GetProperty("codec_name").GetString());   // VP8 re-encoded
        Assert.Equal("aac", Tool.Stream(probe, "audio").GetProperty("codec_name").GetString());
        Assert.Equal(video.Count, Tool.CountPackets(mp4, "v:0"));                                 // passthrough frame timing
        Assert.True(CountOccurrences(mp4, "moof"u8) >= 2, "mp4 is not fragmented");          // a key frame every 2 s
        Assert.InRange(Tool.Seconds(probe.GetProperty("format"), "duration"), audioEnd - 0.1, audioEnd + 0.1);
        // Audio kept its 300 ms offset, less the AAC encoder's 1024-sample priming (128 ms at 8 kHz).
        Assert.InRange(Tool.Seconds(Tool.Stream(probe, "audio"), "start_time"), 0.3 - 0.128 - 0.005, 0.3 + 0.005);

        var webm = options.Outputs[1].Path;
        probe = Tool.Probe(webm);
        Assert.Equal("vp8", Tool.Stream(probe, "video").GetProperty("codec_name").GetString());
        Assert.Equal("opus", Tool.Stream(probe, "audio").GetProperty("codec_name").GetString());
        Assert.Equal(video.Count, Tool.CountPackets(webm, "v:0"));
        Assert.Equal(video.Select(f => Math.Round(f.Pts.TotalSeconds, 3)), Tool.PacketTimes(webm, "v:0"));   // copied, same timestamps
        Assert.InRange(Tool.Seconds(Tool.Stream(probe, "audio"), "start_time"), 0.3 - 0.010, 0.3 + 0.005);   // less Opus pre-skip
        Assert.InRange(Tool.Seconds(probe.GetProperty("format"), "duration"), Math.Max(videoEnd, audioEnd) - 0.1, Math.Max(videoEnd, audioEnd) + 0.1);

        var ogg = options.Outputs[2].Path;
        probe = Tool.Probe(ogg);
        Assert.Equal("opus", Tool.Stream(probe, "audio").GetProperty("codec_name").GetString());

        foreach (var output in options.Outputs) Assert.Equal("", Tool.DecodeErrors(output.Path));
        Assert.Equal(options.Outputs.Select(o => (o.Path, new FileInfo(o.Path).Length, true)),
            completed.Select(c => (c.Path, c.Bytes, c.Clean)));
    }

    [Fact]
    public async Task H264_is_copied_into_fragmented_mp4_and_kept_out_of_webm()
    {
        var video = TestMedia.H264;
        var audio = TestMedia.Pcmu(TimeSpan.FromMilliseconds(300));
        var options = Options(RecordingOutputKind.Mp4, RecordingOutputKind.WebM);
        await using var sink = FfmpegSink.Start([TestCodec.H264(), TestCodec.Pcmu()], options, _logger);

        Feed(sink, Interleave(video, audio));
        using var budget = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await sink.FinalizeAsync(budget.Token);

        var status = sink.GetStatus();
        Assert.Equal(RecordingOutputState.Completed, status.Outputs[0].State);
        Assert.Equal(RecordingOutputState.Skipped, status.Outputs[1].State);
        Assert.False(File.Exists(options.Outputs[1].Path));

        var mp4 = options.Outputs[0].Path;
        var probe = Tool.Probe(mp4);
        var stream = Tool.Stream(probe, "video");
        Assert.Equal("h264", stream.GetProperty("codec_name").GetString());
        Assert.Equal("Constrained Baseline", stream.GetProperty("profile").GetString());    // what x264 made: not re-encoded
        Assert.Equal(320, stream.GetProperty("width").GetInt32());
        Assert.Equal(240, stream.GetProperty("height").GetInt32());
        Assert.Equal(video.Count, Tool.CountPackets(mp4, "v:0"));
        Assert.Equal("aac", Tool.Stream(probe, "audio").GetProperty("codec_name").GetString());
        Assert.True(CountOccurrences(mp4, "moof"u8) >= 3, "mp4 is not fragmented");
        double end = audio[^1].Pts.TotalSeconds + 0.02;
        Assert.InRange(Tool.Seconds(probe.GetProperty("format"), "duration"), end - 0.1, end + 0.1);
        Assert.Equal("", Tool.DecodeErrors(mp4));
    }

    [Fact]
    public async Task Opus_is_copied_into_webm_and_ogg_and_encoded_to_aac_in_mp4()
    {
        var video = TestMedia.Vp8;
        var audio = TestMedia.Opus.Select(f => f with { Pts = f.Pts + TimeSpan.FromMilliseconds(300) }).ToList();
        var options = Options(RecordingOutputKind.Mp4, RecordingOutputKind.WebM, RecordingOutputKind.Audio);
        await using var sink = FfmpegSink.Start([TestCodec.Vp8(), TestCodec.Opus()], options, _logger);

        Assert.Equal(video.Count + audio.Count, Feed(sink, Interleave(video, audio)));
        using var budget = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await sink.FinalizeAsync(budget.Token);

        Assert.All(sink.GetStatus().Outputs, o => Assert.Equal(RecordingOutputState.Completed, o.State));
        var webm = options.Outputs[1].Path;
        var probe = Tool.Probe(webm);
        Assert.Equal("opus", Tool.Stream(probe, "audio").GetProperty("codec_name").GetString());
        Assert.Equal(2, Tool.Stream(probe, "audio").GetProperty("channels").GetInt32());
        Assert.Equal(audio.Count, Tool.CountPackets(webm, "a:0"));                                  // copied packet for packet
        Assert.Equal(audio.Select(f => Math.Round(f.Pts.TotalSeconds, 3)), Tool.PacketTimes(webm, "a:0"));
        var ogg = options.Outputs[2].Path;
        Assert.Equal(audio.Count, Tool.CountPackets(ogg, "a:0"));
        Assert.Equal("aac", Tool.Stream(Tool.Probe(options.Outputs[0].Path), "audio").GetProperty("codec_name").GetString());
        foreach (var output in options.Outputs) Assert.Equal("", Tool.DecodeErrors(output.Path));
    }
}
