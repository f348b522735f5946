using System.Net;
using Gateway.Rtc.Ice;

namespace Gateway.Worker.Options;

/// <summary>WebRTC sessions (WHIP, WHEP, Janus), bound from <c>Gateway:WebRtc</c>.</summary>
public sealed class WebRtcOptions
{
    public const string Section = "Gateway:WebRtc";

    /// <summary>One UDP port for every peer; ICE-lite demultiplexes by ufrag and remote address (RFC 8445 §2.5).
    /// 0 lets the system pick a free port (tests).</summary>
    [SettingRange(0, 65535, "Gateway:WebRtc:UdpPort")]
    public int UdpPort { get; set; } = 8189;

    /// <summary>Addresses advertised as ICE host candidates. Empty: every interface address of the host.</summary>
    public List<string> Addresses { get; set; } = [];

    /// <summary>RFC 7675: a peer that answered no consent check for this long has gone; its source ends.</summary>
    public TimeSpan ConsentTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long a missing packet is waited for. Longer than plain RTP's, because here a NACK can bring it back: the
    /// wait covers a few retransmission rounds over a real path.
    /// </summary>
    public TimeSpan JitterBufferLatency { get; set; } = TimeSpan.FromMilliseconds(400);

    /// <summary>The bitrate advertised to publishers in REMB (RFC draft-alvestrand-rmcat-remb), in kbit/s: the
    /// ceiling they may ramp up to.</summary>
    [SettingRange(100, 1_000_000, "Gateway:WebRtc:MaxBitrateKbps")]
    public int MaxBitrateKbps { get; set; } = 8000;

    /// <summary>STUN/TURN servers for connections the gateway opens (WHEP client, Janus bot): server-reflexive and relayed
    /// candidates. Empty: host candidates only.</summary>
    public List<IceServerOptions> IceServers { get; set; } = [];

    /// <summary><c>all</c> (host, reflexive, relayed; the relay is the fallback) or <c>relay</c> (TURN only).</summary>
    public string IcePolicy { get; set; } = "all";

    /// <summary>Reflexive and relayed gathering stops after this and the connection goes on with what it has.</summary>
    public TimeSpan IceGatheringTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>An outgoing connection whose ICE checks select no pair within this fails as "ICE failed".</summary>
    public TimeSpan IceConnectTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Every ICE server URL parses (stun:/turn:, UDP), a turn: server has a username and credential, the policy is
    /// known, and relay-only has a turn: server to use. <paramref name="reason"/> names the first problem.
    /// </summary>
    public bool IceSettingsAreUsable(out string reason)
    {
        reason = "";
        if (!TryParsePolicy(out var policy))
        {
            reason = $"Gateway:WebRtc:IcePolicy '{IcePolicy}' must be 'all' or 'relay'.";
            return false;
        }
        var hasTurn = false;
        for (var i = 0; i < IceServers.Count; i++)
        {
            var server = IceServers[i];
            if (server.Urls.Count == 0)
            {
                reason = $"Gateway:WebRtc:IceServers:{i}:Urls is empty.";
                return false;
            }
            foreach (var url in server.Urls)
            {
                if (!IceServerUrl.TryParse(url, out var parsed, out var why))
                {
                    reason = $"Gateway:WebRtc:IceServers:{i}:Urls: {why}.";
                    return false;
                }
                if (parsed!.Scheme != IceServerScheme.Turn) continue;
                hasTurn = true;
                if (string.IsNullOrEmpty(server.Username) || server.Credential is null)
                {
                    reason = $"Gateway:WebRtc:IceServers:{i}: a turn: server needs Username and Credential.";
                    return false;
                }
            }
        }
        if (policy == Rtc.Ice.IcePolicy.Relay && !hasTurn)
        {
            reason = "Gateway:WebRtc:IcePolicy 'relay' needs a turn: server in Gateway:WebRtc:IceServers.";
            return false;
        }
        return true;
    }

    public bool TryParsePolicy(out IcePolicy policy)
    {
        (var ok, policy) = IcePolicy.Trim().ToLowerInvariant() switch
        {
            "all" => (true, Rtc.Ice.IcePolicy.All),
            "relay" => (true, Rtc.Ice.IcePolicy.Relay),
            _ => (false, Rtc.Ice.IcePolicy.All),
        };
        return ok;
    }

    /// <summary>The ICE agent settings for an outgoing connection gathering on <paramref name="hostAddresses"/>.</summary>
    public IceAgentOptions ToIceAgentOptions(IReadOnlyList<IPAddress> hostAddresses)
    {
        TryParsePolicy(out var policy);
        return new IceAgentOptions
        {
            HostAddresses = hostAddresses,
            Servers = IceServers.Select(s => s.ToIceServer()).ToList(),
            Policy = policy,
            GatheringTimeout = IceGatheringTimeout,
            ConnectTimeout = IceConnectTimeout,
            ConsentTimeout = ConsentTimeout,
        };
    }

    /// <summary>True when every entry of <see cref="Addresses"/> parses as an IPv4 or IPv6 address.</summary>
    public bool AddressesAreIpAddresses() => Addresses.TrueForAll(a => IPAddress.TryParse(a, out _));
}
