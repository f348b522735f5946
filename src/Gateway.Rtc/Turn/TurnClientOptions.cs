namespace Gateway.Rtc.Turn;

public sealed record TurnClientOptions
{
    /// <summary>First retransmission timeout; doubles per retransmission (RFC 8489 §6.2.1 uses 500 ms).</summary>
    public TimeSpan InitialRto { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Transmissions per request before giving up (RFC 8489's Rc is 7; fewer fails faster).</summary>
    public int MaxTransmissions { get; init; } = 7;

    /// <summary>Lifetime asked for in Allocate and Refresh; the server may grant less (RFC 8656 §7.2).</summary>
    public TimeSpan RequestedLifetime { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Permissions last 5 minutes (RFC 8656 §9) and channels 10 (§12): refreshed this long before they lapse.</summary>
    public TimeSpan RefreshMargin { get; init; } = TimeSpan.FromMinutes(1);
}
