using System.Buffers;
using BenchmarkDotNet.Attributes;
using Gateway.Pipelines.Codecs;
using Gateway.Pipelines.Formats;
using Gateway.Rtc.Rtp;

namespace Gateway.Benchmarks;

/// <summary>
/// Depacketizers over real ffmpeg captures (tests/testdata/formats). Each benchmark pushes a whole capture; with
/// OperationsPerInvoke set to its packet count, Mean is the time per packet and Allocated the bytes per packet.
/// </summary>
[MemoryDiagnoser]
public class DepacketizerBenchmarks
{
    private const int H264Packets = 50, Vp8Packets = 123, Vp9Packets = 164, OpusPackets = 51;
    private readonly ArrayBufferWriter<byte> _frame = new(256 * 1024);
    private (RtpHeader Header, byte[] Payload)[] _h264 = [], _vp8 = [], _vp9 = [], _opus = [];
    private IDepacketizer _h264Depacketizer = null!, _vp8Depacketizer = null!, _vp9Depacketizer = null!, _opusDepacketizer = null!;

    [GlobalSetup]
    public void Setup()
    {
        (_h264, _h264Depacketizer) = Load("h264/testsrc2-320x240-high-10frames.hex", "H264", 90000, 0, H264Packets);
        (_vp8, _vp8Depacketizer) = Load("vp8/testsrc-640x360-30fps-2s.hex", "VP8", 90000, 0, Vp8Packets);
        (_vp9, _vp9Depacketizer) = Load("vp9/testsrc-640x360-30fps-2s.hex", "VP9", 90000, 0, Vp9Packets);
        (_opus, _opusDepacketizer) = Load("opus/sine-440hz-stereo-1s.hex", "opus", 48000, 2, OpusPackets);
    }

    /// <summary>Two GOPs of 320x240 high profile at pkt_size=500: STAP-A parameter sets, every slice in FU-A.</summary>
    [Benchmark(OperationsPerInvoke = H264Packets)]
    public int H264_FU_A_GOP() => Run(_h264, _h264Depacketizer);

    [Benchmark(OperationsPerInvoke = Vp8Packets)]
    public int Vp8_frames() => Run(_vp8, _vp8Depacketizer);

    [Benchmark(OperationsPerInvoke = Vp9Packets)]
    public int Vp9_frames() => Run(_vp9, _vp9Depacketizer);

    [Benchmark(OperationsPerInvoke = OpusPackets)]
    public int Opus_packets() => Run(_opus, _opusDepacketizer);

    private int Run((RtpHeader Header, byte[] Payload)[] packets, IDepacketizer depacketizer)
    {
        int frames = 0;
        foreach (var (header, payload) in packets)
        {
            if (depacketizer.Push(header, payload, _frame, out _) == DepacketizeStatus.FrameComplete)
            {
                frames++;
                _frame.ResetWrittenCount();          // the sink would take the frame here
            }
        }
        return frames;
    }

    private static ((RtpHeader, byte[])[], IDepacketizer) Load(string capture, string encoding, int clockRate, int channels, int expectedPackets)
    {
        var packets = File.ReadLines(Path.Combine(FindFormatsFolder(), capture))
            .Where(line => line.Length > 0)
            .Select(line =>
            {
                var datagram = Convert.FromHexString(line);
                if (!RtpHeader.TryParse(datagram, out var header, out var payload, out var error)) throw new InvalidDataException(error.ToString());
                return (header, datagram[payload]);
            })
            .ToArray();
        if (packets.Length != expectedPackets) throw new InvalidDataException($"{capture}: {packets.Length} packets, expected {expectedPackets}");
        if (!CodecRegistry.TryCreate(encoding, clockRate, channels, null, out var codec, out var reason)) throw new InvalidOperationException(reason);
        return (packets, codec.CreateDepacketizer(new DepacketizerLimits()));
    }

    internal static string PathOf(string capture) => Path.Combine(FindFormatsFolder(), capture);

    private static string FindFormatsFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "testdata", "formats");
            if (Directory.Exists(candidate)) return candidate;
        }
        throw new DirectoryNotFoundException("tests/testdata/formats not found above " + AppContext.BaseDirectory);
    }
}
