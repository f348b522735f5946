namespace Gateway.Pipelines.Sinks;

/// <summary>One file a capture writes: <paramref name="Path"/> should end in .mp4, .webm or .ogg.</summary>
/// <param name="Mp4Audio">Mp4 only: AAC (the default, plays everywhere) or Opus copied as it arrived (no transcode).</param>
public sealed record RecordingOutput(RecordingOutputKind Kind, string Path, Mp4AudioCodec Mp4Audio = Mp4AudioCodec.Aac)
{
    /// <summary>Segment settings of an <see cref="RecordingOutputKind.Hls"/> output (<see cref="Path"/> is its playlist); null = defaults.</summary>
    public HlsOutputOptions? Hls { get; init; }
}
