using FsCheck.Xunit;
using Gateway.Pipelines.Sync;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Pipelines.Tests.Sync;

public sealed class SenderReportClockTests
{
    private readonly FakeTimeProvider _time = new();

    private TimeSpan LocalNow => NtpTime.FromDateTimeOffset(_time.GetUtcNow());

    [Fact]
    public void Before_any_sender_report_the_first_arrival_anchors_the_mapping()
    {
        var clock = new SenderReportClock(90000, new SenderReportClockOptions(), _time);
        var anchor = LocalNow;
        var first = clock.GetTime(1000, _time.GetTimestamp());
        _time.Advance(TimeSpan.FromMilliseconds(45)); // arrives late: the RTP time, not arrival, places it
        var second = clock.GetTime(1000 + 3000, _time.GetTimestamp());
        Assert.Equal((anchor, ClockSource.Arrival), (first.Wall, first.Source));
        Assert.Equal(anchor + TimeSpan.FromMilliseconds(1000.0 / 30), second.Wall);
        Assert.Equal(second.Wall, second.LocalWall);
    }

    [Theory]
    [InlineData(0xFFFF_FF00u, 0x0000_0100u, 512)]   // across the wrap
    [InlineData(0x0000_0100u, 0xFFFF_FF00u, -512)]  // a reordered frame from before the wrap
    [InlineData(0u, 90000u, 90000)]
    public void Sender_report_maps_rtp_time_onto_the_senders_ntp_clock(uint srRtp, uint frameRtp, long expectedTicksOfClock)
    {
        var clock = new SenderReportClock(90000, new SenderReportClockOptions(), _time);
        var ntp = TimeSpan.FromDays(45000) + TimeSpan.FromMilliseconds(123.456);
        clock.OnSenderReport(NtpTime.FromTimeSpan(ntp), srRtp, _time.GetTimestamp());
        var time = clock.GetTime(frameRtp, _time.GetTimestamp());
        Assert.Equal(ClockSource.SenderReport, time.Source);
        Assert.Equal(ntp + TimeSpan.FromTicks(expectedTicksOfClock * TimeSpan.TicksPerSecond / 90000), time.Wall);
    }

    [Fact]
    public void A_disagreeing_sender_report_is_slewed_in_at_most_10_ms_per_second()
    {
        var clock = new SenderReportClock(1000, new SenderReportClockOptions(), _time);
        var ntp = TimeSpan.FromDays(45000);
        clock.OnSenderReport(NtpTime.FromTimeSpan(ntp), 0, 0);
        Assert.Equal(ntp, clock.GetTime(0, 0).Wall);
        // The next SR says RTP 1000 was 50 ms later than the first mapping predicts.
        clock.OnSenderReport(NtpTime.FromTimeSpan(ntp + TimeSpan.FromMilliseconds(1050)), 1000, 0);
        var previous = clock.GetTime(0, 0).Wall;
        for (uint rtp = 10; rtp <= 8000; rtp += 10)
        {
            var wall = clock.GetTime(rtp, 0).Wall;
            var step = (wall - previous).TotalMilliseconds;
            Assert.InRange(step, 10 * 1.0, 10 * 1.0101); // 10 ms of media, stretched by at most 1 %
            previous = wall;
        }
        // After 5 s of media the 50 ms are worked off: the output follows the new SR exactly.
        Assert.Equal(ntp + TimeSpan.FromMilliseconds(1050 + 7000), clock.GetTime(8000, 0).Wall);
    }

    [Fact]
    public void A_huge_disagreement_snaps_and_changes_the_epoch()
    {
        var clock = new SenderReportClock(1000, new SenderReportClockOptions(), _time);
        var ntp = TimeSpan.FromDays(45000);
        clock.OnSenderReport(NtpTime.FromTimeSpan(ntp), 0, 0);
        var before = clock.GetTime(500, 0);
        clock.OnSenderReport(NtpTime.FromTimeSpan(ntp + TimeSpan.FromHours(1)), 1000, 0);
        var after = clock.GetTime(1500, 0);
        Assert.Equal(before.Epoch + 1, after.Epoch);
        Assert.Equal(ntp + TimeSpan.FromHours(1) + TimeSpan.FromMilliseconds(500), after.Wall);
    }

    [Fact]
    public void Ssrc_change_continues_from_the_last_frame_by_the_time_that_passed()
    {
        var clock = new SenderReportClock(48000, new SenderReportClockOptions(), _time);
        var ntp = TimeSpan.FromDays(45000);
        clock.OnSenderReport(NtpTime.FromTimeSpan(ntp), 100, _time.GetTimestamp());
        var last = clock.GetTime(100 + 48000, _time.GetTimestamp());
        _time.Advance(TimeSpan.FromMilliseconds(700));
        clock.OnSsrcChanged();
        var first = clock.GetTime(0x7777_0000, _time.GetTimestamp());
        var next = clock.GetTime(0x7777_0000 + 960, _time.GetTimestamp());
        Assert.Equal(last.Wall + TimeSpan.FromMilliseconds(700), first.Wall);
        Assert.Equal(first.Wall + TimeSpan.FromMilliseconds(20), next.Wall);
        Assert.Equal((ClockSource.SenderReport, last.Epoch), (first.Source, first.Epoch));
    }

    [Property(MaxTest = 500)]
    public void Ntp_conversion_round_trips_to_the_tick(uint seconds, int ticksWithinSecond)
    {
        var value = TimeSpan.FromSeconds(seconds) + TimeSpan.FromTicks(Math.Abs(ticksWithinSecond % TimeSpan.TicksPerSecond));
        Assert.Equal(value, NtpTime.ToTimeSpan(NtpTime.FromTimeSpan(value)));
    }
}
