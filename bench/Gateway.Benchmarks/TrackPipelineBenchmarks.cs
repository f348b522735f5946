using System.Buffers;
using BenchmarkDotNet.Attributes;
using Gateway.Pipelines.Codecs;
using Gateway.Pipelines.Formats;
using Gateway.Pipelines.Media;
using Gateway.Pipelines.Sync;
using Gateway.Pipelines.Tracks;
using Gateway.Rtc.Rtp;

namespace Gateway.Benchmarks;

/// <summary>
/// The whole receive side of one track per packet: RFC 3550 validation, jitter buffer insert and release,
/// depacketizer, SR clock and timeline, frame hand-off — over a real ffmpeg H.264 capture (sync pattern, STAP-A).
/// Packets arrive in pooled buffers, as from the socket; Mean is per packet, Allocated is bytes per packet.
/// </summary>
[MemoryDiagnoser]
public class TrackPipelineBenchmarks
{
    private const int Packets = 91;
    private (RtpHeader Header, byte[] Datagram)[] _capture = [];
    private TrackPipeline _pipeline = null!;
    private Action<EncodedFrame> _emit = null!;
    private uint _timestampOffset;
    private ushort _sequenceOffset;
    private long _frames;

    [GlobalSetup]
    public void Setup()
    {
        _capture = File.ReadAllLines(DepacketizerBenchmarks.PathOf("h264/syncpattern-stapa-zerolatency.hex"))
            .Where(l => l.Length > 0).Select(Convert.FromHexString)
            .Select(d => RtpHeader.TryParse(d, out var h, out _, out _) ? (h, d) : throw new InvalidDataException()).ToArray();
        if (_capture.Length != Packets) throw new InvalidDataException($"expected {Packets} packets, got {_capture.Length}");
        if (!CodecRegistry.TryCreate("H264", 90000, 0, new Dictionary<string, string> { ["packetization-mode"] = "1" }, out var codec, out var reason))
            throw new InvalidOperationException(reason);
        _pipeline = new TrackPipeline(0, codec, new TimelineAligner(new TimelineAlignerOptions()), new TrackPipelineOptions(), TimeProvider.System);
        _emit = frame =>
        {
            _frames++;
            frame.Dispose();
        };
    }

    [GlobalCleanup]
    public void Cleanup() => _pipeline.Dispose();

    /// <summary>Three seconds of video, replayed with sequence numbers and timestamps moving on so nothing is a duplicate.</summary>
    [Benchmark(OperationsPerInvoke = Packets)]
    public long ReceiveReorderDepacketize()
    {
        foreach (var (header, datagram) in _capture)
        {
            var shifted = header with
            {
                SequenceNumber = (ushort)(header.SequenceNumber + _sequenceOffset),
                Timestamp = header.Timestamp + _timestampOffset,
            };
            var buffer = ArrayPool<byte>.Shared.Rent(datagram.Length);
            datagram.CopyTo(buffer, 0);
            _pipeline.Receive(shifted, buffer, datagram.Length, shifted.HeaderLength..(datagram.Length - shifted.PaddingLength), 0);
            _pipeline.Drain(_emit);
        }
        _sequenceOffset += Packets;
        _timestampOffset += 3 * 90000;
        return _frames;
    }
}
