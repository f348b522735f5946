namespace Gateway.Pipelines.Storage;

/// <summary>When a growing file's bytes are staged as blocks.</summary>
public sealed record BlockStagingOptions
{
    /// <summary>
    /// A block is staged as soon as this many new bytes exist. A blob holds at most 50,000 blocks: at 4 MiB a day
    /// at 2.5 Mbit/s (about 27 GB) takes some 6,500 blocks, plus at most one short block per <see cref="StageInterval"/>.
    /// </summary>
    public int BlockSizeBytes { get; init; } = 4 * 1024 * 1024;

    /// <summary>
    /// Bytes that have waited this long are staged even as a short block, so a low-bitrate recording (audio only)
    /// is in the cloud within this delay rather than one block later.
    /// </summary>
    public TimeSpan StageInterval { get; init; } = TimeSpan.FromSeconds(10);
}
