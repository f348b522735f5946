using Gateway.Pipelines.Codecs;

namespace Gateway.Pipelines.Formats.Vp8;

/// <summary>VP8 over RTP (RFC 7741), stored as Matroska V_VP8 (raw frames, no CodecPrivate).</summary>
public sealed class Vp8Codec : IRtpCodec
{
    public string EncodingName => "VP8";

    public MediaKind Kind => MediaKind.Video;

    public int ClockRate => 90000; // RFC 7741 §6.1

    public int Channels => 0;

    public bool NeedsKeyFrameToStart => true;

    public string MatroskaCodecId => "V_VP8";

    public byte[] CreateCodecPrivate(ReadOnlySpan<byte> firstFrame) => [];

    public IDepacketizer CreateDepacketizer(DepacketizerLimits limits) => new Vp8Depacketizer(limits);
}
