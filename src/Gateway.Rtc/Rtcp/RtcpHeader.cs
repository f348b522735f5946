using System.Buffers.Binary;

namespace Gateway.Rtc.Rtcp;

/// <summary>
/// The 4-byte RTCP common header (RFC 3550 §6.4.1): V=2, P, a 5-bit count (RC, SC, or FMT for feedback packets,
/// RFC 4585 §6.1), packet type and length in 32-bit words minus one.
/// </summary>
public readonly record struct RtcpHeader(bool Padding, byte Count, RtcpPacketType Type, ushort Length)
{
    public const int Size = 4;

    /// <summary>Largest value of the 5-bit count field.</summary>
    public const int MaxCount = 31;

    /// <summary>Whole packet length in bytes, header and padding included.</summary>
    public int PacketLength => (Length + 1) * 4;

    public static bool TryParse(ReadOnlySpan<byte> data, out RtcpHeader header, out RtcpParseError error)
    {
        header = default;
        if (data.Length < Size) return RtcpFail.With(RtcpParseError.TooShort, out error);
        if (data[0] >> 6 != 2) return RtcpFail.With(RtcpParseError.BadVersion, out error);
        header = new RtcpHeader((data[0] & 0x20) != 0, (byte)(data[0] & 0x1F), (RtcpPacketType)data[1],
            BinaryPrimitives.ReadUInt16BigEndian(data[2..]));
        error = RtcpParseError.None;
        return true;
    }

    public bool TryWriteTo(Span<byte> destination, out int written)
    {
        written = 0;
        if (destination.Length < Size || Count > MaxCount) return false;
        destination[0] = (byte)(0x80 | (Padding ? 0x20 : 0) | Count);
        destination[1] = (byte)Type;
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], Length);
        written = Size;
        return true;
    }

    /// <summary>Writes an unpadded header for a packet of <paramref name="packetLength"/> bytes (a multiple of 4).</summary>
    internal static void Write(Span<byte> destination, int count, RtcpPacketType type, int packetLength)
    {
        destination[0] = (byte)(0x80 | count);
        destination[1] = (byte)type;
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)(packetLength / 4 - 1));
    }
}
