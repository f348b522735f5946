using BenchmarkDotNet.Attributes;
using Gateway.Rtc.Rtp;

namespace Gateway.Benchmarks;

[MemoryDiagnoser]
public class RtpHeaderBenchmarks
{
    private readonly byte[] _datagram = BenchmarkPackets.VideoPacket();
    private readonly byte[] _destination = new byte[1500];
    private readonly SequenceTracker _tracker = new();
    private readonly TimestampUnwrapper _unwrapper = new();
    private ushort _sequence;
    private uint _timestamp;

    [Benchmark(Baseline = true)]
    public bool Parse() => RtpHeader.TryParse(_datagram, out _, out _, out _);

    /// <summary>Parse, then write the whole packet again (header, extension elements, payload).</summary>
    [Benchmark]
    public int ParseAndWrite()
    {
        if (!RtpHeader.TryParse(_datagram, out var header, out var payload, out _)) return -1;
        var writer = new RtpPacketWriter(_destination);
        writer.TryWriteHeader(header, [], RtpHeaderExtension.FormOf(header.ExtensionProfile));
        foreach (var element in RtpHeaderExtension.Enumerate(header, _datagram)) writer.TryAddExtension(element.Id, element.Data);
        return writer.TryFinish(_datagram.AsSpan()[payload], 0, out int written) ? written : -1;
    }

    [Benchmark]
    public int ParseAndIterateExtensions()
    {
        if (!RtpHeader.TryParse(_datagram, out var header, out _, out _)) return -1;
        int sum = 0;
        foreach (var element in RtpHeaderExtension.Enumerate(header, _datagram)) sum += element.Id + element.Data.Length;
        return sum;
    }

    [Benchmark]
    public long TrackSequenceAndUnwrapTimestamp()
    {
        _tracker.Update(_sequence++, out long extended);
        return extended + _unwrapper.Unwrap(_timestamp += 3000);
    }
}
