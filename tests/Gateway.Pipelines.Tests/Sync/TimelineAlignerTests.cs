using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Gateway.Pipelines.Sync;

namespace Gateway.Pipelines.Tests.Sync;

public sealed class TimelineAlignerTests
{
    private static readonly TimeSpan Audio = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan Video = TimeSpan.FromTicks(TimeSpan.TicksPerSecond / 30);

    private static TimeSpan S(double seconds) => TimeSpan.FromSeconds(seconds);

    /// <summary>pts - capture time: equal for two tracks means they play in sync.</summary>
    private static IEnumerable<TimeSpan> Offsets(SimulatedTrack track, double fromSeconds, double toSeconds = double.MaxValue) =>
        track.Frames.Where(f => f.SenderTime >= S(fromSeconds) && f.SenderTime < S(Math.Min(toSeconds, 1e6)))
            .Select(f => f.Pts - f.SenderTime);

    private static void AssertStrictlyIncreasing(SimulatedTrack track)
    {
        for (var i = 1; i < track.Frames.Count; i++)
            Assert.True(track.Frames[i].Pts > track.Frames[i - 1].Pts, $"track {track.Index} frame {i} went back");
    }

    private static void AssertWithin(IEnumerable<TimeSpan> values, TimeSpan center, TimeSpan tolerance)
    {
        foreach (var v in values) Assert.InRange((v - center).Duration(), TimeSpan.Zero, tolerance);
    }

    [Fact]
    public void Tracks_arriving_300_ms_apart_but_simultaneous_by_their_sender_reports_are_aligned_after_the_first_sr()
    {
        var sim = new SyncSimulation();
        var audio = new SimulatedTrack(0, 48000, Audio, 1_000_000, TimeSpan.FromMilliseconds(20));
        var video = new SimulatedTrack(1, 90000, Video, 0xF000_0000, TimeSpan.FromMilliseconds(320));
        sim.Frames(audio, S(0), S(10));
        sim.Frames(video, S(0), S(10));
        sim.SenderReports(audio, S(1), S(10), S(1));
        sim.SenderReports(video, S(1.2), S(10), S(1));
        sim.Run();

        Assert.Equal(TimeSpan.Zero, audio.Frames[0].Pts); // PTS 0 at the first frame of any track
        // Before any SR: arrival time, so video shows 300 ms late.
        var audioBefore = Offsets(audio, 0, 0.9).First();
        AssertWithin(Offsets(video, 0, 0.9), audioBefore + TimeSpan.FromMilliseconds(300), TimeSpan.FromMilliseconds(1));
        // After both first SRs: one offset for both tracks, within 1 ms, and it stays.
        var audioAfter = Offsets(audio, 1.6).First();
        AssertWithin(Offsets(audio, 1.6), audioAfter, TimeSpan.FromMilliseconds(1));
        AssertWithin(Offsets(video, 1.6), audioAfter, TimeSpan.FromMilliseconds(1));
        AssertStrictlyIncreasing(audio);
        AssertStrictlyIncreasing(video);
    }

    [Fact]
    public void Arrival_time_places_tracks_that_start_later_before_any_sender_report()
    {
        var sim = new SyncSimulation();
        var audio = new SimulatedTrack(0, 48000, Audio, 5, TimeSpan.FromMilliseconds(15));
        var video = new SimulatedTrack(1, 90000, Video, 77, TimeSpan.FromMilliseconds(15));
        sim.Frames(audio, S(0), S(3));
        sim.Frames(video, S(0.5), S(3)); // joins half a second in
        sim.Run();
        Assert.Equal(TimeSpan.Zero, audio.Frames[0].Pts);
        Assert.Equal(S(0.5), video.Frames[0].Pts);
        // Within 10 µs: the simulation rounds capture times to whole RTP units (11 µs at 90 kHz).
        AssertWithin(Offsets(audio, 0), TimeSpan.Zero, TimeSpan.FromMicroseconds(10));
        AssertWithin(Offsets(video, 0), TimeSpan.Zero, TimeSpan.FromMicroseconds(10));
    }

