using Gateway.Pipelines.Codecs;

namespace Gateway.Pipelines.Formats.H264;

/// <summary>H.264 over RTP (RFC 6184), packetization-mode 0 or 1, stored as Matroska V_MPEG4/ISO/AVC (AVCC + avcC).</summary>
public sealed class H264Codec(ParameterSets sprop) : IRtpCodec
{
    public const int RtpClockRate = 90000; // RFC 6184 §8.2.1

    /// <summary>The Matroska CodecID; output plans test for it to copy H.264 rather than re-encode.</summary>
    public const string MatroskaId = "V_MPEG4/ISO/AVC";

    public H264Codec()
        : this(ParameterSets.None)
    {
    }

    /// <summary>From the SDP's sprop-parameter-sets; used when the first key frame carries none in band.</summary>
    public ParameterSets SpropParameterSets { get; } = sprop ?? ParameterSets.None;

    public string EncodingName => "H264";

    public MediaKind Kind => MediaKind.Video;

    public int ClockRate => RtpClockRate;

    public int Channels => 0;

    public bool NeedsKeyFrameToStart => true;

    public string MatroskaCodecId => MatroskaId;

    /// <summary>avcC from the SPS/PPS in the first frame, else from sprop-parameter-sets; empty when neither has them.</summary>
    public byte[] CreateCodecPrivate(ReadOnlySpan<byte> firstFrame)
    {
        var inBand = ParameterSets.FromAvccFrame(firstFrame);
        return AvcDecoderConfiguration.Create(inBand.IsComplete ? inBand : SpropParameterSets);
    }

    public IDepacketizer CreateDepacketizer(DepacketizerLimits limits) => new H264Depacketizer(limits, SpropParameterSets);
}
