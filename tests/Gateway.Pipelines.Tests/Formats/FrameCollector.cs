using System.Buffers;
using Gateway.Pipelines.Codecs;
using Gateway.Pipelines.Formats;
using Gateway.Rtc.Rtp;

namespace Gateway.Pipelines.Tests.Formats;

/// <summary>Pushes packets and keeps every completed frame with its info, and the statuses seen.</summary>
internal sealed class FrameCollector(IDepacketizer depacketizer)
{
    private readonly ArrayBufferWriter<byte> _writer = new();

    public IDepacketizer Depacketizer => depacketizer;

    public DropReason LastDropReason => ((FramedDepacketizer)depacketizer).LastDropReason;

    public List<(byte[] Bytes, FrameInfo Info)> Frames { get; } = [];

    public List<DepacketizeStatus> Statuses { get; } = [];

    public int Dropped => Statuses.Count(s => s == DepacketizeStatus.FrameDropped);

    public DepacketizeStatus Push(RtpHeader header, ReadOnlySpan<byte> payload)
    {
        var status = depacketizer.Push(header, payload, _writer, out var info);
        Statuses.Add(status);
        if (status == DepacketizeStatus.FrameComplete)
        {
            Frames.Add((_writer.WrittenSpan.ToArray(), info));
            _writer.Clear();
        }
        else
        {
            Assert.Equal(0, _writer.WrittenCount);   // nothing may be written unless a frame completed
            Assert.Equal(default, info);
        }
        return status;
    }

    public DepacketizeStatus Push(uint timestamp, bool marker, params byte[] payload) =>
        Push(Captures.Header(timestamp, marker), payload);

    public void PushAll(IEnumerable<(RtpHeader Header, byte[] Payload)> packets)
    {
        foreach (var (header, payload) in packets) Push(header, payload);
    }
}
