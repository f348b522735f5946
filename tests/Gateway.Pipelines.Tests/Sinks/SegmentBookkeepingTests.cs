using Gateway.Pipelines.Media;
using Gateway.Pipelines.Sinks;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Pipelines.Tests.Sinks;

/// <summary>Naming, restart budget and resume rules of the sink's ffmpeg supervision (no ffmpeg involved).</summary>
public sealed class SegmentBookkeepingTests
{
    [Theory]
    [InlineData("/data/c1/recording.mp4", 1, "/data/c1/recording.mp4")]
    [InlineData("/data/c1/recording.mp4", 2, "/data/c1/recording.part2.mp4")]
    [InlineData("/data/c1/recording-1.webm", 3, "/data/c1/recording-1.part3.webm")]
    [InlineData("/data/c1/audio.ogg", 12, "/data/c1/audio.part12.ogg")]
    public void Later_files_insert_the_part_number_before_the_extension(string first, int number, string expected) =>
        Assert.Equal(expected, SegmentNaming.PathFor(first, number));

    [Fact]
    public void Backoff_doubles_and_the_fifth_failure_within_the_window_gives_up()
    {
        var time = new FakeTimeProvider();
        var budget = new RestartBudget(FfmpegRestartPolicy.Files, time);
        Assert.Equal(TimeSpan.FromMilliseconds(500), budget.OnFailure());
        Assert.Equal(TimeSpan.FromSeconds(1), budget.OnFailure());
        Assert.Equal(TimeSpan.FromSeconds(2), budget.OnFailure());
        Assert.Equal(TimeSpan.FromSeconds(4), budget.OnFailure());
        Assert.Null(budget.OnFailure());
        Assert.Equal(5, budget.RecentFailures);
    }

    [Fact]
    public void Failures_older_than_the_window_are_forgotten()
    {
        var time = new FakeTimeProvider();
        var budget = new RestartBudget(FfmpegRestartPolicy.Files, time);
        for (int i = 0; i < 4; i++) Assert.NotNull(budget.OnFailure());
        time.Advance(TimeSpan.FromSeconds(61));
        Assert.Equal(TimeSpan.FromMilliseconds(500), budget.OnFailure());
        Assert.Equal(1, budget.RecentFailures);
    }

    [Fact]
    public void Restreams_retry_forever_with_a_capped_backoff()
    {
        var time = new FakeTimeProvider();
        var budget = new RestartBudget(FfmpegRestartPolicy.Forever, time);
        var waits = Enumerable.Range(0, 200).Select(_ => budget.OnFailure()).ToList();
        Assert.Equal([1, 2, 4, 8, 16, 30, 30], waits.Take(7).Select(w => w!.Value.TotalSeconds));
        Assert.All(waits, w => Assert.NotNull(w));
        Assert.Equal(TimeSpan.FromSeconds(30), waits[^1]);
    }

    [Fact]
    public void A_resumed_file_starts_at_the_lead_video_key_frame_and_other_video_waits_for_its_own()
    {
        var resume = new KeyFrameResume([TestCodec.Pcmu(), TestCodec.H264(), TestCodec.Vp8()], [true, true, true]);
        Assert.False(resume.Admit(At(0, key: false)));             // audio before the picture
        Assert.False(resume.Admit(At(1, key: false)));             // P-frame of the lead track
        Assert.False(resume.Admit(At(2, key: true)));              // not the lead: the file starts with track 1
        Assert.True(resume.Admit(At(1, key: true)));
        Assert.True(resume.Started);
        Assert.True(resume.Admit(At(0, key: false)));
        Assert.True(resume.Admit(At(1, key: false)));
        Assert.False(resume.Admit(At(2, key: false)));             // its reference went to the old file
        Assert.True(resume.Admit(At(2, key: true)));
        Assert.True(resume.Admit(At(2, key: false)));
        Assert.False(resume.Admit(At(7, key: true)));              // no such track
    }

    [Fact]
    public void Without_video_in_the_file_audio_resumes_at_once()
    {
        var resume = new KeyFrameResume([TestCodec.H264(), TestCodec.Pcmu()], [false, true]);   // video never started
        Assert.True(resume.Started);
        Assert.True(resume.Admit(At(1, key: false)));
    }

    [Theory]
    [InlineData("rtmp://live.example/app/key", null)]
    [InlineData("rtmps://live.example:443/app/sub/key", null)]
    [InlineData("http://live.example/app/key", "rtmp")]
    [InlineData("rtmp://live.example/key", "application")]
    [InlineData("rtmp://user:pw@live.example/app/key", "Credentials")]
    [InlineData("not a url", "rtmp")]
    [InlineData("", "url")]
    public void Rtmp_urls_are_validated(string url, string? problem)
    {
        var reason = RtmpUrl.Validate(url);
        if (problem is null) Assert.Null(reason);
        else Assert.Contains(problem, reason, StringComparison.Ordinal);
    }

    [Fact]
    public void The_stream_key_never_shows()
    {
        Assert.Equal("rtmp://127.0.0.1:1935/live/*****", RtmpUrl.Mask("rtmp://127.0.0.1:1935/live/s3cr3t"));
        Assert.Equal("rtmps://live.example/app/sub/*****", RtmpUrl.Mask("rtmps://live.example/app/sub/s3cr3t?x=1"));
        Assert.DoesNotContain("s3cr3t", RtmpUrl.Mask("rtmp://h/a/s3cr3t"), StringComparison.Ordinal);
    }

    private static EncodedFrame At(int track, bool key) => new([], 0, track, 0, TimeSpan.Zero, key);
}
