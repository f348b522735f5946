namespace Gateway.Worker.Captures;

/// <summary>Time limits of a capture; plain values so tests can shorten them.</summary>
public sealed record CaptureTimeouts
{
    /// <summary>Applied when a request names no maxDurationSeconds: 4 hours, a long meeting.</summary>
    public TimeSpan DefaultMaxDuration { get; init; } = TimeSpan.FromHours(4);

    /// <summary>Time FFmpeg gets to write trailers after the inputs close; the host's shutdown timeout exceeds it.</summary>
    public TimeSpan Finalize { get; init; } = TimeSpan.FromSeconds(20);

    public TimeSpan MaxDuration(CaptureSpec spec) =>
        spec.MaxDurationSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : DefaultMaxDuration;
}
