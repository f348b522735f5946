using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Gateway.Rtc.Stun;

/// <summary>
/// MAPPED-ADDRESS and XOR-MAPPED-ADDRESS values (RFC 8489 §14.1, §14.2): a zero byte, the family (1 IPv4, 2 IPv6),
/// the port and the address. The XOR form masks the port with the cookie's top 16 bits and the address with the
/// cookie (IPv4) or the cookie followed by the transaction id (IPv6), so NATs rewriting addresses in payloads miss it.
/// </summary>
public static class StunAddress
{
    public const byte FamilyIPv4 = 0x01;
    public const byte FamilyIPv6 = 0x02;

    /// <summary>Value length for an address of this family: 8 for IPv4, 20 for IPv6.</summary>
    public static int ValueLength(AddressFamily family) => family == AddressFamily.InterNetworkV6 ? 20 : 8;

    /// <summary>Decodes a value. Returns false for an unknown family or a length that does not match it.</summary>
    public static bool TryRead(ReadOnlySpan<byte> value, bool xor, StunTransactionId transactionId,
        out IPEndPoint? endPoint)
    {
        endPoint = null;
        if (value.Length < 4) return false;
        byte family = value[1];
        int addressLength = family switch { FamilyIPv4 => 4, FamilyIPv6 => 16, _ => 0 };
        if (addressLength == 0 || value.Length != 4 + addressLength) return false;
        int port = BinaryPrimitives.ReadUInt16BigEndian(value[2..]);
        Span<byte> address = stackalloc byte[16];
        value.Slice(4, addressLength).CopyTo(address);
        if (xor)
        {
            port ^= (int)(StunMessage.MagicCookie >> 16);
            Span<byte> mask = stackalloc byte[16];
            WriteMask(mask, transactionId);
            for (int i = 0; i < addressLength; i++) address[i] ^= mask[i];
        }
        endPoint = new IPEndPoint(new IPAddress(address[..addressLength]), port);
        return true;
    }

    /// <summary>Encodes <paramref name="endPoint"/> into <paramref name="destination"/>; false when it does not fit.</summary>
    public static bool TryWrite(Span<byte> destination, IPEndPoint endPoint, bool xor, StunTransactionId transactionId,
        out int written)
    {
        written = 0;
        var ip = endPoint.Address.IsIPv4MappedToIPv6 ? endPoint.Address.MapToIPv4() : endPoint.Address;
        bool v6 = ip.AddressFamily == AddressFamily.InterNetworkV6;
        int addressLength = v6 ? 16 : 4;
        if (destination.Length < 4 + addressLength) return false;
        if (!ip.TryWriteBytes(destination.Slice(4, addressLength), out _)) return false;
        destination[0] = 0;
        destination[1] = v6 ? FamilyIPv6 : FamilyIPv4;
        int port = endPoint.Port;
        if (xor)
        {
            port ^= (int)(StunMessage.MagicCookie >> 16);
            Span<byte> mask = stackalloc byte[16];
            WriteMask(mask, transactionId);
            for (int i = 0; i < addressLength; i++) destination[4 + i] ^= mask[i];
        }
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)port);
        written = 4 + addressLength;
        return true;
    }

    private static void WriteMask(Span<byte> mask, StunTransactionId transactionId)
    {
        BinaryPrimitives.WriteUInt32BigEndian(mask, StunMessage.MagicCookie);
        transactionId.WriteTo(mask[4..]);
    }
}
