using System.Buffers;
using Gateway.Pipelines.Codecs;
using Gateway.Rtc.Rtp;

namespace Gateway.Pipelines.Formats;

/// <summary>
/// For payload formats where every packet is one whole frame (Opus, RFC 7587 §4.2; G.711, RFC 3551 §4.5.14): the
/// payload is copied straight to the caller's writer, so there is nothing to reassemble, reset or allocate.
/// </summary>
internal sealed class SinglePacketDepacketizer(DepacketizerLimits limits) : IDepacketizer
{
    private readonly int _maxFrameBytes = limits?.MaxFrameBytes ?? throw new ArgumentNullException(nameof(limits));

    public DepacketizeStatus Push(in RtpHeader header, ReadOnlySpan<byte> payload, IBufferWriter<byte> frame, out FrameInfo info)
    {
        ArgumentNullException.ThrowIfNull(frame);
        info = default;
        if (payload.IsEmpty) return DepacketizeStatus.NeedMorePackets; // nothing to keep (a keep-alive, say)
        if (payload.Length > _maxFrameBytes) return DepacketizeStatus.FrameDropped;
        frame.Write(payload);
        info = new FrameInfo(header.Timestamp, IsKeyFrame: true);     // every audio frame decodes on its own
        return DepacketizeStatus.FrameComplete;
    }

    public void Reset()
    {
        // Nothing is held between packets.
    }
}
