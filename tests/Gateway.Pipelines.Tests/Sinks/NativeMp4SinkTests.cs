using Gateway.Pipelines.Sinks;
using static Gateway.Pipelines.Tests.Sinks.SinkTestKit;

namespace Gateway.Pipelines.Tests.Sinks;

/// <summary>
/// A lone mp4 output of H.264 + Opus is written in-process: checked with Debian's ffprobe/ffmpeg, and against the
/// same frames written by ffmpeg itself in the same run.
/// </summary>
public sealed class NativeMp4SinkTests(Xunit.Abstractions.ITestOutputHelper log) : LoggedSinkTest(log)
{
    [Fact]
    public async Task H264_and_opus_go_into_a_clean_mp4_without_ffmpeg_with_the_same_packets_and_times_as_ffmpeg_writes()
    {
        // Audio starts 300 ms after video: the file must keep that offset, as ffmpeg's file does.
        var audioStart = TimeSpan.FromMilliseconds(300);
        var audio = TestMedia.Opus.Select(f => f with { Pts = f.Pts + audioStart }).Where(f => f.Pts < TimeSpan.FromSeconds(4)).ToList();
        var frames = Interleave(TestMedia.H264, audio);
        var native = await RecordAsync("native.mp4", frames, nativeMp4: true);
        var ffmpeg = await RecordAsync("ffmpeg.mp4", frames, nativeMp4: false);

        Assert.Contains(Logger.Entries, e => e.EventId == 2513 && e.Message.Contains("native.mp4", StringComparison.Ordinal));
        Assert.DoesNotContain(Logger.Entries, e => e.EventId == 2500 && e.Message.Contains("native.mp4", StringComparison.Ordinal));
        Assert.Contains(Logger.Entries, e => e.EventId == 2500 && e.Message.Contains("ffmpeg.mp4", StringComparison.Ordinal));

        Assert.Equal("", Tool.DecodeErrors(native));
        var probe = Tool.Probe(native);
        var video = Tool.Stream(probe, "video");
        var sound = Tool.Stream(probe, "audio");
        Assert.Equal(("h264", 320, 240), (video.GetProperty("codec_name").GetString(), video.GetProperty("width").GetInt32(), video.GetProperty("height").GetInt32()));
        Assert.Equal(("opus", 2, "48000"), (sound.GetProperty("codec_name").GetString(), sound.GetProperty("channels").GetInt32(), sound.GetProperty("sample_rate").GetString()));

        foreach (var stream in new[] { "v:0", "a:0" })
        {
            var ours = Tool.PacketTimes(native, stream);
            var theirs = Tool.PacketTimes(ffmpeg, stream);
            Assert.Equal(theirs.Count, ours.Count);
            // ffmpeg's copy keeps Matroska's millisecond timestamps; ours keep the track clock: within a millisecond.
            for (int i = 0; i < ours.Count; i++) Assert.InRange(ours[i] - theirs[i], -0.0011, 0.0011);
        }
        Assert.Equal(TestMedia.H264.Count, Tool.CountPackets(native, "v:0"));
        Assert.Equal(audio.Count, Tool.CountPackets(native, "a:0"));
        Assert.InRange(Tool.PacketTimes(native, "a:0")[0], 0.299, 0.301);
        Assert.InRange(Tool.PacketTimes(native, "v:0")[0], -0.001, 0.001);
        // Fragments at every key frame (each second here): a crash loses the open one only.
        Assert.InRange(CountOccurrences(native, "moof"u8), 4, 6);
    }

    [Fact]
    public async Task Aac_output_two_outputs_and_the_switch_turned_off_still_go_through_ffmpeg()
    {
        var frames = Interleave(TestMedia.H264.Take(30).ToList(), TestMedia.Opus.Take(50).ToList());
        await RecordAsync("aac.mp4", frames, nativeMp4: true, audio: Mp4AudioCodec.Aac);
        Assert.Equal("aac", Tool.Stream(Tool.Probe(Path.Combine(TempDir, "aac.mp4")), "audio").GetProperty("codec_name").GetString());
        Assert.DoesNotContain(Logger.Entries, e => e.EventId == 2513);
    }

    [Fact]
    public async Task A_file_cut_mid_fragment_is_trimmed_back_to_its_complete_fragments_and_decodes()
    {
        var path = await RecordAsync("cut.mp4", Interleave(TestMedia.H264, TestMedia.Opus), nativeMp4: true);
        var bytes = File.ReadAllBytes(path);
        // Cut inside the last fragment's media, as a crash mid-write would.
        File.WriteAllBytes(path, bytes[..(bytes.Length - 5000)]);
        Assert.True(Gateway.Pipelines.Containers.Mp4.FragmentedMp4Trimmer.Trim(path) > 0);
        Assert.Equal("", Tool.DecodeErrors(path));
        Assert.InRange(Tool.Seconds(Tool.Probe(path).GetProperty("format"), "duration"), 2.5, 3.5);
    }

    [Fact]
    public async Task A_full_disk_fails_the_output_with_the_reason_and_the_capture_goes_on()
    {
        // /dev/full: every write fails with ENOSPC, as a full disk does.
        var options = new FfmpegSinkOptions
        {
            Name = "full", DropWrittenPages = false,
            Outputs = [new RecordingOutput(RecordingOutputKind.Mp4, "/dev/full", Mp4AudioCodec.Opus)],
        };
        await using var sink = FfmpegSink.Start([TestCodec.H264(), TestCodec.Opus()], options, Logger);
        Feed(sink, Interleave(TestMedia.H264, TestMedia.Opus));
        using var budget = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await sink.FinalizeAsync(budget.Token);

        var output = sink.GetStatus().Outputs[0];
        Assert.Equal(RecordingOutputState.Failed, output.State);
        Assert.Contains("No space left on device", output.Reason, StringComparison.Ordinal);
        Assert.Contains(Logger.Entries, e => e.EventId == 2515);
    }

    private async Task<string> RecordAsync(string name, List<(int Track, TestFrame Frame)> frames, bool nativeMp4, Mp4AudioCodec audio = Mp4AudioCodec.Opus)
    {
        var path = Path.Combine(TempDir, name);
        var options = new FfmpegSinkOptions
        {
            Name = name, NativeMp4 = nativeMp4, Outputs = [new RecordingOutput(RecordingOutputKind.Mp4, path, audio)],
        };
        await using var sink = FfmpegSink.Start([TestCodec.H264(), TestCodec.Opus()], options, Logger);
        Assert.Equal(frames.Count, Feed(sink, frames));
        using var budget = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await sink.FinalizeAsync(budget.Token);
        var status = sink.GetStatus();
        Assert.Equal(RecordingOutputState.Completed, status.Outputs[0].State);
        Assert.Equal(frames.Count, status.FramesWritten.Sum());
        var segment = Assert.Single(status.Outputs[0].Segments);
        Assert.True(segment.Completed);
        Assert.Equal(new FileInfo(path).Length, segment.Bytes);
        return path;
    }
}
