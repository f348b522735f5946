using System.Buffers.Binary;

namespace Gateway.Rtc.Srtp;

/// <summary>
/// The header fields SRTP needs, read directly: RtpHeader.TryParse would read the P bit's padding count from the
/// last byte, which in an SRTP packet is part of the tag (padding is encrypted, RFC 3711 §3.1).
/// </summary>
internal static class SrtpPacket
{
    public const int RtpFixedHeader = 12, RtcpHeader = 8;

    /// <summary>Header length (fixed header, CSRCs, extension, RFC 3550 §5.1/§5.3.1) if it fits in <paramref name="limit"/> bytes.</summary>
    public static bool TryGetRtpHeaderLength(ReadOnlySpan<byte> packet, int limit, out int headerLength)
    {
        headerLength = 0;
        if (limit < RtpFixedHeader || packet[0] >> 6 != 2) return false;
        int length = RtpFixedHeader + 4 * (packet[0] & 0x0F);
        if ((packet[0] & 0x10) != 0)
        {
            if (limit - length < 4) return false;
            length += 4 + 4 * BinaryPrimitives.ReadUInt16BigEndian(packet[(length + 2)..]);
        }
        if (length > limit) return false;
        headerLength = length;
        return true;
    }
}
