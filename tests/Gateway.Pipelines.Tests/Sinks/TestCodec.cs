using Gateway.Pipelines.Codecs;

namespace Gateway.Pipelines.Tests.Sinks;

/// <summary>A codec description for sink tests; the real codecs live elsewhere and are not needed here.</summary>
internal sealed class TestCodec(
    string encodingName, MediaKind kind, int clockRate, int channels, string matroskaCodecId,
    Func<byte[], byte[]>? codecPrivate = null) : IRtpCodec
{
    public string EncodingName => encodingName;
    public MediaKind Kind => kind;
    public int ClockRate => clockRate;
    public int Channels => channels;
    public bool NeedsKeyFrameToStart => kind == MediaKind.Video;
    public string MatroskaCodecId => matroskaCodecId;

    public byte[] CreateCodecPrivate(ReadOnlySpan<byte> firstFrame) => codecPrivate?.Invoke(firstFrame.ToArray()) ?? [];

    public IDepacketizer CreateDepacketizer(DepacketizerLimits limits) =>
        throw new NotSupportedException("Sink tests feed frames, not RTP packets.");

    public static TestCodec Vp8() => new("VP8", MediaKind.Video, 90000, 0, "V_VP8");

    public static TestCodec H264() => new("H264", MediaKind.Video, 90000, 0, "V_MPEG4/ISO/AVC", TestMedia.AvcCFromAccessUnit);

    public static TestCodec Opus() => new("opus", MediaKind.Audio, 48000, 2, "A_OPUS", _ => TestMedia.OpusHead);

    /// <summary>G.711 µ-law as A_MS/ACM: WAVEFORMATEX with wFormatTag 7 (WAVE_FORMAT_MULAW), 8 kHz mono 8-bit.</summary>
    public static TestCodec Pcmu() => new("PCMU", MediaKind.Audio, 8000, 1, "A_MS/ACM", _ => TestMedia.WaveFormatEx(7, 8000, 1, 8));
}
