namespace Gateway.Rtc.Ice;

public sealed record IceCheckSchedulerOptions
{
    /// <summary>Ta, the pacing of new checks (RFC 8445 §14.2: 50 ms by default).</summary>
    public TimeSpan Ta { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>First retransmission timeout of a check; §14.3 asks for at least 500 ms.</summary>
    public TimeSpan InitialRto { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>RTO doubles per retransmission up to this, so a dead pair fails in seconds rather than RFC 8489's 39.5 s.</summary>
    public TimeSpan MaxRto { get; init; } = TimeSpan.FromMilliseconds(1600);

    /// <summary>Transmissions of one check before its pair fails (RFC 8489's Rc is 7).</summary>
    public int MaxTransmissions { get; init; } = 7;
}
