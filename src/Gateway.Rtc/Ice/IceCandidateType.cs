namespace Gateway.Rtc.Ice;

/// <summary>The four candidate types of RFC 8445 §5.1.1, in the order of their recommended type preference.</summary>
public enum IceCandidateType
{
    Host,
    PeerReflexive,
    ServerReflexive,
    Relayed,
}

public static class IceCandidateTypeText
{
    /// <summary>The <c>typ</c> token of an SDP candidate line (RFC 8839 §5.1).</summary>
    public static string ToSdp(this IceCandidateType type) => type switch
    {
        IceCandidateType.Host => "host",
        IceCandidateType.PeerReflexive => "prflx",
        IceCandidateType.ServerReflexive => "srflx",
        IceCandidateType.Relayed => "relay",
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    public static bool TryParse(string? text, out IceCandidateType type)
    {
        (bool ok, type) = text switch
        {
            "host" => (true, IceCandidateType.Host),
            "prflx" => (true, IceCandidateType.PeerReflexive),
            "srflx" => (true, IceCandidateType.ServerReflexive),
            "relay" => (true, IceCandidateType.Relayed),
            _ => (false, IceCandidateType.Host),
        };
        return ok;
    }

    /// <summary>RFC 8445 §5.1.2.2 recommended type preferences: host 126, prflx 110, srflx 100, relay 0.</summary>
    public static uint TypePreference(this IceCandidateType type) => type switch
    {
        IceCandidateType.Host => 126,
        IceCandidateType.PeerReflexive => 110,
        IceCandidateType.ServerReflexive => 100,
        _ => 0,
    };
}
