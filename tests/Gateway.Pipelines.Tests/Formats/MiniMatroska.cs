using System.Buffers.Binary;
using System.Text;

namespace Gateway.Pipelines.Tests.Formats;

/// <summary>
/// Just enough Matroska (EBML header, Info, one audio track, one cluster of SimpleBlocks) to ask ffmpeg whether a
/// codec's CodecID and CodecPrivate are read as intended. Test-only: the real container is written by the sinks.
/// </summary>
internal static class MiniMatroska
{
    public static void WriteAudio(string path, string codecId, byte[] codecPrivate, double samplingFrequency, int channels,
        IReadOnlyList<(byte[] Bytes, short TimecodeMilliseconds)> blocks)
    {
        var ebml = Element(0x1A45DFA3, [
            .. Uint(0x4286, 1), .. Uint(0x42F7, 1), .. Uint(0x42F2, 4), .. Uint(0x42F3, 8),
            .. Element(0x4282, Encoding.ASCII.GetBytes("matroska")), .. Uint(0x4287, 4), .. Uint(0x4285, 2)]);
        var info = Element(0x1549A966, [.. Uint(0x2AD7B1, 1_000_000), .. Element(0x4D80, "test"u8.ToArray()), .. Element(0x5741, "test"u8.ToArray())]);
        var sampling = new byte[8];
        BinaryPrimitives.WriteDoubleBigEndian(sampling, samplingFrequency);
        var track = Element(0xAE, [
            .. Uint(0xD7, 1), .. Uint(0x73C5, 1), .. Uint(0x83, 2), .. Element(0x86, Encoding.ASCII.GetBytes(codecId)),
            .. (codecPrivate.Length > 0 ? Element(0x63A2, codecPrivate) : []),
            .. Element(0xE1, [.. Element(0xB5, sampling), .. Uint(0x9F, (ulong)channels)])]);
        var tracks = Element(0x1654AE6B, track);
        var cluster = new List<byte>(Uint(0xE7, 0));
        foreach (var (bytes, timecode) in blocks)
        {
            var block = new byte[4 + bytes.Length];
            block[0] = 0x81;                                          // track number 1 as a 1-byte vint
            BinaryPrimitives.WriteInt16BigEndian(block.AsSpan(1), timecode);
            block[3] = 0x80;                                          // key frame
            bytes.CopyTo(block, 4);
            cluster.AddRange(Element(0xA3, block));
        }
        File.WriteAllBytes(path, [.. ebml, .. Element(0x18538067, [.. info, .. tracks, .. Element(0x1F43B675, [.. cluster])])]);
    }

    private static byte[] Uint(uint id, ulong value)
    {
        int length = 1;
        while (length < 8 && value >> (8 * length) != 0) length++;
        var content = new byte[length];
        for (int i = 0; i < length; i++) content[length - 1 - i] = (byte)(value >> (8 * i));
        return Element(id, content);
    }

    private static byte[] Element(uint id, byte[] content)
    {
        var idBytes = id > 0xFFFFFF ? 4 : id > 0xFFFF ? 3 : id > 0xFF ? 2 : 1;
        var result = new byte[idBytes + 8 + content.Length];
        for (int i = 0; i < idBytes; i++) result[i] = (byte)(id >> (8 * (idBytes - 1 - i)));
        result[idBytes] = 0x01;                                       // 8-byte size vint
        for (int i = 0; i < 7; i++) result[idBytes + 1 + i] = (byte)((ulong)content.Length >> (8 * (6 - i)));
        content.CopyTo(result, idBytes + 8);
        return result;
    }
}
