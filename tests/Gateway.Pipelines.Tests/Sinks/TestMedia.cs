using System.Buffers.Binary;

namespace Gateway.Pipelines.Tests.Sinks;

/// <summary>A frame of test media: its bytes, its presentation time and whether a decoder can start there.</summary>
internal sealed record TestFrame(byte[] Data, TimeSpan Pts, bool IsKeyFrame);

/// <summary>
/// Real media made by Debian's ffmpeg once per test run, split into frames the way depacketizers would hand them over:
/// VP8 from IVF, H.264 access units converted from Annex B to AVCC (4-byte lengths), G.711 µ-law in 20 ms frames.
/// </summary>
internal static class TestMedia
{
    public const int FrameRate = 30;
    private static readonly Lazy<string> Directory = new(() =>
    {
        var path = Path.Combine(Path.GetTempPath(), "gateway-sinktests-media-" + Environment.ProcessId);
        System.IO.Directory.CreateDirectory(path);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => System.IO.Directory.Delete(path, recursive: true);
        return path;
    });

    public static string NewTempDirectory()
    {
        var path = Path.Combine(Path.GetTempPath(), "gateway-sinktests-" + Guid.NewGuid().ToString("N")[..12]);
        System.IO.Directory.CreateDirectory(path);
        return path;
    }

    private static readonly Lazy<IReadOnlyList<TestFrame>> Vp8Frames = new(() =>
    {
        var file = Path.Combine(Directory.Value, "video.ivf");
        Tool.Ffmpeg("-f", "lavfi", "-i", $"testsrc=s=320x240:r={FrameRate}:d=4", "-c:v", "libvpx", "-deadline", "realtime",
            "-cpu-used", "8", "-b:v", "500k", "-g", "30", "-auto-alt-ref", "0", "-f", "ivf", file);
        return ParseIvf(File.ReadAllBytes(file));
    });

    private static readonly Lazy<IReadOnlyList<TestFrame>> H264Frames = new(() =>
    {
        var file = Path.Combine(Directory.Value, "video.h264");
        Tool.Ffmpeg("-f", "lavfi", "-i", $"testsrc=s=320x240:r={FrameRate}:d=4", "-c:v", "libx264", "-profile:v", "baseline",
            "-pix_fmt", "yuv420p", "-preset", "veryfast", "-bf", "0", "-g", "30", "-keyint_min", "30",
            "-x264-params", "repeat-headers=1:aud=1", "-f", "h264", file);
        return SplitAnnexB(File.ReadAllBytes(file));
    });

    private static readonly Lazy<byte[]> MulawSamples = new(() =>
    {
        var file = Path.Combine(Directory.Value, "audio.ul");
        Tool.Ffmpeg("-f", "lavfi", "-i", "sine=frequency=440:sample_rate=8000:duration=4", "-ac", "1", "-f", "mulaw", file);
        return File.ReadAllBytes(file);
    });

    private static readonly Lazy<(byte[] Head, IReadOnlyList<TestFrame> Frames)> OpusPackets = new(() =>
    {
        var file = Path.Combine(Directory.Value, "audio.opus");
        Tool.Ffmpeg("-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000:duration=4", "-ac", "2", "-c:a", "libopus",
            "-b:a", "64k", "-frame_duration", "20", "-f", "ogg", file);
        var packets = OggPackets(File.ReadAllBytes(file));
        Assert.Equal("OpusHead"u8.ToArray(), packets[0][..8]);
        return (packets[0], packets.Skip(2).Select((p, i) => new TestFrame(p, TimeSpan.FromMilliseconds(20 * i), true)).ToList());
    });

    /// <summary>The OpusHead packet (RFC 7845 §5.1), which is also Matroska's A_OPUS CodecPrivate.</summary>
    public static byte[] OpusHead => OpusPackets.Value.Head;

    /// <summary>20 ms Opus packets, PTS from 0 (pre-skip is in the OpusHead).</summary>
    public static IReadOnlyList<TestFrame> Opus => OpusPackets.Value.Frames;

    /// <summary>Packets of an Ogg stream (RFC 3533 §6): pages carry lacing values; a value below 255 ends a packet.</summary>
    public static List<byte[]> OggPackets(byte[] file)
    {
        var packets = new List<byte[]>();
        using var current = new MemoryStream();
        for (int page = 0; page + 27 <= file.Length;)
        {
            Assert.Equal("OggS"u8.ToArray(), file[page..(page + 4)]);
            int segments = file[page + 26];
            int data = page + 27 + segments;
            for (int i = 0; i < segments; i++)
            {
                int lacing = file[page + 27 + i];
                current.Write(file, data, lacing);
                data += lacing;
                if (lacing < 255)
                {
                    packets.Add(current.ToArray());
                    current.SetLength(0);
                }
            }
            page = data;
        }
        return packets;
    }

    public static IReadOnlyList<TestFrame> Vp8 => Vp8Frames.Value;

    public static IReadOnlyList<TestFrame> H264 => H264Frames.Value;

    /// <summary>20 ms µ-law frames (160 samples at 8 kHz) starting at <paramref name="start"/>.</summary>
    public static IReadOnlyList<TestFrame> Pcmu(TimeSpan start)
    {
        var samples = MulawSamples.Value;
        var frames = new List<TestFrame>();
        for (int offset = 0; offset + 160 <= samples.Length; offset += 160)
        {
            frames.Add(new TestFrame(samples.AsSpan(offset, 160).ToArray(), start + TimeSpan.FromMilliseconds(offset / 8), true));
        }
        return frames;
    }

