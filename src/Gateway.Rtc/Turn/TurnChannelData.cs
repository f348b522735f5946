using System.Buffers.Binary;

namespace Gateway.Rtc.Turn;

/// <summary>
/// ChannelData messages (RFC 8656 §12.4): a 4-byte header (channel number, length) then the application data. The
/// channel range 0x4000–0x4FFF puts the first byte in 64–79, which is how RFC 7983 tells them from STUN, DTLS and RTP.
/// Over UDP no padding is needed (§12.5), so none is written and any is ignored.
/// </summary>
public static class TurnChannelData
{
    public const ushort MinChannel = 0x4000;
    public const ushort MaxChannel = 0x4FFF;
    public const int HeaderLength = 4;

    public static bool IsChannelData(ReadOnlySpan<byte> datagram) => datagram.Length >= HeaderLength && datagram[0] is >= 64 and <= 79;

    /// <returns>False when the datagram is not a well-formed ChannelData message (never throws).</returns>
    public static bool TryParse(ReadOnlySpan<byte> datagram, out ushort channel, out ReadOnlySpan<byte> payload)
    {
        channel = 0;
        payload = default;
        if (!IsChannelData(datagram)) return false;
        channel = BinaryPrimitives.ReadUInt16BigEndian(datagram);
        int length = BinaryPrimitives.ReadUInt16BigEndian(datagram[2..]);
        if (channel > MaxChannel || HeaderLength + length > datagram.Length) return false;
        payload = datagram.Slice(HeaderLength, length);
        return true;
    }

    /// <returns>Bytes written, or 0 when <paramref name="destination"/> is too small or the payload too long.</returns>
    public static int Write(Span<byte> destination, ushort channel, ReadOnlySpan<byte> payload)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(channel, MinChannel);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(channel, MaxChannel);
        if (payload.Length > ushort.MaxValue || destination.Length < HeaderLength + payload.Length) return 0;
        BinaryPrimitives.WriteUInt16BigEndian(destination, channel);
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)payload.Length);
        payload.CopyTo(destination[HeaderLength..]);
        return HeaderLength + payload.Length;
    }
}
