namespace Gateway.Pipelines.Containers.Matroska;

public sealed record MatroskaWriterOptions
{
    /// <summary>
    /// A Cluster older than this ends at the next frame even without a key frame, so audio-only and long-GOP
    /// streams still get regular resynchronisation points. Must stay below 32.767 s (the int16 block offset).
    /// </summary>
    public TimeSpan MaxClusterDuration { get; init; } = TimeSpan.FromSeconds(2);

    public string WritingApp { get; init; } = "Gateway";
}
