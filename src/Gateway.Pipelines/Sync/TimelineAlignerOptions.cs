namespace Gateway.Pipelines.Sync;

/// <summary>How a <see cref="TimelineAligner"/> keeps tracks on one timeline.</summary>
public sealed record TimelineAlignerOptions
{
    /// <summary>
    /// Step a frame is pushed forward by when it would not come after the track's previous one. 1 ms: Matroska's
    /// default timestamp scale, so the two frames stay distinct in the file.
    /// </summary>
    public TimeSpan MinimumStep { get; init; } = TimeSpan.FromMilliseconds(1);

    /// <summary>
    /// Largest rate at which a track's held-back offset is worked off (10 ms per second of media, 1 %), as in
    /// <see cref="SenderReportClockOptions.MaxSlewRate"/>.
    /// </summary>
    public double MaxSlewRate { get; init; } = 0.010;

    /// <summary>
    /// When a track moving onto the sender's clock would have to step back by up to this much, every other track
    /// on the sender's clock steps forward instead (a short gap, once, usually within the first second), so the
    /// tracks are aligned at once. Larger disagreements mean clocks that do not belong together: that track alone
    /// is held and slewed.
    /// </summary>
    public TimeSpan MaxRealignment { get; init; } = TimeSpan.FromSeconds(5);
}
