using System.Buffers.Binary;
using Gateway.Pipelines.Codecs;

namespace Gateway.Pipelines.Formats.Opus;

/// <summary>Opus over RTP (RFC 7587): one packet is one Opus packet, 48 kHz timestamps; Matroska A_OPUS with an OpusHead.</summary>
public sealed class OpusCodec(int channels = 2) : IRtpCodec
{
    public const int RtpClockRate = 48000; // RFC 7587 §4.1: always 48 kHz whatever the encoder's internal rate

    /// <summary>The Matroska CodecID; output plans test for it to copy Opus rather than transcode.</summary>
    public const string MatroskaId = "A_OPUS";

    /// <summary>
    /// 80 ms at 48 kHz. A recording joins a live stream at an arbitrary packet and cannot know the sender encoder's
    /// own delay, so it is treated like a seek: RFC 7845 §4.6 asks for at least 80 ms (3840 samples) of decoding
    /// before the output is trusted, while the decoder state converges. Dropping them (pre-skip, §5.1) keeps that
    /// warm-up noise out of the file and covers libopus' 6.5 ms look-ahead; ffmpeg honours it (tested).
    /// </summary>
    public const ushort PreSkip = 3840;

    public string EncodingName => "opus";

    public MediaKind Kind => MediaKind.Audio;

    public int ClockRate => RtpClockRate;

    /// <summary>2 unless the fmtp hints (stereo=0 / sprop-stereo=0) say mono; RFC 7587 §7 decodes either way.</summary>
    public int Channels { get; } = channels is 1 or 2 ? channels : throw new ArgumentOutOfRangeException(nameof(channels));

    public bool NeedsKeyFrameToStart => false;

    public string MatroskaCodecId => MatroskaId;

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
