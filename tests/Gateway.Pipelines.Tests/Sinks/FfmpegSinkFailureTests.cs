using System.Diagnostics;
using Gateway.Pipelines.Sinks;
using static Gateway.Pipelines.Tests.Sinks.SinkTestKit;

namespace Gateway.Pipelines.Tests.Sinks;

/// <summary>What happens when ffmpeg dies or stalls: files stay usable, callers never wait.</summary>
public sealed class FfmpegSinkFailureTests : IDisposable
{
    private readonly string _directory = TestMedia.NewTempDirectory();
    private readonly ListLogger _logger = new();

    /// <summary>These tests look at one ffmpeg's failure; restarts have their own (<see cref="FfmpegSinkRestartTests"/>).</summary>
    private static readonly FfmpegRestartPolicy NoRestart = new() { MaxFailures = 1 };

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task A_killed_ffmpeg_leaves_a_fragmented_mp4_whose_written_fragments_decode()
    {
        var mp4 = Path.Combine(_directory, "crash.mp4");
        var options = new FfmpegSinkOptions { Name = "crash", Outputs = [new RecordingOutput(RecordingOutputKind.Mp4, mp4)], Restart = NoRestart };
        var completed = new List<SegmentCompleted>();
        await using var sink = FfmpegSink.Start([TestCodec.H264(), TestCodec.Pcmu()], options, _logger);
        sink.SegmentCompleted += completed.Add;
        var cut = TimeSpan.FromSeconds(2.5);                       // key frames at 0, 1 and 2 s: two fragments are closed
        Feed(sink, Interleave(TestMedia.H264.Where(f => f.Pts < cut).ToList(), TestMedia.Pcmu(TimeSpan.FromMilliseconds(300)).Where(f => f.Pts < cut).ToList()));

        int pid = await FindFfmpegAsync(mp4);
        await WaitUntilAsync(() => File.Exists(mp4) && CountOccurrences(mp4, "moof"u8) >= 2, TimeSpan.FromSeconds(20));
        Signal(pid, "KILL");
        using var budget = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await sink.FinalizeAsync(budget.Token);

        var status = sink.GetStatus();
        Assert.Equal(RecordingOutputState.Failed, status.Outputs[0].State);
        Assert.NotEqual(0, status.ExitCode);
        Assert.Equal(new FileInfo(mp4).Length, status.Outputs[0].Bytes);
        Assert.Equal([(mp4, status.Outputs[0].Bytes, false)], completed.Select(c => (c.Path, c.Bytes, c.Clean)));
        Assert.Contains(_logger.Entries, e => e.EventId == 2504);

        var probe = Tool.Probe(mp4);
        Assert.Equal("h264", Tool.Stream(probe, "video").GetProperty("codec_name").GetString());
        Assert.True(Tool.CountPackets(mp4, "v:0") >= 2 * TestMedia.FrameRate, "the two closed fragments are readable");
        Assert.Equal("", Tool.DecodeErrors(mp4));
    }

