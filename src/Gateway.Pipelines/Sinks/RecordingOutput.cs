namespace Gateway.Pipelines.Sinks;

/// <summary>One file a capture writes: <paramref name="Path"/> should end in .mp4, .webm or .ogg.</summary>
public sealed record RecordingOutput(RecordingOutputKind Kind, string Path)
{
    /// <summary>Segment settings of an <see cref="RecordingOutputKind.Hls"/> output (<see cref="Path"/> is its playlist); null = defaults.</summary>
    public HlsOutputOptions? Hls { get; init; }
}
