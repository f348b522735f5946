namespace Gateway.Pipelines.Receiving;

/// <summary>Options of one track's <see cref="RtpReceiver"/>.</summary>
public sealed record RtpReceiverOptions
{
    public JitterBufferOptions JitterBuffer { get; init; } = new();

    /// <summary>Packets in sequence before a source counts as valid (RFC 3550 §A.1 MIN_SEQUENTIAL; 2 there).</summary>
    public int MinSequential { get; init; } = 2;

    /// <summary>
    /// Silence after which another SSRC may take the track over. 2 s: long past any reordering, short enough that
    /// a restarted sender (FFmpeg picks a new random SSRC on every start) is followed almost at once. After an
    /// RTCP BYE the switch is immediate.
    /// </summary>
    public TimeSpan SsrcTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Window of <see cref="ReceptionStats.BitrateKbps"/>.</summary>
    public TimeSpan BitrateWindow { get; init; } = TimeSpan.FromSeconds(1);
}