    /// <summary>IVF: 32-byte file header, then per frame a 4-byte LE size and an 8-byte LE pts in timebase units.</summary>
    public static IReadOnlyList<TestFrame> ParseIvf(byte[] file)
    {
        Assert.Equal("DKIF"u8.ToArray(), file[..4]);
        uint rate = BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(16));
        uint scale = BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(20));
        var frames = new List<TestFrame>();
        for (int offset = BinaryPrimitives.ReadUInt16LittleEndian(file.AsSpan(6)); offset + 12 <= file.Length;)
        {
            int size = (int)BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(offset));
            long pts = BinaryPrimitives.ReadInt64LittleEndian(file.AsSpan(offset + 4));
            var data = file.AsSpan(offset + 12, size).ToArray();
            // RFC 6386 §9.1: bit 0 of the frame tag is 0 on a key frame.
            frames.Add(new TestFrame(data, TimeSpan.FromSeconds((double)pts * scale / rate), (data[0] & 1) == 0));
            offset += 12 + size;
        }
        return frames;
    }

    /// <summary>Splits Annex B at access unit delimiters and converts each access unit to AVCC without the AUD.</summary>
    public static IReadOnlyList<TestFrame> SplitAnnexB(byte[] stream)
    {
        var units = new List<List<byte[]>>();
        foreach (var nal in NalUnits(stream))
        {
            if ((nal[0] & 0x1F) == 9) { units.Add([]); continue; }       // AUD (type 9) starts an access unit
            if (units.Count == 0) units.Add([]);
            units[^1].Add(nal);
        }
        var frames = new List<TestFrame>();
        foreach (var unit in units.Where(u => u.Count > 0))
        {
            using var avcc = new MemoryStream();
            foreach (var nal in unit)
            {
                var length = new byte[4];
                BinaryPrimitives.WriteInt32BigEndian(length, nal.Length);
                avcc.Write(length);
                avcc.Write(nal);
            }
            bool idr = unit.Any(n => (n[0] & 0x1F) == 5);
            frames.Add(new TestFrame(avcc.ToArray(), TimeSpan.FromSeconds((double)frames.Count / FrameRate), idr));
        }
        return frames;
    }

    private static IEnumerable<byte[]> NalUnits(byte[] stream)
    {
        var starts = new List<(int Start, int PrefixStart)>();
        for (int i = 0; i + 3 <= stream.Length; i++)
        {
            if (stream[i] == 0 && stream[i + 1] == 0 && stream[i + 2] == 1)
            {
                starts.Add((i + 3, i > 0 && stream[i - 1] == 0 ? i - 1 : i));
                i += 2;
            }
        }
        for (int k = 0; k < starts.Count; k++)
        {
            int end = k + 1 < starts.Count ? starts[k + 1].PrefixStart : stream.Length;
            yield return stream[starts[k].Start..end];
        }
    }

    /// <summary>AVCDecoderConfigurationRecord (ISO/IEC 14496-15 §5.3.3.1) from the SPS and PPS in an AVCC access unit.</summary>
    public static byte[] AvcCFromAccessUnit(byte[] accessUnit)
    {
        byte[]? sps = null, pps = null;
        for (int offset = 0; offset + 4 <= accessUnit.Length;)
        {
            int length = BinaryPrimitives.ReadInt32BigEndian(accessUnit.AsSpan(offset));
            var nal = accessUnit.AsSpan(offset + 4, length).ToArray();
            if ((nal[0] & 0x1F) == 7) sps ??= nal;
            if ((nal[0] & 0x1F) == 8) pps ??= nal;
            offset += 4 + length;
        }
        Assert.NotNull(sps);
        Assert.NotNull(pps);
        using var record = new MemoryStream();
        record.Write([1, sps[1], sps[2], sps[3], 0xFF, 0xE1]);     // 4-byte NALU lengths, one SPS
        record.Write([(byte)(sps.Length >> 8), (byte)sps.Length]);
        record.Write(sps);
        record.Write([1, (byte)(pps.Length >> 8), (byte)pps.Length]);
        record.Write(pps);
        return record.ToArray();
    }

    /// <summary>WAVEFORMATEX (18 bytes, little endian) as Matroska's A_MS/ACM CodecPrivate carries it.</summary>
    public static byte[] WaveFormatEx(ushort formatTag, int sampleRate, int channels, int bitsPerSample)
    {
        var data = new byte[18];
        BinaryPrimitives.WriteUInt16LittleEndian(data, formatTag);
        BinaryPrimitives.WriteUInt16LittleEndian(data.AsSpan(2), (ushort)channels);
        BinaryPrimitives.WriteInt32LittleEndian(data.AsSpan(4), sampleRate);
        int blockAlign = channels * bitsPerSample / 8;
        BinaryPrimitives.WriteInt32LittleEndian(data.AsSpan(8), sampleRate * blockAlign);
        BinaryPrimitives.WriteUInt16LittleEndian(data.AsSpan(12), (ushort)blockAlign);
        BinaryPrimitives.WriteUInt16LittleEndian(data.AsSpan(14), (ushort)bitsPerSample);
        return data;                                                   // cbSize (bytes 16..17) = 0
    }
}
