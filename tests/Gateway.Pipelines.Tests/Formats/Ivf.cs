using System.Buffers.Binary;

namespace Gateway.Pipelines.Tests.Formats;

/// <summary>Writes frames into an IVF file (32-byte header, then 12-byte size + pts per frame), which ffmpeg reads as -f ivf.</summary>
internal static class Ivf
{
    public static void Write(string path, string fourcc, IReadOnlyList<(byte[] Bytes, uint RtpTimestamp)> frames)
    {
        using var file = File.Create(path);
        Span<byte> header = stackalloc byte[32];
        header.Clear();
        "DKIF"u8.CopyTo(header);
        BinaryPrimitives.WriteUInt16LittleEndian(header[6..], 32);
        System.Text.Encoding.ASCII.GetBytes(fourcc).CopyTo(header[8..]);
        BinaryPrimitives.WriteUInt16LittleEndian(header[12..], 640);
        BinaryPrimitives.WriteUInt16LittleEndian(header[14..], 360);
        BinaryPrimitives.WriteUInt32LittleEndian(header[16..], 90000);   // time base 1/90000: RTP video ticks
        BinaryPrimitives.WriteUInt32LittleEndian(header[20..], 1);
        BinaryPrimitives.WriteUInt32LittleEndian(header[24..], (uint)frames.Count);
        file.Write(header);
        Span<byte> frameHeader = stackalloc byte[12];
        foreach (var (bytes, rtpTimestamp) in frames)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(frameHeader, (uint)bytes.Length);
            BinaryPrimitives.WriteUInt64LittleEndian(frameHeader[4..], rtpTimestamp - frames[0].RtpTimestamp);
            file.Write(frameHeader);
            file.Write(bytes);
        }
    }
}