    [Fact]
    public async Task A_stopped_ffmpeg_never_blocks_TryWrite_drops_are_counted_and_finalize_kills_it_on_time()
    {
        var webm = Path.Combine(_directory, "stall.webm");
        var options = new FfmpegSinkOptions
        {
            Name = "stall",
            Outputs = [new RecordingOutput(RecordingOutputKind.WebM, webm)],
            QueueCapacityFrames = 50,
            QueueCapacityBytes = 256 * 1024,
            DropLogInterval = TimeSpan.FromMilliseconds(100),
            Restart = NoRestart,
        };
        await using var sink = FfmpegSink.Start([TestCodec.Vp8(), TestCodec.Pcmu()], options, _logger);
        var video = TestMedia.Vp8;
        // All 4 s: ffmpeg opens its outputs only after probing the input (it reads up to 5 s of it).
        var start = Interleave(video, TestMedia.Pcmu(TimeSpan.Zero));
        for (int fed = 0; fed < start.Count; fed += 40)            // paced: the queue holds only 50 frames
        {
            Assert.Equal(Math.Min(40, start.Count - fed), Feed(sink, start.Skip(fed).Take(40)));
            int expected = Math.Min(fed + 40, start.Count);
            await WaitUntilAsync(() => sink.GetStatus().FramesWritten.Sum() == expected, TimeSpan.FromSeconds(20));
        }
        int pid = await FindFfmpegAsync(webm);
        await WaitUntilAsync(() => File.Exists(webm), TimeSpan.FromSeconds(20));
        Signal(pid, "STOP");

        const int Spam = 3000;                                     // ≈ 100 s of video: far beyond queue and socket buffers
        var clock = Stopwatch.StartNew();
        int accepted = 0;
        for (int i = 0; i < Spam; i++)
        {
            var source = video[i % video.Count];
            if (sink.TryWrite(Frame(0, source with { Pts = TimeSpan.FromSeconds(5) + TimeSpan.FromMilliseconds(33.3 * i) }))) accepted++;
        }
        clock.Stop();
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"TryWrite blocked: {clock.Elapsed}");
        var status = sink.GetStatus();
        Assert.Equal(Spam - accepted, status.FramesDropped);
        Assert.True(status.FramesDropped > Spam / 2, $"only {status.FramesDropped} dropped");
        Assert.Contains(_logger.Entries, e => e.EventId == 2502);

        clock.Restart();
        using var budget = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        await sink.FinalizeAsync(budget.Token);
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(1.9), TimeSpan.FromSeconds(8));
        Assert.False(IsRunning(pid));
        status = sink.GetStatus();
        Assert.Equal(RecordingOutputState.Failed, status.Outputs[0].State);
        Assert.Equal("ffmpeg was killed", status.Outputs[0].Reason);
        Assert.Contains(_logger.Entries, e => e.EventId == 2505);
        Assert.False(sink.TryWrite(Frame(0, video[0])));            // finalized: refused, not queued
    }

    [Fact]
    public async Task Dispose_without_finalize_kills_ffmpeg_and_is_idempotent()
    {
        var ogg = Path.Combine(_directory, "disposed.ogg");
        var options = new FfmpegSinkOptions { Name = "dispose", Outputs = [new RecordingOutput(RecordingOutputKind.Audio, ogg)] };
        var sink = FfmpegSink.Start([TestCodec.Pcmu()], options, _logger);
        Feed(sink, TestMedia.Pcmu(TimeSpan.Zero).Take(100).Select(f => (0, f)));
        int pid = await FindFfmpegAsync(ogg);
        await sink.DisposeAsync();
        await sink.DisposeAsync();
        Assert.False(IsRunning(pid));
        Assert.True(sink.Completion.IsCompleted);
    }

    [Fact]
    public async Task A_failing_ffmpeg_reports_its_exit_code_and_stderr()
    {
        var bad = Path.Combine(_directory, "no-such-dir", "out.mp4");   // ffmpeg cannot open the output
        var options = new FfmpegSinkOptions { Name = "fail", Outputs = [new RecordingOutput(RecordingOutputKind.Mp4, bad)], Restart = NoRestart };
        await using var sink = FfmpegSink.Start([TestCodec.Pcmu()], options, _logger);
        Feed(sink, TestMedia.Pcmu(TimeSpan.Zero).Take(100).Select(f => (0, f)));
        using var budget = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await sink.FinalizeAsync(budget.Token);

        var status = sink.GetStatus();
        Assert.Equal(RecordingOutputState.Failed, status.Outputs[0].State);
        Assert.NotNull(status.ExitCode);
        Assert.NotEqual(0, status.ExitCode);
        Assert.Contains(status.StandardErrorTail, line => line.Contains("No such file or directory", StringComparison.Ordinal));
        Assert.Contains("No such file or directory", status.Outputs[0].Reason, StringComparison.Ordinal);
        var started = Assert.Single(_logger.Entries, e => e.EventId == 2500).Message;
        Assert.Matches(@"-copyts -f matroska -i ""?unix:/", started);          // timestamps pass through, input is the socket
    }
}
