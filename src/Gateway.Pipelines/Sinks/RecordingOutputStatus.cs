namespace Gateway.Pipelines.Sinks;

/// <summary>What a capture resource shows about one output. <paramref name="Bytes"/> is the file size on disk now.</summary>
public sealed record RecordingOutputStatus(RecordingOutputKind Kind, string Path, RecordingOutputState State, long Bytes, string? Reason);
