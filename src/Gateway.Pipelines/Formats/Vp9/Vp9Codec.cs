using Gateway.Pipelines.Codecs;

namespace Gateway.Pipelines.Formats.Vp9;

/// <summary>VP9 over RTP (RFC 9628), stored as Matroska V_VP9 (one block per picture, no CodecPrivate needed).</summary>
public sealed class Vp9Codec : IRtpCodec
{
    public string EncodingName => "VP9";

    public MediaKind Kind => MediaKind.Video;

    public int ClockRate => 90000; // RFC 9628 §6.1

    public int Channels => 0;

    public bool NeedsKeyFrameToStart => true;

    public string MatroskaCodecId => "V_VP9";

    public byte[] CreateCodecPrivate(ReadOnlySpan<byte> firstFrame) => [];

    public IDepacketizer CreateDepacketizer(DepacketizerLimits limits) => new Vp9Depacketizer(limits);
}
