namespace Gateway.Pipelines.Sinks;

/// <summary>
/// Raised once per output file when ffmpeg is done with it, so an uploader can start. <paramref name="Clean"/> is
/// false when ffmpeg failed or was killed: the file is partial but kept (never lose recorded data).
/// </summary>
public sealed record SegmentCompleted(RecordingOutputKind Kind, string Path, long Bytes, bool Clean);
