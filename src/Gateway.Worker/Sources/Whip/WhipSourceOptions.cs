using Gateway.Pipelines.Tracks;
using Gateway.Rtc.Dtls;
using Gateway.Rtc.Feedback;

namespace Gateway.Worker.Sources.Whip;

/// <summary>Settings of WHIP sources (plain values built from the validated Gateway:WebRtc options).</summary>
public sealed record WhipSourceOptions
{
    /// <summary>RFC 7675 consent: no valid check for this long and the publisher is gone.</summary>
    public TimeSpan ConsentTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Receiver reports and REMB this often (RFC 3550 allows far more often for a single receiver).</summary>
    public TimeSpan ReportInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>REMB value: the bitrate publishers may ramp up to, in bit/s.</summary>
    public ulong MaxBitrate { get; init; } = 8_000_000;

    /// <summary>How often the capture's loop drains its queue, jitter buffers and feedback.</summary>
    public TimeSpan Tick { get; init; } = TimeSpan.FromMilliseconds(20);

    /// <summary>Decrypted datagrams waiting for the loop; beyond it the oldest is dropped and counted.</summary>
    public int QueueCapacity { get; init; } = 4096;

    public DtlsSessionOptions Dtls { get; init; } = new();

    public NackSchedulerOptions Nack { get; init; } = new();

    public TrackPipelineOptions Track { get; init; } = new();
}
