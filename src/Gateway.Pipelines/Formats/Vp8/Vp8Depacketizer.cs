using System.Buffers;
using Gateway.Pipelines.Codecs;

namespace Gateway.Pipelines.Formats.Vp8;

/// <summary>
/// RFC 7741: strips the payload descriptors and concatenates the VP8 data of one frame (what Matroska V_VP8 stores).
/// A frame starts with S=1, PID=0 and ends at the marker bit (or a timestamp change).
/// </summary>
internal sealed class Vp8Depacketizer(DepacketizerLimits limits) : FramedDepacketizer(limits, 64 * 1024)
{
    private bool _started;
    private bool _isKeyFrame;

    protected override void BeginFrame() => (_started, _isKeyFrame) = (false, false);

    protected override DropReason Consume(ReadOnlySpan<byte> payload, FrameBuffer buffer)
    {
        if (!Vp8PayloadDescriptor.TryParse(payload, out var descriptor)) return DropReason.Malformed;
        var data = payload[descriptor.Length..];
        if (data.IsEmpty) return DropReason.Malformed;
        if (descriptor.StartsFrame)
        {
            if (_started) return DropReason.UnexpectedStart;                // a second frame start under one timestamp
            _started = true;
            _isKeyFrame = (data[0] & 0x01) == 0;                     // RFC 7741 §4.3: P bit of the payload header, 0 = key frame
        }
        else if (!_started)
        {
            return DropReason.MissingStart;                          // the frame's first packet was lost
        }
        if (descriptor.StartOfPartition && !buffer.TryCountUnit()) return DropReason.TooManyUnits;
        return buffer.TryAppend(data) ? DropReason.None : DropReason.TooLarge;
    }

    protected override FrameEnd End(FrameBuffer buffer, IBufferWriter<byte> writer, out bool isKeyFrame)
    {
        isKeyFrame = _isKeyFrame;
        if (buffer.Length == 0) return FrameEnd.Empty;
        writer.Write(buffer.Written);
        return FrameEnd.Written;
    }
}
