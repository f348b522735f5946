namespace Gateway.Pipelines.Containers.Mp4;

/// <summary>One track of a fragmented MP4 the gateway writes itself (passthrough only: H.264 and Opus).</summary>
/// <param name="Timescale">Ticks per second of the track's decode times (its RTP clock: 90000, 48000).</param>
/// <param name="Config">H.264: the AVCDecoderConfigurationRecord (avcC); Opus: the OpusHead (RFC 7845 §5.1).</param>
public sealed record Mp4Track(Mp4Codec Codec, int Timescale, byte[] Config, int Width = 0, int Height = 0, int Channels = 0);

public enum Mp4Codec
{
    H264,
    Opus,
}
