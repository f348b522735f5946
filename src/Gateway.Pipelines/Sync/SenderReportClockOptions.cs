namespace Gateway.Pipelines.Sync;

/// <summary>How a <see cref="SenderReportClock"/> follows changes between sender reports.</summary>
public sealed record SenderReportClockOptions
{
    /// <summary>
    /// Largest correction per second of media when a new SR disagrees with the running mapping: 10 ms/s (1 %).
    /// Real clock drift is tens of ppm (0.1 ms/s at 100 ppm) and SR jitter a few ms, so this converges in well
    /// under a second while keeping frame durations within 1 % (inaudible, no visible stutter) and never backwards.
    /// </summary>
    public double MaxSlewRate { get; init; } = 0.010;

    /// <summary>
    /// A disagreement this large is not drift but a new sender clock (restart, new NTP source): slewing would take
    /// minutes, so the mapping snaps and <see cref="SyncedTime.Epoch"/> changes for the aligner to smooth.
    /// </summary>
    public TimeSpan SnapThreshold { get; init; } = TimeSpan.FromSeconds(5);
}
