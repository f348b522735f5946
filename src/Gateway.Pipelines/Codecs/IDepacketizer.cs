using System.Buffers;
using Gateway.Rtc.Rtp;

namespace Gateway.Pipelines.Codecs;

/// <summary>
/// Reassembles frames from RTP payloads of one track. Fed in sequence order by the jitter buffer; one instance per
/// track, used by one thread. Never throws on bad payloads: a malformed packet drops the frame it belongs to.
/// </summary>
public interface IDepacketizer
{
    /// <summary>
    /// Takes one packet. On <see cref="DepacketizeStatus.FrameComplete"/> the whole frame has been appended to
    /// <paramref name="frame"/> in the codec's storage format (see <see cref="IRtpCodec.MatroskaCodecId"/>) and
    /// <paramref name="info"/> describes it. A packet that completes one frame may also start the next.
    /// </summary>
    DepacketizeStatus Push(in RtpHeader header, ReadOnlySpan<byte> payload, IBufferWriter<byte> frame, out FrameInfo info);

    /// <summary>After a declared loss: drop the partial frame and wait for a clean frame start.</summary>
    void Reset();
}
