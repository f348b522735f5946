namespace Gateway.Pipelines.Sinks;

/// <summary>
/// What a capture resource shows about one output. <paramref name="Path"/> is the first file (for RTMP: the URL, a
/// secret); <paramref name="Bytes"/> is the size on disk now, summed over <paramref name="Segments"/> (one file per
/// ffmpeg run: more than one after ffmpeg died and was started again). <paramref name="Restarts"/> counts those starts.
/// </summary>
public sealed record RecordingOutputStatus(RecordingOutputKind Kind, string Path, RecordingOutputState State, long Bytes, string? Reason)
{
    public IReadOnlyList<RecordingSegment> Segments { get; init; } = [];

    public int Restarts { get; init; }
}
