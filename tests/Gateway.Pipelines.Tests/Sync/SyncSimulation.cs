using Gateway.Pipelines.Sync;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Pipelines.Tests.Sync;

/// <summary>One simulated sender track: media captured at sender time t leaves with RTP time from its own clock.</summary>
internal sealed class SimulatedTrack(int index, int clockRate, TimeSpan frameInterval, uint rtpBase, TimeSpan arrivalDelay, double ppm = 0)
{
    public int Index { get; } = index;
    public int ClockRate { get; } = clockRate;
    public TimeSpan FrameInterval { get; } = frameInterval;
    public uint RtpBase { get; set; } = rtpBase;
    public TimeSpan ArrivalDelay { get; set; } = arrivalDelay;
    public double Ppm { get; } = ppm;
    /// <summary>Sender time at which <see cref="RtpBase"/> was valid (moves on an SSRC change).</summary>
    public TimeSpan BaseTime { get; set; }

    public uint RtpAt(TimeSpan senderTime) =>
        unchecked(RtpBase + (uint)(long)Math.Round((senderTime - BaseTime).TotalSeconds * ClockRate * (1 + Ppm * 1e-6)));

    public List<(TimeSpan SenderTime, TimeSpan Pts)> Frames { get; } = [];
}

/// <summary>
/// Drives <see cref="SenderReportClock"/>s and a <see cref="TimelineAligner"/> with frames and sender reports in
/// arrival order, on a fake clock. The sender's NTP clock runs <see cref="SenderNtpOffset"/> ahead of the receiver's.
/// </summary>
internal sealed class SyncSimulation
{
    private readonly List<(TimeSpan Arrival, int Order, Action Act)> _events = [];
    private int _order;

    public FakeTimeProvider Time { get; } = new();
    public DateTimeOffset Start { get; }
    public TimeSpan SenderNtpOffset { get; init; } = TimeSpan.FromMilliseconds(37);
    public TimelineAligner Aligner { get; } = new(new TimelineAlignerOptions());
    public Dictionary<int, SenderReportClock> Clocks { get; } = [];

    public SyncSimulation() => Start = Time.GetUtcNow();

    public SenderReportClock ClockOf(SimulatedTrack track)
    {
        if (!Clocks.TryGetValue(track.Index, out var clock))
            Clocks[track.Index] = clock = new SenderReportClock(track.ClockRate, new SenderReportClockOptions(), Time);
        return clock;
    }

    /// <summary>Frames captured from <paramref name="from"/> (sender time) until <paramref name="to"/>.</summary>
    public void Frames(SimulatedTrack track, TimeSpan from, TimeSpan to)
    {
        for (var t = from; t < to; t += track.FrameInterval)
        {
            var senderTime = t;
            var rtp = track.RtpAt(senderTime);
            Schedule(senderTime + track.ArrivalDelay, () =>
            {
                var synced = ClockOf(track).GetTime(rtp, Time.GetTimestamp());
                track.Frames.Add((senderTime, Aligner.Align(track.Index, synced)));
            });
        }
    }

    /// <summary>Sender reports every <paramref name="every"/>, each arriving 10 ms after it was sent.</summary>
    public void SenderReports(SimulatedTrack track, TimeSpan from, TimeSpan to, TimeSpan every)
    {
        for (var t = from; t < to; t += every)
        {
            var senderTime = t;
            var rtp = track.RtpAt(senderTime);
            var ntp = NtpTime.FromTimeSpan(NtpTime.FromDateTimeOffset(Start) + senderTime + SenderNtpOffset);
            Schedule(senderTime + TimeSpan.FromMilliseconds(10), () => ClockOf(track).OnSenderReport(ntp, rtp, Time.GetTimestamp()));
        }
    }

    public void At(TimeSpan arrival, Action act) => Schedule(arrival, act);

    public void Run()
    {
        foreach (var (arrival, _, act) in _events.OrderBy(e => e.Arrival).ThenBy(e => e.Order))
        {
            if (Start + arrival > Time.GetUtcNow()) Time.SetUtcNow(Start + arrival);
            act();
        }
        _events.Clear();
    }

    private void Schedule(TimeSpan arrival, Action act) => _events.Add((arrival, _order++, act));
}
