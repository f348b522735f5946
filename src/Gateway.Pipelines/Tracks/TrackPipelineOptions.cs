using Gateway.Pipelines.Codecs;
using Gateway.Pipelines.Receiving;
using Gateway.Pipelines.Sync;

namespace Gateway.Pipelines.Tracks;

/// <summary>Settings of one track's receive → reorder → depacketize → timestamp stage.</summary>
public sealed record TrackPipelineOptions
{
    public RtpReceiverOptions Receiver { get; init; } = new();

    public SenderReportClockOptions Clock { get; init; } = new();

    public DepacketizerLimits Limits { get; init; } = new();
}
