using System.Net;
using Gateway.Rtc.Turn;

namespace Gateway.Rtc.Ice;

/// <summary>An outgoing ICE agent's settings (plain options with defaults, like pion's).</summary>
public sealed record IceAgentOptions
{
    /// <summary>Addresses to gather host candidates on (one UDP socket each, on a system-chosen port).</summary>
    public IReadOnlyList<IPAddress> HostAddresses { get; init; } = [IPAddress.Loopback];

    public IReadOnlyList<IceServer> Servers { get; init; } = [];

    public IcePolicy Policy { get; init; } = IcePolicy.All;

    /// <summary>Server-reflexive and relayed gathering is cut off after this and the agent goes on with what it has.</summary>
    public TimeSpan GatheringTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>From the start of checks until a pair must be selected; past it the connection fails as "ICE failed".</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long the controlling agent waits, once some pair is valid, for a better pair still being checked before it
    /// nominates the best valid one. This is the relay fallback: a relayed pair succeeds, the direct ones are still
    /// unanswered, and after this wait the relay is nominated.
    /// </summary>
    public TimeSpan NominationWait { get; init; } = TimeSpan.FromSeconds(2);

    public IceCheckSchedulerOptions Checks { get; init; } = new();

    /// <summary>RFC 7675 §5.1: a consent check every 5 s (randomized ±20 %) on the selected pair.</summary>
    public TimeSpan ConsentInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>RFC 7675 §5.1: consent is lost after 30 s without an answer.</summary>
    public TimeSpan ConsentTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public TurnClientOptions Turn { get; init; } = new() { InitialRto = TimeSpan.FromMilliseconds(250), MaxTransmissions = 5 };
}
