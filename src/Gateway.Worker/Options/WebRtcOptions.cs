using System.Net;

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

    /// <summary>True when every entry of <see cref="Addresses"/> parses as an IPv4 or IPv6 address.</summary>
    public bool AddressesAreIpAddresses() => Addresses.TrueForAll(a => IPAddress.TryParse(a, out _));
}
