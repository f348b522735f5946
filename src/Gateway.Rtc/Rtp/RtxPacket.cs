using System.Buffers.Binary;

namespace Gateway.Rtc.Rtp;

/// <summary>
/// RFC 4588 retransmission payload: the original sequence number (OSN) in the first two payload bytes, then the
/// original payload. Unwrapping yields the header the original packet had (its payload type, SSRC and sequence
/// number), so a retransmission fills the very hole it was sent for.
/// </summary>
public static class RtxPacket
{
    /// <summary>
    /// False for an RTX packet without an OSN — the padding-only packets a browser sends on the RTX stream to probe
    /// bandwidth carry no media and are simply dropped.
    /// </summary>
    public static bool TryUnwrap(in RtpHeader rtx, ReadOnlySpan<byte> datagram, Range payload, byte originalPayloadType,
        uint originalSsrc, out RtpHeader original, out Range originalPayload)
    {
        var (offset, length) = payload.GetOffsetAndLength(datagram.Length);
        if (length < 2)
        {
            original = default;
            originalPayload = default;
            return false;
        }
        var osn = BinaryPrimitives.ReadUInt16BigEndian(datagram.Slice(offset, 2));
        original = rtx with { PayloadType = originalPayloadType, Ssrc = originalSsrc, SequenceNumber = osn };
        originalPayload = new Range(offset + 2, offset + length);
        return true;
    }
}