    [Theory]
    [InlineData(0xFFFF_FFFFu - 90000u * 3 / 2)] // wraps at 1.5 s, between the first two SRs
    [InlineData(0xFFFF_FFFFu - 90000u / 2)]     // wraps at 0.5 s, before any SR
    [InlineData(0xFFFF_FFFFu)]                  // wraps right after the first frame
    public void Timestamp_wrap_at_0xFFFFFFFF_keeps_the_timeline_continuous(uint videoBase)
    {
        var sim = new SyncSimulation();
        var audio = new SimulatedTrack(0, 48000, Audio, 0xFFFF_FFFF - 48000 * 2, TimeSpan.FromMilliseconds(10));
        var video = new SimulatedTrack(1, 90000, Video, videoBase, TimeSpan.FromMilliseconds(10));
        sim.Frames(audio, S(0), S(5));
        sim.Frames(video, S(0), S(5));
        sim.SenderReports(audio, S(1), S(5), S(1));
        sim.SenderReports(video, S(1), S(5), S(1));
        sim.Run();
        AssertWithin(Offsets(video, 0), TimeSpan.Zero, TimeSpan.FromMilliseconds(1));
        AssertWithin(Offsets(audio, 0), TimeSpan.Zero, TimeSpan.FromMilliseconds(1));
        AssertStrictlyIncreasing(video);
    }

    [Theory]
    [InlineData(100)]
    [InlineData(-100)]
    public void Clock_drift_of_100_ppm_is_corrected_without_jumps(double ppm)
    {
        var sim = new SyncSimulation();
        var audio = new SimulatedTrack(0, 48000, Audio, 1234, TimeSpan.FromMilliseconds(30));
        var video = new SimulatedTrack(1, 90000, Video, 98765, TimeSpan.FromMilliseconds(30), ppm);
        sim.Frames(audio, S(0), S(600));
        sim.Frames(video, S(0), S(600));
        sim.SenderReports(audio, S(0.5), S(600), S(1));
        sim.SenderReports(video, S(0.5), S(600), S(1));
        sim.Run();

        var reference = Offsets(audio, 1).First();
        AssertWithin(Offsets(audio, 1), reference, TimeSpan.FromMilliseconds(1));
        AssertWithin(Offsets(video, 1), reference, TimeSpan.FromMilliseconds(1));
        // No jumps: every frame duration within 1 % of the nominal 33.3 ms.
        var frames = video.Frames.Where(f => f.SenderTime > S(1)).ToList();
        for (var i = 1; i < frames.Count; i++)
        {
            var step = frames[i].Pts - frames[i - 1].Pts;
            Assert.InRange(step.TotalMilliseconds, Video.TotalMilliseconds * 0.99, Video.TotalMilliseconds * 1.01);
        }
        Assert.Equal(0, sim.Aligner.ClampedFrames);
    }

    [Fact]
    public void Without_sender_reports_the_same_drift_accumulates()
    {
        // Shows the drift test above can fail: arrival time alone lets 100 ppm grow to 60 ms in 10 minutes.
        var sim = new SyncSimulation();
        var audio = new SimulatedTrack(0, 48000, Audio, 1234, TimeSpan.FromMilliseconds(30));
        var video = new SimulatedTrack(1, 90000, Video, 98765, TimeSpan.FromMilliseconds(30), 100);
        sim.Frames(audio, S(0), S(600));
        sim.Frames(video, S(0), S(600));
        sim.Run();
        var drift = video.Frames[^1].Pts - video.Frames[^1].SenderTime - (video.Frames[0].Pts - video.Frames[0].SenderTime);
        Assert.InRange(drift.TotalMilliseconds, 59, 61);
    }

