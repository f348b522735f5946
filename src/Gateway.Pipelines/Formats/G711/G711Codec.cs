using System.Buffers.Binary;
using Gateway.Pipelines.Codecs;

namespace Gateway.Pipelines.Formats.G711;

/// <summary>
/// G.711 PCMU (µ-law, static payload type 0) or PCMA (A-law, 8), RFC 3551 §4.5.14: one 8-bit sample per 8 kHz tick,
/// mono; every packet is a frame. Stored as Matroska A_MS/ACM with a WAVEFORMATEX CodecPrivate.
/// </summary>
public sealed class G711Codec : IRtpCodec
{
    public const int RtpClockRate = 8000;

    /// <summary>WAVE_FORMAT_MULAW and WAVE_FORMAT_ALAW (RFC 2361, Appendix A).</summary>
    public const ushort WaveFormatMulaw = 7, WaveFormatAlaw = 6;

    private G711Codec(string encodingName, ushort formatTag) => (EncodingName, FormatTag) = (encodingName, formatTag);

    public static G711Codec Pcmu { get; } = new("PCMU", WaveFormatMulaw);

    public static G711Codec Pcma { get; } = new("PCMA", WaveFormatAlaw);

    public string EncodingName { get; }

    public ushort FormatTag { get; }

    public MediaKind Kind => MediaKind.Audio;

    public int ClockRate => RtpClockRate;

    public int Channels => 1;

    public bool NeedsKeyFrameToStart => false;

    public string MatroskaCodecId => "A_MS/ACM";

    /// <summary>WAVEFORMATEX (18 bytes, little-endian): tag, 1 channel, 8000 Hz, 8000 bytes/s, block 1, 8 bits, cbSize 0.</summary>
    public byte[] CreateCodecPrivate(ReadOnlySpan<byte> firstFrame)
    {
        var format = new byte[18];
        var span = format.AsSpan();
        BinaryPrimitives.WriteUInt16LittleEndian(span, FormatTag);
        BinaryPrimitives.WriteUInt16LittleEndian(span[2..], 1);            // nChannels
        BinaryPrimitives.WriteUInt32LittleEndian(span[4..], RtpClockRate); // nSamplesPerSec
        BinaryPrimitives.WriteUInt32LittleEndian(span[8..], RtpClockRate); // nAvgBytesPerSec: one byte per sample
        BinaryPrimitives.WriteUInt16LittleEndian(span[12..], 1);           // nBlockAlign
        BinaryPrimitives.WriteUInt16LittleEndian(span[14..], 8);           // wBitsPerSample
        BinaryPrimitives.WriteUInt16LittleEndian(span[16..], 0);           // cbSize
        return format;
    }

    public IDepacketizer CreateDepacketizer(DepacketizerLimits limits) => new SinglePacketDepacketizer(limits);
}
