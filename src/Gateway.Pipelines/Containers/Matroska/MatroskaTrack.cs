using Gateway.Pipelines.Codecs;

namespace Gateway.Pipelines.Containers.Matroska;

/// <summary>One TrackEntry (RFC 9559 §5.1.4.1). <paramref name="Number"/> is what SimpleBlocks refer to (1..126).</summary>
/// <param name="PixelWidth">Optional: FFmpeg reads dimensions from the bitstream (SPS, VP8 key frame header), so 0 omits it.</param>
public sealed record MatroskaTrack(
    int Number,
    MediaKind Kind,
    string CodecId,
    byte[] CodecPrivate,
    int SamplingFrequency = 0,
    int Channels = 0,
    int PixelWidth = 0,
    int PixelHeight = 0)
{
    /// <summary>Track numbers up to 126 fit the SimpleBlock's one-octet VINT, which the writer relies on.</summary>
    public const int MaxNumber = 126;
}
