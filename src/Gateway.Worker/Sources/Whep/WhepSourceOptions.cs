using Gateway.Pipelines.Tracks;
using Gateway.Rtc.WebRtc;
using Gateway.Rtc.Feedback;

namespace Gateway.Worker.Sources.Whep;

/// <summary>Settings of WHEP client sources (plain values built from the validated Gateway:WebRtc options).</summary>
public sealed record WhepSourceOptions
{
    /// <summary>The POST of the offer (connect, send, answer) and the final DELETE each get at most this long.</summary>
    public TimeSpan HttpTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>ICE checks plus the DTLS handshake, after the answer: beyond it the capture fails ("ICE failed" / "DTLS failed").</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Receiver reports and REMB this often.</summary>
    public TimeSpan ReportInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>REMB value: the bitrate the sender may ramp up to, in bit/s.</summary>
    public ulong MaxBitrate { get; init; } = 8_000_000;

    /// <summary>How often the capture's loop drains its queue, jitter buffers and feedback.</summary>
    public TimeSpan Tick { get; init; } = TimeSpan.FromMilliseconds(20);

    /// <summary>Decrypted datagrams waiting for the loop; beyond it the oldest is dropped and counted.</summary>
    public int QueueCapacity { get; init; } = 4096;

    /// <summary>The outgoing peer: full ICE (controlling), DTLS in the role the answer leaves us, the offered codecs.</summary>
    public WebRtcOutgoingPeerOptions Peer { get; init; } = new();

    public NackSchedulerOptions Nack { get; init; } = new();

    public TrackPipelineOptions Track { get; init; } = new();
}
