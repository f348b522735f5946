namespace Gateway.Pipelines.Sinks;

public enum HlsSegmentFormat
{
    /// <summary>Fragmented MP4 segments (.m4s) after an init.mp4: what hls.js and Safari play natively.</summary>
    Fmp4,
    /// <summary>MPEG-TS segments (.ts): for older players.</summary>
    Ts,
}

/// <summary>How an <see cref="RecordingOutputKind.Hls"/> output cuts its segments.</summary>
/// <param name="SegmentSeconds">Target segment length; with copied H.264 a segment ends at the first key frame after it.</param>
public sealed record HlsOutputOptions(int SegmentSeconds = 2, HlsSegmentFormat Format = HlsSegmentFormat.Fmp4)
{
    public const int MinSegmentSeconds = 1;
    public const int MaxSegmentSeconds = 30;
}
