namespace Gateway.Worker.Options;

/// <summary>Plain RTP sources, bound from <c>Gateway:Rtp</c>.</summary>
public sealed class RtpOptions
{
    public const string Section = "Gateway:Rtp";

    /// <summary>
    /// UDP ports handed out when a source SDP asks for port 0. An even low port is recommended: RTP takes an
    /// even port and RTCP the next odd one (RFC 3550 §11), so the allocator starts at the first even port.
    /// 1000 ports hold 500 RTP/RTCP pairs, more than <see cref="GatewayOptions.MaxConcurrentCaptures"/> needs on
    /// small machines; widen it for more.
    /// </summary>
    public string PortRange { get; set; } = "40000-40999";

    /// <summary>The parsed <see cref="PortRange"/>; only valid after validation passed.</summary>
    public PortRange Ports => Options.PortRange.TryParse(PortRange, out var range) ? range : default;
}
