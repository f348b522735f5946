namespace Gateway.Rtc.Feedback;

/// <summary>When the receiver asks again for a missing packet (RFC 4585 §6.2.1 generic NACK).</summary>
public sealed record NackSchedulerOptions
{
    /// <summary>A gap younger than this may be reordering, not loss: wait before the first NACK.</summary>
    public TimeSpan ReorderDelay { get; init; } = TimeSpan.FromMilliseconds(10);

    /// <summary>Time between two NACKs for the same packet: about one round trip, so a lost retransmission is retried.</summary>
    public TimeSpan RetryInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>NACKs per packet before giving up (the jitter buffer's deadline also ends the asking).</summary>
    public int MaxRetries { get; init; } = 10;

    /// <summary>Missing packets tracked at once; beyond it the newest gaps wait for older ones to resolve.</summary>
    public int MaxTracked { get; init; } = 512;
}
