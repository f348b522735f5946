using System.Buffers;
using BenchmarkDotNet.Attributes;
using Gateway.Pipelines.Codecs;
using Gateway.Pipelines.Containers.Matroska;

namespace Gateway.Benchmarks;

/// <summary>Per-frame cost of the Matroska muxer: one SimpleBlock (and now and then a Cluster) into a reused buffer.</summary>
[MemoryDiagnoser]
public class MatroskaBenchmarks
{
    private readonly ArrayBufferWriter<byte> _output = new(64 * 1024);
    private MatroskaWriter _writer = null!;
    private byte[] _frame = [];
    private long _timestamp;
    private int _frameNumber;

    [Params(1200, 30_000)]
    public int FrameSize { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _frame = new byte[FrameSize];
        Random.Shared.NextBytes(_frame);
        _writer = new MatroskaWriter(
        [
            new MatroskaTrack(1, MediaKind.Video, "V_VP8", []),
            new MatroskaTrack(2, MediaKind.Audio, "A_OPUS", new byte[19], 48000, 2),
        ]);
        _writer.WriteHeader(_output);
    }

    /// <summary>A 30 fps video frame, key frame once a second (which also starts a Cluster).</summary>
    [Benchmark]
    public MatroskaWriteStatus WriteSimpleBlock()
    {
        _output.ResetWrittenCount();
        _timestamp += 33;
        return _writer.WriteFrame(_output, 1, _timestamp, isKeyFrame: _frameNumber++ % 30 == 0, _frame);
    }
}
