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

    /// <summary>
    /// A plain RTP source that sends nothing for this long has ended (endReason sourceEnded): counted from the start
    /// until the first packet, then from the last one. 30 s rides out a sender restart or a network blip.
    /// </summary>
    [System.ComponentModel.DataAnnotations.Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan SilenceTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long each track waits for a missing packet before declaring it lost. 200 ms absorbs the reordering of
    /// ordinary networks; the cost is that much extra delay before frames reach the file, which a recording never
    /// notices.
    /// </summary>
    [System.ComponentModel.DataAnnotations.Range(typeof(TimeSpan), "00:00:00.010", "00:00:05")]
    public TimeSpan JitterBufferLatency { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The parsed <see cref="PortRange"/>; only valid after validation passed.</summary>
    public PortRange Ports => Options.PortRange.TryParse(PortRange, out var range) ? range : default;
}
