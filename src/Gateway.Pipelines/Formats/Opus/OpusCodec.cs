using System.Buffers.Binary;
using Gateway.Pipelines.Codecs;

namespace Gateway.Pipelines.Formats.Opus;

/// <summary>Opus over RTP (RFC 7587): one packet is one Opus packet, 48 kHz timestamps; Matroska A_OPUS with an OpusHead.</summary>
public sealed class OpusCodec(int channels = 2) : IRtpCodec
{
    public const int RtpClockRate = 48000; // RFC 7587 §4.1: always 48 kHz whatever the encoder's internal rate

    /// <summary>
    /// 80 ms at 48 kHz. We do not know the sender's encoder delay, so we use the value RFC 7845 §4.2 recommends as a
    /// safe amount to discard at the start of a stream joined at an arbitrary point: it covers libopus' look-ahead and
    /// lets the decoder converge, so the first samples of the recording are not a burst of decoder warm-up noise.
    /// </summary>
    public const ushort PreSkip = 3840;

    public string EncodingName => "opus";

    public MediaKind Kind => MediaKind.Audio;

    public int ClockRate => RtpClockRate;

    /// <summary>2 unless the fmtp hints (stereo=0 / sprop-stereo=0) say mono; RFC 7587 §7 decodes either way.</summary>
    public int Channels { get; } = channels is 1 or 2 ? channels : throw new ArgumentOutOfRangeException(nameof(channels));

    public bool NeedsKeyFrameToStart => false;

    public string MatroskaCodecId => "A_OPUS";

    /// <summary>OpusHead, RFC 7845 §5.1: channel mapping family 0 (mono or stereo, no mapping table).</summary>
    public byte[] CreateCodecPrivate(ReadOnlySpan<byte> firstFrame)
    {
        var head = new byte[19];
        "OpusHead"u8.CopyTo(head);
        head[8] = 1;                                               // version
        head[9] = (byte)Channels;
        BinaryPrimitives.WriteUInt16LittleEndian(head.AsSpan(10), PreSkip);
        BinaryPrimitives.WriteUInt32LittleEndian(head.AsSpan(12), RtpClockRate); // input sample rate (informational)
        BinaryPrimitives.WriteInt16LittleEndian(head.AsSpan(16), 0);             // output gain, Q7.8 dB
        head[18] = 0;                                              // channel mapping family
        return head;
    }

    public IDepacketizer CreateDepacketizer(DepacketizerLimits limits) => new SinglePacketDepacketizer(limits);
}
