using System.Buffers.Binary;
using Gateway.Pipelines.Codecs;
using Gateway.Pipelines.Containers.Mp4;
using Gateway.Pipelines.Formats.H264;
using Gateway.Pipelines.Formats.Opus;

namespace Gateway.Pipelines.Sinks;

/// <summary>
/// When a capture's files need no ffmpeg: a single mp4 output of H.264 and/or Opus kept as Opus is pure remuxing,
/// which <see cref="FragmentedMp4Writer"/> does in-process (no process, no pipe, no second mux). Anything else
/// (AAC, VP8/VP9, G.711, several outputs, HLS, RTMP) goes to ffmpeg.
/// </summary>
internal static class NativeMp4Plan
{
    private const string H264 = H264Codec.MatroskaId;
    private const string Opus = OpusCodec.MatroskaId;

    /// <param name="codecPrivate">Per file track: its Matroska CodecPrivate (avcC, OpusHead).</param>
    /// <returns>The mp4 tracks in file order, or null when ffmpeg is needed.</returns>
    public static List<Mp4Track>? For(RecordingOutput output, IReadOnlyList<IRtpCodec> codecs, IReadOnlyList<byte[]> codecPrivate)
    {
        if (output.Kind != RecordingOutputKind.Mp4 || codecs.Count is 0 or > 2) return null;
        if (codecs.Count == 2 && codecs[0].Kind == codecs[1].Kind) return null;   // ffmpeg would take the first of each kind
        var tracks = new List<Mp4Track>();
        for (int i = 0; i < codecs.Count; i++)
        {
            var codec = codecs[i];
            if (codec.MatroskaCodecId == H264 && Dimensions(codecPrivate[i]) is { } size)
                tracks.Add(new Mp4Track(Mp4Codec.H264, codec.ClockRate, codecPrivate[i], size.Width, size.Height));
            else if (codec.MatroskaCodecId == Opus && output.Mp4Audio == Mp4AudioCodec.Opus && codecPrivate[i].Length >= 19)
                tracks.Add(new Mp4Track(Mp4Codec.Opus, 48000, codecPrivate[i], Channels: codecPrivate[i][9]));
            else
                return null;
        }
        return tracks;
    }

    /// <summary>The picture size of the first SPS in an avcC record (ISO/IEC 14496-15 §5.3.3.1).</summary>
    private static (int Width, int Height)? Dimensions(byte[] avcC)
    {
        if (avcC.Length < 8 || (avcC[5] & 0x1F) == 0) return null;
        int length = BinaryPrimitives.ReadUInt16BigEndian(avcC.AsSpan(6));
        if (avcC.Length < 8 + length) return null;
        return PictureSize.TryParse(avcC.AsSpan(8, length), out int width, out int height) ? (width, height) : null;
    }
}
