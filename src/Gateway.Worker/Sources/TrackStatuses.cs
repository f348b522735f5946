using Gateway.Pipelines.Codecs;
using Gateway.Pipelines.Tracks;
using Gateway.Worker.Captures;

namespace Gateway.Worker.Sources;

/// <summary>The capture resource's view of one track, read from its pipeline (every source type shows the same figures).</summary>
internal static class TrackStatuses
{
    public static TrackStatus Of(TrackPipeline track)
    {
        var stats = track.Receiver.GetStats();
        return new TrackStatus
        {
            Kind = track.Codec.Kind == MediaKind.Video ? "video" : "audio",
            Codec = track.Codec.EncodingName,
            Ssrc = stats.Ssrc,
            PacketsReceived = stats.PacketsReceived,
            BytesReceived = stats.BytesReceived,
            PacketsLost = Math.Max(0, stats.PacketsLost),
            FramesDropped = track.Counters.FramesDropped,
            BitrateKbps = Math.Round(stats.BitrateKbps, 1),
        };
    }
}
