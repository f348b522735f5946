using System.Buffers;
using Gateway.Pipelines.Codecs;
using Gateway.Rtc.Rtp;

namespace Gateway.Pipelines.Formats;

/// <summary>
/// The framing shared by the video payload formats: all packets of a frame carry one RTP timestamp, the marker bit
/// flags the last one (RFC 6184 §5.1, RFC 7741 §4.1, RFC 9628 §4.1), and a timestamp change also ends a frame whose
/// marker was lost. After a drop the rest of that frame (same timestamp) is skipped, so the next frame starts clean.
/// </summary>
internal abstract class FramedDepacketizer : IDepacketizer
{
    private uint _timestamp;
    private bool _inFrame;
    private bool _skipping;
    private uint _skipTimestamp;
    private bool _seenAny;
    private uint _lastTimestamp;

    protected FramedDepacketizer(DepacketizerLimits limits, int initialCapacity)
    {
        ArgumentNullException.ThrowIfNull(limits);
        Frame = new FrameBuffer(limits, initialCapacity);
    }

    protected FrameBuffer Frame { get; }

    /// <summary>Why the last <see cref="DepacketizeStatus.FrameDropped"/> happened.</summary>
    public DropReason LastDropReason { get; private set; }

    public DepacketizeStatus Push(in RtpHeader header, ReadOnlySpan<byte> payload, IBufferWriter<byte> frame, out FrameInfo info)
    {
        ArgumentNullException.ThrowIfNull(frame);
        info = default;
        _seenAny = true;
        _lastTimestamp = header.Timestamp;
        if (_skipping)
        {
            if (header.Timestamp == _skipTimestamp)
            {
                if (header.Marker) _skipping = false;
                return DepacketizeStatus.NeedMorePackets;
            }
            _skipping = false;
        }

        var status = DepacketizeStatus.NeedMorePackets;
        if (_inFrame && header.Timestamp != _timestamp) status = Finish(frame, ref info); // marker lost: the timestamp ends it

        if (!_inFrame)
        {
            _inFrame = true;
            _timestamp = header.Timestamp;
            Frame.Clear();
            BeginFrame();
        }

        var reason = Frame.TryCountPacket() ? Consume(payload, Frame) : DropReason.TooManyPackets;
        if (reason != DropReason.None)
        {
            Abandon(skipRest: !header.Marker, header.Timestamp);
            if (status == DepacketizeStatus.FrameComplete) return status; // the finished frame is reported; this one just goes
            LastDropReason = reason;
            return DepacketizeStatus.FrameDropped;
        }

        // Only one frame can be reported per push; a frame completed behind a timestamp-ended one waits for the next.
        if (header.Marker && status == DepacketizeStatus.NeedMorePackets) status = Finish(frame, ref info);
        return status;
    }

    public void Reset()
    {
        // The lost packets may belong to the frame of the last timestamp seen: skip what is left of it.
        bool wasInFrame = _inFrame;
        _inFrame = false;
        Frame.Clear();
        BeginFrame();
        _skipping = _seenAny && (wasInFrame || _skipping);
        _skipTimestamp = _lastTimestamp;
        OnReset();
    }

    /// <summary>Clears the codec's per-frame state; the frame buffer is already empty.</summary>
    protected abstract void BeginFrame();

    /// <summary>After a declared loss, once the partial frame is gone: a codec may check the next frame's start harder.</summary>
    protected virtual void OnReset()
    {
    }

    /// <summary>Adds one packet's payload to <paramref name="buffer"/>; <see cref="DropReason.None"/> when taken. Never throws.</summary>
    protected abstract DropReason Consume(ReadOnlySpan<byte> payload, FrameBuffer buffer);

    /// <summary>Writes the assembled frame to <paramref name="writer"/> in the storage format.</summary>
    protected abstract FrameEnd End(FrameBuffer buffer, IBufferWriter<byte> writer, out bool isKeyFrame);

    private DepacketizeStatus Finish(IBufferWriter<byte> writer, ref FrameInfo info)
    {
        _inFrame = false;
        var end = End(Frame, writer, out bool isKeyFrame);
        Frame.Clear();
        switch (end)
        {
            case FrameEnd.Written:
                info = new FrameInfo(_timestamp, isKeyFrame);
                return DepacketizeStatus.FrameComplete;
            case FrameEnd.Incomplete:
                LastDropReason = DropReason.Incomplete;
                return DepacketizeStatus.FrameDropped;
            default:
                return DepacketizeStatus.NeedMorePackets;
        }
    }

    private void Abandon(bool skipRest, uint timestamp)
    {
        _inFrame = false;
        Frame.Clear();
        BeginFrame();
        _skipping = skipRest;
        _skipTimestamp = timestamp;
    }
}
