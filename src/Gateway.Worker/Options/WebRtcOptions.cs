using System.Net;

namespace Gateway.Worker.Options;

/// <summary>WebRTC sessions (WHIP, WHEP, Janus), bound from <c>Gateway:WebRtc</c>.</summary>
public sealed class WebRtcOptions
{
    public const string Section = "Gateway:WebRtc";

    /// <summary>One UDP port for every peer; ICE-lite demultiplexes by ufrag and remote address (RFC 8445 §2.5).</summary>
    [SettingRange(1, 65535, "Gateway:WebRtc:UdpPort")]
    public int UdpPort { get; set; } = 8189;

    /// <summary>Addresses advertised as ICE host candidates. Empty: every interface address of the host.</summary>
    public List<string> Addresses { get; set; } = [];

    /// <summary>True when every entry of <see cref="Addresses"/> parses as an IPv4 or IPv6 address.</summary>
    public bool AddressesAreIpAddresses() => Addresses.TrueForAll(a => IPAddress.TryParse(a, out _));
}
