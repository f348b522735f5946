namespace Gateway.Rtc.Ice;

/// <summary>Why an outgoing ICE connection did not come up, or went down; shown in the capture resource.</summary>
public enum IceFailureReason
{
    None,
    /// <summary>No usable local candidate: no host address, and no STUN/TURN server answered.</summary>
    GatheringFoundNothing,
    /// <summary>Relay was required (or the only hope) and the TURN server refused our credentials (401).</summary>
    TurnAuthenticationFailed,
    /// <summary>Relay was required and the TURN server did not answer, refused the allocation or is unresolvable.</summary>
    TurnUnavailable,
    /// <summary>The remote description has no candidate we can pair with (none, or only mDNS/TCP ones).</summary>
    NoRemoteCandidates,
    /// <summary>Every candidate pair failed its checks, or none was nominated in time: "ICE failed".</summary>
    ChecksFailed,
    /// <summary>RFC 7675: the connected pair stopped answering consent checks.</summary>
    ConsentLost,
}

public static class IceFailureReasonText
{
    /// <summary>Short words for a capture's failure reason.</summary>
    public static string Describe(this IceFailureReason reason) => reason switch
    {
        IceFailureReason.GatheringFoundNothing => "ICE gathering found no candidate",
        IceFailureReason.TurnAuthenticationFailed => "TURN auth failed",
        IceFailureReason.TurnUnavailable => "TURN server unavailable",
        IceFailureReason.NoRemoteCandidates => "the remote peer offered no usable ICE candidate",
        IceFailureReason.ChecksFailed => "ICE failed",
        IceFailureReason.ConsentLost => "ICE consent lost",
        _ => "none",
    };
}

/// <summary>An ICE connection that failed, with its <see cref="Reason"/> and the details in the message.</summary>
public sealed class IceException(IceFailureReason reason, string message) : Exception($"{reason.Describe()}: {message}")
{
    public IceFailureReason Reason { get; } = reason;
}
