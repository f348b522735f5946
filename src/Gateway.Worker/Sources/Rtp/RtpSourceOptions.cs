using Gateway.Pipelines.Tracks;

using Gateway.Worker.Options;

namespace Gateway.Worker.Sources.Rtp;

/// <summary>Settings of plain RTP sources (plain values: built from the validated Gateway:Rtp options).</summary>
public sealed record RtpSourceOptions
{
    /// <summary>Where ports come from when the SDP asks for port 0.</summary>
    public PortRange PortRange { get; init; } = new(40000, 40999);

    /// <summary>
    /// A source that sends nothing for this long has ended (endReason sourceEnded). Counted from the capture's start
    /// until the first packet, then from the last packet.
    /// </summary>
    public TimeSpan SilenceTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>After every source of the capture said BYE, how long to wait for a restarted sender before ending.</summary>
    public TimeSpan ByeGrace { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>RTCP receiver reports to the sender (RFC 3550 §6.2 allows far more often than its 5 s minimum for one receiver).</summary>
    public TimeSpan ReceiverReportInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Datagrams waiting for the capture's processing loop; beyond it the oldest is dropped and counted. 4096 packets
    /// is about 1.5 s of a 2.5 Mbit/s stream: a hiccup is absorbed, a stuck loop does not grow memory.
    /// </summary>
    public int QueueCapacity { get; init; } = 4096;

    /// <summary>
    /// How often the capture's loop drains its queue and the jitter buffers. 20 ms adds at most that much to the
    /// jitter buffer's latency and lets one wake-up handle ~6 packets of a 2.5 Mbit/s stream.
    /// </summary>
    public TimeSpan Tick { get; init; } = TimeSpan.FromMilliseconds(20);

    public TrackPipelineOptions Track { get; init; } = new();
}
