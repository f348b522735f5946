namespace Gateway.Worker.Options;

/// <summary>One entry of <c>Gateway:WebRtc:IceServers</c>, as in RTCIceServer.</summary>
public sealed class IceServerOptions
{
    /// <summary><c>stun:host[:port]</c> or <c>turn:host[:port][?transport=udp]</c> (UDP only).</summary>
    public List<string> Urls { get; set; } = [];

    /// <summary>TURN long-term credential user name (RFC 8489 §9.2).</summary>
    public string? Username { get; set; }

    public string? Credential { get; set; }

    public Rtc.Ice.IceServer ToIceServer() => new(Urls.ToList(), Username, Credential);
}
