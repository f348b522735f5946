using Gateway.Pipelines.Sinks;
using Gateway.Worker.Captures;

namespace Gateway.Worker.Recording;

/// <summary>A sink's output status as the capture resource shows it (API.md): no stream key, segments with their gaps.</summary>
internal static class OutputStatuses
{
    public static OutputStatus Of(string type, RecordingOutputStatus output, TimeSpan duration)
    {
        bool restream = output.Kind == RecordingOutputKind.Rtmp;
        return new OutputStatus
        {
            Type = type,
            State = output.State switch
            {
                RecordingOutputState.Pending => "pending",
                RecordingOutputState.Writing => "writing",
                RecordingOutputState.Restarting => restream ? "reconnecting" : "restarting",
                RecordingOutputState.Completed => "completed",
                RecordingOutputState.Skipped => "skipped",
                _ => "failed",
            },
            Location = restream ? RtmpUrl.Mask(output.Path) : new Uri(output.Path).AbsoluteUri,
            Bytes = output.Bytes,
            DurationSeconds = Math.Round(duration.TotalSeconds, 3),
            Error = output.Reason,
            Restarts = output.Restarts,
            Segments = restream ? null : Segments(output.Segments),
        };
    }

    private static List<OutputSegmentStatus> Segments(IReadOnlyList<RecordingSegment> segments) =>
        segments.Select((s, i) => new OutputSegmentStatus
        {
            Location = new Uri(s.Path).AbsoluteUri,
            Bytes = s.Bytes,
            StartSeconds = Math.Round(s.Start.TotalSeconds, 3),
            DurationSeconds = Math.Round(s.Duration.TotalSeconds, 3),
            GapSeconds = i == 0 ? 0 : Math.Round(Math.Max(0, (s.Start - segments[i - 1].End).TotalSeconds), 3),
            StartedAt = s.StartedAt,
            EndedAt = s.EndedAt,
            Completed = s.Completed,
        }).ToList();
}