    [Fact]
    public void Ssrc_change_keeps_the_timeline_continuous_and_the_new_sender_report_keeps_it_aligned()
    {
        var sim = new SyncSimulation();
        var audio = new SimulatedTrack(0, 48000, Audio, 4000, TimeSpan.FromMilliseconds(25));
        var video = new SimulatedTrack(1, 90000, Video, 7000, TimeSpan.FromMilliseconds(25));
        sim.Frames(video, S(0), S(12));
        sim.SenderReports(video, S(1), S(12), S(1));
        sim.Frames(audio, S(0), S(5));
        sim.SenderReports(audio, S(1), S(5), S(1));
        // The audio sender restarts: 1 s of silence, new SSRC, new random RTP base, its own SRs a bit later.
        sim.At(S(5.5), () =>
        {
            sim.ClockOf(audio).OnSsrcChanged();
            (audio.RtpBase, audio.BaseTime) = (0xDEAD_BEEF, S(6));
        });
        sim.Frames(audio, S(6), S(12));
        sim.SenderReports(audio, S(7.3), S(12), S(1));
        sim.Run();

        AssertStrictlyIncreasing(audio);
        var reference = Offsets(video, 1.5).First();
        AssertWithin(Offsets(video, 1.5), reference, TimeSpan.FromMilliseconds(1));
        AssertWithin(Offsets(audio, 1.5), reference, TimeSpan.FromMilliseconds(1)); // before, across and after the change
        var gap = audio.Frames.First(f => f.SenderTime >= S(6)).Pts - audio.Frames.Last(f => f.SenderTime < S(5)).Pts;
        Assert.Equal(1.02, gap.TotalSeconds, 3); // the real silence, no more, no less
    }

    [Fact]
    public void A_backward_clock_jump_is_held_and_slewed_never_going_back()
    {
        var aligner = new TimelineAligner(new TimelineAlignerOptions());
        var start = S(1000);
        TimeSpan last = TimeSpan.MinValue;
        var epoch = 0;
        for (var i = 0; i < 2000; i++)
        {
            var local = start + TimeSpan.FromMilliseconds(20 * i);
            if (i == 100) epoch = 1;
            // From frame 100 the track's clock reads 8 s earlier (beyond MaxRealignment): held, then slewed.
            var wall = i < 100 ? local : local - S(8);
            var pts = aligner.Align(0, new SyncedTime(wall, local, ClockSource.Arrival, epoch, i * 960));
            Assert.True(pts > last);
            if (i > 0) Assert.InRange((pts - last).TotalMilliseconds, 19.79, 20.01);
            last = pts;
        }
    }

    public static Arbitrary<(int Track, int StepMs, int Epoch, bool Sender)[]> Steps() =>
        Gen.ArrayOf(
            from track in Gen.Choose(0, 2)
            from step in Gen.Choose(-3000, 3000)
            from epoch in Gen.Choose(0, 2)
            from sender in ArbMap.Default.GeneratorFor<bool>()
            select (track, step, epoch, sender)).ToArbitrary();

    [Property(Arbitrary = [typeof(TimelineAlignerTests)], MaxTest = 300)]
    public void Pts_strictly_increases_per_track_whatever_the_clocks_do((int Track, int StepMs, int Epoch, bool Sender)[] steps)
    {
        var aligner = new TimelineAligner(new TimelineAlignerOptions());
        var wall = new TimeSpan[3];
        var local = new TimeSpan[3];
        var last = new TimeSpan?[3];
        foreach (var (track, step, epoch, sender) in steps)
        {
            wall[track] += TimeSpan.FromMilliseconds(step);
            local[track] += TimeSpan.FromMilliseconds(Math.Abs(step));
            var source = sender ? ClockSource.SenderReport : ClockSource.Arrival;
            var pts = aligner.Align(track, new SyncedTime(S(5000) + wall[track], S(5000) + local[track], source, epoch, 0));
            Assert.True(pts >= TimeSpan.Zero);
            if (last[track] is { } previous) Assert.True(pts > previous);
            last[track] = pts;
        }
    }
}
