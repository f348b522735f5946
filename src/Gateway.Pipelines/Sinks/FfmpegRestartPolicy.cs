namespace Gateway.Pipelines.Sinks;

/// <summary>
/// When a dead ffmpeg is started again. A failure waits <see cref="InitialBackoff"/> doubled per earlier failure
/// within <see cref="Window"/> (capped at <see cref="MaxBackoff"/>); the <see cref="MaxFailures"/>th failure within
/// <see cref="Window"/> ends the outputs for good, so a broken setup cannot spin.
/// </summary>
public sealed record FfmpegRestartPolicy
{
    /// <summary>Files: a short pause (a new file per restart), given up after 5 failures in a minute.</summary>
    public static FfmpegRestartPolicy Files { get; } = new();

    /// <summary>Restreams: 1 s doubling to 30 s, for as long as the capture runs (a server may be down for hours).</summary>
    public static FfmpegRestartPolicy Forever { get; } = new()
    {
        MaxFailures = int.MaxValue, Window = TimeSpan.FromMinutes(2), InitialBackoff = TimeSpan.FromSeconds(1), MaxBackoff = TimeSpan.FromSeconds(30),
        WhileFinalizing = false,
    };

    /// <summary>1 never restarts.</summary>
    public int MaxFailures { get; init; } = 5;

    public TimeSpan Window { get; init; } = TimeSpan.FromSeconds(60);

    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(4);

    /// <summary>
    /// Files: true, what is still queued when the capture ends goes into a new file. A restream: false, late frames
    /// are worth nothing to a live audience, and a capture must not wait out a backoff to end.
    /// </summary>
    public bool WhileFinalizing { get; init; } = true;
}
