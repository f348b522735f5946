namespace Gateway.Pipelines.Codecs;

/// <summary>Hard caps on everything a depacketizer reassembles, so hostile input cannot grow memory.</summary>
public sealed record DepacketizerLimits
{
    /// <summary>Largest frame kept; a 4K key frame at high quality stays well below this.</summary>
    public int MaxFrameBytes { get; init; } = 4 * 1024 * 1024;

    /// <summary>Most packets one frame may span.</summary>
    public int MaxPacketsPerFrame { get; init; } = 4096;

    /// <summary>Most NAL units (or partitions) one frame may contain.</summary>
    public int MaxUnitsPerFrame { get; init; } = 512;
}
